// SPDX-License-Identifier: GPL-3.0-or-later
#include "cardsecretreader.h"

#include "platform/nfc/aulacard.h"
#include "platform/nfc/desfireprotocol.h"

namespace Aula {

namespace D = Badges::Desfire;

namespace {

/**
 * Zeroes @p bytes through a volatile pointer (which the compiler may not drop as a dead
 * store) and empties it. platform/ does not link libsodium, hence not Crypto::wipe; the
 * buffer is unshared here (see takeSecret()), so this is its only copy.
 */
void zero(QByteArray &bytes)
{
    if (!bytes.isEmpty()) {
        volatile char *p = bytes.data();
        for (qsizetype i = 0; i < bytes.size(); ++i)
            p[i] = 0;
    }
    bytes.clear();
}

} // namespace

CardSecretReader::~CardSecretReader()
{
    zero(m_secret);
}

QByteArray CardSecretReader::begin()
{
    Q_ASSERT(m_state == State::Idle);
    m_state = State::SelectingApplication;
    return D::wrap(D::SelectApplication, D::aidBytes(Badges::kAulaAid));
}

std::optional<QByteArray> CardSecretReader::feed(const QByteArray &cardResponse)
{
    if (isFinished() || m_state == State::Idle)
        return std::nullopt;
    auto response = D::unwrap(cardResponse);
    if (!response) {
        // A short answer, or a status word that is no DESFire status: whatever answers so
        // may hold a secret it does not show, so this is no reason to use the UID.
        return unreadable(response.error().message);
    }
    const auto refused = [&](const QString &what) {
        return unreadable(
            QStringLiteral("%1 answered %2").arg(what, D::statusName(response->status)));
    };
    switch (m_state) {
    case State::SelectingApplication:
        if (response->status == D::ApplicationNotFound)
            return fail(QStringLiteral("no_secret"),
                        QStringLiteral("the badge holds no Aula application (%1)")
                            .arg(D::statusName(response->status)));
        if (response->status != D::OperationOk)
            return refused(QStringLiteral("selecting the Aula application"));
        m_state = State::Reading;
        return D::wrap(D::ReadData,
                       D::dataFileCommand(Badges::kSecretFileNo, 0, Badges::kSecretSize));
    case State::Reading:
        if (response->status == D::FileNotFound)
            return fail(QStringLiteral("no_secret"),
                        QStringLiteral("the badge's Aula application has no secret file (%1)")
                            .arg(D::statusName(response->status)));
        if (response->status != D::OperationOk)
            return refused(QStringLiteral("reading the secret file"));
        if (response->data.size() != qsizetype(Badges::kSecretSize))
            return unreadable(QStringLiteral("the badge secret is %1 bytes, not %2")
                                  .arg(response->data.size())
                                  .arg(Badges::kSecretSize));
        // Moved, so that the unwrapped answer leaves no second copy behind.
        m_secret = std::move(response->data);
        m_state = State::Read;
        return std::nullopt;
    case State::Idle:
    case State::Read:
    case State::Failed:
        break;
    }
    return std::nullopt;
}

void CardSecretReader::abort(const Error &reason)
{
    if (!isFinished())
        fail(reason.code, reason.message);
}

Result<QByteArray> CardSecretReader::takeSecret()
{
    if (m_state != State::Read || m_taken)
        return result();
    m_taken = true;
    QByteArray out = std::move(m_secret);
    m_secret = QByteArray();
    return out;
}

Result<QByteArray> CardSecretReader::result() const
{
    if (m_state == State::Read && m_taken)
        return Error { QStringLiteral("secret_taken"),
                       QStringLiteral("the badge secret was handed over already") };
    if (m_state == State::Read)
        return m_secret;
    if (m_error)
        return *m_error;
    return Error { QStringLiteral("not_finished"),
                   QStringLiteral("the badge secret has not been read yet") };
}

bool CardSecretReader::allowsUidFallback(const Error &error)
{
    return error.code == QLatin1String("no_secret") || error.code == QLatin1String("not_iso_dep");
}

std::optional<QByteArray> CardSecretReader::unreadable(const QString &why)
{
    return fail(QStringLiteral("secret_unreadable"),
                QStringLiteral("the badge secret could not be read: %1").arg(why));
}

std::optional<QByteArray> CardSecretReader::fail(const QString &code, const QString &message)
{
    m_state = State::Failed;
    m_error = Error { code, message };
    return std::nullopt;
}

} // namespace Aula
