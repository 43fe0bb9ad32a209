// N chat clients in one room on loopback (default 1,000; --smoke: 20): join time, relay
// latency from send to every receiver (p50/p99), lines per second, and the host's RSS.
// The host is our ChatRoomServer in a child process (so its RSS is its own), or any room
// host given with --room HOST:PORT. Clients speak 3.53 from one process, spread over
// --threads loop threads (default 4) so that one thread's queue of 1,000 sockets is not
// mistaken for the host's delay; senders take turns at --rate lines per second in total
// (default 10) for --seconds (default 10). Each line carries its send time, so latency
// needs no clock shared with the host. Apart from every delivery, the figures per line
// tell the host's share: the first receiver's latency (one relay), the spread to the
// last receiver (the fan-out), and, for our host, its CPU time and bytes written per line
// (utime+stime from /proc, and the bytes_sent of its sockets from ss(8), over the sending
// phase), and the clients' own CPU per line (they share the machine's cores with the host).
// --writers sets the host's writer loops, its own counted (default: ChatRoomServer::default_writers()).
// Each client thread keeps its own latencies (no lock per delivery); clients and the
// senders' stamps use one steady clock in one process.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "net/chat_client_connection.h"
#include "net/chat_room_server.h"
#include "protocol/codecs/rooms.h"

namespace c = wpn::chat;
namespace n = wpn::net;
namespace p = wpn::protocol;
using Clock = std::chrono::steady_clock;

namespace {

struct NoBans : c::ChatRoomMediator {
  bool is_banned(std::string_view, const p::Ip4&) override { return false; }
  void add_ban(const c::ChatBan&) override {}
  bool remove_ban(std::string_view) override { return false; }
};

std::uint64_t now_us() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()).count());
}

// utime and stime of a process, in milliseconds.
struct CpuMs {
  double user = 0;
  double system = 0;
};
CpuMs cpu_ms(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string field;
  for (int i = 1; i <= 13 && stat >> field; ++i) {
  }
  unsigned long long user = 0;
  unsigned long long system = 0;
  stat >> user >> system;
  const double tick_ms = 1000.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
  return {static_cast<double>(user) * tick_ms, static_cast<double>(system) * tick_ms};
}

// Bytes the host has sent on its room connections: "bytes_sent" of every established
// socket from HOST:PORT, as ss(8) reads them from the kernel.
long long host_bytes_sent(const std::string& ip, std::uint16_t port) {
  const std::string command =
      "ss -tinH state established '( sport = :" + std::to_string(port) + " )' src " + ip + " 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return -1;
  long long total = 0;
  std::string text;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) text += buffer;
  ::pclose(pipe);
  for (std::size_t at = text.find("bytes_sent:"); at != std::string::npos; at = text.find("bytes_sent:", at + 1))
    total += std::strtoll(text.c_str() + at + 11, nullptr, 10);
  return total;
}

long rss_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      status >> kib;
      return kib;
    }
    status.ignore(1 << 12, '\n');
  }
  return -1;
}

// The host in its own process; it stops when the parent kills it.
pid_t start_host(std::uint16_t port, std::size_t users, std::size_t writers) {
  const pid_t child = ::fork();
  if (child != 0) return child;
  n::LoopThread thread;
  NoBans bans;
  c::ChatRoomConfig config;
  config.name = "Bench Room";
  config.user_limit = users + 10;
  config.pending_limit = users + 10;
  std::unique_ptr<n::ChatRoomServer> server;
  thread.call([&] {
    server = std::make_unique<n::ChatRoomServer>(thread.loop(), config, bans,
                                                 Poco::Net::SocketAddress("127.0.0.2", port), writers);
    if (!server->start()) std::_Exit(3);
  });
  ::pause();
  std::_Exit(0);
}

