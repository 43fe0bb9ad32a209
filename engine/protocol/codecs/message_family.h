#pragma once
// The two pieces every message family (session, shares, search, rooms, browse,
// whois, private messages, transfer requests and notices) needs for its
// dispatcher: widening one decoded message into the family's variant, and the
// frame type of whichever alternative a variant holds. Every alternative
// carries its frame type as `static constexpr std::uint16_t Type`.

#include <cstdint>
#include <type_traits>
#include <utility>
#include <variant>

#include "protocol/errors.h"

namespace wpn::protocol {

// DecodeResult<T> -> DecodeResult<Variant>, keeping the error as it is.
template <class Variant, class T>
DecodeResult<Variant> widen(DecodeResult<T> result) {
  if (!result) return tl::unexpected(result.error());
  return Variant(std::move(*result));
}

template <class Variant>
std::uint16_t type_of_variant(const Variant& message) noexcept {
  return std::visit([](const auto& m) { return std::decay_t<decltype(m)>::Type; }, message);
}

}  // namespace wpn::protocol
