// Share index benchmark: a synthetic library of N files (1,000,000 by default,
// 2,000 with --smoke) in a temporary SQLite index, then
// - keyword search latency (p50/p99 over random 1-3 word queries) on a read
//   connection, against the sqlite3 command-line shell running the very same
//   SQL on the same file in the same invocation;
// - peak resident memory (VmHWM) of this process holding the index open as the
//   service does (writer + reader connection), searching, building a browse
//   list and walking every folder for the share list, against the shell's peak.
// The index is built in a child process so building does not count as memory.
//
// Options: --smoke, --files N, --queries N, --keep DIR (build there and keep it),
// --build-cache-kib N (page cache of the building writer).

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "share/share_list_io.h"
#include "share/sqlite_share_index.h"

namespace {

namespace fs = std::filesystem;
using namespace wpn::share;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t Seed = 0x5EED'0FA3'2024'0001ULL;
constexpr std::size_t SearchLimit = 100;  // results per query, as OpenNap servers cap them (filesharing.md §9.3)
constexpr int FilesPerBatch = 5000;

std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}
std::uint64_t mix(std::uint64_t a, std::uint64_t b, std::uint64_t c) { return mix(mix(mix(Seed ^ a) ^ b) ^ c); }

// 4,000 made-up words plus common words that make some queries match a lot.
class Vocabulary {
 public:
  Vocabulary() {
    static const char* const Syllables[] = {"ka",  "lo",  "mi",  "ne",  "ru",  "sa",  "to", "vi", "zen", "dra",  "mor",
                                            "lin", "qua", "bel", "cor", "fen", "gal", "hy", "jo", "pri", "ster", "wen"};
    constexpr std::size_t Count = sizeof(Syllables) / sizeof(Syllables[0]);
    for (std::uint64_t i = 0; words_.size() < 4000; ++i) {
      const std::uint64_t h = mix(i, 7, 7);
      std::string word;
      const std::size_t parts = 2 + h % 2;
      for (std::size_t p = 0; p < parts; ++p) word += Syllables[(h >> (8 * p)) % Count];
      word[0] = static_cast<char>(word[0] - 'a' + 'A');
      words_.push_back(word);
    }
    for (const char* common :
         {"Love", "Night", "Live", "Remix",  "The",  "Blue", "Dance", "Heart", "Fire",     "Dream",
          "Girl", "Time",  "Rain", "Summer", "City", "Gold", "Radio", "Edit",  "Acoustic", "Mix"}) {
      common_.emplace_back(common);
    }
  }
  const std::string& word(std::uint64_t h) const {
    return h % 5 == 0 ? common_[(h >> 8) % common_.size()] : words_[(h >> 8) % words_.size()];
  }

 private:
  std::vector<std::string> words_;
  std::vector<std::string> common_;
};

struct SyntheticFile {
  std::string folder;
  std::string file;
};

// Music\<artist>\<album (year)>\<NN> - <title>.<ext>: 10 albums of 12 tracks per artist.
SyntheticFile synthetic_file(const Vocabulary& vocabulary, std::uint64_t i) {
  const std::uint64_t artist = i / 120;
  const std::uint64_t album = (i / 12) % 10;
  const std::uint64_t track = i % 12 + 1;
  SyntheticFile out;
  out.folder = "Music\\" + vocabulary.word(mix(artist, 1, 0)) + " " + vocabulary.word(mix(artist, 2, 0)) + "\\";
  const std::uint64_t ha = mix(artist, album, 3);
  out.folder += vocabulary.word(ha);
  if (ha % 2 == 0) out.folder += " " + vocabulary.word(mix(artist, album, 4));
  out.folder += " (" + std::to_string(1960 + ha % 60) + ")";
  char number[8];
  std::snprintf(number, sizeof number, "%02u", static_cast<unsigned>(track));
  out.file = std::string(number) + " -";
  const std::uint64_t ht = mix(i, 5, 5);
  for (std::uint64_t w = 0; w < 1 + ht % 4; ++w) out.file += " " + vocabulary.word(mix(i, w, 6));
  out.file += ht % 10 == 0 ? ".ogg" : (ht % 10 == 1 ? ".flac" : ".mp3");
  return out;
}

