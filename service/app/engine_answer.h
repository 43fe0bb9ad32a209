#pragma once
// The engine's Completion that answers an IPC backend call: the engine's result, mapped to
// its DTO, goes to the BackendDone on the engine's thread. Nothing here waits; a stalled
// engine costs the request a timeout reply from the IPC server, nothing else.

#include <type_traits>
#include <utility>

#include "service/ipc/service_backend.h"
#include "service/mapping/error_mapping.h"
#include "session/engine_types.h"

namespace wpn::service {

// `map` turns the engine's value (nothing for void) into the DTO or a BackendResult of it.
template <class T, class Dto, class Map>
session::Completion<T> answer_with(BackendDone<Dto> done, Map map) {
  return [done = std::move(done), map = std::move(map)](session::EngineResult<T> result) {
    if (!result) return done(tl::unexpected(to_error(result.error())));
    if constexpr (std::is_void_v<T>)
      done(map());
    else
      done(map(std::move(*result)));
  };
}

// For calls with nothing to map (void).
inline session::Completion<void> answer_with(BackendDone<void> done) {
  return answer_with<void>(std::move(done), [] { return BackendResult<void>{}; });
}

}  // namespace wpn::service
