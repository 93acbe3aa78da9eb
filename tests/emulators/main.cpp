// SPDX-License-Identifier: GPL-3.0-or-later
// pn532-emulator: a PN532 on a UART, for libnfc's real pn532_uart driver, on a
// pseudo-terminal. See tests/emulators/README.md for the control protocol.
#include "pn532emulator.h"
#include "tests/emulators/cards/desfirecard.h"
#include "tests/emulators/cards/uidonlycard.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

using namespace Aula::Emulators;

namespace {

bool g_trace = false;

void trace(const QString &line)
{
    // A command the emulator does not know is worth seeing even without --trace: libnfc
    // started using something this PN532 model lacks.
    if (g_trace || line.startsWith(QLatin1String("unsupported")))
        std::fprintf(stderr, "pn532-emulator: %s\n", qPrintable(line));
}

void say(const QString &line)
{
    std::fprintf(stdout, "%s\n", qPrintable(line));
    std::fflush(stdout);
}

// The pseudo-terminal that stands for the serial line. The emulator keeps its own slave
// descriptor open so that the line stays up while no driver has it open, as a real UART
// does; closing the master is the "unplug".
class Pty
{
public:
    ~Pty() { close(); }

    QString open(const QString &link)
    {
        m_master = posix_openpt(O_RDWR | O_NOCTTY);
        if (m_master < 0 || grantpt(m_master) != 0 || unlockpt(m_master) != 0) {
            close();
            return {};
        }
        const char *name = ptsname(m_master);
        if (!name) {
            close();
            return {};
        }
        m_slavePath = QString::fromLocal8Bit(name);
        m_slave = ::open(name, O_RDWR | O_NOCTTY);
        if (m_slave < 0) {
            close();
            return {};
        }
        termios tio {};
        tcgetattr(m_slave, &tio);
        cfmakeraw(&tio);
        tcsetattr(m_slave, TCSANOW, &tio);
        fcntl(m_master, F_SETFL, fcntl(m_master, F_GETFL) | O_NONBLOCK);
        if (!link.isEmpty()) {
            // Atomic replacement, so a driver never finds the link half made.
            const QByteArray tmp = (link + QStringLiteral(".tmp")).toLocal8Bit();
            ::unlink(tmp.constData());
            if (::symlink(name, tmp.constData()) != 0
                || ::rename(tmp.constData(), link.toLocal8Bit().constData()) != 0) {
                close();
                return {};
            }
        }
        m_link = link;
        return m_slavePath;
    }

    void close()
    {
        if (!m_link.isEmpty())
            ::unlink(m_link.toLocal8Bit().constData());
        m_link.clear();
        if (m_slave >= 0)
            ::close(m_slave);
        if (m_master >= 0)
            ::close(m_master);
        m_slave = m_master = -1;
    }

    [[nodiscard]] int master() const { return m_master; }
    [[nodiscard]] bool isOpen() const { return m_master >= 0; }

    void write(const QByteArray &bytes) const
    {
        qsizetype done = 0;
        while (done < bytes.size()) {
            const ssize_t n =
                ::write(m_master, bytes.constData() + done, size_t(bytes.size() - done));
            if (n > 0) {
                done += n;
            } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                pollfd p { m_master, POLLOUT, 0 };
                ::poll(&p, 1, 100);
            } else {
                return;
            }
        }
    }

private:
    int m_master = -1;
    int m_slave = -1;
    QString m_slavePath;
    QString m_link;
};

struct Emulator
{
    Pn532Chip chip { &trace };
    Pn532Link link { chip };
    Pty pty;
    QString linkPath;
    QMap<QString, std::shared_ptr<Card>> cards;
    QString inserted;

    QString command(const QString &line);
};

