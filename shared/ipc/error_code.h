#pragma once
// The one list of IPC error codes. On the wire a code is its name (a stable snake_case
// string); never rename or reuse one, only append.

#include <optional>
#include <string>
#include <string_view>

namespace wpn::ipc {

enum class ErrorCode {
  BadFrame,            // not a JSON object, or no usable id: the connection is closed
  FrameTooLarge,       // length prefix above the cap: the connection is closed
  HelloRequired,       // a request came before the hello
  UnsupportedVersion,  // the client speaks another major protocol version
  BadRequest,          // id or method missing or of the wrong type
  UnknownMethod,       // no such method in any version
  InvalidParams,       // params missing, of the wrong type or out of range
  NotAvailable,        // the area exists but is not part of this build
  NotFound,            // the share, file or setting named does not exist
  AlreadyExists,       // adding something that is already there
  PermissionDenied,    // the peer is not the service's owner
  Conflict,            // refused in the current state (e.g. a setting fixed on the command line)
  Overloaded,          // the client does not read its replies fast enough
  ShuttingDown,        // the service is stopping
  Internal             // a bug or an unexpected failure inside the service
};

std::string_view to_string(ErrorCode code) noexcept;
std::optional<ErrorCode> error_code_from_string(std::string_view name) noexcept;

// Whether the server closes the connection after sending this error.
bool closes_connection(ErrorCode code) noexcept;

struct ErrorInfo {
  ErrorCode code = ErrorCode::Internal;
  std::string message;  // for people; clients branch on code only

  friend bool operator==(const ErrorInfo&, const ErrorInfo&) = default;
};

}  // namespace wpn::ipc
