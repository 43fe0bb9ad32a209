#include "service/mapping/error_mapping.h"

namespace wpn::service {

ipc::ErrorInfo to_error(const session::EngineError& error) {
  using session::EngineErrc;
  ipc::ErrorCode code = ipc::ErrorCode::Internal;
  switch (error.code) {
    case EngineErrc::InvalidParams:
      code = ipc::ErrorCode::InvalidParams;
      break;
    case EngineErrc::NotFound:
      code = ipc::ErrorCode::NotFound;
      break;
    case EngineErrc::AlreadyExists:
      code = ipc::ErrorCode::AlreadyExists;
      break;
    case EngineErrc::Conflict:
      code = ipc::ErrorCode::Conflict;
      break;
    case EngineErrc::NotAvailable:
      code = ipc::ErrorCode::NotAvailable;
      break;
    case EngineErrc::Internal:
      code = ipc::ErrorCode::Internal;
      break;
  }
  return {code, error.message};
}

}  // namespace wpn::service
