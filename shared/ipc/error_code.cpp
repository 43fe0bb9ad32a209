#include "ipc/error_code.h"

#include <array>
#include <utility>

namespace wpn::ipc {

namespace {

constexpr std::array<std::pair<ErrorCode, std::string_view>, 15> Names{{
    {ErrorCode::BadFrame, "bad_frame"},
    {ErrorCode::FrameTooLarge, "frame_too_large"},
    {ErrorCode::HelloRequired, "hello_required"},
    {ErrorCode::UnsupportedVersion, "unsupported_version"},
    {ErrorCode::BadRequest, "bad_request"},
    {ErrorCode::UnknownMethod, "unknown_method"},
    {ErrorCode::InvalidParams, "invalid_params"},
    {ErrorCode::NotAvailable, "not_available"},
    {ErrorCode::NotFound, "not_found"},
    {ErrorCode::AlreadyExists, "already_exists"},
    {ErrorCode::PermissionDenied, "permission_denied"},
    {ErrorCode::Conflict, "conflict"},
    {ErrorCode::Overloaded, "overloaded"},
    {ErrorCode::ShuttingDown, "shutting_down"},
    {ErrorCode::Internal, "internal"},
}};

}  // namespace

std::string_view to_string(ErrorCode code) noexcept {
  for (const auto& [value, name] : Names)
    if (value == code) return name;
  return "internal";
}

std::optional<ErrorCode> error_code_from_string(std::string_view name) noexcept {
  for (const auto& [value, text] : Names)
    if (text == name) return value;
  return std::nullopt;
}

bool closes_connection(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::BadFrame:
    case ErrorCode::FrameTooLarge:
    case ErrorCode::UnsupportedVersion:
    case ErrorCode::PermissionDenied:
    case ErrorCode::Overloaded:
    case ErrorCode::ShuttingDown:
      return true;
    default:
      return false;
  }
}

}  // namespace wpn::ipc
