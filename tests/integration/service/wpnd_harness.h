#pragma once
// Runs wpnd and wpnctl as real processes on temporary directories. Nothing here sleeps for
// a fixed time: every wait polls a condition until a deadline.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ipc/transfer_dto.h"
#include "ipc_client/blocking_client.h"
#include "support/eventually.h"
#include "support/temp_dir.h"

namespace wpn::test {

using namespace std::chrono_literals;

inline constexpr auto StartTimeout = 20s;
inline constexpr auto StopTimeout = 20s;

// A private XDG world: HOME, config, data and runtime directories under one temp dir.
class WpndHome {
 public:
  WpndHome();

  const std::filesystem::path& root() const noexcept { return dir_.path(); }
  std::filesystem::path home() const { return root() / "home"; }
  std::filesystem::path config_file() const { return root() / "config" / "openwpn" / "wpnd.json"; }
  std::filesystem::path data_dir() const { return root() / "data" / "openwpn"; }
  std::filesystem::path runtime_dir() const { return root() / "run" / "openwpn"; }
  std::filesystem::path socket() const { return runtime_dir() / "wpnd.sock"; }
  std::filesystem::path pid_file() const { return runtime_dir() / "wpnd.pid"; }
  std::filesystem::path default_share() const { return home() / "OpenWPN Shared"; }

  void write_config(const std::string& json) const;
  // Environment for child processes (XDG variables pointing here), plus `extra`.
  std::vector<std::string> environment(const std::map<std::string, std::string>& extra = {}) const;

 private:
  TempDir dir_;
};

struct ProgramResult {
  int exit_code = -1;  // -1: killed by a signal or timed out
  std::string out;
  std::string err;
};

// Runs a program to completion (killed after `timeout`), capturing its output.
ProgramResult run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          std::chrono::milliseconds timeout = 60s);

ProgramResult run_wpnctl(const WpndHome& home, const std::vector<std::string>& args);

class WpndProcess {
 public:
  WpndProcess(const WpndHome& home, std::vector<std::string> args = {"--data-port", "0"},
              std::map<std::string, std::string> extra_env = {});
  ~WpndProcess();
  WpndProcess(const WpndProcess&) = delete;
  WpndProcess& operator=(const WpndProcess&) = delete;

  pid_t pid() const noexcept { return pid_; }
  // Until a client can connect and say hello; false if wpnd exited or the deadline passed.
  bool wait_ready(std::chrono::milliseconds timeout = StartTimeout);
  // wait_ready, failing the test with wpnd's output when it does not get there.
  void require_ready(std::chrono::milliseconds timeout = StartTimeout);
  // Sends `signal` and waits for the exit code (-1: killed by a signal, TimedOut: still running).
  static constexpr int TimedOut = -2;
  int stop(int signal = 15, std::chrono::milliseconds timeout = StopTimeout);
  int wait_exit(std::chrono::milliseconds timeout);
  void kill9();
  std::string stderr_text() const;
  bool running();

  ipc::BlockingClient connect() const;

 private:
  const WpndHome& home_;
  std::filesystem::path stderr_path_;
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
};

// Exit code of a waitpid status, or -1 for a signal.
int exit_code_of(int status);

// Calls a method and returns its result, failing the test on any error.
Poco::Dynamic::Var call_ok(ipc::BlockingClient& client, std::string_view method,
                           const ipc::JsonObject& params = nullptr);
ipc::ErrorInfo call_error(ipc::BlockingClient& client, std::string_view method,
                          const ipc::JsonObject& params = nullptr);

// One wpnd of a multi-node test: its own home, the process and a blocking client.
struct WpndNode {
  WpndHome home;
  std::unique_ptr<WpndProcess> wpnd;
  std::optional<ipc::BlockingClient> client;

  void start(std::vector<std::string> args);
  // The result of a method that must succeed; `params` as JSON text.
  ipc::JsonObject call(std::string_view method, const std::string& params = "{}");
  bool connected();
  std::string parent();             // the hub a secondary is logged in to, HOST:PORT
  std::string full_name();          // its name on the network
  ipc::TransferDto download_row();  // the first download, or an empty row
  // Searches for `words` until a result comes (failing the test after 30 s) and asks for the
  // first result's file.
  void search_and_download(const std::string& words);
};

// `size` bytes from a generator seeded with `seed`, written to `path` (folders created).
void write_random(const std::filesystem::path& path, std::size_t size, unsigned seed);

// The name a node was started with (one not ending in digits), from its full network name
// ("t0_482_12345" -> "t0"): drops the client id and the digits and padding added at setup.
std::string chosen_name_of(const std::string& full_name);

}  // namespace wpn::test

namespace wpn::test {

// A file from tests/data/hash.json (the largest affine-rule vector up to 2 MiB) written to
// `path`, with the 20-byte key the vector documents, as 40 hex digits.
std::string write_golden_hash_file(const std::filesystem::path& path);

}  // namespace wpn::test
