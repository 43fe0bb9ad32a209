#pragma once
// Test-only access to the engine thread (e.g. stalling it on purpose). Not for the service.

#include <functional>

#include "session/engine.h"

namespace wpn::session {

void post_to_engine_thread_for_test(Engine& engine, std::function<void()> task);

}  // namespace wpn::session
