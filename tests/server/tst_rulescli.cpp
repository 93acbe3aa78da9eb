// SPDX-License-Identifier: GPL-3.0-or-later
// `aula-server rules evaluate` as the clerk runs it: a real process, real files, stdin,
// exit codes and messages. The worked examples of docs/rules.md live in tests/data/rules.
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestRulesCli : public QObject
{
    Q_OBJECT

    struct Run
    {
        int exitCode;
        QByteArray out;
        QByteArray err;
    };

    Run run(const QStringList &args, const QByteArray &stdinData = {})
    {
        QProcess p;
        p.start(QStringLiteral(AULA_SERVER_BIN), args);
        if (!p.waitForStarted())
            return { -1, {}, p.errorString().toUtf8() };
        p.write(stdinData);
        p.closeWriteChannel();
        if (!p.waitForFinished(30000))
            return { -1, {}, "timed out" };
        return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                 p.readAllStandardOutput(), p.readAllStandardError() };
    }

private slots:
    void workedExamples_data()
    {
        QTest::addColumn<QString>("path");
        const QDir dir(QStringLiteral(AULA_TEST_DATA "/rules"));
        const auto files = dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
        QVERIFY(files.size() >= 5);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }

    void workedExamples()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject example = QJsonDocument::fromJson(file.readAll()).object();
        const QJsonObject expect = example.value(QStringLiteral("expect")).toObject();
        QVERIFY(!expect.isEmpty());
        QTemporaryDir tmp;
        QFile input(tmp.filePath(QStringLiteral("input.json")));
        QVERIFY(input.open(QIODevice::WriteOnly));
        input.write(QJsonDocument(example.value(QStringLiteral("input")).toObject()).toJson());
        input.close();

        const Run r =
            run({ QStringLiteral("rules"), QStringLiteral("evaluate"), input.fileName() });
        const int expectedExit = expect.value(QStringLiteral("exit")).toInt(0);
        QCOMPARE(r.exitCode, expectedExit);
        if (expectedExit != 0) {
            const QString field = expect.value(QStringLiteral("error_field")).toString();
            QVERIFY2(QString::fromUtf8(r.err).contains(field + QStringLiteral(": ")),
                     r.err.constData());
            QVERIFY(r.out.isEmpty());
            return;
        }
        QVERIFY2(r.out.endsWith('\n') && r.out.count('\n') == 1, "one JSON object on one line");
        const QJsonObject out = QJsonDocument::fromJson(r.out).object();
        for (auto it = expect.begin(); it != expect.end(); ++it)
            QVERIFY2(out.value(it.key()) == it.value(),
                     qPrintable(it.key() + QStringLiteral(" in ") + QString::fromUtf8(r.out)));
    }

    void readsStandardInput()
    {
        const Run r =
            run({ QStringLiteral("rules"), QStringLiteral("evaluate"), QStringLiteral("-") },
                R"({"council":{"assigned":24},"present":20,"votes":{"favour":12,"against":8}})");
        QCOMPARE(r.exitCode, 0);
        const QJsonObject out = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(out.value(QStringLiteral("outcome")).toString(), QStringLiteral("approved"));
        QVERIFY(out.value(QStringLiteral("explanation_it"))
                    .toString()
                    .startsWith(QStringLiteral(
                        "Approvata con 12 voti favorevoli su 20 votanti; richiesti 11 "
                        "(maggioranza assoluta dei votanti)")));
    }

    void refusesBadInput()
    {
        Run r = run({ QStringLiteral("rules"), QStringLiteral("evaluate"), QStringLiteral("-") },
                    "{not json");
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("not valid JSON"));
        r = run({ QStringLiteral("rules"), QStringLiteral("evaluate"), QStringLiteral("-") },
                "[1,2]");
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("one JSON object"));
        r = run({ QStringLiteral("rules"), QStringLiteral("evaluate"), QStringLiteral("-") },
                R"({"council":{"assigned":24},"present":13,"votes":{"favour":-1}})");
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("votes.favour: must not be negative"));
        r = run({ QStringLiteral("rules"), QStringLiteral("evaluate"),
                  QStringLiteral("/nonexistent/rules.json") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("cannot read /nonexistent/rules.json"));
        r = run({ QStringLiteral("rules"), QStringLiteral("evaluate") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("usage"));
        r = run({ QStringLiteral("frobnicate") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("unknown command"));
        r = run({});
        QCOMPARE(r.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestRulesCli)
#include "tst_rulescli.moc"
