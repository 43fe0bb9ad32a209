#include "service/app/wpnd_application.h"

#include "build_commit.h"

#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionCallback.h>
#include <Poco/Util/OptionSet.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <iostream>

#include "service/app/daemonize.h"
#include "service/app/sd_notify.h"

namespace wpn::service {

namespace {

using Poco::Util::Option;
using Poco::Util::OptionCallback;

// Options that set a setting of the same meaning (the key is the option name with '_').
struct SettingOption {
  const char* name;
  const char* argument;  // nullptr: a flag
  const char* help;
  bool repeatable;
};

constexpr SettingOption SettingOptions[] = {
    {"share", "DIR", "share DIR (repeatable; replaces the configured shares)", true},
    {"data-dir", "DIR", "keep the share index and the log in DIR", false},
    {"runtime-dir", "DIR", "put the control socket and the pid file in DIR", false},
    {"role", "ROLE", "secondary, primary or cache", false},
    {"bind", "ADDR", "local address for peer connections", false},
    {"data-port", "N", "TCP port for peer connections (0 = any free port)", false},
    {"cache", "HOST:PORT", "peer cache to bootstrap from; a primary announces itself there (repeatable)", true},
    {"neighbour", "HOST:PORT", "primary: OpenWPN hub to link with, at its link port (repeatable)", true},
    {"link-port", "N", "primary: TCP port for links with other OpenWPN hubs", false},
    {"cache-port", "N", "cache: TCP port to serve hub lists on (default 7950, 0 = any free port)", false},
    {"name", "BASENAME", "user name base on the network", false},
    {"passive", nullptr, "accept no incoming peer connections (firewalled)", false},
};

std::string setting_key(const std::string& option) {
  if (option == "share") return "shares";
  if (option == "cache") return "caches";
  if (option == "neighbour") return "neighbours";
  std::string key = option;
  for (auto& c : key)
    if (c == '-') c = '_';
  return key;
}

sigset_t control_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGQUIT);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void WpndApplication::defineOptions(Poco::Util::OptionSet& options) {
  Application::defineOptions(options);  // not ServerApplication's: its --daemon forks too early
  options.addOption(Option("help", "h", "print this help and exit")
                        .callback(OptionCallback<WpndApplication>(this, &WpndApplication::on_help)));
  options.addOption(Option("version", "", "print the version and exit")
                        .callback(OptionCallback<WpndApplication>(this, &WpndApplication::on_version)));
  options.addOption(Option("config", "", "read the configuration from FILE")
                        .argument("FILE")
                        .callback(OptionCallback<WpndApplication>(this, &WpndApplication::on_config)));
  options.addOption(Option("daemon", "", "run in the background (the command returns once wpnd serves)")
                        .callback(OptionCallback<WpndApplication>(this, &WpndApplication::on_daemon)));
  for (const auto& setting : SettingOptions) {
    Option option(setting.name, "", setting.help);
    if (setting.argument != nullptr) option.argument(setting.argument);
    option.repeatable(setting.repeatable);
    option.callback(OptionCallback<WpndApplication>(this, &WpndApplication::on_setting));
    options.addOption(option);
  }
}

void WpndApplication::on_setting(const std::string& name, const std::string& value) {
  std::string text = value;
  if (name == "passive") text = "true";
  // Paths are taken relative to where wpnd was started, before it changes directory.
  if ((name == "share" || name == "data-dir" || name == "runtime-dir") && !text.empty())
    text = std::filesystem::absolute(text).lexically_normal().string();
  while (text.size() > 1 && text.back() == '/' && (name == "share" || name.ends_with("-dir"))) text.pop_back();
  options_.overrides.emplace_back(setting_key(name), text);
}

void WpndApplication::on_config(const std::string&, const std::string& value) { options_.config_file = value; }

void WpndApplication::on_help(const std::string&, const std::string&) {
  help_ = true;
  stopOptionsProcessing();
}

void WpndApplication::on_version(const std::string&, const std::string&) {
  version_ = true;
  stopOptionsProcessing();
}

// Handled in main() before POCO runs; accepted here so the option is documented.
void WpndApplication::on_daemon(const std::string&, const std::string&) {}

void WpndApplication::initialize(Poco::Util::Application& self) {
  // Every thread inherits this mask, so only sigtimedwait() in main() sees these signals.
  const sigset_t set = control_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  ServerApplication::initialize(self);
}

int WpndApplication::main(const std::vector<std::string>& args) {
  if (help_) {
    Poco::Util::HelpFormatter help(options());
    help.setCommand("wpnd");
    help.setUsage("[OPTIONS]");
    help.setHeader("OpenWPN file-sharing service for the WinMX Peer Network.");
    help.format(std::cout);
    return EXIT_OK;
  }
  if (version_) {
    std::cout << "wpnd " << WpndVersion << " (commit " << WPN_BUILD_COMMIT << ")\n";
    return EXIT_OK;
  }
  if (!args.empty()) {
    std::cerr << "wpnd: unexpected argument '" << args.front() << "' (see wpnd --help)\n";
    return EXIT_USAGE;
  }
  options_.console_log = true;
  WpndService service(options_);
  if (auto started = service.start(); !started) {
    std::cerr << "wpnd: " << started.error().message << '\n';
    service.stop();
    return started.error().configuration ? EXIT_CONFIG : EXIT_SOFTWARE;
  }
  if (is_daemon() && ::chdir("/") != 0) std::cerr << "wpnd: cannot change to /\n";
  daemon_ready();
  sd_notify("READY=1\nMAINPID=" + std::to_string(::getpid()) + "\nSTATUS=" + service.summary());
  const int status = wait_for_signals(service);
  sd_notify("STOPPING=1");
  service.stop();
  return status;
}

int WpndApplication::wait_for_signals(WpndService& service) {
  const sigset_t set = control_signals();
  for (;;) {
    timespec timeout{1, 0};
    const int signal = ::sigtimedwait(&set, nullptr, &timeout);
    if (signal < 0) {
      if (errno == EAGAIN) {
        service.tick();
        continue;
      }
      if (errno == EINTR) continue;
      return EXIT_SOFTWARE;
    }
    if (signal == SIGHUP) {
      sd_notify("RELOADING=1");
      service.reload();
      sd_notify("READY=1\nSTATUS=" + service.summary());
      continue;
    }
    return EXIT_OK;
  }
}

}  // namespace wpn::service