std::uint64_t percentile(std::vector<std::uint64_t>& values, double q) {
  if (values.empty()) return 0;
  const auto at = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(at), values.end());
  return values[at];
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t clients = 1000;
  std::size_t threads = 4;
  std::size_t batch = 50;
  std::size_t writers = n::ChatRoomServer::default_writers();
  double rate = 10;
  double seconds = 10;
  std::string room = "127.0.0.2:47411";
  bool own_host = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (arg == "--smoke") {
      clients = 20;
      seconds = 2;
    } else if (arg == "--clients") {
      clients = std::stoul(next());
    } else if (arg == "--threads") {
      threads = std::max<std::size_t>(1, std::stoul(next()));
    } else if (arg == "--writers") {
      writers = std::stoul(next());
    } else if (arg == "--batch") {
      batch = std::stoul(next());
    } else if (arg == "--rate") {
      rate = std::stod(next());
    } else if (arg == "--seconds") {
      seconds = std::stod(next());
    } else if (arg == "--room") {
      room = next();
      own_host = false;
    } else {
      std::fprintf(
          stderr,
          "usage: bench_chat_room [--smoke] [--clients N] [--threads T] [--batch B] [--writers W] [--rate LPS] "
          "[--seconds S] "
          "[--room H:P]\n");
      return 2;
    }
  }
  const Poco::Net::SocketAddress target(room);
  pid_t host = -1;
  if (own_host) host = start_host(target.port(), clients, writers);

  struct PerLine {
    std::uint64_t first_us = UINT64_MAX;
    std::uint64_t last_us = 0;
  };
  // One per client thread, touched by that thread only until the loops stop.
  struct Received {
    std::vector<std::uint64_t> latencies_us;
    std::vector<PerLine> per_line;
  };
  std::vector<Received> received(threads);
  for (auto& r : received) {
    r.per_line.resize(static_cast<std::size_t>(rate * seconds) + 1);
    r.latencies_us.reserve(static_cast<std::size_t>(rate * seconds) * clients / threads + 16);
  }
  std::atomic<std::size_t> delivered{0};
  std::atomic<std::size_t> joined{0};
  std::vector<std::unique_ptr<n::LoopThread>> loops;
  for (std::size_t t = 0; t < threads; ++t) loops.push_back(std::make_unique<n::LoopThread>());
  std::vector<std::unique_ptr<n::ChatClientConnection>> members(clients);
  const auto loop_of = [&](std::size_t i) -> n::LoopThread& { return *loops[i % threads]; };
  const auto listed = p::listed_room_name("Bench Room", p::Ip4{127, 0, 0, 2}, target.port());
  const auto join_start = Clock::now();
  // A fresh host may still be binding: the first clients retry by joining later rounds.
  std::this_thread::sleep_for(std::chrono::milliseconds(own_host ? 200 : 0));
  // Clients arrive in batches of --batch (default 50; 0: all at once, as after a host
  // restart); each batch waits for the previous one to be in.
  const std::size_t per_batch = batch == 0 ? clients : batch;
  for (std::size_t first = 0; first < clients; first += per_batch) {
    for (std::size_t i = first; i < std::min(clients, first + per_batch); ++i) {
      loop_of(i).call([&, i] {
        c::ChatClientConfig config;
        config.room = listed;
        config.name = "user" + std::to_string(i) + "000_00001";
        config.history_limit = 1;
        members[i] =
            std::make_unique<n::ChatClientConnection>(loop_of(i).loop(), config, [&, i](const c::ChatClientEvent& e) {
              if (std::holds_alternative<c::RoomJoined>(e)) ++joined;
              if (const auto* line = std::get_if<c::LineAdded>(&e)) {
                if (line->line.kind != c::LineKind::Chat) return;
                const std::uint64_t received_us = now_us();
                const auto& text = line->line.text;
                const auto mark = text.find("t=");
                if (mark == std::string::npos) return;
                const std::uint64_t sent = std::strtoull(text.c_str() + mark + 2, nullptr, 10);
                const std::size_t k = std::strtoull(text.c_str() + text.find("line ") + 5, nullptr, 10);
                const std::uint64_t latency = received_us - sent;
                Received& mine = received[i % threads];
                mine.latencies_us.push_back(latency);
                if (k < mine.per_line.size()) {
                  mine.per_line[k].first_us = std::min(mine.per_line[k].first_us, latency);
                  mine.per_line[k].last_us = std::max(mine.per_line[k].last_us, latency);
                }
                ++delivered;
              }
            });
        members[i]->connect(target, "127.0.0.3");
      });
    }
    const auto batch_start = Clock::now();
    while (joined < std::min(clients, first + per_batch) && Clock::now() - batch_start < std::chrono::seconds(20))
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  while (joined < clients && Clock::now() - join_start < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const double join_s = std::chrono::duration<double>(Clock::now() - join_start).count();
  if (joined < clients) std::fprintf(stderr, "only %zu of %zu clients joined\n", joined.load(), clients);

  const auto lines = static_cast<std::size_t>(rate * seconds);
  const auto gap = std::chrono::duration<double>(1.0 / rate);
  const CpuMs cpu_before = own_host ? cpu_ms(host) : CpuMs{};
  const CpuMs clients_before = cpu_ms(::getpid());
  const long long written_before = host_bytes_sent(target.host().toString(), target.port());
  const auto send_start = Clock::now();
  for (std::size_t k = 0; k < lines; ++k) {
    std::this_thread::sleep_until(send_start +
                                  std::chrono::duration_cast<Clock::duration>(gap * static_cast<double>(k)));
    loop_of(k % clients).call([&, k] {
      members[k % clients]->say("bench line " + std::to_string(k) + " t=" + std::to_string(now_us()));
    });
  }
  const std::size_t expected = lines * joined.load();
  const auto drain_end = Clock::now() + std::chrono::seconds(10);
  while (Clock::now() < drain_end && delivered < expected) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const double send_s = std::chrono::duration<double>(Clock::now() - send_start).count();
  const long host_rss = own_host ? rss_kib(host) : -1;
  const CpuMs cpu_after = own_host ? cpu_ms(host) : CpuMs{};
  const CpuMs clients_after = cpu_ms(::getpid());
  const long long host_written = host_bytes_sent(target.host().toString(), target.port()) - written_before;
  for (std::size_t i = 0; i < clients; ++i) loop_of(i).call([&, i] { members[i].reset(); });
  for (auto& loop : loops) loop->stop();
  if (own_host) {
    ::kill(host, SIGKILL);
    ::waitpid(host, nullptr, 0);
  }
  // The loops have stopped: their records are ours to merge.
  std::vector<std::uint64_t> latencies_us;
  std::vector<PerLine> per_line(received.front().per_line.size());
  for (const auto& r : received) {
    latencies_us.insert(latencies_us.end(), r.latencies_us.begin(), r.latencies_us.end());
    for (std::size_t k = 0; k < per_line.size(); ++k) {
      per_line[k].first_us = std::min(per_line[k].first_us, r.per_line[k].first_us);
      per_line[k].last_us = std::max(per_line[k].last_us, r.per_line[k].last_us);
    }
  }
  std::printf("clients            %zu joined of %zu\n", joined.load(), clients);
  std::printf("join time          %.2f s\n", join_s);
  std::printf("lines sent         %zu at %.1f/s\n", lines, rate);
  std::printf("deliveries         %zu of %zu (%.1f per second)\n", latencies_us.size(), expected,
              static_cast<double>(latencies_us.size()) / send_s);
  std::printf("latency p50        %.3f ms\n", static_cast<double>(percentile(latencies_us, 0.50)) / 1000.0);
  std::printf("latency p99        %.3f ms\n", static_cast<double>(percentile(latencies_us, 0.99)) / 1000.0);
  // Any host: what its sockets sent while the lines went round (keep-alives included).
  std::printf("host bytes/line    %.0f (%.1f per delivery)\n",
              static_cast<double>(host_written) / static_cast<double>(lines),
              static_cast<double>(host_written) / static_cast<double>(std::max<std::size_t>(1, expected)));
  std::vector<std::uint64_t> first;
  std::vector<std::uint64_t> spread;
  for (std::size_t k = 0; k < lines && k < per_line.size(); ++k) {
    if (per_line[k].first_us == UINT64_MAX) continue;
    first.push_back(per_line[k].first_us);
    spread.push_back(per_line[k].last_us - per_line[k].first_us);
  }
  std::printf("first receiver     p50 %.3f ms, p99 %.3f ms\n", static_cast<double>(percentile(first, 0.50)) / 1000.0,
              static_cast<double>(percentile(first, 0.99)) / 1000.0);
  std::printf("first to last      p50 %.3f ms, p99 %.3f ms\n", static_cast<double>(percentile(spread, 0.50)) / 1000.0,
              static_cast<double>(percentile(spread, 0.99)) / 1000.0);
  if (own_host) {
    const auto per_line_ms = [&](double ms) { return ms / static_cast<double>(lines); };
    std::printf("host CPU per line  %.2f ms user + %.2f ms system\n", per_line_ms(cpu_after.user - cpu_before.user),
                per_line_ms(cpu_after.system - cpu_before.system));
    std::printf("host RSS           %.1f MiB\n", static_cast<double>(host_rss) / 1024.0);
    std::printf("host writers       %zu\n", writers);
  }
  std::printf("clients CPU/line   %.2f ms user + %.2f ms system\n",
              (clients_after.user - clients_before.user) / static_cast<double>(lines),
              (clients_after.system - clients_before.system) / static_cast<double>(lines));
  return latencies_us.size() >= expected && joined == clients ? 0 : 1;
}
