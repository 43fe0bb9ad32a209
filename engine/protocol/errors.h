#pragma once
// Decode errors of the protocol core. Peer input never throws: decoders return
// one of these values with the byte offset where decoding stopped.

#include <cstddef>
#include <string>
#include <system_error>

#include <tl/expected.hpp>

namespace wpn::protocol {

enum class DecodeErrc {
  Truncated = 1,      // the input ended before a field was complete
  LengthOverLimit,    // a length or count exceeds its named maximum
  UnknownType,        // a message type this decoder does not know
  WrongType,          // a frame of another type was handed to this codec
  BadValue,           // a field holds a value outside its domain
  MissingTerminator,  // a NUL-terminated string has no NUL
  TrailingBytes,      // bytes remain after a message that must end exactly
  BadHandle,          // a node handle is not "WinMX " + 12 hex digits
  BadKeyBlock,        // a 16-byte key block fails its checks
  BadRequest,         // a data-connection request line is malformed
};

const std::error_category& decode_category() noexcept;
std::error_code make_error_code(DecodeErrc e) noexcept;

struct DecodeError {
  DecodeErrc code{};
  std::size_t offset = 0;  // byte offset in the input where decoding failed

  friend bool operator==(const DecodeError&, const DecodeError&) = default;
};

// "truncated at byte 17", for logs.
std::string to_string(const DecodeError& error);

template <class T>
using DecodeResult = tl::expected<T, DecodeError>;

inline tl::unexpected<DecodeError> decode_error(DecodeErrc code, std::size_t offset) {
  return tl::unexpected<DecodeError>(DecodeError{code, offset});
}

}  // namespace wpn::protocol

template <>
struct std::is_error_code_enum<wpn::protocol::DecodeErrc> : std::true_type {};
