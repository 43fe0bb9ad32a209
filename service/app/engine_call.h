#pragma once
// Waits for one engine call's completion, with a bound: the IPC backend answers
// synchronously, and a stalled engine thread must cost a request a clear error, not hang
// the control socket. Read-only views do not come here; they read the status snapshot.

#include <chrono>
#include <functional>
#include <future>
#include <memory>

#include "service/ipc/service_backend.h"
#include "service/mapping/error_mapping.h"
#include "session/engine_types.h"

namespace wpn::service {

inline constexpr auto EngineAnswerTimeout = std::chrono::seconds(5);

template <class T>
BackendResult<T> engine_call(const std::function<void(session::Completion<T>)>& call) {
  auto promise = std::make_shared<std::promise<session::EngineResult<T>>>();
  auto future = promise->get_future();
  call([promise](session::EngineResult<T> result) { promise->set_value(std::move(result)); });
  if (future.wait_for(EngineAnswerTimeout) != std::future_status::ready)
    return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::Internal, "the engine did not answer within 5 s"});
  auto result = future.get();
  if (!result) return tl::unexpected(to_error(result.error()));
  if constexpr (std::is_void_v<T>)
    return {};
  else
    return std::move(*result);
}

}  // namespace wpn::service
