// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "trackedcontroller.h"

namespace Aula::App {

// The base is named in full: Qt 6.4's qmltyperegistrar drops a base it cannot find by the
// bare name moc records, and qmllint then knows neither `tracker` nor that it is a QObject.
/**
 * The chair's controls: open the sitting, move to the next item, open and close the ballot.
 * Each `can…` says whether the chamber would accept the command now, so the page only
 * shows buttons that work.
 */
class PresidentController : public Aula::App::TrackedController
{
    Q_OBJECT
    QML_ELEMENT
    /** Whether I chair this sitting. */
    Q_PROPERTY(bool isChair READ isChair NOTIFY updated)
    Q_PROPERTY(bool canOpenSitting READ canOpenSitting NOTIFY updated)
    Q_PROPERTY(bool canNextItem READ canNextItem NOTIFY updated)
    Q_PROPERTY(bool canOpenBallot READ canOpenBallot NOTIFY updated)
    Q_PROPERTY(bool canCloseBallot READ canCloseBallot NOTIFY updated)
    Q_PROPERTY(bool canCloseSitting READ canCloseSitting NOTIFY updated)
    /** Why the ballot cannot be opened now (e.g. no quorum), empty when it can or does not apply.
     */
    Q_PROPERTY(QString ballotHint READ ballotHint NOTIFY updated)
    Q_PROPERTY(QString error READ error NOTIFY updated)
    Q_PROPERTY(bool busy READ isBusy NOTIFY updated)

public:
    explicit PresidentController(QObject *parent = nullptr);

    [[nodiscard]] bool isChair() const;
    [[nodiscard]] bool canOpenSitting() const;
    [[nodiscard]] bool canNextItem() const;
    [[nodiscard]] bool canOpenBallot() const;
    [[nodiscard]] bool canCloseBallot() const;
    [[nodiscard]] bool canCloseSitting() const;
    [[nodiscard]] QString ballotHint() const;
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] bool isBusy() const { return m_busy; }

    Q_INVOKABLE void openSitting();
    /** Makes the item after the current one current (the first when none is). */
    Q_INVOKABLE void nextItem();
    /** Opens the ballot on the current item, of the item's kind and majority. */
    Q_INVOKABLE void openBallot();
    Q_INVOKABLE void closeBallot();
    Q_INVOKABLE void closeSitting();

private:
    [[nodiscard]] bool isOpen() const;
    [[nodiscard]] const AgendaItem *currentItem() const;
    void run(const QString &type, const QJsonObject &args = {});
    QString m_error;
    bool m_busy = false;
};

} // namespace Aula::App
