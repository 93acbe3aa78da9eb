// SPDX-License-Identifier: GPL-3.0-or-later
// pn532-emulator as a child process, driven line by line (tests/emulators/README.md), for
// tests that put libnfc's real pn532_uart driver in front of emulated cards. The one helper
// for every such test: link `aula_pn532_process` (tests/emulators/CMakeLists.txt), which
// builds the emulator first and tells this header where it is (AULA_PN532_EMULATOR).
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QProcess>
#include <QString>

namespace Aula::Test {

class EmulatorProcess
{
public:
    /**
     * Starts the emulator with its pseudo-terminal linked at @p link; each reply may take
     * @p patienceMs (generous: two cores shared with other builds).
     */
    explicit EmulatorProcess(const QString &link, int patienceMs = 20000)
        : m_link(link)
        , m_patienceMs(patienceMs)
    {
        m_process.setProgram(QStringLiteral(AULA_PN532_EMULATOR));
        QStringList args { QStringLiteral("--link"), link };
        if (qEnvironmentVariableIsSet("AULA_PN532_TRACE"))
            args << QStringLiteral("--trace");
        m_process.setArguments(args);
        // Commands the emulator does not know are reported on stderr: let them reach the log.
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start();
    }
    ~EmulatorProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.write("quit\n");
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    EmulatorProcess(const EmulatorProcess &) = delete;
    EmulatorProcess &operator=(const EmulatorProcess &) = delete;

    /** Whether it started and opened its pseudo-terminal ("ready …"). */
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
        while (!m_process.canReadLine() && timer.elapsed() < m_patienceMs) {
            if (!m_process.waitForReadyRead(500) && m_process.state() == QProcess::NotRunning)
                break;
        }
        return m_process.readLine().trimmed();
    }

    QString m_link;
    int m_patienceMs;
    QProcess m_process;
};

} // namespace Aula::Test
