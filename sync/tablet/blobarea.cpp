// SPDX-License-Identifier: GPL-3.0-or-later
#include "blobarea.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtEndian>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Aula::Tablet {

namespace {

constexpr QByteArrayView kMagic = "AULABLB1";
constexpr QByteArrayView kAdLabel = "aula/blob/v1";
constexpr qint64 kRecordHeader = 4;

static_assert(kMagic.size() == BlobArea::kHeaderSize);

Error err(const char *code, const QString &message)
{
    return Error { QLatin1String(code), message };
}

Error closed()
{
    return err("closed", QStringLiteral("the document files are not open"));
}

Error ioError(const char *what, const QString &path, int errnum)
{
    if (errnum == ENOSPC || errnum == EDQUOT)
        return err(
            "disk_full",
            QStringLiteral("the tablet's storage is full (%1)").arg(QFileInfo(path).fileName()));
    return err("io_error",
               QStringLiteral("cannot %1 %2: %3")
                   .arg(QLatin1String(what), path, QString::fromLocal8Bit(std::strerror(errnum))));
}

bool validId(const QString &id)
{
    if (id.size() != 32)
        return false;
    for (QChar c : id) {
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9'))
              || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    }
    return true;
}

/** What readAt() found. */
enum class Read { Whole, EndOfFile, Failed };

/** Reads exactly `size` bytes at `offset`; Failed leaves the reason in errno. */
Read readAt(int fd, char *into, qint64 size, qint64 offset)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd, into + done, size_t(size - done), off_t(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return Read::Failed;
        if (n == 0)
            return Read::EndOfFile;
        done += n;
    }
    return Read::Whole;
}

