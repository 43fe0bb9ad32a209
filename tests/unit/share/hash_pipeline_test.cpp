#include "share/hash_pipeline.h"

#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <vector>

#include "share/file_stat.h"
#include "support/temp_dir.h"
#include "unit/share/share_test_files.h"

using namespace wpn::share;
using namespace std::chrono_literals;
using wpn::test::eventually;
using wpn::test::expected_key;
using wpn::test::pattern_bytes;
using wpn::test::write_file;
namespace fs = std::filesystem;

namespace {

class CollectingSink final : public HashResultSink {
 public:
  void on_hashed(HashResult&& result) override {
    std::lock_guard lock(mutex_);
    hashed_[result.job.path] = result;
  }
  void on_hash_failed(HashFailure&& failure) override {
    std::lock_guard lock(mutex_);
    failed_[failure.job.path] = failure;
  }
  std::map<std::string, HashResult> hashed() const {
    std::lock_guard lock(mutex_);
    return hashed_;
  }
  std::map<std::string, HashFailure> failed() const {
    std::lock_guard lock(mutex_);
    return failed_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, HashResult> hashed_;
  std::map<std::string, HashFailure> failed_;
};

HashJob job_for(const fs::path& path) {
  HashJob job;
  job.path = path.string();
  if (auto st = stat_regular_file(job.path)) job.seen = *st;
  return job;
}

HashPipelineOptions options(unsigned threads) {
  HashPipelineOptions o;
  o.threads = threads;
  o.read_media = false;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hash_pipeline)

BOOST_AUTO_TEST_CASE(hashes_each_queued_file_to_the_protocol_key) {
  wpn::test::TempDir dir;
  CollectingSink sink;
  HashPipeline pipeline(options(2), sink);
  std::map<std::string, wpn::protocol::Bytes> contents;
  std::uint32_t seed = 1;
  for (std::size_t size : {0UL, 17UL, 131072UL, 1000000UL, 9000000UL}) {
    const auto path = dir / ("f" + std::to_string(size));
    contents[path.string()] = pattern_bytes(size, seed++);
    write_file(path, contents[path.string()]);
    BOOST_TEST(pipeline.enqueue(job_for(path)));
  }
  pipeline.start();
  BOOST_REQUIRE(pipeline.wait_idle(20s));
  const auto hashed = sink.hashed();
  BOOST_REQUIRE(hashed.size() == contents.size());
  for (const auto& [path, content] : contents) {
    BOOST_TEST(hashed.at(path).key.hex() == expected_key(content).hex(), path);
    BOOST_TEST(hashed.at(path).stat.size == content.size());
  }
  const auto progress = pipeline.progress();
  BOOST_TEST(progress.files_done == contents.size());
  BOOST_TEST(progress.bytes_done == 0U + 17U + 131072U + 1000000U + 9000000U);
}

BOOST_AUTO_TEST_CASE(reads_media_properties_of_short_and_long_files_while_hashing) {
  wpn::test::TempDir dir;
  CollectingSink sink;
  auto with_media = options(2);
  with_media.read_media = true;
  HashPipeline pipeline(with_media, sink);
  // 192 frames fit in the first hashed block, 2000 (834,000 bytes) do not.
  const std::map<std::string, std::pair<std::size_t, std::uint32_t>> files{
      {"short.mp3", {192, 5}}, {"long.mp3", {2000, 52}}, {"frames.bin", {192, 0}}};
  for (const auto& [name, frames_and_seconds] : files) {
    const auto content = wpn::test::mp3_frames(frames_and_seconds.first);
    write_file(dir / name, content);
    BOOST_TEST(pipeline.enqueue(job_for(dir / name)));
  }
  pipeline.start();
  BOOST_REQUIRE(pipeline.wait_idle(20s));
  const auto hashed = sink.hashed();
  for (const auto& [name, frames_and_seconds] : files) {
    const auto it = hashed.find((dir / name).string());
    BOOST_REQUIRE(it != hashed.end());
    BOOST_TEST(it->second.key.hex() == expected_key(wpn::test::mp3_frames(frames_and_seconds.first)).hex());
    if (frames_and_seconds.second == 0) {
      BOOST_TEST(!it->second.media.has_value(), name << ": not a media name");
      continue;
    }
    BOOST_REQUIRE_MESSAGE(it->second.media.has_value(), name);
    BOOST_TEST(it->second.media->bitrate == 128U);
    BOOST_TEST(it->second.media->frequency == 44100U);
    BOOST_TEST(it->second.media->duration == frames_and_seconds.second, name);
  }
}

// The sink runs on the worker threads, so it sees their nice value.
class NiceRecordingSink final : public HashResultSink {
 public:
  void on_hashed(HashResult&&) override { record(); }
  void on_hash_failed(HashFailure&&) override { record(); }
  std::vector<int> seen() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  void record() {
    std::lock_guard lock(mutex_);
    seen_.push_back(::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid())));
  }
  mutable std::mutex mutex_;
  std::vector<int> seen_;
};

