// SPDX-License-Identifier: GPL-3.0-or-later
// tests/emulators/pn532-emulator as a child process, driven line by line
// (tests/emulators/README.md): for tests that put a card on an emulated libnfc reader.
#pragma once

#include <QElapsedTimer>
#include <QProcess>
#include <QString>

namespace Aula::Test {

class Pn532Process
{
public:
    /** Starts the emulator with its pseudo-terminal linked at @p link. */
    explicit Pn532Process(const QString &link)
        : m_link(link)
    {
        m_process.setProgram(QStringLiteral(AULA_PN532_EMULATOR));
        m_process.setArguments({ QStringLiteral("--link"), link });
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        if (qEnvironmentVariableIsSet("AULA_PN532_TRACE"))
            m_process.setArguments(m_process.arguments() << QStringLiteral("--trace"));
        m_process.start();
    }
    ~Pn532Process()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.write("quit\n");
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    /** Whether it started and opened its pseudo-terminal. */
    bool ready() { return readLine().startsWith("ready "); }
    /** The libnfc connection string of this reader. */
    [[nodiscard]] QString connection() const { return QStringLiteral("pn532_uart:") + m_link; }

    /** Sends one command; returns its reply line ("ok …" or "error …"). */
    QByteArray command(const QByteArray &line)
    {
        m_process.write(line + '\n');
        return readLine();
    }

private:
    QByteArray readLine()
    {
        QElapsedTimer timer;
        timer.start();
        while (!m_process.canReadLine() && timer.elapsed() < 20000) {
            if (!m_process.waitForReadyRead(500) && m_process.state() == QProcess::NotRunning)
                break;
        }
        return m_process.readLine().trimmed();
    }

    QString m_link;
    QProcess m_process;
};

} // namespace Aula::Test
