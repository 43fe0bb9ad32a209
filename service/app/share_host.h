#pragma once
// wpnd's owner of the share index and the share library: builds the library from the
// settings, rebuilds it when share settings change, and answers the service's share
// queries from its own read-only index connection.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "json/json_value.h"
#include "ipc/params.h"
#include "ipc/share_dto.h"
#include "service/app/service_settings.h"
#include "share/name_encoding.h"
#include "share/share_events.h"
#include "share/share_library.h"
#include "share/sqlite_share_index.h"

namespace wpn::service {

struct ShareTotals {
  std::uint64_t roots = 0;
  std::uint64_t files_total = 0;
  std::uint64_t files_shared = 0;
  std::uint64_t files_hashed = 0;
  std::uint64_t bytes_shared = 0;
  std::uint64_t bytes_to_hash = 0;
  bool hashing = false;
};

// Receives mapped share events (name and data) from the library's threads.
using ShareEventPublisher = std::function<void(std::string_view name, ipc::JsonObject data)>;

share::ShareSettings to_share_settings(const ServiceSettings& settings);

class ShareHost {
 public:
  // Opens (creating or migrating) the index file. Fails with a readable reason.
  static tl::expected<std::unique_ptr<ShareHost>, std::string> open(const std::string& index_path,
                                                                    const ServiceSettings& settings,
                                                                    ShareEventPublisher publish);
  ~ShareHost();
  ShareHost(const ShareHost&) = delete;
  ShareHost& operator=(const ShareHost&) = delete;

  tl::expected<void, std::string> start();
  // Applies changed share settings: the hash rate cap live, anything else by rebuilding
  // the library (which rescans; unchanged files are not hashed again).
  tl::expected<void, std::string> apply(const ServiceSettings& settings);
  // Stops every share thread; committed hashes are flushed to the index first.
  void stop();

  std::vector<ipc::ShareRootDto> roots();
  ipc::ShareProgressDto progress();
  ShareTotals totals();
  tl::expected<ipc::FilePageDto, ipc::ErrorInfo> files(const ipc::SharesFilesParams& params);
  // Root matching the reference, if configured.
  std::optional<ipc::ShareRootDto> find_root(const ipc::ShareRef& ref);
  bool rescan(const std::optional<std::string>& root_path);
  // Paused: the index and scans go on, but nothing is announced or served until resumed.
  void set_sharing_paused(bool paused);
  bool sharing_paused() const { return paused_.load(); }
  // Another read-only connection to the index, for a thread of its own (uploads).
  tl::expected<std::unique_ptr<share::SqliteShareReader>, std::string> open_reader();

 private:
  ShareHost(std::unique_ptr<share::SqliteShareIndex> index, std::unique_ptr<share::SqliteShareReader> reader,
            const ServiceSettings& settings, ShareEventPublisher publish);
  void on_event(const share::ShareEvent& event);
  std::unique_ptr<share::ShareLibrary> make_library();

  std::unique_ptr<share::SqliteShareIndex> index_;
  ShareEventPublisher publish_;

  std::atomic<bool> paused_{false};
  std::mutex library_mutex_;  // guards library_ and settings_ (rebuilds vs. queries)
  share::ShareSettings settings_;
  std::unique_ptr<share::ShareLibrary> library_;

  std::mutex reader_mutex_;  // the reader connection, name encoder and cached counts
  std::unique_ptr<share::SqliteShareReader> reader_;
  share::NameEncoder encoder_;
  // Counts are aggregates over every row (a third of a second at a million files) and the
  // status line wants them every second, so they are kept until the index changes: every
  // share event but progress, and every (re)start of the library, counts as a change.
  std::atomic<std::uint64_t> index_changes_{1};
  std::uint64_t counts_at_ = 0;
  std::optional<share::IndexCounts> counts_;
  std::uint64_t root_counts_at_ = 0;
  std::optional<std::vector<share::RootCounts>> root_counts_;
  const std::optional<share::IndexCounts>& counts_locked();
  const std::optional<std::vector<share::RootCounts>>& root_counts_locked();

  std::mutex progress_mutex_;  // latest scan counters and event throttling
  share::ScanProgress scan_progress_;
  std::chrono::steady_clock::time_point last_hash_event_{};
  std::chrono::steady_clock::time_point last_scan_event_{};
};

}  // namespace wpn::service
