// Resource use under idle load: 1,000 idle connections on the data port plus 200 queued
// requesters while one download runs at full speed between two TransferManagers on
// loopback (127.0.0.2 -> 127.0.0.3). Reports the download throughput and the peak RSS
// of the whole process (VmHWM; goal <= 64 MB). --smoke: 100 idle, 20 queued, 16 MiB;
// --idle N, --queued N and --mib N change the load.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "raw_peer.h"
#include "support/temp_dir.h"
#include "transfer_fixture.h"

using namespace wpn;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

long status_kib(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  bool smoke = false;
  for (int i = 1; i < argc; ++i) smoke = smoke || std::strcmp(argv[i], "--smoke") == 0;
  int idle_count = smoke ? 100 : 1000;
  int queued_count = smoke ? 20 : 200;
  std::uint64_t size = smoke ? 16ull << 20 : 512ull << 20;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--idle") == 0) idle_count = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--queued") == 0) queued_count = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--mib") == 0) size = std::strtoull(argv[i + 1], nullptr, 10) << 20;
  }

  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = std::max<rlim_t>(files.rlim_cur, std::min<rlim_t>(files.rlim_max, 8192));
  ::setrlimit(RLIMIT_NOFILE, &files);

  test::TempDir dir;
  test::SharedFiles shared(dir.path());
  test::write_random_file(shared.root() / "movie.bin", size, 7);
  const auto announced = shared.add("movie.bin");
  const auto key = shared.key_of("movie.bin");

  test::TransferWorld world;
  auto up = test::node_settings(dir.path(), "alice_00001", "127.0.0.2");
  up.upload.slots = 1;
  up.upload.queue_limit = 1000;
  up.listener.first_bytes_timeout = 600s;  // they must stay idle for the whole run
  up.listener.max_connections = 4096;
  auto& uploader = world.add_node(up, &shared.lookup());
  auto& downloader = world.add_node(test::node_settings(dir.path(), "bob_00002", "127.0.0.3"), nullptr);
  std::uint16_t port = 0;
  world.call([&] { port = uploader.data_port(); });

  // The download takes the only slot first; everyone after it waits in the queue.
  const auto start = Clock::now();
  world.call([&] { downloader.add_download(key, announced, {world.address_of("alice_00001", announced)}); });
  std::vector<test::RawPeer> idle;
  idle.reserve(static_cast<std::size_t>(idle_count));
  for (int i = 0; i < idle_count; ++i) idle.emplace_back("127.0.3." + std::to_string(1 + i / 10), "127.0.0.2", port);
  world.call([&] {
    for (int i = 0; i < queued_count; ++i) {
      protocol::UploadRequested request;
      request.requester = {protocol::NodeHandle{test::ip4("127.0.4.1"), static_cast<std::uint16_t>(1000 + i)},
                           "waiter_" + std::to_string(10000 + i), announced};
      uploader.on_transfer_notice(request);
    }
  });
  std::size_t queued = 0;
  std::size_t pending = 0;
  const bool finished = world.wait_for(
      [&] {
        queued = uploader.snapshot(net::SnapshotView::UploadQueue).total;
        pending = uploader.pending_count();
        const auto rows = downloader.snapshot(net::SnapshotView::Downloads).rows;
        return rows.size() == 1 && rows.front().phase == transfer::TransferPhase::Finished;
      },
      smoke ? 60s : 300s);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  const long peak_kib = status_kib("VmHWM:");
  std::printf("idle connections held: %zu of %d; queued requesters: %zu of %d\n", pending, idle_count, queued,
              queued_count);
  if (!finished) {
    std::printf("FAILED: the download did not finish\n");
    return 1;
  }
  std::printf("download: %llu bytes in %.2f s = %.1f MB/s (written to disk)\n", static_cast<unsigned long long>(size),
              seconds, static_cast<double>(size) / 1e6 / seconds);
  std::printf("peak RSS (VmHWM, whole process, both managers): %.1f MB (goal <= 64 MB)\n",
              static_cast<double>(peak_kib) / 1024.0);
  return 0;
}
