#include "wpnd_harness.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <fstream>
#include <random>
#include <thread>

#include "ipc/dto_fields.h"
#include "ipc/status_dto.h"
#include "support/test_data.h"

namespace wpn::test {

namespace {

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

pid_t spawn(std::vector<std::string> argv, std::vector<std::string> env, const std::filesystem::path& out,
            const std::filesystem::path& err) {
  auto args = c_strings(argv);
  auto vars = c_strings(env);
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int null_fd = ::open("/dev/null", O_RDONLY);
  ::dup2(null_fd, STDIN_FILENO);
  ::dup2(out_fd, STDOUT_FILENO);
  ::dup2(err_fd, STDERR_FILENO);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execve(args[0], args.data(), vars.data());
  ::_exit(127);
}

std::optional<int> wait_for(pid_t pid, std::chrono::milliseconds timeout) {
  std::optional<int> status;
  eventually(
      [&] {
        int raw = 0;
        const pid_t done = ::waitpid(pid, &raw, WNOHANG);
        if (done == pid) status = raw;
        return done == pid || (done < 0 && errno == ECHILD);
      },
      timeout);
  return status;
}

}  // namespace

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

WpndHome::WpndHome() { std::filesystem::create_directories(home()); }

void WpndHome::write_config(const std::string& json) const {
  std::filesystem::create_directories(config_file().parent_path());
  std::ofstream(config_file()) << json;
}

std::vector<std::string> WpndHome::environment(const std::map<std::string, std::string>& extra) const {
  std::map<std::string, std::string> vars{{"HOME", home().string()},
                                          {"XDG_CONFIG_HOME", (root() / "config").string()},
                                          {"XDG_DATA_HOME", (root() / "data").string()},
                                          {"XDG_RUNTIME_DIR", (root() / "run").string()},
                                          {"PATH", "/usr/bin:/bin:/usr/sbin:/sbin"}};
  // Sanitizer settings must reach the children of a sanitized test run.
  for (const char* name : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"})
    if (const char* value = std::getenv(name)) vars[name] = value;
  for (const auto& [key, value] : extra) vars[key] = value;
  std::vector<std::string> env;
  for (const auto& [key, value] : vars) env.push_back(key + "=" + value);
  return env;
}

ProgramResult run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          std::chrono::milliseconds timeout) {
  TempDir capture;
  const pid_t pid = spawn(argv, env, capture / "out", capture / "err");
  BOOST_REQUIRE(pid > 0);
  ProgramResult result;
  const auto status = wait_for(pid, timeout);
  if (!status) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  } else {
    result.exit_code = exit_code_of(*status);
  }
  result.out = read_text_file(capture / "out");
  result.err = read_text_file(capture / "err");
  return result;
}

ProgramResult run_wpnctl(const WpndHome& home, const std::vector<std::string>& args) {
  std::vector<std::string> argv{WPNCTL_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, home.environment());
}

WpndProcess::WpndProcess(const WpndHome& home, std::vector<std::string> args,
                         std::map<std::string, std::string> extra_env)
    : home_(home),
      stderr_path_(home.root() / ("wpnd-" + std::to_string(::time(nullptr)) + "-" +
                                  std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ".err")) {
  // Tests keep the data port on loopback and let the kernel pick it, so parallel runs never
  // collide and nothing listens beyond 127.0.0.0/8.
  const auto given = [&](std::string_view option) { return std::find(args.begin(), args.end(), option) != args.end(); };
  if (!given("--bind")) args.insert(args.end(), {"--bind", "127.0.0.1"});
  if (!given("--data-port") && !given("--passive")) args.insert(args.end(), {"--data-port", "0"});
  args.insert(args.begin(), WPND_PATH);
  pid_ = spawn(std::move(args), home.environment(extra_env), home.root() / "wpnd.out", stderr_path_);
  BOOST_REQUIRE(pid_ > 0);
}

WpndProcess::~WpndProcess() {
  if (!exit_status_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

bool WpndProcess::running() {
  if (exit_status_) return false;
  int raw = 0;
  if (::waitpid(pid_, &raw, WNOHANG) == pid_) {
    exit_status_ = raw;
    return false;
  }
  return true;
}

bool WpndProcess::wait_ready(std::chrono::milliseconds timeout) {
  return eventually(
             [&] {
               if (!running()) return true;
               return ipc::BlockingClient::connect(home_.socket()).has_value();
             },
             timeout) &&
         running();
}

int WpndProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (!exit_status_) exit_status_ = wait_for(pid_, timeout);
  if (!exit_status_) return TimedOut;
  return exit_code_of(*exit_status_);
}

int WpndProcess::stop(int signal, std::chrono::milliseconds timeout) {
  if (running()) ::kill(pid_, signal);
  return wait_exit(timeout);
}

void WpndProcess::kill9() {
  if (!running()) return;
  ::kill(pid_, SIGKILL);
  int raw = 0;
  ::waitpid(pid_, &raw, 0);
  exit_status_ = raw;
}

std::string WpndProcess::stderr_text() const {
  std::error_code ec;
  return std::filesystem::exists(stderr_path_, ec) ? read_text_file(stderr_path_) : std::string();
}

void WpndProcess::require_ready(std::chrono::milliseconds timeout) {
  if (!wait_ready(timeout)) BOOST_FAIL("wpnd did not become ready; its output:\n" + stderr_text());
}

ipc::BlockingClient WpndProcess::connect() const {
  auto client = ipc::BlockingClient::connect(home_.socket());
  if (!client) BOOST_FAIL("cannot connect to wpnd: " + client.error().message);
  return std::move(*client);
}

Poco::Dynamic::Var call_ok(ipc::BlockingClient& client, std::string_view method, const ipc::JsonObject& params) {
  auto reply = client.call(method, params.isNull() ? ipc::make_object() : params);
  if (!reply) BOOST_FAIL(std::string(method) + ": " + reply.error().message);
  if (!*reply) BOOST_FAIL(std::string(method) + " failed: " + reply->error().message);
  return **reply;
}

ipc::ErrorInfo call_error(ipc::BlockingClient& client, std::string_view method, const ipc::JsonObject& params) {
  auto reply = client.call(method, params.isNull() ? ipc::make_object() : params);
  if (!reply) BOOST_FAIL(std::string(method) + ": " + reply.error().message);
  if (*reply) BOOST_FAIL(std::string(method) + " succeeded but should have failed");
  return reply->error();
}

}  // namespace wpn::test

