// wpnd's life as a process: the embedded default, directories and permissions, signals,
// a second instance, bad configuration, --daemon, systemd readiness and SIGHUP reload.
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstring>
#include <string>

#include "ipc/params.h"
#include "ipc/setting_dto.h"
#include "ipc/share_dto.h"
#include "ipc/status_dto.h"
#include "support/test_data.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn::test;
using namespace wpn;

unsigned mode_of(const std::filesystem::path& path) {
  struct stat st {};
  ::lstat(path.c_str(), &st);
  return st.st_mode & 07777;
}

ipc::SettingDto setting(ipc::BlockingClient& client, const std::string& key) {
  ipc::SettingsGetParams params{{key}};
  const auto settings = ipc::settings_from_json(ipc::as_array(call_ok(client, "settings.get", ipc::to_json(params))));
  BOOST_REQUIRE_EQUAL(settings.size(), 1u);
  return settings.front();
}

bool process_alive(pid_t pid) { return ::kill(pid, 0) == 0; }

}  // namespace

BOOST_AUTO_TEST_SUITE(wpnd_lifecycle)

BOOST_AUTO_TEST_CASE(embedded_default_shares_a_created_folder_and_says_where_everything_is) {
  WpndHome home;
  WpndProcess wpnd(home, {});
  wpnd.require_ready();
  BOOST_TEST(std::filesystem::is_directory(home.default_share()));
  BOOST_TEST(std::filesystem::exists(home.data_dir() / "shares.sqlite"));
  auto client = wpnd.connect();
  const auto status = ipc::status_from_json(ipc::as_object(call_ok(client, "status")));
  BOOST_TEST(status.role == "secondary");
  BOOST_TEST(status.pid == static_cast<std::uint64_t>(wpnd.pid()));
  const auto roots = ipc::share_roots_from_json(ipc::as_array(call_ok(client, "shares.list")));
  BOOST_REQUIRE_EQUAL(roots.size(), 1u);
  BOOST_TEST(roots.front().path == home.default_share().string());
  const std::string log = wpnd.stderr_text();
  for (const std::string& expected :
       std::vector<std::string>{"configuration: " + home.config_file().string() + " (not present: built-in defaults)",
                                "data directory: " + home.data_dir().string(),
                                "share index: " + (home.data_dir() / "shares.sqlite").string(),
                                "default share folder: " + home.default_share().string() + " (created)",
                                "control socket: " + home.socket().string(), "pid file: " + home.pid_file().string(),
                                "log file: " + (home.data_dir() / "wpnd.log").string()})
    BOOST_TEST(log.find(expected) != std::string::npos, "missing log line: " << expected);
  BOOST_TEST(wpnd.stop() == 0);
  BOOST_TEST(read_text_file(home.data_dir() / "wpnd.log").find("wpnd stopped") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(runtime_directory_and_socket_are_private_and_the_pid_file_names_the_process) {
  WpndHome home;
  WpndProcess wpnd(home);
  wpnd.require_ready();
  BOOST_TEST(mode_of(home.runtime_dir()) == 0700u);
  BOOST_TEST(mode_of(home.socket()) == 0600u);
  BOOST_TEST(read_text_file(home.pid_file()) == std::to_string(wpnd.pid()) + "\n");
}

BOOST_AUTO_TEST_CASE(sigterm_and_sigint_stop_cleanly_and_remove_socket_and_pid_file) {
  for (const int signal : {SIGTERM, SIGINT}) {
    WpndHome home;
    WpndProcess wpnd(home);
    wpnd.require_ready();
    BOOST_TEST(wpnd.stop(signal) == 0, "signal " << signal);
    BOOST_TEST(!std::filesystem::exists(home.socket()));
    BOOST_TEST(!std::filesystem::exists(home.pid_file()));
    BOOST_TEST(wpnd.stderr_text().find("wpnd stopped") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(second_instance_is_refused_with_the_first_ones_pid) {
  WpndHome home;
  WpndProcess first(home);
  first.require_ready();
  WpndProcess second(home);
  const int code = second.wait_exit(StartTimeout);
  BOOST_TEST(code != 0);
  BOOST_TEST(code != WpndProcess::TimedOut);
  BOOST_TEST(second.stderr_text().find("already running (pid " + std::to_string(first.pid())) != std::string::npos,
             second.stderr_text());
  BOOST_TEST(first.running());
  auto client = first.connect();
  call_ok(client, "status");
}

BOOST_AUTO_TEST_CASE(invalid_configuration_exits_with_ex_config_naming_file_and_key) {
  WpndHome home;
  home.write_config(R"({"data_port": "6699", "role": "leaf"})");
  WpndProcess wpnd(home, {});
  BOOST_TEST(wpnd.wait_exit(StartTimeout) == 78);
  const std::string err = wpnd.stderr_text();
  BOOST_TEST(err.find(home.config_file().string()) != std::string::npos, err);
  BOOST_TEST(err.find("data_port") != std::string::npos, err);
  BOOST_TEST(err.find("role") != std::string::npos, err);
  BOOST_TEST(!std::filesystem::exists(home.socket()));
}

BOOST_AUTO_TEST_CASE(invalid_command_line_value_exits_with_ex_config) {
  WpndHome home;
  WpndProcess wpnd(home, {"--data-port", "70000"});
  BOOST_TEST(wpnd.wait_exit(StartTimeout) == 78);
  BOOST_TEST(wpnd.stderr_text().find("data_port") != std::string::npos, wpnd.stderr_text());
}

BOOST_AUTO_TEST_CASE(command_line_overrides_the_file_which_overrides_defaults) {
  WpndHome home;
  home.write_config(R"({"role": "primary", "upload_slots": 5, "name": "FromFile"})");
  WpndProcess wpnd(home, {"--data-port", "0", "--role", "cache", "--cache-port", "0"});
  wpnd.require_ready();
  auto client = wpnd.connect();
  const auto status = ipc::status_from_json(ipc::as_object(call_ok(client, "status")));
  BOOST_TEST(status.role == "cache");
  BOOST_TEST(status.upload_slots == 5u);
  BOOST_TEST(status.name == "FromFile");
  BOOST_TEST(setting(client, "role").source == "command_line");
  BOOST_TEST(setting(client, "upload_slots").source == "file");
  BOOST_TEST(setting(client, "queue_limit").source == "default");
}

BOOST_AUTO_TEST_CASE(share_and_directory_flags_replace_the_xdg_locations) {
  WpndHome home;
  const auto shared = home.root() / "flag-share";
  std::filesystem::create_directories(shared);
  const auto data = home.root() / "flag-data";
  const auto runtime = home.root() / "flag-run";
  WpndProcess wpnd(home, {"--share", shared.string(), "--data-dir", data.string(), "--runtime-dir", runtime.string()});
  BOOST_REQUIRE(
      eventually([&] { return ipc::BlockingClient::connect(runtime / "wpnd.sock").has_value(); }, StartTimeout));
  BOOST_TEST(std::filesystem::exists(data / "shares.sqlite"));
  BOOST_TEST(!std::filesystem::exists(home.default_share()));
  auto client = ipc::BlockingClient::connect(runtime / "wpnd.sock");
  const auto roots = ipc::share_roots_from_json(ipc::as_array(call_ok(*client, "shares.list")));
  BOOST_REQUIRE_EQUAL(roots.size(), 1u);
  BOOST_TEST(roots.front().path == shared.string());
  // Shares given on the command line are not managed over IPC in that run.
  const auto other = home.root() / "other-share";
  std::filesystem::create_directories(other);
  const auto refused = call_error(*client, "shares.add", ipc::to_json(ipc::SharesAddParams{other.string()}));
  BOOST_TEST(ipc::to_string(refused.code) == "conflict");
  BOOST_TEST(refused.message.find("--share") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(daemon_returns_once_the_service_answers) {
  WpndHome home;
  const auto run = run_program({WPND_PATH, "--daemon", "--data-port", "0"}, home.environment());
  BOOST_REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  // No polling: the command returned only after the daemon was serving.
  auto client = ipc::BlockingClient::connect(home.socket());
  BOOST_REQUIRE_MESSAGE(client.has_value(), "daemon not serving after --daemon returned");
  call_ok(*client, "status");
  const pid_t pid = std::stoi(read_text_file(home.pid_file()));
  BOOST_TEST(pid != ::getpid());
  BOOST_REQUIRE(process_alive(pid));
  ::kill(pid, SIGTERM);
  BOOST_TEST(eventually([&] { return !process_alive(pid); }, StopTimeout));
  BOOST_TEST(!std::filesystem::exists(home.socket()));
}

BOOST_AUTO_TEST_CASE(daemon_with_a_bad_configuration_fails_in_the_foreground) {
  WpndHome home;
  home.write_config(R"({"upload_slots": -1})");
  const auto run = run_program({WPND_PATH, "--daemon"}, home.environment());
  BOOST_TEST(run.exit_code != 0);
  BOOST_TEST(run.err.find("upload_slots") != std::string::npos, run.err);
}

BOOST_AUTO_TEST_CASE(notifies_systemd_when_ready_and_when_stopping) {
  WpndHome home;
  const auto notify_path = home.root() / "notify.sock";
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  BOOST_REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strcpy(address.sun_path, notify_path.c_str());
  BOOST_REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  WpndProcess wpnd(home, {"--data-port", "0"}, {{"NOTIFY_SOCKET", notify_path.string()}});
  auto receive = [&](const std::string& wanted) {
    std::string got;
    const bool seen = eventually(
        [&] {
          pollfd pfd{fd, POLLIN, 0};
          if (::poll(&pfd, 1, 0) <= 0) return false;
          char buffer[4096];
          const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
          if (n > 0) got.assign(buffer, static_cast<std::size_t>(n));
          return got.find(wanted) != std::string::npos;
        },
        StartTimeout);
    return seen ? got : std::string();
  };
  const std::string ready = receive("READY=1");
  BOOST_REQUIRE_MESSAGE(!ready.empty(), wpnd.stderr_text());
  BOOST_TEST(ready.find("MAINPID=" + std::to_string(wpnd.pid())) != std::string::npos);
  // Readiness is only announced once clients can connect.
  BOOST_TEST(ipc::BlockingClient::connect(home.socket()).has_value());
  ::kill(wpnd.pid(), SIGTERM);
  BOOST_TEST(!receive("STOPPING=1").empty());
  BOOST_TEST(wpnd.wait_exit(StopTimeout) == 0);
  ::close(fd);
}

BOOST_AUTO_TEST_CASE(sighup_reloads_the_file_applying_live_settings_and_marking_restart_ones) {
  WpndHome home;
  home.write_config(R"({"upload_slots": 2})");
  WpndProcess wpnd(home);
  wpnd.require_ready();
  auto client = wpnd.connect();
  home.write_config(R"({"upload_slots": 7, "log_level": "debug", "role": "primary"})");
  ::kill(wpnd.pid(), SIGHUP);
  BOOST_REQUIRE(
      eventually([&] { return ipc::status_from_json(ipc::as_object(call_ok(client, "status"))).upload_slots == 7u; },
                 StartTimeout));
  BOOST_TEST(ipc::as_string(setting(client, "log_level").value).value_or("") == "debug");
  const auto role = setting(client, "role");
  BOOST_TEST(ipc::as_string(role.value).value_or("") == "primary");
  BOOST_TEST(role.restart_pending);
  BOOST_TEST(ipc::status_from_json(ipc::as_object(call_ok(client, "status"))).role == "secondary");
  BOOST_TEST(wpnd.stderr_text().find("configuration reloaded") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sighup_with_a_broken_file_keeps_the_running_settings) {
  WpndHome home;
  home.write_config(R"({"upload_slots": 2})");
  WpndProcess wpnd(home);
  wpnd.require_ready();
  home.write_config(R"({"upload_slots": "many")");
  ::kill(wpnd.pid(), SIGHUP);
  BOOST_REQUIRE(eventually([&] { return wpnd.stderr_text().find("configuration not reloaded") != std::string::npos; },
                           StartTimeout));
  auto client = wpnd.connect();
  BOOST_TEST(ipc::status_from_json(ipc::as_object(call_ok(client, "status"))).upload_slots == 2u);
}

BOOST_AUTO_TEST_CASE(unknown_option_is_a_usage_error) {
  WpndHome home;
  const auto run = run_program({WPND_PATH, "--no-such-option"}, home.environment());
  BOOST_TEST(run.exit_code == 64);
  BOOST_TEST(run.err.find("no-such-option") != std::string::npos, run.err);
  BOOST_TEST(run_program({WPND_PATH, "stray-argument"}, home.environment()).exit_code == 64);
  const auto help = run_program({WPND_PATH, "--help"}, home.environment());
  BOOST_TEST(help.exit_code == 0);
  for (const char* option : {"--config", "--share", "--data-dir", "--runtime-dir", "--daemon", "--role", "--bind",
                             "--data-port", "--cache", "--name", "--passive"})
    BOOST_TEST(help.out.find(option) != std::string::npos, option);
}

BOOST_AUTO_TEST_SUITE_END()
