// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <variant>

namespace Aula::Protocol {

/** The protocol version this build speaks (docs/protocol.md). */
constexpr int kVersion = 2;
/** Largest WebSocket frame a peer may send, in bytes. */
constexpr qsizetype kMaxFrameBytes = 64 * 1024;
/** Messages per second a connection may send, sustained, and the burst on top. */
constexpr double kRatePerSecond = 20.0;
constexpr double kRateBurst = 60.0;
/** After this many messages refused in a row for rate, the connection is closed. */
constexpr int kFloodCloseAfter = 200;
/** Seconds a connection may stay without completing hello (and device_auth). */
constexpr int kHandshakeSeconds = 10;
/** Card APDUs the server may send in one badge proof (DESFire login needs 4). */
constexpr int kMaxCardSteps = 8;
/** Seconds a badge proof may take from `login` to the card's last answer. */
constexpr int kCardProofSeconds = 10;
/** Largest card answer relayed in `login.card`, in bytes (a short APDU answer: 256 + SW). */
constexpr int kMaxCardFrameBytes = 258;
/**
 * Days a tablet's store may open offline after a login (`lease_days` in the login answer):
 * the chamber's default (`aula-server serve --lease-days`) and the range it accepts.
 */
constexpr int kDefaultLeaseDays = 14;
constexpr int kMinLeaseDays = 1;
constexpr int kMaxLeaseDays = 365;

/** A client's request, decoded and checked against the schema of its type. */
struct ClientMessage
{
    /** The request id the client chose (1 … 2^31 − 1); replies carry it as "re". */
    qint64 id = 0;
    QString type;
    /** The fields of the message, without "v", "id" and "type"; all checked. */
    QJsonObject args;
};

/**
 * A refused frame: `code` is one of the error codes of docs/protocol.md
 * (too_large, bad_json, bad_message, unsupported_version, unknown_type), and `id` is the
 * request id when it could be read (0 otherwise), so the reply can still name it.
 */
struct DecodeError
{
    Error error;
    qint64 id = 0;
};

/** Decodes one text frame from a client strictly: size, JSON, version, type, every field. */
[[nodiscard]] std::variant<ClientMessage, DecodeError> decodeClientMessage(QByteArrayView frame);

/** The message types a client may send, in the order of docs/protocol.md. */
[[nodiscard]] QStringList clientMessageTypes();

/** {"v":2,"type":"ok","re":id, ...fields} */
[[nodiscard]] QByteArray encodeOk(qint64 re, const QJsonObject &fields = {});
/** {"v":2,"type":"error","re":id,"code":...,"message":...[,"field":...][, ...extra]} */
[[nodiscard]] QByteArray encodeError(qint64 re, const Error &error, const QJsonObject &extra = {});
/** A message the server sends on its own: {"v":2,"type":type, ...fields}. */
[[nodiscard]] QByteArray encodePush(const QString &type, const QJsonObject &fields);
/**
 * The push of one commit's events of one sitting, in seq order:
 * {"v":2,"type":"events","sitting":id,"events":[{seq,type,time,payload,prev}, ...]}.
 */
[[nodiscard]] QByteArray encodeEvents(const QString &sitting, const QJsonArray &events);

/** A ballot's live count of votes received (never choices): the "tally" push. */
struct Tally
{
    QString sitting;
    QString ballot;
    /** The last committed seq when the count was sent; the count is exact as of it. */
    qint64 seq = 0;
    int votesReceived = 0;
    int eligible = 0;
};
/** {"v":2,"type":"tally","sitting","ballot","seq","votes_received","eligible"} */
[[nodiscard]] QByteArray encodeTally(const Tally &tally);
/** Reads a "tally" push (the whole message); a typed error names the bad field. */
[[nodiscard]] Result<Tally> decodeTally(const QJsonObject &message);
/** A client request: {"v":2,"id":id,"type":type, ...args} (for clients and tests). */
[[nodiscard]] QByteArray encodeRequest(qint64 id, const QString &type,
                                       const QJsonObject &args = {});

/** Bytes a device signs to prove its key: canonical JSON of
 * {"device","nonce","server","t":"aula.device-auth.v1"}. */
[[nodiscard]] QByteArray deviceAuthMessage(const QString &device, const QByteArray &nonce,
                                           const QString &serverId);
/** Bytes a device signs for a vote: canonical JSON of
 * {"ballot","choice","member","nonce","t":"aula.vote.v1"}. */
[[nodiscard]] QByteArray voteMessage(const QString &ballot, const QString &choice,
                                     const QString &member, const QByteArray &nonce);

/** A token bucket: allows `rate` messages a second with bursts up to `burst`. */
class RateLimiter
{
public:
    RateLimiter(double rate = kRatePerSecond, double burst = kRateBurst)
        : m_rate(rate)
        , m_burst(burst)
        , m_tokens(burst)
    { }
    /** Takes one token at time `nowMs`; false when the bucket is empty. */
    bool allow(qint64 nowMs);

private:
    double m_rate;
    double m_burst;
    double m_tokens;
    qint64 m_lastMs = -1;
};

} // namespace Aula::Protocol
