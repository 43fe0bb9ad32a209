// An engine in process on temporary folders, counting its logins, and a polling wait:
// the sleep-and-wake tests (engine_suspend, engine_logind).
#pragma once

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <variant>

#include "session/engine.h"
#include "support/temp_dir.h"

namespace wpn::test {

template <class Predicate>
bool wait_until(Predicate predicate, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!predicate()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

struct EngineNode {
  TempDir dir;
  session::EngineSettings settings;
  std::mutex mutex;
  int logins = 0;
  std::unique_ptr<session::Engine> engine;

  EngineNode(session::Role role, const std::string& bind) {
    settings.data_dir = (dir / "data").string();
    std::filesystem::create_directories(settings.data_dir);
    settings.index_path = (dir / "data" / "index.sqlite").string();
    settings.network.role = role;
    settings.network.bind = bind;
    settings.network.port = 0;
    settings.transfers.download_dir = (dir / "downloads").string();
  }
  void start(session::SuspendClock clock = {}) {
    auto opened = session::Engine::open(
        settings,
        [this](const session::EngineEvent& event) {
          if (std::holds_alternative<session::LoggedIn>(event)) {
            std::lock_guard lock(mutex);
            ++logins;
          }
        },
        std::move(clock));
    BOOST_REQUIRE(opened.has_value());
    engine = std::move(*opened);
    BOOST_REQUIRE(engine->start().has_value());
  }
  ~EngineNode() {
    if (engine) engine->stop();
  }
  int login_count() {
    std::lock_guard lock(mutex);
    return logins;
  }
};

}  // namespace wpn::test