std::string random_query(const Vocabulary& vocabulary, std::uint64_t files, std::uint64_t q) {
  const SyntheticFile f = synthetic_file(vocabulary, mix(q, 9, 9) % files);
  std::vector<std::string> words;
  std::string current;
  for (const char c : f.folder.substr(6) + " " + f.file) {
    if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
      current += c;
    } else if (!current.empty()) {
      if (current != "mp3" && current != "ogg" && current != "flac") words.push_back(current);
      current.clear();
    }
  }
  const std::uint64_t h = mix(q, 10, 10);
  const std::size_t count = 1 + h % 3;
  std::string query;
  for (std::size_t k = 0; k < count && !words.empty(); ++k) {
    if (!query.empty()) query += ' ';
    std::string word = words[(h >> (8 * (k + 1))) % words.size()];
    if (k % 2 == 1)
      std::transform(word.begin(), word.end(), word.begin(), [](char c) { return static_cast<char>(std::tolower(c)); });
    query += word;
  }
  return query;
}

int build_index(const std::string& path, std::uint64_t files, int cache_kib) {
  SqliteIndexOptions options;
  if (cache_kib > 0) options.cache_kib = cache_kib;
  auto opened = SqliteShareIndex::open(path, options);
  if (!opened) {
    std::fprintf(stderr, "open: %s\n", opened.error().message.c_str());
    return 1;
  }
  auto& index = **opened;
  const Vocabulary vocabulary;
  const RootId root = index.ensure_root({0, "/srv/music", "Music", true, 0}).value();
  const Generation generation = index.begin_generation(root).value();
  std::uint64_t conflicts = 0;
  for (std::uint64_t i = 0; i < files;) {
    if (!index.begin_batch()) return 2;
    for (int n = 0; n < FilesPerBatch && i < files; ++n, ++i) {
      const SyntheticFile f = synthetic_file(vocabulary, i);
      const std::uint64_t h = mix(i, 11, 11);
      const StatIdentity stat{1'000'000 + h % 9'000'000, static_cast<std::int64_t>(h >> 20U), i + 1, 2049};
      auto scanned =
          index.record_scanned({root, "/srv/music/" + std::to_string(i), f.folder, f.file, stat}, generation);
      if (!scanned) {
        if (scanned.error().code == IndexErrc::NameConflict) {
          ++conflicts;
          continue;
        }
        std::fprintf(stderr, "record: %s\n", scanned.error().message.c_str());
        return 3;
      }
      wpn::protocol::FileKey key;
      for (std::size_t b = 0; b < 16; ++b) key.hash[b] = static_cast<std::uint8_t>(mix(i, b, 12));
      key.size = static_cast<std::uint32_t>(stat.size);
      const wpn::protocol::MediaInfo media{static_cast<std::uint16_t>(128 + h % 4 * 64), 44100,
                                           static_cast<std::uint32_t>(120 + h % 300)};
      if (!index.set_hash(scanned->id, stat, key, media)) return 4;
    }
    if (!index.commit_batch()) return 5;
  }
  if (conflicts > 0)
    std::fprintf(stderr, "(%llu synthetic names collided and were skipped)\n",
                 static_cast<unsigned long long>(conflicts));
  return 0;
}

struct Memory {
  double hwm_mb = 0;
  double rss_mb = 0;
};

Memory memory_now() {
  std::ifstream status("/proc/self/status");
  Memory m;
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) m.hwm_mb = std::strtod(line.c_str() + 6, nullptr) / 1024.0;
    if (line.rfind("VmRSS:", 0) == 0) m.rss_mb = std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return m;
}

double thread_cpu_ms() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(at, values.size() - 1)];
}

struct CliRun {
  bool ok = false;
  double wall_ms = 0;
  double maxrss_mb = 0;
  std::vector<double> real_ms;  // per statement, 1 ms resolution
  std::vector<double> cpu_ms;   // per statement, user + sys
};

