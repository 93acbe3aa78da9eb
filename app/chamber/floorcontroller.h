// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "trackedcontroller.h"

#include <QTimer>

namespace Aula::App {

// The base is named in full: Qt 6.4's qmltyperegistrar drops a base it cannot find by the
// bare name moc records, and qmllint then knows neither `tracker` nor that it is a QObject.
/**
 * The floor: who speaks and for how long still (from the chamber's clock, so every tablet
 * shows the same), the queue, my request to speak; for the chair, grant/extend/end.
 */
class FloorController : public Aula::App::TrackedController
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString speakerName READ speakerName NOTIFY updated)
    /** Seconds the speaker has left (0 when nobody speaks or time is up). */
    Q_PROPERTY(int remainingSeconds READ remainingSeconds NOTIFY tick)
    /** "04:59". */
    Q_PROPERTY(QString remainingText READ remainingText NOTIFY tick)
    /** Names in the queue, in order. */
    Q_PROPERTY(QStringList queueNames READ queueNames NOTIFY updated)
    /** The same names as one phrase of the UI language ("Rossi, Bianchi e Verdi"). */
    Q_PROPERTY(QString queueText READ queueText NOTIFY updated)
    /** My place in the queue from 1, 0 when I have not asked. */
    Q_PROPERTY(int myPosition READ myPosition NOTIFY updated)
    Q_PROPERTY(bool canRequest READ canRequest NOTIFY updated)
    Q_PROPERTY(bool canWithdraw READ canWithdraw NOTIFY updated)
    /** Whether I am speaking (I may yield). */
    Q_PROPERTY(bool iAmSpeaking READ iAmSpeaking NOTIFY updated)
    /** Whether I chair and may grant/extend/end. */
    Q_PROPERTY(bool isChair READ isChair NOTIFY updated)
    Q_PROPERTY(bool canGrantNext READ canGrantNext NOTIFY updated)
    Q_PROPERTY(QString error READ error NOTIFY updated)

public:
    explicit FloorController(QObject *parent = nullptr);

    [[nodiscard]] QString speakerName() const;
    [[nodiscard]] int remainingSeconds() const;
    [[nodiscard]] QString remainingText() const;
    [[nodiscard]] QStringList queueNames() const;
    [[nodiscard]] QString queueText() const;
    [[nodiscard]] int myPosition() const;
    [[nodiscard]] bool canRequest() const;
    [[nodiscard]] bool canWithdraw() const { return myPosition() > 0; }
    [[nodiscard]] bool iAmSpeaking() const;
    [[nodiscard]] bool isChair() const;
    [[nodiscard]] bool canGrantNext() const;
    [[nodiscard]] QString error() const { return m_error; }

    Q_INVOKABLE void requestFloor();
    Q_INVOKABLE void withdraw();
    /** Chair: gives the floor to the first in the queue. */
    Q_INVOKABLE void grantNext();
    Q_INVOKABLE void extend(int seconds);
    /** Chair: revokes; speaker: yields. */
    Q_INVOKABLE void endSpeech();

Q_SIGNALS:
    void tick();

protected:
    void trackerUpdated() override;

private:
    void run(const QString &type, const QJsonObject &args = {});
    QTimer m_timer;
    QString m_error;
};

} // namespace Aula::App
