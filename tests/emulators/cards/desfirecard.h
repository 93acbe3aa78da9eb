// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "card.h"
#include "platform/nfc/desfireprotocol.h"

#include <QByteArray>
#include <QMap>
#include <QVector>
#include <functional>

namespace Aula::Emulators {

/**
 * A MIFARE DESFire EV1 card (ISO 14443-4, native commands wrapped in ISO 7816-4 APDUs) with
 * AES keys only, enough for Aula's badges: GetVersion, SelectApplication, AuthenticateAES,
 * GetCardUID, CreateApplication, ChangeKey, GetKeySettings, FormatPICC, and standard data
 * files: CreateStdDataFile, WriteData, ReadData.
 *
 * Sources: NXP's public descriptions of EV1 (AN12343 and AN12752, the chapters on the
 * native command set, ISO wrapping, AuthenticateAES and EV1 secure messaging; AN10922 for
 * diversified keys), checked against a published transcript of a real EV1 card
 * (tests/badges/tst_desfirevectors.cpp). Guesses, stated where made:
 * - a factory-fresh EV1 ships with a DES PICC master key of zeros; this model ships an AES
 *   PICC master key of zeros because it implements no DES authentication;
 * - only AES applications can be created (key type bits 0x80); others are PARAMETER_ERROR;
 * - any error status ends the authenticated state, as EV1 does.
 *
 * Standard data files follow NXP's MF3ICDx21_41_81 (DESFire EV1) short data sheet rev. 3.1
 * §9.5/§9.6 and the native frames of AN11004 rev. 2.4: CreateStdDataFile (file number,
 * communication settings, access rights LSB first, 3-byte size) needs the application master
 * key unless the key settings allow free creation; WriteData and ReadData (file number,
 * 3-byte offset and length; length 0 reads to the end) are allowed with free access (0xE) in
 * plain, or after authenticating with the key the rights name. Guesses and limits:
 * - free access is answered in plain with no MAC when not authenticated; inside an
 *   authenticated session it is MACed like any plain command (the chain must not break);
 * - keyed access is modelled for plain files only; MACed and enciphered file data are
 *   answered ILLEGAL_COMMAND;
 * - one frame per command: no 0xAF chaining, so at most 59 bytes are read or written at once;
 * - no ISO file identifiers, no backup, value or record files.
 */
class DesfireCard : public Card
{
public:
    /** Returns @p count random bytes (RndB); the default is OpenSSL's RAND_bytes. */
    using RandomSource = std::function<QByteArray(int count)>;

    /** A blank card with a 7-byte @p uid: no applications, PICC key settings 0x0F. */
    explicit DesfireCard(QByteArray uid, RandomSource random = {});

    /**
     * Personalises without going over the air (for test fixtures): creates AES application
     * @p aid with key settings 0x0B and @p keys.size() keys, key 0 = keys[0], etc.
     */
    void addApplication(quint32 aid, const QVector<QByteArray> &keys);

    /**
     * Creates standard data file @p fileNo in application @p aid holding @p data, without
     * going over the air (fixture), in plain communication with @p rights.
     */
    void addStdDataFile(quint32 aid, quint8 fileNo, const Badges::Desfire::AccessRights &rights,
                        const QByteArray &data);
    /** The content of file @p fileNo of @p aid; empty when there is none. */
    [[nodiscard]] QByteArray fileData(quint32 aid, quint8 fileNo) const;
    /** The access rights of that file (all NoAccess when there is none). */
    [[nodiscard]] Badges::Desfire::AccessRights fileRights(quint32 aid, quint8 fileNo) const;

    /** Sets the PICC key settings (fixture): e.g. 0x0B forbids creating applications
        without the PICC master key. */
    void setPiccKeySettings(quint8 settings) { m_picc.keySettings = settings; }

    /** The current value of key @p keyNo in @p aid (0 = PICC), empty if there is none. */
    [[nodiscard]] QByteArray key(quint32 aid, int keyNo) const;
    /** Application ids on the card. */
    [[nodiscard]] QList<quint32> applications() const { return m_apps.keys(); }

    [[nodiscard]] QByteArray uid() const override { return m_uid; }
    [[nodiscard]] QByteArray atqa() const override;
    [[nodiscard]] quint8 sak() const override { return 0x20; }
    [[nodiscard]] QByteArray ats() const override;
    void activate() override;
    [[nodiscard]] std::optional<QByteArray> exchange(const QByteArray &frame) override;

private:
    struct DataFile
    {
        quint8 mode = Badges::Desfire::CommunicationPlain;
        Badges::Desfire::AccessRights rights;
        QByteArray data;
    };
    struct Application
    {
        quint8 keySettings = 0x0F;
        QVector<QByteArray> keys;
        QVector<quint8> keyVersions;
        QMap<quint8, DataFile> files;
    };

    void resetAuthentication();
    QByteArray process(quint8 command, const QByteArray &data);
    QByteArray reply(quint8 status, const QByteArray &data = {});
    QByteArray fail(quint8 status);
    Application &current();
    bool authenticated() const { return m_authKey >= 0; }
    void macCommand(quint8 command, const QByteArray &data);
    QByteArray macReply(const QByteArray &data);

    QByteArray getVersion();
    QByteArray selectApplication(const QByteArray &data);
    QByteArray authenticate(const QByteArray &data);
    QByteArray authenticateSecondPass(const QByteArray &data);
    QByteArray getCardUid(const QByteArray &data);
    QByteArray getKeySettings(const QByteArray &data);
    QByteArray createApplication(const QByteArray &data);
    QByteArray changeKey(const QByteArray &data);
    QByteArray formatPicc(const QByteArray &data);
    QByteArray createStdDataFile(const QByteArray &data);
    QByteArray writeData(const QByteArray &data);
    QByteArray readData(const QByteArray &data);
    /** Whether @p a (one access right nibble) lets the present session in; see the cpp. */
    [[nodiscard]] bool grants(quint8 a) const;

    QByteArray m_uid;
    RandomSource m_random;
    Application m_picc;
    QMap<quint32, Application> m_apps;

    // Volatile: lost on every activate() and error.
    quint32 m_selected = 0;
    int m_authKey = -1;
    QByteArray m_sessionKey;
    QByteArray m_iv;
    enum class Pending { None, Version2, Version3, AuthProof } m_pending = Pending::None;
    int m_pendingKey = -1;
    QByteArray m_rndB;
};

} // namespace Aula::Emulators
