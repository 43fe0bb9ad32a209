#pragma once
// What the owner configures about sharing (filesharing.md §6.1, §8.3).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wpn::share {

struct ShareRootConfig {
  std::string path;          // absolute local directory
  std::string display_name;  // first segment of the announced names; empty = the folder's own name
};

// WinMX shares audio and video only by default and can be switched to every type (§6.1).
enum class ShareMode { Media, All };

// Files of 2^31 bytes or more are not shared by WinMX (§7.4).
inline constexpr std::uint64_t DefaultMaxFileSize = (std::uint64_t{1} << 31) - 1;

struct ShareSettings {
  std::vector<ShareRootConfig> roots;
  bool include_hidden = false;  // names starting with '.' (files and folders)
  ShareMode mode = ShareMode::Media;
  std::uint64_t max_file_size = DefaultMaxFileSize;  // larger files are refused with a reason
  unsigned hash_threads = 2;
  std::uint64_t hash_rate_limit_bytes_per_s = 0;  // 0 = no cap
  bool watch = true;                              // inotify; off = periodic rescans only
  std::chrono::milliseconds fallback_rescan_interval{std::chrono::minutes(15)};
  std::chrono::milliseconds debounce{std::chrono::milliseconds(500)};
  std::string code_page = "CP1252";  // of the announced names (§2.5)
  // inotify watches this library may hold; 0 = only the kernel's limit. When a root needs
  // more, watching degrades to periodic rescans (and says so).
  std::size_t watch_budget = 0;
  // Hash results are committed in batches: after this many files or this much time. Large
  // batches rewrite fewer index pages (keys land on random pages of the key index); a
  // kill -9 costs at most the open batch, hashed again on the next start.
  std::size_t commit_batch_files = 2000;
  std::chrono::milliseconds commit_interval{std::chrono::seconds(1)};
};

}  // namespace wpn::share