#include <Poco/JSON/Parser.h>

#include <cstdio>

namespace wpn::test {

std::string write_golden_hash_file(const std::filesystem::path& path) {
  Poco::JSON::Parser parser;
  const auto root = parser.parse(read_text_file(data_path("hash.json"))).extract<Poco::JSON::Object::Ptr>();
  const auto vectors = root->getArray("vectors");
  Poco::JSON::Object::Ptr chosen;
  std::size_t chosen_size = 0;
  for (std::size_t i = 0; i < vectors->size(); ++i) {
    const auto vector = vectors->getObject(static_cast<unsigned>(i));
    const auto file = vector->getObject("file");
    const auto rule = file->getValue<std::string>("rule");
    const auto size = file->getValue<std::size_t>("size");
    if (rule.rfind("affine:", 0) != 0 || size > 2 * 1024 * 1024 || size < chosen_size) continue;
    chosen = vector;
    chosen_size = size;
  }
  BOOST_REQUIRE(!chosen.isNull());
  unsigned long long m = 0, a = 0, p = 0;
  std::sscanf(chosen->getObject("file")->getValue<std::string>("rule").c_str(), "affine:%llu:%llu:%llu", &m, &a, &p);
  std::string bytes(chosen_size, '\0');
  for (std::size_t i = 0; i < chosen_size; ++i) bytes[i] = static_cast<char>((i * m + a) % p);
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  // The key is the 16 hash bytes followed by the length as u32 little-endian (filesharing.md §2.6).
  char length[9];
  const auto n = static_cast<unsigned>(chosen_size);
  std::snprintf(length, sizeof length, "%02x%02x%02x%02x", n & 0xFF, (n >> 8) & 0xFF, (n >> 16) & 0xFF,
                (n >> 24) & 0xFF);
  return chosen->getValue<std::string>("hash_bytes") + length;
}

}  // namespace wpn::test

namespace wpn::test {

void WpndNode::start(std::vector<std::string> args) {
  wpnd = std::make_unique<WpndProcess>(home, std::move(args));
  wpnd->require_ready();
  client.emplace(wpnd->connect());
}

ipc::JsonObject WpndNode::call(std::string_view method, const std::string& params) {
  return ipc::as_object(call_ok(*client, method, *ipc::parse_json_object(params)));
}

bool WpndNode::connected() { return ipc::status_from_json(call("status")).connected; }

std::string WpndNode::parent() { return ipc::get_string(call("network.status"), "parent").value_or(""); }

std::string WpndNode::full_name() { return ipc::get_string(call("network.status"), "full_name").value_or(""); }

ipc::TransferDto WpndNode::download_row() {
  const auto page = ipc::transfer_page_from_json(call("transfers.view", R"({"list":"downloads"})"));
  return page.rows.empty() ? ipc::TransferDto{} : page.rows.front();
}

void WpndNode::search_and_download(const std::string& words) {
  ipc::JsonObject hit;
  BOOST_REQUIRE_MESSAGE(eventually(
                            [&] {
                              const auto id = *ipc::get_uint(call("search", R"({"words": ")" + words + "\"}"), "id");
                              for (int i = 0; i < 20 && hit.isNull(); ++i) {
                                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                                const auto rows = ipc::get_array(
                                    call("search.results", R"({"id":)" + std::to_string(id) + "}"), "results");
                                if (rows && rows->size() > 0) hit = rows->getObject(0);
                              }
                              return !hit.isNull();
                            },
                            std::chrono::seconds(30)),
                        "no search result for " << words);
  auto params = ipc::make_object();
  for (const char* key : {"key", "user", "handle", "file_hex"}) params->set(key, *ipc::get_string(hit, key));
  call("download", ipc::to_json_text(params));
}

std::string chosen_name_of(const std::string& full_name) {
  const auto id = full_name.rfind('_');
  if (id == std::string::npos || id < 3) return full_name;
  std::string base = full_name.substr(0, id - 3);
  while (!base.empty() && base.back() == '_') base.pop_back();
  return base;
}

void write_random(const std::filesystem::path& path, std::size_t size, unsigned seed) {
  std::filesystem::create_directories(path.parent_path());
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (auto& byte : bytes) byte = static_cast<char>(random());
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace wpn::test
