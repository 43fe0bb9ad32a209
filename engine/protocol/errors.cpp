#include "protocol/errors.h"

namespace wpn::protocol {
namespace {

class DecodeCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "wpn.decode"; }

  std::string message(int value) const override {
    switch (static_cast<DecodeErrc>(value)) {
      case DecodeErrc::Truncated:
        return "truncated";
      case DecodeErrc::LengthOverLimit:
        return "length over limit";
      case DecodeErrc::UnknownType:
        return "unknown message type";
      case DecodeErrc::WrongType:
        return "wrong message type";
      case DecodeErrc::BadValue:
        return "bad field value";
      case DecodeErrc::MissingTerminator:
        return "string without terminator";
      case DecodeErrc::TrailingBytes:
        return "trailing bytes";
      case DecodeErrc::BadHandle:
        return "malformed node handle";
      case DecodeErrc::BadKeyBlock:
        return "invalid key block";
      case DecodeErrc::BadRequest:
        return "malformed request";
    }
    return "unknown decode error";
  }
};

}  // namespace

const std::error_category& decode_category() noexcept {
  static const DecodeCategory category;
  return category;
}

std::error_code make_error_code(DecodeErrc e) noexcept { return {static_cast<int>(e), decode_category()}; }

std::string to_string(const DecodeError& error) {
  return make_error_code(error.code).message() + " at byte " + std::to_string(error.offset);
}

}  // namespace wpn::protocol
