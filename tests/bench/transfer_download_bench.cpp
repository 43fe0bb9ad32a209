// The engine thread's CPU per MiB of a download capped at 1 MiB/s, against the same file
// downloaded uncapped on the same loop, both from one uploader (127.0.0.2) on loopback.
// A capped download must read in quanta, not wake for every few bytes the bucket earned.
// Default: 16 MiB capped; --smoke: 3 MiB. The uncapped side fetches 3x the capped size.
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "support/temp_dir.h"
#include "thread_cost.h"
#include "transfer_fixture.h"

using namespace wpn;
using wpn::bench::thread_cpu_s;
using wpn::bench::voluntary_switches;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct LoopCost {
  double cpu_ms_per_mib = 0;
  double wakes_per_mib = 0;
  double seconds = 0;  // < 0: the download did not finish
};

}  // namespace

int main(int argc, char** argv) {
  bool smoke = false;
  for (int i = 1; i < argc; ++i) smoke = smoke || std::strcmp(argv[i], "--smoke") == 0;
  const std::uint64_t capped_size = smoke ? 3ull << 20 : 16ull << 20;
  const std::uint64_t free_size = 3 * capped_size;
  constexpr std::uint64_t CappedRate = 1 << 20;

  test::TempDir dir;
  test::SharedFiles shared(dir.path());
  test::write_random_file(shared.root() / "free.bin", free_size, 51);
  test::write_random_file(shared.root() / "capped.bin", capped_size, 52);
  const auto free_name = shared.add("free.bin");
  const auto capped_name = shared.add("capped.bin");

  test::TransferWorld world;
  auto up = test::node_settings(dir.path(), "alice_00001", "127.0.0.2");
  up.upload.slots = 10;
  world.add_node(up, &shared.lookup());
  auto& free_node = world.add_node(test::node_settings(dir.path(), "bob_00002", "127.0.0.3"), nullptr);
  auto capped_settings = test::node_settings(dir.path(), "carol_00003", "127.0.0.4");
  capped_settings.limits.download = CappedRate;
  auto& capped_node = world.add_node(capped_settings, nullptr);

  clockid_t loop_clock{};
  pid_t loop_tid = 0;
  world.call([&] {
    ::pthread_getcpuclockid(::pthread_self(), &loop_clock);
    loop_tid = static_cast<pid_t>(::gettid());
  });
  const auto download = [&](net::TransferManager& node, const std::string& file, const std::string& announced,
                            std::uint64_t size) {
    const double cpu0 = thread_cpu_s(loop_clock);
    const long wakes0 = voluntary_switches(loop_tid);
    const auto start = Clock::now();
    world.call(
        [&] { node.add_download(shared.key_of(file), announced, {world.address_of("alice_00001", announced)}); });
    const bool finished = world.wait_for(
        [&] {
          const auto rows = node.snapshot(net::SnapshotView::Downloads).rows;
          return rows.size() == 1 && rows.front().phase == transfer::TransferPhase::Finished;
        },
        120s);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double mib = static_cast<double>(size) / (1 << 20);
    return LoopCost{(thread_cpu_s(loop_clock) - cpu0) * 1e3 / mib,
                    static_cast<double>(voluntary_switches(loop_tid) - wakes0) / mib, finished ? seconds : -1};
  };
  const auto free_cost = download(free_node, "free.bin", free_name, free_size);
  const auto capped_cost = download(capped_node, "capped.bin", capped_name, capped_size);
  if (free_cost.seconds < 0 || capped_cost.seconds < 0) {
    std::printf("FAILED: a download did not finish\n");
    return 1;
  }
  // The bucket starts with one second's burst: the rest arrives at the steady rate.
  const double steady_rate = static_cast<double>(capped_size - CappedRate) / (1 << 20) / capped_cost.seconds;
  const double ratio = capped_cost.cpu_ms_per_mib / std::max(free_cost.cpu_ms_per_mib, 0.05);
  std::printf(
      "engine thread per MiB (both ends on one loop), uncapped: %.2f ms CPU, %.1f wakes; capped at 1 MiB/s: "
      "%.2f ms CPU, %.1f wakes (steady rate %.3f MiB/s)\n",
      free_cost.cpu_ms_per_mib, free_cost.wakes_per_mib, capped_cost.cpu_ms_per_mib, capped_cost.wakes_per_mib,
      steady_rate);
  constexpr double MaxCpuRatio = 25;
  std::printf("ratio capped/uncapped CPU per MiB: %.2fx (goal <= %.0fx)\n", ratio, MaxCpuRatio);
  if (ratio > MaxCpuRatio || steady_rate > 1.05) {
    std::printf("FAILED: the capped download costs too much CPU or exceeds its rate\n");
    return 1;
  }
  return 0;
}
