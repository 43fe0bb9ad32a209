#pragma once
// The composition root of wpnd: configuration, logging, pid file, event hub, the engine,
// IPC server, in that order; stop() takes them down in reverse. The service keeps no
// engine state: it maps the engine's values and events to the IPC and back. The POCO application
// class only parses options, calls these and waits for signals.

#include <Poco/AutoPtr.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "service/app/log_ring.h"
#include "service/app/pid_file.h"
#include "service/app/settings_store.h"
#include "service/app/wpnd_backend.h"
#include "service/ipc/dispatcher.h"
#include "service/ipc/event_hub.h"
#include "service/ipc/ipc_server.h"
#include "session/engine.h"

namespace Poco {
class Logger;
}

namespace wpn::service {

inline constexpr const char* WpndVersion = WPN_VERSION;

struct ServiceOptions {
  std::filesystem::path config_file;  // empty: the XDG default
  // Command-line settings in the order given: (setting key, text).
  std::vector<std::pair<std::string, std::string>> overrides;
  bool console_log = true;
};

struct StartError {
  bool configuration = false;  // the configuration is invalid (EX_CONFIG), else a runtime failure
  std::string message;
};

class WpndService {
 public:
  explicit WpndService(ServiceOptions options);
  ~WpndService();
  WpndService(const WpndService&) = delete;
  WpndService& operator=(const WpndService&) = delete;

  tl::expected<void, StartError> start();
  void reload();  // SIGHUP
  void tick();    // about once a second, from the main thread
  void stop();

  // One line for the service manager's status display.
  std::string summary();

  // The running engine (null before start and after stop), for in-process tests.
  session::Engine* engine() noexcept { return engine_.get(); }

 private:
  tl::expected<void, StartError> load_configuration();
  tl::expected<void, StartError> prepare_directories();
  tl::expected<void, StartError> start_subsystems();
  tl::expected<void, StartError> start_engine();

  ServiceOptions options_;
  Poco::Logger& log_;
  std::unique_ptr<SettingsStore> store_;
  std::vector<std::string> config_warnings_;
  bool config_found_ = false;
  Poco::AutoPtr<LogRing> ring_;
  std::optional<PidFile> pid_file_;
  std::unique_ptr<EventHub> hub_;
  std::unique_ptr<session::Engine> engine_;
  std::unique_ptr<WpndBackend> backend_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<IpcServer> server_;
  bool started_ = false;
};

}  // namespace wpn::service
