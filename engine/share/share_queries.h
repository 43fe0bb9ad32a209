#pragma once
// The read side of the SQLite share index, shared by the writer
// (SqliteShareIndex, which must see its own open batch) and read-only
// connections (SqliteShareReader). Works on a connection it does not own.

#include <optional>
#include <string>
#include <string_view>

#include "share/share_index.h"
#include "share/sqlite_db.h"

namespace wpn::share {

// Caps what one keyword query may cost.
inline constexpr std::size_t MaxSearchWords = 16;

// Words -> an FTS5 expression: each run of letters/digits (any non-ASCII byte
// counts as a letter) becomes a quoted phrase, phrases joined by AND.
// nullopt when there is no word.
std::optional<std::string> fts_match_expression(std::string_view words_utf8);

// True when a and b are equal after folding A-Z to a-z (other bytes exact).
bool ascii_iequal(std::string_view a, std::string_view b) noexcept;

// The half-open range [low, high) of local paths strictly below dir, in
// BINARY order ('0' follows '/'); nullopt for an empty dir.
std::optional<std::pair<std::string, std::string>> path_range_under(std::string_view dir);

class ShareQueries {
 public:
  explicit ShareQueries(Database& db) noexcept : db_(&db) {}

  IndexResult<std::vector<ShareRoot>> roots();
  IndexResult<std::optional<FileRecord>> file_by_id(FileId id);
  IndexResult<std::optional<FileRecord>> file_by_path(std::string_view local_path);
  IndexResult<std::optional<FileRecord>> find_by_announced_name(std::string_view name, NameMatch match);
  IndexResult<std::vector<FileRecord>> search_keywords(std::string_view words_utf8, std::size_t limit);
  IndexResult<std::vector<FileRecord>> search_hash(const protocol::ContentHash& hash, std::optional<std::uint32_t> size,
                                                   std::size_t limit);
  IndexResult<std::vector<FileRecord>> browse_list(std::size_t cap);
  IndexResult<void> for_each_folder(std::optional<RootId> root, const std::function<bool(const FolderListing&)>& visit);
  IndexResult<void> for_each_folder_after(std::optional<RootId> root, std::string_view after,
                                          const std::function<bool(const FolderListing&)>& visit);
  IndexResult<FolderListing> list_folder(std::string_view folder);
  IndexResult<std::vector<FileRecord>> stale_files(RootId root, Generation generation);
  IndexResult<std::vector<FileRecord>> files_under(std::string_view local_dir);
  IndexResult<void> for_each_file_under(std::string_view local_dir,
                                        const std::function<void(const FileScanRow&)>& visit);
  IndexResult<std::vector<FileRecord>> files_needing_hash(std::size_t limit, FileId after_id);
  IndexResult<IndexCounts> counts();
  IndexResult<std::vector<RootCounts>> root_counts();
  IndexResult<std::vector<FileRecord>> announced_files(std::optional<RootId> root, FileId after_id,
                                                       std::uint64_t offset, std::size_t limit);

 private:
  IndexResult<std::vector<FileRecord>> all_rows(Statement& statement);
  IndexResult<std::vector<FileRecord>> folder_files(std::int64_t folder_id);
  IndexResult<std::optional<FileRecord>> one_file(std::string_view sql, const std::function<void(Statement&)>& bind);

  Database* db_;
};

// The column list read_file_record expects, for "SELECT <FileColumns> FROM files f ...".
extern const std::string_view FileColumns;
FileRecord read_file_record(const Statement& row);

}  // namespace wpn::share
