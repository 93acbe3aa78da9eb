// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace Aula::Sync {

namespace {

constexpr qint64 kMaxDocumentBytes = qint64(2) * 1024 * 1024 * 1024;

Error bad(const QString &field, const QString &message)
{
    return Error { QStringLiteral("bad_manifest"), message, field };
}

bool isHex64(const QString &s)
{
    if (s.size() != 64)
        return false;
    for (QChar c : s) {
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9'))
              || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    }
    return true;
}

} // namespace

Result<Manifest> Manifest::fromJson(const QByteArray &json)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return bad(QString(), QStringLiteral("the manifest is not a JSON object"));
    const QJsonObject o = doc.object();
    Manifest m;
    m.version = o.value(QStringLiteral("v")).toInt(1);
    if (m.version != 1)
        return bad(QStringLiteral("v"), QStringLiteral("unsupported manifest version"));
    m.currentSitting = o.value(QStringLiteral("current_sitting")).toString();
    const QJsonArray sittings = o.value(QStringLiteral("sittings")).toArray();
    for (qsizetype si = 0; si < sittings.size(); ++si) {
        const QJsonObject so = sittings.at(si).toObject();
        const QString sPath = QStringLiteral("sittings.%1").arg(si);
        ManifestSitting s { so.value(QStringLiteral("id")).toString(),
                            so.value(QStringLiteral("title")).toString(),
                            so.value(QStringLiteral("date")).toString(),
                            {} };
        if (s.id.isEmpty())
            return bad(sPath + QStringLiteral(".id"), QStringLiteral("a sitting needs an id"));
        const QJsonArray items = so.value(QStringLiteral("items")).toArray();
        for (qsizetype ii = 0; ii < items.size(); ++ii) {
            const QJsonObject io = items.at(ii).toObject();
            const QString iPath = sPath + QStringLiteral(".items.%1").arg(ii);
            ManifestItem item { io.value(QStringLiteral("id")).toString(),
                                io.value(QStringLiteral("title")).toString(),
                                {} };
            if (item.id.isEmpty())
                return bad(iPath + QStringLiteral(".id"), QStringLiteral("an item needs an id"));
            const QJsonArray docs = io.value(QStringLiteral("documents")).toArray();
            for (qsizetype di = 0; di < docs.size(); ++di) {
                const QJsonObject d = docs.at(di).toObject();
                const QString dPath = iPath + QStringLiteral(".documents.%1").arg(di);
                const QString sha = d.value(QStringLiteral("sha256")).toString();
                if (!isHex64(sha))
                    return bad(dPath + QStringLiteral(".sha256"),
                               QStringLiteral("not 64 lowercase hex digits"));
                const QJsonValue size = d.value(QStringLiteral("size"));
                if (!size.isDouble() || size.toInteger(-1) < 0
                    || size.toInteger() > kMaxDocumentBytes)
                    return bad(dPath + QStringLiteral(".size"),
                               QStringLiteral("a size from 0 to 2 GiB is needed"));
                ManifestDocument md;
                md.sha256 = QByteArray::fromHex(sha.toLatin1());
                md.size = size.toInteger();
                md.name = d.value(QStringLiteral("name")).toString();
                md.title = d.value(QStringLiteral("title")).toString();
                md.mediaType = d.value(QStringLiteral("media_type"))
                                   .toString(QStringLiteral("application/pdf"));
                md.version = d.value(QStringLiteral("version")).toInt(1);
                md.sitting = s.id;
                md.item = item.id;
                if (md.name.isEmpty())
                    return bad(dPath + QStringLiteral(".name"),
                               QStringLiteral("a document needs a name"));
                item.documents.append(md);
            }
            s.items.append(item);
        }
        m.sittings.append(s);
    }
    return m;
}

QByteArray Manifest::toJson() const
{
    QJsonArray sittingsJson;
    for (const ManifestSitting &s : sittings) {
        QJsonArray itemsJson;
        for (const ManifestItem &i : s.items) {
            QJsonArray docs;
            for (const ManifestDocument &d : i.documents) {
                QJsonObject doc { { QStringLiteral("sha256"),
                                    QString::fromLatin1(d.sha256.toHex()) },
                                  { QStringLiteral("size"), d.size },
                                  { QStringLiteral("name"), d.name },
                                  { QStringLiteral("media_type"), d.mediaType },
                                  { QStringLiteral("version"), d.version } };
                if (!d.title.isEmpty())
                    doc.insert(QStringLiteral("title"), d.title);
                docs.append(doc);
            }
            itemsJson.append(QJsonObject { { QStringLiteral("id"), i.id },
                                           { QStringLiteral("title"), i.title },
                                           { QStringLiteral("documents"), docs } });
        }
        sittingsJson.append(QJsonObject { { QStringLiteral("id"), s.id },
                                          { QStringLiteral("title"), s.title },
                                          { QStringLiteral("date"), s.date },
                                          { QStringLiteral("items"), itemsJson } });
    }
    return QJsonDocument(QJsonObject { { QStringLiteral("v"), version },
                                       { QStringLiteral("current_sitting"), currentSitting },
                                       { QStringLiteral("sittings"), sittingsJson } })
        .toJson(QJsonDocument::Compact);
}

QList<ManifestDocument> Manifest::documentsInFetchOrder() const
{
    QList<const ManifestSitting *> order;
    for (const ManifestSitting &s : sittings) {
        if (s.id == currentSitting)
            order.prepend(&s);
        else
            order.append(&s);
    }
    QList<ManifestDocument> out;
    QSet<QByteArray> seen;
    for (const ManifestSitting *s : order) {
        for (const ManifestItem &i : s->items) {
            for (const ManifestDocument &d : i.documents) {
                if (!seen.contains(d.sha256)) {
                    seen.insert(d.sha256);
                    out.append(d);
                }
            }
        }
    }
    return out;
}

} // namespace Aula::Sync