BOOST_AUTO_TEST_CASE(workers_run_at_a_lower_priority_than_the_service) {
  wpn::test::TempDir dir;
  const int service_nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
  BOOST_REQUIRE(service_nice <= 14);
  for (const int steps : {0, 5}) {
    NiceRecordingSink sink;
    auto o = options(2);
    o.worker_nice = steps;
    HashPipeline pipeline(o, sink);
    for (int i = 0; i < 4; ++i) {
      const auto path = dir / ("n" + std::to_string(steps) + "_" + std::to_string(i));
      write_file(path, pattern_bytes(100, static_cast<std::uint32_t>(i)));
      BOOST_TEST(pipeline.enqueue(job_for(path)));
    }
    pipeline.start();
    BOOST_REQUIRE(pipeline.wait_idle(20s));
    const auto seen = sink.seen();
    BOOST_REQUIRE(seen.size() == 4U);
    for (const int nice : seen) BOOST_TEST(nice == service_nice + steps, "worker_nice " << steps);
  }
  BOOST_TEST(::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid())) == service_nice);  // the caller is untouched
}

BOOST_AUTO_TEST_CASE(pause_holds_every_worker_and_resume_finishes_the_queue) {
  wpn::test::TempDir dir;
  CollectingSink sink;
  HashPipeline pipeline(options(2), sink);
  pipeline.start();
  pipeline.pause();
  for (int i = 0; i < 3; ++i) {
    const auto path = dir / ("p" + std::to_string(i));
    write_file(path, pattern_bytes(50000, static_cast<std::uint32_t>(i)));
    pipeline.enqueue(job_for(path));
  }
  BOOST_REQUIRE(eventually([&] { return pipeline.parked_workers() == 2U; }));
  BOOST_TEST(sink.hashed().empty());
  BOOST_TEST(pipeline.progress().paused);
  BOOST_TEST(pipeline.progress().files_total == 3U);
  pipeline.resume();
  BOOST_REQUIRE(pipeline.wait_idle(20s));
  BOOST_TEST(sink.hashed().size() == 3U);
}

BOOST_AUTO_TEST_CASE(a_path_already_queued_is_not_queued_twice) {
  wpn::test::TempDir dir;
  CollectingSink sink;
  HashPipeline pipeline(options(1), sink);
  pipeline.pause();
  pipeline.start();
  const auto path = dir / "once";
  write_file(path, pattern_bytes(1000, 7));
  BOOST_TEST(pipeline.enqueue(job_for(path)));
  BOOST_TEST(!pipeline.enqueue(job_for(path)));
  pipeline.resume();
  BOOST_REQUIRE(pipeline.wait_idle(20s));
  BOOST_TEST(pipeline.stats().hash_runs == 1U);
}

BOOST_AUTO_TEST_CASE(reports_a_vanished_file_as_vanished) {
  wpn::test::TempDir dir;
  CollectingSink sink;
  HashPipeline pipeline(options(1), sink);
  pipeline.start();
  HashJob job;
  job.path = (dir / "missing").string();
  pipeline.enqueue(job);
  BOOST_REQUIRE(pipeline.wait_idle(20s));
  BOOST_REQUIRE(sink.failed().size() == 1U);
  BOOST_TEST((sink.failed().begin()->second.kind == HashFailureKind::Vanished));
}

