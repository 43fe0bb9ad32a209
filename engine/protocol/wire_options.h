#pragma once
// Every wire choice that is uncertain ([U]) or our own proposal ([P]) in the
// protocol documents, in one place, so a capture from a real peer can settle it
// by changing one value. docs/wire-options.md lists each with its source.
// Packets whose layout depends on an entry here are hex-traced by the callers
// (see is_traced_type).

#include <cstdint>

namespace wpn::protocol {

struct WireOptions {
  // --- shared fields ------------------------------------------------------
  // meta_len written before a non-empty metadata block (10 or 11 on the wire; §2.7).
  std::uint8_t metadata_length = 11;

  // --- session, shares, search (codecs/session, shares, search, rooms) -----

  // --- browse, whois, private messages, transfers (codecs/browse, whois, pm, transfer) ---
};

// The defaults used when nothing else is configured.
const WireOptions& default_wire_options() noexcept;

// True for the message types whose layout rests on a [U]/[P] choice or that the
// transfer document asks to trace (0x0FAx, 0x1Bxx, 0x1Fxx, ...).
bool is_traced_type(std::uint16_t type) noexcept;

}  // namespace wpn::protocol
