#pragma once
// Turning backend answers into replies, for the dispatcher's handlers. An answer may come
// from any thread; a failure to encode it becomes an `internal` reply, never an exception
// escaping into the engine's thread.

#include <exception>
#include <string>
#include <type_traits>
#include <utility>

#include "ipc/message.h"
#include "service/ipc/dispatcher.h"

namespace wpn::service {

inline ipc::Reply invalid_reply(ipc::RequestId id, const ipc::ErrorInfo& error) {
  return ipc::Reply::failure(id, error.code, error.message);
}

template <class T>
ipc::Reply reply_of(ipc::RequestId id, const BackendResult<T>& result) {
  if (!result) return ipc::Reply::failure(id, result.error().code, result.error().message);
  try {
    if constexpr (std::is_void_v<T>)
      return ipc::Reply::success(id, ipc::make_object());
    else
      return ipc::Reply::success(id, ipc::to_json(*result));
  } catch (const std::exception& e) {
    return ipc::Reply::failure(id, ipc::ErrorCode::Internal, std::string("internal error: ") + e.what());
  }
}

// The BackendDone that answers request `id` through `reply`.
template <class T>
BackendDone<T> reply_to(ipc::RequestId id, ReplyFn reply) {
  return [id, reply = std::move(reply)](BackendResult<T> result) { reply(reply_of(id, result)); };
}

}  // namespace wpn::service
