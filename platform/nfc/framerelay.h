// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "platform/nfc/badgereader.h"

#include <QByteArray>
#include <functional>
#include <memory>

namespace Aula {

/**
 * Runs a badge step machine (begin(), feed(), abort(), isFinished(): the server's
 * Badges::DesfireAuthenticator and DesfireEnroller, the tablet's CardSecretReader) through a
 * BadgeReader without blocking: each APDU the machine produces goes to the badge, each
 * answer back to the machine, until it finishes or the reader reports an error (which
 * aborts the machine). @p done receives the machine
 * exactly once, possibly before relayFrames() returns when the machine cannot even begin.
 *
 * The relay keeps itself alive through the reader's pending callbacks, so destroying the
 * reader drops it (and @p done is then never called).
 */
template<typename Machine>
void relayFrames(BadgeReader &reader, std::shared_ptr<Machine> machine,
                 std::function<void(Machine &)> done)
{
    struct Relay : std::enable_shared_from_this<Relay>
    {
        BadgeReader *reader;
        std::shared_ptr<Machine> machine;
        std::function<void(Machine &)> done;

        void send(const QByteArray &apdu)
        {
            reader->exchange(
                apdu, [self = this->shared_from_this()](quint64, const Result<QByteArray> &answer) {
                    self->onAnswer(answer);
                });
        }
        void onAnswer(const Result<QByteArray> &answer)
        {
            if (!answer) {
                machine->abort(answer.error());
                done(*machine);
                return;
            }
            if (auto next = machine->feed(*answer))
                send(*next);
            else
                done(*machine);
        }
    };
    auto relay = std::make_shared<Relay>();
    relay->reader = &reader;
    relay->machine = std::move(machine);
    relay->done = std::move(done);
    const QByteArray first = relay->machine->begin();
    if (relay->machine->isFinished())
        relay->done(*relay->machine);
    else
        relay->send(first);
}

} // namespace Aula
