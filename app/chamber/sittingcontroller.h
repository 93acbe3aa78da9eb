// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "trackedcontroller.h"

namespace Aula::App {

// The base is named in full: Qt 6.4's qmltyperegistrar drops a base it cannot find by the
// bare name moc records, and qmllint then knows neither `tracker` nor that it is a QObject.
/** The sitting at a glance: status, current item, attendance and quorum, my presence. */
class SittingController : public Aula::App::TrackedController
{
    Q_OBJECT
    QML_ELEMENT
    /** The sitting's status in words ("In corso", "Sospesa", …). */
    Q_PROPERTY(QString statusText READ statusText NOTIFY updated)
    /** "scheduled", "open", "suspended", "closed" (for styling only). */
    Q_PROPERTY(QString status READ status NOTIFY updated)
    Q_PROPERTY(QString currentItemTitle READ currentItemTitle NOTIFY updated)
    /** Members present, members required for quorum, and whether it holds. */
    Q_PROPERTY(int present READ present NOTIFY updated)
    Q_PROPERTY(int quorumRequired READ quorumRequired NOTIFY updated)
    Q_PROPERTY(bool quorate READ quorate NOTIFY updated)
    /** "12 presenti su 25, numero legale 13: non raggiunto". */
    Q_PROPERTY(QString quorumText READ quorumText NOTIFY updated)
    /** Whether I am recorded present. */
    Q_PROPERTY(bool iAmPresent READ iAmPresent NOTIFY updated)
    /** Whether I may check in (a member, the sitting open, not present yet). */
    Q_PROPERTY(bool canCheckIn READ canCheckIn NOTIFY updated)
    /** Whether I chair the sitting (president or vice president). */
    Q_PROPERTY(bool isChair READ isChair NOTIFY updated)
    /** My role in words. */
    Q_PROPERTY(QString roleText READ roleText NOTIFY updated)
    /** The last command's failure, in words; empty when none. */
    Q_PROPERTY(QString error READ error NOTIFY updated)

public:
    explicit SittingController(QObject *parent = nullptr);

    [[nodiscard]] QString status() const;
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QString currentItemTitle() const;
    [[nodiscard]] int present() const;
    [[nodiscard]] int quorumRequired() const;
    [[nodiscard]] bool quorate() const;
    [[nodiscard]] QString quorumText() const;
    [[nodiscard]] bool iAmPresent() const;
    [[nodiscard]] bool canCheckIn() const;
    [[nodiscard]] bool isChair() const;
    [[nodiscard]] QString roleText() const;
    [[nodiscard]] QString error() const { return m_error; }

    Q_INVOKABLE void checkIn();
    Q_INVOKABLE void checkOut();

private:
    void run(const QString &type, const QJsonObject &args = {});
    QString m_error;
};

/** Words for a command error, shared by the controllers. */
[[nodiscard]] QString describeCommandError(const Error &error);

} // namespace Aula::App
