#pragma once
// One search's results as the search window shows them: every answer of "search.results"
// merged (each poll returns all results so far), grouped by file key so one file offered by
// many users is one row, then filtered and sorted into a view the virtual list reads by
// index. The view is rebuilt only after a change, so scrolling reads rows without work.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "ipc/network_dto.h"

namespace wpn::tray {

enum class FileType { Any, Audio, Video, Image, Document, Archive, Program, Other };
FileType type_of(std::string_view file_name) noexcept;  // by extension, case-insensitive
std::string_view type_text(FileType type) noexcept;     // "Audio", ...

// One file key and every user who offers it.
struct SearchGroup {
  std::string key;
  std::string file;  // the first source's announced name
  std::string name;  // its leaf
  FileType type = FileType::Other;
  std::uint64_t size = 0;
  std::uint64_t bitrate = 0;
  std::uint64_t frequency = 0;
  std::uint64_t duration = 0;
  std::vector<ipc::SearchResultDto> sources;  // one per user
  std::string users_text() const;             // "alice_123, bob_456"
};

enum class SearchColumn { Name, Size, Bitrate, Duration, Sources, Type };

struct SearchFilter {
  FileType type = FileType::Any;
  std::uint64_t min_size = 0;     // bytes
  std::uint64_t min_bitrate = 0;  // kbit/s
  friend bool operator==(const SearchFilter&, const SearchFilter&) = default;
};

class SearchResults {
 public:
  // A "search.results" reply. Returns how many results were new.
  std::size_t add(const std::vector<ipc::SearchResultDto>& results);
  void clear();
  void set_filter(const SearchFilter& filter);
  // Choosing the column already sorted by flips the direction (the list header's click).
  void sort_by(SearchColumn column);
  void set_sort(SearchColumn column, bool ascending);
  SearchColumn sort_column() const noexcept { return sort_column_; }
  bool ascending() const noexcept { return ascending_; }
  const SearchFilter& filter() const noexcept { return filter_; }

  std::size_t result_count() const noexcept { return seen_.size(); }
  std::size_t group_count() const noexcept { return groups_.size(); }
  std::size_t user_count() const noexcept { return users_.size(); }
  // The filtered, sorted rows.
  std::size_t row_count() const;
  const SearchGroup& row(std::size_t index) const;
  // Rows [offset, offset + count) clipped to the view: what the list draws on screen.
  std::vector<const SearchGroup*> window(std::size_t offset, std::size_t count) const;
  // Where a key's row is now (to keep the selection across re-sorts).
  std::optional<std::size_t> row_of_key(std::string_view key) const;
  // Increases whenever the rows change; views repaint only then.
  std::uint64_t revision() const noexcept { return revision_; }
  // How often the view was rebuilt: scrolling must not rebuild it.
  std::uint64_t rebuilds() const noexcept { return rebuilds_; }

 private:
  void rebuild() const;
  bool less(const SearchGroup& a, const SearchGroup& b) const;

  std::vector<SearchGroup> groups_;
  std::set<std::tuple<std::string, std::string, std::string>> seen_;  // user, key, file_hex
  std::set<std::string> users_;
  SearchFilter filter_;
  SearchColumn sort_column_ = SearchColumn::Sources;
  bool ascending_ = false;
  std::uint64_t revision_ = 0;
  mutable std::vector<std::size_t> view_;
  mutable bool view_dirty_ = true;
  mutable std::uint64_t rebuilds_ = 0;
};

// The search window's progress line: "41 results (12 files from 7 users), still listening".
std::string search_progress_text(const SearchResults& results, bool listening);

// How long the window keeps polling "search.results": answers trickle in from hubs for a
// while; after `quiet_s` without a new result (and at least `min_s` in all) it stops.
struct SearchPolling {
  double started = 0;
  double last_new = 0;
  double min_s = 20;
  double quiet_s = 30;
  bool listening(double now) const noexcept { return now - started < min_s || now - last_new < quiet_s; }
};

}  // namespace wpn::tray
