#include "peer_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>

#include "protocol/hex.h"
#include "support/eventually.h"

namespace wpn::test {

PeerProcess::PeerProcess(TransferWorld& world, const std::string& exe, const std::string& name, const std::string& ip,
                         const std::string& dir, const std::vector<std::string>& extra)
    : world_(world), name_(name) {
  int in_pipe[2];
  int out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  std::vector<std::string> args{exe, "--name", name, "--ip", ip, "--dir", dir};
  args.insert(args.end(), extra.begin(), extra.end());
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  to_child_->store(in_pipe[1]);
  from_child_ = out_pipe[0];

  RelayNode node;
  node.name = name;
  node.handle = protocol::NodeHandle{ip4(ip), 6257};
  node.ip = ip4(ip);
  node.data_port = [this] { return port_.load(); };
  ::signal(SIGPIPE, SIG_IGN);  // a killed child's stdin is a broken pipe
  node.deliver = [fd = to_child_](const protocol::TransferNoticeMessage& notice) {
    protocol::Bytes payload;
    protocol::encode(notice, payload);
    char type[8];
    std::snprintf(type, sizeof type, "%04x", protocol::type_of(notice));
    const std::string line = std::string("NOTICE ") + type + " " + protocol::to_hex(payload) + "\n";
    if (const int out = fd->load(); out >= 0) (void)::write(out, line.data(), line.size());
  };
  world_.call([&] { world_.relay().add(std::move(node)); });
  reader_ = std::thread([this] { read_output(); });
  if (!eventually([this] { return port_ != 0; }, std::chrono::seconds(5))) {
    throw std::runtime_error("peer did not start");
  }
}

PeerProcess::~PeerProcess() {
  kill_hard();
  if (reader_.joinable()) reader_.join();
  world_.call([this] { ::close(to_child_->exchange(-1)); });
  ::close(from_child_);
}

void PeerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void PeerProcess::send(const std::string& line) {
  const std::string text = line + "\n";
  if (const int out = to_child_->load(); out >= 0) (void)::write(out, text.data(), text.size());
}

bool PeerProcess::printed(const std::string& line) const {
  std::lock_guard lock(mutex_);
  return printed_.count(line) != 0;
}

void PeerProcess::read_output() {
  FILE* in = ::fdopen(::dup(from_child_), "r");
  char line[16384];
  while (std::fgets(line, sizeof line, in) != nullptr) {
    unsigned value = 0;
    char payload_text[16384] = {};
    if (std::sscanf(line, "PORT %u", &value) == 1) {
      port_ = static_cast<std::uint16_t>(value);
      continue;
    }
    if (std::sscanf(line, "PKT %x %16383s", &value, payload_text) != 2) {
      std::string text(line);
      if (!text.empty() && text.back() == '\n') text.pop_back();
      std::lock_guard lock(mutex_);
      printed_.insert(std::move(text));
      continue;
    }
    const auto payload = protocol::from_hex(payload_text).value_or(protocol::Bytes{});
    auto message = protocol::decode_transfer_request(static_cast<std::uint16_t>(value),
                                                     protocol::ByteView(payload.data(), payload.size()));
    if (!message) continue;
    world_.loop().post([&world = world_, name = name_, m = *message] { world.relay().route(name, m); });
  }
  std::fclose(in);
}

}  // namespace wpn::test