bool writeAt(int fd, const char *from, qint64 size, qint64 offset)
{
    qint64 done = 0;
    while (done < size) {
        const ssize_t n = ::pwrite(fd, from + done, size_t(size - done), off_t(offset + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;
            return false;
        }
        done += n;
    }
    return true;
}

/** The size of the file behind `fd` when it is one of ours (it starts with kMagic), else -1. */
Result<qint64> sizeIfOurs(int fd, const QString &path)
{
    struct stat st;
    if (::fstat(fd, &st) != 0)
        return ioError("stat", path, errno);
    char magic[BlobArea::kHeaderSize];
    switch (readAt(fd, magic, sizeof magic, 0)) {
    case Read::Failed:
        return ioError("read", path, errno);
    case Read::EndOfFile:
        return qint64(-1);
    case Read::Whole:
        break;
    }
    return QByteArrayView(magic, sizeof magic) == kMagic ? qint64(st.st_size) : qint64(-1);
}

int openFile(const QString &path, int flags)
{
    int fd;
    do {
        fd = ::open(QFile::encodeName(path).constData(), flags | O_CLOEXEC, 0600);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

/** Closes `fd` when it goes out of scope. */
struct FdCloser
{
    int fd;
    ~FdCloser()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

/**
 * A record's associated data: the document, the file (its id, 16 bytes that only the
 * encrypted database knows), the record's index and plaintext offset, and its length. So a
 * record authenticates only in its own file, at its own place: files of one document
 * cannot be spliced, nor a refused download renamed into a document's file.
 */
QByteArray associatedData(QByteArrayView sha256, const QString &id, quint64 index, qint64 offset,
                          quint32 length)
{
    QByteArray ad;
    ad.reserve(kAdLabel.size() + sha256.size() + 16 + 20);
    ad.append(kAdLabel).append(sha256).append(QByteArray::fromHex(id.toLatin1()));
    char be[8];
    qToBigEndian(index, be);
    ad.append(be, 8);
    qToBigEndian(quint64(offset), be);
    ad.append(be, 8);
    qToBigEndian(length, be);
    ad.append(be, 4);
    return ad;
}

} // namespace

struct BlobAreaState
{
    QString dir;
    Crypto::SecretBytes key;
    // Read and written from the threads of every connection's handle.
    mutable std::atomic<qint64> used { 0 };
    std::atomic<qint64> limit { -1 };

    [[nodiscard]] QString pathOf(const QString &id) const { return dir + QLatin1Char('/') + id; }
};

BlobArea::BlobArea(std::shared_ptr<BlobAreaState> state)
    : m_state(std::move(state))
{ }

Result<BlobArea> BlobArea::open(const QString &dir, Crypto::SecretBytes key)
{
    if (key.size() != Crypto::kKeySize)
        return err("invalid_key_size",
                   QStringLiteral("the key of the document files must be 32 bytes"));
    if (!QDir().mkpath(dir))
        return err("io_error", QStringLiteral("cannot create %1").arg(dir));
    QFile::setPermissions(dir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    auto state = std::make_shared<BlobAreaState>();
    state->dir = dir;
    state->key = std::move(key);
    qint64 used = 0;
    const auto files = QDir(dir).entryInfoList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QFileInfo &f : files)
        used += f.size();
    state->used = used;
    return BlobArea(std::move(state));
}

QString BlobArea::newId()
{
    return QString::fromLatin1(Crypto::randomBytes(16).toHex());
}

QString BlobArea::pathOf(const QString &id) const
{
    return m_state ? m_state->pathOf(id) : QString();
}

bool BlobArea::syncDirectory() const
{
    if (!m_state)
        return false;
    FdCloser dir { openFile(m_state->dir, O_RDONLY | O_DIRECTORY) };
    if (dir.fd < 0)
        return false;
    int rc;
    do {
        rc = ::fsync(dir.fd);
    } while (rc < 0 && errno == EINTR);
    return rc == 0;
}

QStringList BlobArea::ids() const
{
    QStringList out;
    if (!m_state)
        return out;
    const auto names =
        QDir(m_state->dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QString &name : names) {
        if (validId(name))
            out.append(name);
    }
    return out;
}

void BlobArea::setSpaceLimit(std::optional<qint64> bytes)
{
    if (m_state)
        m_state->limit = bytes ? qMax<qint64>(*bytes, 0) : -1;
}

qint64 BlobArea::usedBytes() const
{
    return m_state ? m_state->used.load() : 0;
}

// --- Writer ---

BlobArea::Writer::Writer(Writer &&other) noexcept
    : m_area(std::move(other.m_area))
    , m_id(std::move(other.m_id))
    , m_sha256(std::move(other.m_sha256))
    , m_fd(std::exchange(other.m_fd, -1))
    , m_length(other.m_length)
    , m_fileSize(other.m_fileSize)
    , m_records(other.m_records)
    , m_buffer(std::move(other.m_buffer))
{ }

BlobArea::Writer &BlobArea::Writer::operator=(Writer &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_area = std::move(other.m_area);
        m_id = std::move(other.m_id);
        m_sha256 = std::move(other.m_sha256);
        m_fd = std::exchange(other.m_fd, -1);
        m_length = other.m_length;
        m_fileSize = other.m_fileSize;
        m_records = other.m_records;
        m_buffer = std::move(other.m_buffer);
    }
    return *this;
}

BlobArea::Writer::~Writer()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

Result<void> BlobArea::Writer::append(QByteArrayView data)
{
    if (data.isEmpty())
        return {};
    if (m_fd < 0 || !m_area)
        return err("io_error", QStringLiteral("the document file is not open"));
    m_buffer.resize(0); // keeps its capacity: one allocation for the whole download
    quint64 records = m_records;
    for (qint64 at = 0; at < data.size(); at += kRecordMax) {
        const auto piece = data.sliced(at, qMin(kRecordMax, data.size() - at));
        const auto length = quint32(piece.size());
        char be[4];
        qToBigEndian(length, be);
        m_buffer.append(be, 4);
        if (auto r = Crypto::sealAppend(
                m_area->key, piece, associatedData(m_sha256, m_id, records, m_length + at, length),
                m_buffer);
            !r)
            return r;
        ++records;
    }
    const qint64 total = m_buffer.size();
    // Counted before it is written, so two connections cannot both pass the limit.
    const qint64 limit = m_area->limit.load();
    if (m_area->used.fetch_add(total) + total > limit && limit >= 0) {
        m_area->used -= total;
        return err("disk_full",
                   QStringLiteral("the space set aside for documents on this tablet is full "
                                  "(%1 MB)")
                       .arg(limit / (1024 * 1024)));
    }
    if (!writeAt(m_fd, m_buffer.constData(), total, m_fileSize)) {
        const int errnum = errno;
        m_area->used -= total;
        // Nothing of a failed append stays: the file ends where it ended. Should even that
        // fail, the file's size no longer matches this writer and TabletStore opens it
        // again, which cuts what does not authenticate.
        (void)::ftruncate(m_fd, off_t(m_fileSize));
        return ioError("write", m_area->pathOf(m_id), errnum);
    }
    m_fileSize += total;
    m_length += data.size();
    m_records = records;
    return {};
}

Result<void> BlobArea::Writer::sync()
{
    if (m_fd < 0 || !m_area)
        return err("io_error", QStringLiteral("the document file is not open"));
    int rc;
    do {
        rc = ::fdatasync(m_fd);
    } while (rc < 0 && errno == EINTR);
    if (rc < 0)
        return ioError("sync", m_area->pathOf(m_id), errno);
    return {};
}

// --- Files ---

BlobArea::Writer BlobArea::writerFor(const QString &id, QByteArrayView sha256, int fd) const
{
    Writer w;
    w.m_area = m_state;
    w.m_id = id;
    w.m_sha256 = sha256.toByteArray();
    w.m_fd = fd; // owned from here: closed by the writer
    return w;
}

Result<BlobArea::Writer> BlobArea::create(const QString &id, QByteArrayView sha256) const
{
    if (!m_state)
        return closed();
    if (!validId(id) || sha256.size() != Crypto::kSha256Size)
        return err("io_error", QStringLiteral("invalid document file id"));
    const QString path = pathOf(id);
    const int fd = openFile(path, O_RDWR | O_CREAT | O_EXCL);
    if (fd < 0)
        return ioError("create", path, errno);
    Writer w = writerFor(id, sha256, fd);
    // The directory too, so that the new name survives a power cut with the file.
    if (!writeAt(fd, kMagic.data(), kHeaderSize, 0) || !syncDirectory()) {
        const int errnum = errno;
        QFile::remove(path); // never counted
        return ioError("write", path, errnum);
    }
    w.m_fileSize = kHeaderSize;
    m_state->used += kHeaderSize;
    return w;
}

Result<BlobArea::Writer> BlobArea::resume(const QString &id, QByteArrayView sha256,
                                          Crypto::Sha256 &hash) const
{
    if (!m_state)
        return closed();
    if (!validId(id) || sha256.size() != Crypto::kSha256Size)
        return err("corrupt", QStringLiteral("invalid document file id"));
    const QString path = pathOf(id);
    const int fd = openFile(path, O_RDWR);
    if (fd < 0) {
        if (errno == ENOENT)
            return err("not_found", QStringLiteral("the file of this download is missing"));
        return ioError("open", path, errno);
    }
    Writer w = writerFor(id, sha256, fd);
    const auto ours = sizeIfOurs(fd, path);
    if (!ours)
        return ours.error();
    const qint64 size = *ours;
    if (size < 0)
        return err("corrupt", QStringLiteral("the file of this download is not one of Aula's"));
    // Keep every record that authenticates, in order; stop at the first that does not (a
    // crash cut it short, or it was damaged): the download goes on from there.
    qint64 at = kHeaderSize;
    QByteArray sealed;
    QByteArray plain;
    while (at + kRecordHeader <= size) {
        char be[4];
        const Read header = readAt(fd, be, 4, at);
        if (header == Read::Failed)
            return ioError("read", path, errno); // an I/O error is not a torn record
        if (header != Read::Whole)
            break;
        const quint32 length = qFromBigEndian<quint32>(be);
        if (length == 0 || length > kRecordMax
            || at + kRecordHeader + length + Crypto::kSealOverhead > size)
            break;
        sealed.resize(qsizetype(length + Crypto::kSealOverhead));
        const Read body = readAt(fd, sealed.data(), sealed.size(), at + kRecordHeader);
        if (body == Read::Failed)
            return ioError("read", path, errno);
        if (body != Read::Whole)
            break;
        plain.resize(0);
        if (!Crypto::openAppend(m_state->key, sealed,
                                associatedData(sha256, id, w.m_records, w.m_length, length), plain))
            break;
        hash.update(plain);
        w.m_length += length;
        ++w.m_records;
        at += kRecordHeader + sealed.size();
    }
    if (at < size) {
        if (::ftruncate(fd, off_t(at)) != 0)
            return ioError("truncate", path, errno);
        m_state->used -= size - at;
    }
    w.m_fileSize = at;
    return w;
}

Result<qint64> BlobArea::plainLength(const QString &id) const
{
    if (!m_state)
        return closed();
    if (!validId(id))
        return err("corrupt", QStringLiteral("invalid document file id"));
    const QString path = pathOf(id);
    FdCloser fd { openFile(path, O_RDONLY) };
    if (fd.fd < 0) {
        if (errno == ENOENT)
            return qint64(0);
        return ioError("open", path, errno);
    }
    const auto ours = sizeIfOurs(fd.fd, path);
    if (!ours)
        return ours.error();
    const qint64 size = *ours; // -1 when not ours: nothing to count, the download starts over
    qint64 at = kHeaderSize;
    qint64 length = 0;
    while (at + kRecordHeader <= size) {
        char be[4];
        const Read header = readAt(fd.fd, be, 4, at);
        if (header == Read::Failed)
            return ioError("read", path, errno);
        if (header != Read::Whole)
            break;
        const quint32 n = qFromBigEndian<quint32>(be);
        const qint64 next = at + kRecordHeader + n + Crypto::kSealOverhead;
        if (n == 0 || n > kRecordMax || next > size)
            break;
        length += n;
        at = next;
    }
    return length;
}

Result<QByteArray> BlobArea::read(const QString &id, QByteArrayView sha256,
                                  qint64 expectedSize) const
{
    const auto damaged = [] {
        return err("corrupt",
                   QStringLiteral("the stored copy of this document is damaged; it has to be "
                                  "fetched again"));
    };
    if (!m_state)
        return closed();
    if (!validId(id))
        return damaged();
    const QString path = pathOf(id);
    FdCloser fd { openFile(path, O_RDONLY) };
    if (fd.fd < 0) {
        if (errno == ENOENT)
            return err("file_missing",
                       QStringLiteral("the stored copy of this document is missing; it has to "
                                      "be fetched again"));
        return ioError("open", path, errno);
    }
    const auto ours = sizeIfOurs(fd.fd, path);
    if (!ours)
        return ours.error();
    const qint64 size = *ours;
    if (size < 0)
        return damaged();
    QByteArray out;
    out.reserve(expectedSize);
    QByteArray sealed;
    qint64 at = kHeaderSize;
    quint64 index = 0;
    while (out.size() < expectedSize) {
        char be[4];
        const Read header = readAt(fd.fd, be, 4, at);
        if (header == Read::Failed)
            return ioError("read", path, errno);
        if (header != Read::Whole)
            return damaged();
        const quint32 length = qFromBigEndian<quint32>(be);
        if (length == 0 || length > kRecordMax || out.size() + length > expectedSize)
            return damaged();
        sealed.resize(qsizetype(length + Crypto::kSealOverhead));
        const Read body = readAt(fd.fd, sealed.data(), sealed.size(), at + kRecordHeader);
        if (body == Read::Failed)
            return ioError("read", path, errno);
        if (body != Read::Whole)
            return damaged();
        if (!Crypto::openAppend(m_state->key, sealed,
                                associatedData(sha256, id, index, out.size(), length), out))
            return damaged();
        at += kRecordHeader + sealed.size();
        ++index;
    }
    if (at != size)
        return damaged(); // something after the document's last byte
    return out;
}

void BlobArea::remove(const QString &id) const
{
    if (!m_state || !validId(id))
        return;
    const QString path = pathOf(id);
    const qint64 size = QFileInfo(path).size();
    if (QFile::remove(path))
        m_state->used -= size;
}

bool BlobArea::removeAll(const QString &dir)
{
    QDir d(dir);
    return !d.exists() || d.removeRecursively();
}

} // namespace Aula::Tablet
