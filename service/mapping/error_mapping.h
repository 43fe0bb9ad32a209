#pragma once
// Engine errors -> IPC error codes.

#include "ipc/error_code.h"
#include "session/engine_types.h"

namespace wpn::service {

ipc::ErrorInfo to_error(const session::EngineError& error);

}  // namespace wpn::service