// Runs `sqlite3 -batch db < script`, capturing the .timer lines.
CliRun run_cli(const std::string& db, const fs::path& script) {
  CliRun run;
  int out[2];
  if (::pipe(out) != 0) return run;
  const auto start = Clock::now();
  const pid_t child = ::fork();
  if (child < 0) return run;
  if (child == 0) {
    std::FILE* in = std::fopen(script.c_str(), "r");
    if (in == nullptr) _exit(126);
    ::dup2(::fileno(in), 0);
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::execlp("sqlite3", "sqlite3", "-batch", db.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  ::close(out[1]);
  std::string text;
  char buffer[4096];
  for (ssize_t got; (got = ::read(out[0], buffer, sizeof buffer)) > 0;)
    text.append(buffer, static_cast<std::size_t>(got));
  ::close(out[0]);
  int status = 0;
  struct rusage usage {};
  ::wait4(child, &status, 0, &usage);
  run.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  run.maxrss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    double real = 0, user = 0, sys = 0;
    if (std::sscanf(line.c_str(), "Run Time: real %lf user %lf sys %lf", &real, &user, &sys) == 3) {
      run.real_ms.push_back(real * 1000.0);
      run.cpu_ms.push_back((user + sys) * 1000.0);
    }
  }
  return run;
}

std::string sql_literal(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t files = 1'000'000;
  std::uint64_t queries = 1000;
  std::string keep;
  int cache_kib = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--smoke") {
      files = 2000;
      queries = 100;
    } else if (arg == "--files" && i + 1 < argc) {
      files = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--queries" && i + 1 < argc) {
      queries = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--build-cache-kib" && i + 1 < argc) {
      cache_kib = std::atoi(argv[++i]);
    } else if (arg == "--keep" && i + 1 < argc) {
      keep = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--smoke] [--files N] [--queries N] [--keep DIR] [--build-cache-kib N]\n",
                   argv[0]);
      return 2;
    }
  }
  fs::path dir;
  if (keep.empty()) {
    std::string pattern = (fs::temp_directory_path() / "wpn-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return 1;
    dir = pattern;
  } else {
    dir = keep;
    fs::create_directories(dir);
  }
  const std::string path = (dir / "shares.db").string();
  struct Cleanup {
    fs::path dir;
    bool keep;
    ~Cleanup() {
      std::error_code ec;
      if (!keep) fs::remove_all(dir, ec);
    }
  } cleanup{dir, !keep.empty()};

  double build_s = 0;
  if (!fs::exists(path)) {
    const auto start = Clock::now();
    const pid_t child = ::fork();
    if (child == 0) _exit(build_index(path, files, cache_kib));
    int status = 0;
    ::waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "building the index failed\n");
      return 1;
    }
    build_s = std::chrono::duration<double>(Clock::now() - start).count();
  }
  std::uintmax_t disk = 0;
  for (const auto& entry : fs::directory_iterator(dir)) disk += entry.is_regular_file() ? entry.file_size() : 0;

  const Memory before = memory_now();
  // What the service holds: the writer, and a reader for network queries.
  auto writer = SqliteShareIndex::open(path).value();
  auto reader = writer->open_reader().value();
  const auto counts = reader->counts().value();
  const Vocabulary vocabulary;

  std::vector<std::string> words(queries);
  for (std::uint64_t q = 0; q < queries; ++q) words[q] = random_query(vocabulary, files, q);
  std::vector<double> ours_ms;
  std::vector<double> ours_cpu_ms;
  std::size_t hits = 0;
  const auto search_start = Clock::now();
  for (const std::string& query : words) {
    const double cpu_start = thread_cpu_ms();
    const auto start = Clock::now();
    const auto found = reader->search_keywords(query, SearchLimit);
    ours_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    ours_cpu_ms.push_back(thread_cpu_ms() - cpu_start);
    if (!found) {
      std::fprintf(stderr, "search failed: %s\n", found.error().message.c_str());
      return 1;
    }
    hits += found->size();
  }
  const double ours_total_ms = std::chrono::duration<double, std::milli>(Clock::now() - search_start).count();

  std::size_t hash_hits = 0;
  const auto hash_start = Clock::now();
  for (std::uint64_t q = 0; q < std::min<std::uint64_t>(queries, 200); ++q) {
    wpn::protocol::ContentHash hash;
    for (std::size_t b = 0; b < 16; ++b) hash[b] = static_cast<std::uint8_t>(mix(q * 7919 % files, b, 12));
    hash_hits += reader->search_hash(hash, std::nullopt, 10).value().size();
  }
  const double hash_ms = std::chrono::duration<double, std::milli>(Clock::now() - hash_start).count() /
                         static_cast<double>(std::min<std::uint64_t>(queries, 200));
  const auto browse_start = Clock::now();
  const auto browse = reader->browse_list(BrowseCapPrimary).value();
  const double browse_ms = std::chrono::duration<double, std::milli>(Clock::now() - browse_start).count();
  const Memory after_search = memory_now();

  std::uint64_t walked = 0;
  const auto walk_start = Clock::now();
  (void)reader->for_each_folder(std::nullopt, [&](const FolderListing& listing) {
    walked += listing.files.size();
    return true;
  });
  const double walk_s = std::chrono::duration<double>(Clock::now() - walk_start).count();
  const Memory after_walk = memory_now();

  // Reference: the sqlite3 shell, same SQL, same file.
  const fs::path script = dir / "queries.sql";
  {
    std::ofstream out(script);
    out << ".timer on\n.output /dev/null\n";
    for (const std::string& query : words) {
      const auto expression = fts_match_expression(query);
      out << "SELECT " << FileColumns
          << " FROM files_fts JOIN files f ON f.id = files_fts.rowid JOIN roots r ON r.id = f.root_id WHERE files_fts "
             "MATCH "
          << sql_literal(expression.value_or("\"\"")) << " AND f.key IS NOT NULL AND r.enabled LIMIT " << SearchLimit
          << ";\n";
    }
  }
  const fs::path empty_script = dir / "empty.sql";
  std::ofstream(empty_script) << "SELECT 1;\n";
  const CliRun cli = run_cli(path, script);
  const CliRun cli_startup = run_cli(path, empty_script);

  std::printf("share index benchmark: %llu files (%llu indexed, %llu folders), %llu keyword queries, limit %zu\n",
              static_cast<unsigned long long>(files), static_cast<unsigned long long>(counts.files),
              static_cast<unsigned long long>(counts.folders), static_cast<unsigned long long>(queries), SearchLimit);
  if (build_s > 0) {
    std::printf("build: %.1f s (%.0f files/s, scan record + hash result per file, %d per commit)\n", build_s,
                static_cast<double>(files) / build_s, FilesPerBatch);
  }
  std::printf("database on disk: %.1f MB; mean hits per query: %.1f\n", static_cast<double>(disk) / 1e6,
              static_cast<double>(hits) / static_cast<double>(queries));
  std::printf(
      "hash search mean %.3f ms (%zu hits); browse list of %zu in %.1f ms; share-list walk of %llu files in %.2f s\n",
      hash_ms, hash_hits, browse.size(), browse_ms, static_cast<unsigned long long>(walked), walk_s);
  std::printf("\n| metric | OpenWPN | reference: sqlite3 shell, same SQL and file | ratio | goal |\n");
  std::printf("|---|---|---|---|---|\n");
  const bool have_cli = cli.ok && cli.cpu_ms.size() == words.size();
  const auto row = [&](const char* name, double ours, double ref, const char* unit, const char* goal) {
    if (have_cli && ref > 0) {
      std::printf("| %s | %.3f %s | %.3f %s | %.2f | %s |\n", name, ours, unit, ref, unit, ours / ref, goal);
    } else {
      std::printf("| %s | %.3f %s | n/a | n/a | %s |\n", name, ours, unit, goal);
    }
  };
  const double p50 = percentile(ours_ms, 0.50);
  const double p99 = percentile(ours_ms, 0.99);
  row("keyword search p50 (ours wall, shell CPU)", p50, percentile(cli.cpu_ms, 0.50), "ms", "");
  row("keyword search p99 (ours wall, shell CPU)", p99, percentile(cli.cpu_ms, 0.99), "ms", "<= 10 ms");
  row("keyword search p99 (CPU, both)", percentile(ours_cpu_ms, 0.99), percentile(cli.cpu_ms, 0.99), "ms", "");
  row("keyword search p99 (shell wall, 1 ms steps)", p99, percentile(cli.real_ms, 0.99), "ms", "");
  row("all queries, total wall", ours_total_ms, cli.wall_ms - cli_startup.wall_ms, "ms", "");
  row("peak RSS (VmHWM / ru_maxrss)", after_walk.hwm_mb, cli.maxrss_mb, "MB", "<= 200 MB");
  std::printf(
      "\nmemory: %.1f MB before opening, %.1f MB peak after searches and browse, %.1f MB peak after the "
      "full walk (resident now %.1f MB)\n",
      before.hwm_mb, after_search.hwm_mb, after_walk.hwm_mb, after_walk.rss_mb);
  std::printf("goals: p99 %s (%.3f ms <= 10 ms), RSS %s (%.1f MB <= 200 MB)\n", p99 <= 10.0 ? "met" : "MISSED", p99,
              after_walk.hwm_mb <= 200.0 ? "met" : "MISSED", after_walk.hwm_mb);
  if (!have_cli) std::printf("(sqlite3 shell not available: reference columns empty)\n");
  return hits > 0 && walked == counts.announced ? 0 : 1;
}