QString Emulator::command(const QString &line)
{
    const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.isEmpty())
        return {};
    const QString verb = words[0];
    const auto hex = [](const QString &s) { return QByteArray::fromHex(s.toLatin1()); };
    const auto isHex = [](const QString &s) {
        return !s.isEmpty() && s.size() % 2 == 0
            && QByteArray::fromHex(s.toLatin1()).toHex() == s.toLatin1().toLower();
    };
    if (verb == QLatin1String("card") && words.size() == 4) {
        const QString &name = words[1];
        const QByteArray uid = hex(words[3]);
        if (!isHex(words[3]))
            return QStringLiteral("error uid must be hex");
        if (words[2] == QLatin1String("uid")) {
            if (uid.size() != 4 && uid.size() != 7)
                return QStringLiteral("error a UID-only card has a 4- or 7-byte UID");
            cards[name] = std::make_shared<UidOnlyCard>(uid);
        } else if (words[2] == QLatin1String("desfire")) {
            if (uid.size() != 7)
                return QStringLiteral("error a DESFire EV1 card has a 7-byte UID");
            cards[name] = std::make_shared<DesfireCard>(uid);
        } else {
            return QStringLiteral("error card kinds are uid and desfire");
        }
        return QStringLiteral("ok card %1").arg(name);
    }
    if (verb == QLatin1String("app") && words.size() >= 4) {
        auto *card = dynamic_cast<DesfireCard *>(cards.value(words[1]).get());
        if (!card)
            return QStringLiteral("error no DESFire card named %1").arg(words[1]);
        bool ok = false;
        const quint32 aid = words[2].toUInt(&ok, 16);
        if (!ok || aid == 0 || aid > 0xFFFFFF)
            return QStringLiteral("error the application id is 1 to 6 hex digits, not 0");
        QVector<QByteArray> keys;
        for (int i = 3; i < words.size(); ++i) {
            if (!isHex(words[i]) || hex(words[i]).size() != 16)
                return QStringLiteral("error keys are 16 bytes of hex");
            keys.append(hex(words[i]));
        }
        card->addApplication(aid, keys);
        return QStringLiteral("ok app %1 %2").arg(words[1], words[2]);
    }
    if (verb == QLatin1String("file") && words.size() == 6) {
        auto *card = dynamic_cast<DesfireCard *>(cards.value(words[1]).get());
        if (!card)
            return QStringLiteral("error no DESFire card named %1").arg(words[1]);
        bool ok = false;
        const quint32 aid = words[2].toUInt(&ok, 16);
        if (!ok || !card->applications().contains(aid))
            return QStringLiteral("error the card has no application %1").arg(words[2]);
        const uint fileNo = words[3].toUInt(&ok, 16);
        if (!ok || fileNo > 31)
            return QStringLiteral("error the file number is 0 to 1f (hex)");
        // Four nibbles in the order the data sheet names them: read, write, read&write, change.
        const uint rights = words[4].toUInt(&ok, 16);
        if (!ok || words[4].size() != 4)
            return QStringLiteral("error the access rights are 4 hex digits: read, write, "
                                  "read&write, change (e.g. e000)");
        if (!isHex(words[5]) || hex(words[5]).size() > 59)
            return QStringLiteral("error the content is 1 to 59 bytes of hex");
        card->addStdDataFile(aid, quint8(fileNo),
                             { quint8(rights >> 12), quint8((rights >> 8) & 0xF),
                               quint8((rights >> 4) & 0xF), quint8(rights & 0xF) },
                             hex(words[5]));
        return QStringLiteral("ok file %1 %2 %3").arg(words[1], words[2], words[3]);
    }
    if (verb == QLatin1String("insert") && words.size() == 2) {
        if (!cards.contains(words[1]))
            return QStringLiteral("error no card named %1").arg(words[1]);
        chip.setCard(cards[words[1]]);
        inserted = words[1];
        return QStringLiteral("ok inserted %1").arg(inserted);
    }
    if (verb == QLatin1String("pull-after") && words.size() == 2) {
        if (words[1] == QLatin1String("off")) {
            chip.pullAfter(std::nullopt);
            return QStringLiteral("ok pull-after off");
        }
        bool ok = false;
        const int frames = words[1].toInt(&ok);
        if (!ok || frames < 0 || frames > 1000)
            return QStringLiteral("error pull-after takes a number of frames (0 to 1000) or off");
        chip.pullAfter(frames);
        return QStringLiteral("ok pull-after %1").arg(frames);
    }
    if (verb == QLatin1String("remove")) {
        chip.setCard(nullptr);
        inserted.clear();
        return QStringLiteral("ok removed");
    }
    if (verb == QLatin1String("unplug")) {
        pty.close();
        link.clear();
        chip.reset();
        return QStringLiteral("ok unplugged");
    }
    if (verb == QLatin1String("replug")) {
        if (pty.isOpen())
            return QStringLiteral("error already plugged in");
        const QString path = pty.open(linkPath);
        if (path.isEmpty())
            return QStringLiteral("error cannot open a pseudo-terminal: %1")
                .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return QStringLiteral("ok replugged %1").arg(path);
    }
    if (verb == QLatin1String("status")) {
        if (!chip.hasCard())
            inserted.clear(); // pulled away (pull-after)
        return QStringLiteral("ok status %1 %2")
            .arg(pty.isOpen() ? QStringLiteral("plugged") : QStringLiteral("unplugged"),
                 inserted.isEmpty() ? QStringLiteral("-") : inserted);
    }
    return QStringLiteral("error unknown command: %1").arg(line);
}

} // namespace

int main(int argc, char **argv)
{
    Emulator emulator;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (arg == QLatin1String("--trace")) {
            g_trace = true;
        } else if (arg == QLatin1String("--link") && i + 1 < argc) {
            emulator.linkPath = QString::fromLocal8Bit(argv[++i]);
        } else {
            std::fprintf(stderr,
                         "usage: pn532-emulator [--link PATH] [--trace]\n"
                         "  then commands on stdin; see tests/emulators/README.md\n");
            return 2;
        }
    }
    const QString path = emulator.pty.open(emulator.linkPath);
    if (path.isEmpty()) {
        std::fprintf(stderr, "pn532-emulator: cannot open a pseudo-terminal: %s\n",
                     std::strerror(errno));
        return 1;
    }
    say(QStringLiteral("ready %1").arg(path));

    QByteArray stdinBuffer;
    for (;;) {
        pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 }, { emulator.pty.master(), POLLIN, 0 } };
        const nfds_t count = emulator.pty.isOpen() ? 2 : 1;
        if (::poll(fds, count, -1) < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        if (fds[0].revents & (POLLIN | POLLHUP)) {
            char buf[512];
            const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
            if (n <= 0)
                return 0; // the test went away
            stdinBuffer.append(buf, n);
            qsizetype eol;
            while ((eol = stdinBuffer.indexOf('\n')) >= 0) {
                const QString line = QString::fromUtf8(stdinBuffer.left(eol)).trimmed();
                stdinBuffer.remove(0, eol + 1);
                if (line == QLatin1String("quit"))
                    return 0;
                const QString reply = emulator.command(line);
                if (!reply.isEmpty())
                    say(reply);
            }
        }
        if (count == 2 && (fds[1].revents & POLLIN)) {
            char buf[1024];
            const ssize_t n = ::read(emulator.pty.master(), buf, sizeof buf);
            if (n > 0) {
                const QByteArray in(buf, n);
                trace(QStringLiteral("<- %1").arg(QString::fromLatin1(in.toHex(' '))));
                const QByteArray out = emulator.link.receive(in);
                if (!out.isEmpty()) {
                    trace(QStringLiteral("-> %1").arg(QString::fromLatin1(out.toHex(' '))));
                    emulator.pty.write(out);
                }
            }
        }
    }
}