BOOST_AUTO_TEST_CASE(refuses_a_file_that_grew_past_the_limit) {
  wpn::test::TempDir dir;
  CollectingSink sink;
  auto o = options(1);
  o.max_file_size = 100;
  HashPipeline pipeline(o, sink);
  pipeline.start();
  const auto path = dir / "grown";
  write_file(path, pattern_bytes(200, 3));
  pipeline.enqueue(job_for(path));
  BOOST_REQUIRE(pipeline.wait_idle(20s));
  BOOST_REQUIRE(sink.failed().size() == 1U);
  BOOST_TEST((sink.failed().begin()->second.kind == HashFailureKind::Refused));
  BOOST_TEST(sink.failed().begin()->second.reason.find("100") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(reads_only_the_sampled_blocks) {
  wpn::test::TempDir dir;
  CollectingSink sink;
  HashPipeline pipeline(options(1), sink);
  pipeline.start();
  const std::uint64_t size = 20'000'000;
  const auto path = dir / "big";
  write_file(path, pattern_bytes(size, 9));
  pipeline.enqueue(job_for(path));
  BOOST_REQUIRE(pipeline.wait_idle(20s));
  std::uint64_t planned = 0;
  for (const auto& sample : wpn::protocol::hash_sampling_plan(size)) planned += sample.length;
  BOOST_TEST(pipeline.stats().bytes_read == planned);
  BOOST_TEST(planned < size / 10);
}

BOOST_AUTO_TEST_CASE(the_throughput_cap_slows_reading_to_the_rate) {
  wpn::test::TempDir dir;
  CollectingSink sink;
  auto o = options(2);
  o.rate_limit_bytes_per_s = 1024 * 1024;
  HashPipeline pipeline(o, sink);
  // 16 files of 200 KiB: each hash reads one 128 KiB block, 2 MiB in all.
  for (int i = 0; i < 16; ++i) {
    const auto path = dir / ("c" + std::to_string(i));
    write_file(path, pattern_bytes(200 * 1024, static_cast<std::uint32_t>(i)));
    pipeline.enqueue(job_for(path));
  }
  const auto started = std::chrono::steady_clock::now();
  pipeline.start();
  BOOST_REQUIRE(pipeline.wait_idle(30s));
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  BOOST_TEST(pipeline.stats().bytes_read == 2U * 1024 * 1024);
  // 2 MiB less the 512 KiB burst at 1 MiB/s.
  BOOST_TEST(elapsed >= 1.4);
  BOOST_TEST(sink.hashed().size() == 16U);
}

BOOST_AUTO_TEST_CASE(a_file_modified_while_hashed_gets_the_key_of_its_new_content) {
  wpn::test::TempDir dir;
  CollectingSink sink;
  auto o = options(1);
  o.rate_limit_bytes_per_s = 256 * 1024;
  o.max_attempts = 5;
  HashPipeline pipeline(o, sink);
  const auto path = dir / "moving";
  const std::size_t size = 4 * 1024 * 1024;
  write_file(path, pattern_bytes(size, 1));
  pipeline.enqueue(job_for(path));
  pipeline.start();
  BOOST_REQUIRE(eventually([&] { return pipeline.stats().bytes_read > 0; }));
  // Overwrite in place, same size, and move the mtime clearly.
  const auto fresh = pattern_bytes(size, 2);
  const int fd = ::open(path.c_str(), O_WRONLY);
  BOOST_REQUIRE(fd >= 0);
  BOOST_REQUIRE(::pwrite(fd, fresh.data(), fresh.size(), 0) == static_cast<ssize_t>(fresh.size()));
  ::close(fd);
  fs::last_write_time(path, fs::last_write_time(path) + 5s);
  pipeline.set_rate_limit(0);
  BOOST_REQUIRE(pipeline.wait_idle(30s));
  BOOST_REQUIRE(sink.hashed().count(path.string()) == 1U);
  BOOST_TEST(sink.hashed().at(path.string()).key.hex() == expected_key(fresh).hex());
  BOOST_TEST(pipeline.stats().retries >= 1U);
}

// Producers wait for room: the queue of a large first index stays bounded in memory.
BOOST_AUTO_TEST_CASE(wait_for_room_holds_a_producer_until_the_queue_drains_below_the_limit) {
  wpn::test::TempDir dir;
  CollectingSink sink;
  HashPipeline pipeline(options(1), sink);  // not started yet: nothing leaves the queue
  for (int i = 0; i < 6; ++i) {
    const auto path = dir / ("f" + std::to_string(i));
    write_file(path, pattern_bytes(100, static_cast<std::uint32_t>(i)));
    BOOST_REQUIRE(pipeline.enqueue(job_for(path)));
  }
  BOOST_TEST(pipeline.queued() == 6u);
  BOOST_TEST(!pipeline.wait_for_room(4, 50ms));
  BOOST_TEST(pipeline.wait_for_room(7, 0ms));
  pipeline.start();
  BOOST_TEST(pipeline.wait_for_room(4, 10s));
  BOOST_TEST(pipeline.wait_idle(10s));
  BOOST_TEST(sink.hashed().size() == 6u);
  // Paused hashing does not hold producers: the scan goes on recording what it finds.
  pipeline.pause();
  for (int i = 6; i < 12; ++i) {
    const auto path = dir / ("f" + std::to_string(i));
    write_file(path, pattern_bytes(100, static_cast<std::uint32_t>(i)));
    BOOST_REQUIRE(pipeline.enqueue(job_for(path)));
  }
  BOOST_TEST(pipeline.wait_for_room(4, 0ms));
  pipeline.stop();
}

BOOST_AUTO_TEST_SUITE_END()
