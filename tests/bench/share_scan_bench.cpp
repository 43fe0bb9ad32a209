// Share scanning against the tools a user would compare it with, on one generated tree and
// the same warm page cache (dropping the cache needs privileges), order alternated per round,
// medians reported:
//   first full index, hashing included   vs  cat of every file        (goal <= 1.5x)
//   rescan of the unchanged tree         vs  find -printf '%s %T@ %p\n' (goal <= 1.25x)
// Default: 100,000 files in 1,000 folders, 5 rounds. --smoke: 500 files in 10 folders, 2 rounds.
// --plain names the files .bin, which leaves out reading media properties with TagLib.
// --rescan-only indexes once, untimed, and measures only the rescan against find.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "share/share_library.h"
#include "share/sqlite_share_index.h"
#include "support/temp_dir.h"

namespace fs = std::filesystem;
using namespace wpn::share;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int files = 100000;
  int folders = 1000;
  int rounds = 5;
  std::size_t max_size = 16 * 1024;  // sizes spread over 1 .. max_size bytes
  std::string extension = ".mp3";    // --plain: ".bin", no media properties to read
  bool rescan_only = false;
};

double cpu_seconds() {
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  const auto secs = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return secs(usage.ru_utime) + secs(usage.ru_stime);
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Files are MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, 417 bytes each) with random
// payload, so the media-property reader does the work it does on a real music library.
constexpr std::size_t FrameSize = 417;

std::uint64_t generate_tree(const fs::path& root, const Options& o) {
  std::uint64_t total = 0;
  std::uint32_t x = 12345;
  std::vector<char> buffer(o.max_size + FrameSize);
  for (std::size_t i = 0; i < buffer.size(); ++i) {
    x = x * 1664525U + 1013904223U;
    buffer[i] = static_cast<char>(x >> 24);
    if (i % FrameSize == 0) {
      buffer[i] = static_cast<char>(0xFF);
    } else if (i % FrameSize == 1) {
      buffer[i] = static_cast<char>(0xFB);
    } else if (i % FrameSize == 2) {
      buffer[i] = static_cast<char>(0x90);
    } else if (i % FrameSize == 3) {
      buffer[i] = static_cast<char>(0x64);
    }
  }
  for (int d = 0; d < o.folders; ++d) fs::create_directories(root / ("artist" + std::to_string(d)));
  for (int i = 0; i < o.files; ++i) {
    x = x * 1664525U + 1013904223U;
    const std::size_t size = 1 + (x >> 8) % o.max_size;
    const auto path = root / ("artist" + std::to_string(i % o.folders)) / ("track" + std::to_string(i) + o.extension);
    std::ofstream out(path, std::ios::binary);
    buffer[5] = static_cast<char>(i);  // no two files alike
    buffer[6] = static_cast<char>(i >> 8);
    buffer[7] = static_cast<char>(i >> 16);
    out.write(buffer.data(), static_cast<std::streamsize>(size));
    total += size;
  }
  return total;
}

double run_shell(const std::string& command) {
  const auto start = Clock::now();
  const int rc = std::system(command.c_str());
  const double t = seconds_since(start);
  if (rc != 0) {
    std::fprintf(stderr, "reference command failed (%d): %s\n", rc, command.c_str());
    std::exit(1);
  }
  return t;
}

ShareSettings settings_for(const fs::path& root) {
  ShareSettings settings;
  settings.roots = {ShareRootConfig{root.string(), "Bench"}};
  settings.mode = ShareMode::All;
  settings.fallback_rescan_interval = std::chrono::hours(1);
  return settings;
}

// Start on an empty index until every file is hashed and committed. Adds the process's CPU
// time for it to `cpu`.
double full_index(const fs::path& root, const std::string& db, int expected_files, std::vector<double>& cpu) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
  auto index = SqliteShareIndex::open(db).value();
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  double t = 0;
  {
    ShareLibrary library(settings_for(root), *index, {});
    if (!library.start() || !library.wait_idle(std::chrono::hours(1))) {
      std::fprintf(stderr, "full index did not finish\n");
      std::exit(1);
    }
    t = seconds_since(start);
  }
  cpu.push_back(cpu_seconds() - cpu_start);
  const auto counts = index->counts().value();
  if (counts.hashed != static_cast<std::uint64_t>(expected_files)) {
    std::fprintf(stderr, "full index hashed %llu of %d files\n", static_cast<unsigned long long>(counts.hashed),
                 expected_files);
    std::exit(1);
  }
  return t;
}

