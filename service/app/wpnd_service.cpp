#include "service/app/wpnd_service.h"

#include <Poco/Logger.h>
#include <unistd.h>

#include <random>
#include <system_error>

#include "ipc/schema.h"
#include "platform/paths.h"
#include "platform/private_dir.h"
#include "service/app/log_setup.h"
#include "service/mapping/event_mapping.h"
#include "service/mapping/settings_mapping.h"

namespace wpn::service {

namespace {

tl::unexpected<StartError> config_error(std::string message) {
  return tl::unexpected(StartError{true, std::move(message)});
}
tl::unexpected<StartError> runtime_error(std::string message) {
  return tl::unexpected(StartError{false, std::move(message)});
}

// Distinguishes runs, so a client never resumes "since N" across a restart.
std::string new_instance_id() {
  std::random_device random;
  const auto value = (static_cast<std::uint64_t>(random()) << 32) ^ random() ^ static_cast<std::uint64_t>(::getpid());
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

WpndService::WpndService(ServiceOptions options)
    : options_(std::move(options)), log_(Poco::Logger::get("wpn.service")) {}

WpndService::~WpndService() { stop(); }

tl::expected<void, StartError> WpndService::load_configuration() {
  const auto env = platform::process_environment();
  const auto file = options_.config_file.empty() ? platform::config_file(platform::config_dir(env))
                                                 : std::filesystem::absolute(options_.config_file);
  store_ = std::make_unique<SettingsStore>(default_settings(env, ::getuid()), file);
  const LoadReport report = store_->load_file();
  if (!report.errors.empty()) {
    std::string message = "invalid configuration:";
    for (const auto& error : report.errors) message += "\n  " + error;
    return config_error(message);
  }
  config_found_ = report.found;
  config_warnings_ = report.warnings;
  for (const auto& [key, text] : options_.overrides) {
    const SettingField* field = find_setting(key);
    if (field == nullptr) return config_error("unknown setting '" + key + "'");
    if (auto error = store_->set_command_line(*field, text)) return config_error("command line: " + *error);
  }
  return {};
}

tl::expected<void, StartError> WpndService::prepare_directories() {
  const ServiceSettings& settings = store_->effective();
  std::error_code ec;
  std::filesystem::create_directories(settings.data_dir, ec);
  if (ec) return runtime_error("cannot create the data directory " + settings.data_dir + ": " + ec.message());
  if (auto ready = platform::ensure_private_dir(settings.runtime_dir); !ready)
    return runtime_error("runtime directory: " + ready.error());
  return {};
}

tl::expected<void, StartError> WpndService::start() {
  if (auto loaded = load_configuration(); !loaded) return loaded;
  if (auto prepared = prepare_directories(); !prepared) return prepared;
  const ServiceSettings& settings = store_->effective();
  const std::filesystem::path data_dir(settings.data_dir);
  const std::filesystem::path runtime_dir(settings.runtime_dir);
  const auto log_file = settings.log_to_file ? data_dir / platform::LogFileName : std::filesystem::path();
  ring_ = setup_logging(settings, LogOutputs{options_.console_log, log_file});

  log_.information("wpnd " + std::string(WpndVersion) + " starting (pid " + std::to_string(::getpid()) + ", role " +
                   std::string(session::role_name(settings.role)) + ")");
  log_.information("configuration: " + store_->file().string() +
                   (config_found_ ? "" : " (not present: built-in defaults)"));
  for (const auto& warning : config_warnings_) log_.warning(warning);
  log_.information("data directory: " + data_dir.string());
  log_.information("log file: " + (log_file.empty() ? std::string("off") : log_file.string()));

  auto pid = PidFile::acquire(platform::pid_file(runtime_dir));
  if (!pid) return runtime_error(pid.error());
  pid_file_.emplace(std::move(*pid));
  log_.information("pid file: " + pid_file_->path().string());
  return start_subsystems();
}

tl::expected<void, StartError> WpndService::start_engine() {
  const ServiceSettings& settings = store_->effective();
  std::error_code ec;
  std::filesystem::create_directories(settings.download_dir, ec);
  if (ec)
    log_.warning("cannot create the download folder " + settings.download_dir + ": " + ec.message());
  else
    log_.information("download folder: " + settings.download_dir);
  // Shares first: once a client can connect, the configured roots are registered.
  auto started = engine_->start();
  if (!started) return runtime_error(started.error().message);
  log_.information("partial downloads: " + started->incomplete_dir);
  log_.information("upload queue: " + started->queue_db);
  if (started->data_port_problem)
    log_.warning("data port not open: " + *started->data_port_problem + " (transfers need it unless passive)");
  else
    log_.information(started->data_port == 0
                         ? std::string("data port: off")
                         : "data port: " + settings.bind + ":" + std::to_string(started->data_port));
  log_.information("network role: " + std::string(session::role_name(settings.role)) +
                   (settings.role == session::Role::Secondary && settings.caches.empty() && settings.hubs.empty()
                        ? " (no cache or hub configured: add one with "
                          "wpnctl network add, or import a .wsx file)"
                        : ""));
  return {};
}

tl::expected<void, StartError> WpndService::start_subsystems() {
  const ServiceSettings& settings = store_->effective();
  const bool default_shares = store_->source(*find_setting("shares")) == SettingSource::Default;
  for (const auto& path : settings.shares) {
    std::error_code ec;
    const bool existed = std::filesystem::exists(path, ec);
    if (!existed && default_shares) std::filesystem::create_directories(path, ec);
    if (ec) return runtime_error("cannot create the default share folder " + path + ": " + ec.message());
    log_.information(std::string(default_shares ? "default share folder: " : "share: ") + path +
                     (existed          ? ""
                      : default_shares ? " (created)"
                                       : " (missing)"));
  }

  hub_ = std::make_unique<EventHub>(new_instance_id());
  const auto index_path = (std::filesystem::path(settings.data_dir) / platform::IndexFileName).string();
  auto engine = session::Engine::open(to_engine_settings(settings, index_path),
                                      [hub = hub_.get()](const session::EngineEvent& event) {
                                        auto [name, data] = map_event(event);
                                        hub->publish(name, std::move(data));
                                      });
  if (!engine) return runtime_error(engine.error().message);
  engine_ = std::move(*engine);
  log_.information("share index: " + index_path);

  backend_ = std::make_unique<WpndBackend>(
      *store_, *engine_, index_path, *ring_, *hub_,
      ServiceIdentity{WpndVersion, hub_->instance(), static_cast<std::uint64_t>(::getpid()),
                      std::chrono::steady_clock::now()},
      Poco::Logger::get("wpn.service"));
  ring_->set_listener(
      [hub = hub_.get()](const ipc::LogLineDto& line) { hub->publish(ipc::event::LogsLine, ipc::to_json(line)); });
  dispatcher_ = std::make_unique<Dispatcher>(*backend_, *hub_, "wpnd " + std::string(WpndVersion));

  if (auto started = start_engine(); !started) return started;

  IpcServerOptions ipc_options;
  ipc_options.socket_path = platform::socket_path(settings.runtime_dir);
  ipc_options.owner_uid = ::getuid();
  ipc_options.max_queue_bytes = static_cast<std::size_t>(settings.ipc_client_queue_kib) * 1024;
  server_ = std::make_unique<IpcServer>(*dispatcher_, ipc_options, Poco::Logger::get("wpn.ipc"));
  if (auto listening = server_->start(); !listening) return runtime_error(listening.error());
  log_.information("control socket: " + ipc_options.socket_path.string());

  started_ = true;
  log_.information("wpnd ready: sharing " + std::to_string(settings.shares.size()) + " folder(s) as a " +
                   std::string(session::role_name(settings.role)));
  return {};
}

void WpndService::reload() {
  if (!started_) return;
  log_.information("reloading the configuration (SIGHUP)");
  backend_->reload();
}

void WpndService::tick() {
  if (!started_) return;
  backend_->publish_status_if_changed();
}

std::string WpndService::summary() {
  if (!started_) return "starting";
  const auto status = backend_->status();
  return "sharing " + std::to_string(status.files_shared) + " files" +
         (status.hashing ? ", hashing (" + std::to_string(status.bytes_to_hash / (1024 * 1024)) + " MiB left)" : "");
}

void WpndService::stop() {
  const bool was_started = started_;
  started_ = false;
  if (server_) server_->stop();
  if (engine_) engine_->stop();  // saves the queue, commits what was hashed
  if (ring_) ring_->set_listener(nullptr);
  server_.reset();
  dispatcher_.reset();
  backend_.reset();
  engine_.reset();
  hub_.reset();
  if (was_started) log_.information("wpnd stopped");
  pid_file_.reset();
}

}  // namespace wpn::service
