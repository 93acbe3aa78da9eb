// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any bytes a client can send reach decodeClientMessage(), which must
// answer with a message or a typed error, never crash, hang or accept a malformed field.
#include "sync/protocol/protocol.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto decoded = Aula::Protocol::decodeClientMessage(
        QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (const auto *m = std::get_if<Aula::Protocol::ClientMessage>(&decoded)) {
        // Whatever was accepted has a known type and a valid id, and encodes back.
        if (!Aula::Protocol::clientMessageTypes().contains(m->type) || m->id < 1)
            __builtin_trap();
        (void)Aula::Protocol::encodeRequest(m->id, m->type, m->args);
    } else {
        const auto &e = std::get<Aula::Protocol::DecodeError>(decoded);
        if (e.error.code.isEmpty() || e.error.message.isEmpty())
            __builtin_trap();
    }
    return 0;
}