// A rescan of the unchanged, already indexed tree: from the request to ScanFinished.
double rescan(ShareLibrary& library, const fs::path& root, std::mutex& m, std::condition_variable& cv, int& finished) {
  std::unique_lock lock(m);
  const int before = finished;
  const auto start = Clock::now();
  library.rescan(root.string());
  cv.wait(lock, [&] { return finished > before; });
  return seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--smoke") {
      o.files = 500;
      o.folders = 10;
      o.rounds = 2;
    } else if (arg == "--plain") {
      o.extension = ".bin";
    } else if (arg == "--rescan-only") {
      o.rescan_only = true;
    } else if (arg == "--files" && i + 1 < argc) {
      o.files = std::atoi(argv[++i]);
    } else if (arg == "--folders" && i + 1 < argc) {
      o.folders = std::atoi(argv[++i]);
    } else if (arg == "--rounds" && i + 1 < argc) {
      o.rounds = std::atoi(argv[++i]);
    }
  }
  wpn::test::TempDir dir;
  const fs::path root = dir / "tree";
  const std::string db = (dir / "index.db").string();
  const auto gen_start = Clock::now();
  const auto bytes = generate_tree(root, o);
  std::printf("tree: %d files in %d folders, %.1f MB, generated in %.1f s\n", o.files, o.folders,
              static_cast<double>(bytes) / 1e6, seconds_since(gen_start));

  const std::string cat = "find '" + root.string() + "' -type f -print0 | xargs -0 cat > /dev/null";
  const std::string find = "find '" + root.string() + "' -printf '%s %T@ %p\\n' > /dev/null";
  run_shell(cat);  // warm the cache
  run_shell(find);

  std::vector<double> cat_t, index_t, index_cpu, find_t, rescan_t;
  if (o.rescan_only) full_index(root, db, o.files, index_cpu);
  for (int r = 0; r < (o.rescan_only ? 0 : o.rounds); ++r) {
    if (r % 2 == 0) {
      cat_t.push_back(run_shell(cat));
      index_t.push_back(full_index(root, db, o.files, index_cpu));
    } else {
      index_t.push_back(full_index(root, db, o.files, index_cpu));
      cat_t.push_back(run_shell(cat));
    }
  }

  {
    auto index = SqliteShareIndex::open(db).value();
    std::mutex m;
    std::condition_variable cv;
    int finished = 0;
    ShareLibrary library(settings_for(root), *index, [&](const ShareEvent& e) {
      if (std::holds_alternative<ScanFinished>(e)) {
        std::lock_guard lock(m);
        ++finished;
        cv.notify_all();
      }
    });
    if (!library.start() || !library.wait_idle(std::chrono::hours(1))) return 1;
    if (library.hash_stats().hash_runs != 0) {
      std::fprintf(stderr, "an unchanged tree was hashed again\n");
      return 1;
    }
    for (int r = 0; r < o.rounds; ++r) {
      if (r % 2 == 0) {
        find_t.push_back(run_shell(find));
        rescan_t.push_back(rescan(library, root, m, cv, finished));
      } else {
        rescan_t.push_back(rescan(library, root, m, cv, finished));
        find_t.push_back(run_shell(find));
      }
    }
    if (library.hash_stats().hash_runs != 0) return 1;
  }

  if (!o.rescan_only) {
    std::printf("full index: %.3f s median vs cat %.3f s: ratio %.2f (goal <= 1.5)\n", median(index_t), median(cat_t),
                median(index_t) / median(cat_t));
    std::printf("            CPU time of the full index: %.3f s median (%.1f us per file)\n", median(index_cpu),
                median(index_cpu) * 1e6 / o.files);
  }
  const double rescan_ratio = median(rescan_t) / median(find_t);
  std::printf("rescan:     %.3f s median vs find %.3f s: ratio %.2f (goal <= 1.25)\n", median(rescan_t), median(find_t),
              rescan_ratio);
  std::printf("rounds: %d, order alternated\n", o.rounds);
  return 0;
}
