#include "share/share_queries.h"

#include <algorithm>
#include <array>
#include <limits>

namespace wpn::share {
namespace {

using protocol::FileKey;

std::string sql(std::string_view head, std::string_view tail) {
  std::string text(head);
  text += FileColumns;
  text += tail;
  return text;
}

const std::string AnnouncedJoin =
    " FROM files f JOIN roots r ON r.id = f.root_id WHERE f.key IS NOT NULL AND r.enabled";

bool is_word_byte(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b >= 0x80 || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

std::int64_t limit_value(std::size_t limit) {
  return static_cast<std::int64_t>(std::min<std::size_t>(limit, 1'000'000'000));
}

}  // namespace

const std::string_view FileColumns =
    "f.id, f.root_id, f.local_path, f.announced_name, f.file_offset, f.size, f.mtime_ns, f.inode, f.device, "
    "f.key, f.bitrate, f.frequency, f.duration, f.generation, f.hash_error";

FileRecord read_file_record(const Statement& row) {
  FileRecord record;
  record.id = row.int64(0);
  record.root_id = row.int64(1);
  record.local_path = row.text(2);
  const std::string name = row.text(3);
  const auto offset = static_cast<std::size_t>(std::max<std::int64_t>(row.int64(4), 1));
  if (offset <= name.size()) {
    record.announced_folder = name.substr(0, offset - 1);
    record.announced_file = name.substr(offset);
  }
  record.size = row.uint64(5);
  record.mtime_ns = row.int64(6);
  record.inode = row.uint64(7);
  record.device = row.uint64(8);
  const auto key = row.blob(9);
  if (key.size() == 20) record.key = FileKey::from_wire(std::span<const std::uint8_t, 20>(key.data(), 20));
  record.media.bitrate = static_cast<std::uint16_t>(row.int64(10));
  record.media.frequency = static_cast<std::uint32_t>(row.int64(11));
  record.media.duration = static_cast<std::uint32_t>(row.int64(12));
  record.generation = row.uint64(13);
  record.hash_error = row.text(14);
  return record;
}

std::optional<std::string> fts_match_expression(std::string_view words_utf8) {
  std::string expression;
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < words_utf8.size() && count < MaxSearchWords) {
    while (pos < words_utf8.size() && !is_word_byte(words_utf8[pos])) ++pos;
    const std::size_t start = pos;
    while (pos < words_utf8.size() && is_word_byte(words_utf8[pos])) ++pos;
    if (pos == start) break;
    if (!expression.empty()) expression += " AND ";
    expression += '"';
    expression += words_utf8.substr(start, pos - start);  // cannot hold '"': it is not a word byte
    expression += '"';
    ++count;
  }
  if (expression.empty()) return std::nullopt;
  return expression;
}

bool ascii_iequal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  const auto fold = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (fold(a[i]) != fold(b[i])) return false;
  }
  return true;
}

IndexResult<std::vector<ShareRoot>> ShareQueries::roots() {
  auto q = db_->cached("SELECT id, local_path, display_name, enabled, generation FROM roots ORDER BY id");
  if (!q) return tl::unexpected(q.error());
  std::vector<ShareRoot> out;
  while (true) {
    auto row = (*q)->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    out.push_back({(*q)->int64(0), (*q)->text(1), (*q)->text(2), (*q)->int64(3) != 0, (*q)->uint64(4)});
  }
  return out;
}

IndexResult<std::optional<FileRecord>> ShareQueries::one_file(std::string_view text,
                                                              const std::function<void(Statement&)>& bind) {
  auto q = db_->cached(text);
  if (!q) return tl::unexpected(q.error());
  bind(**q);
  auto row = (*q)->step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<FileRecord>{};
  return std::optional<FileRecord>{read_file_record(**q)};
}

IndexResult<std::optional<FileRecord>> ShareQueries::file_by_id(FileId id) {
  static const std::string text = sql("SELECT ", " FROM files f WHERE f.id = ?1");
  return one_file(text, [&](Statement& s) { s.bind(1, id); });
}

IndexResult<std::optional<FileRecord>> ShareQueries::file_by_path(std::string_view local_path) {
  static const std::string text = sql("SELECT ", " FROM files f WHERE f.local_path = ?1");
  return one_file(text, [&](Statement& s) { s.bind_text(1, local_path); });
}

IndexResult<std::optional<FileRecord>> ShareQueries::find_by_announced_name(std::string_view name, NameMatch match) {
  // The unique NOCASE index yields at most one candidate. SQLite's NOCASE stops
  // comparing at a NUL byte, so the final verdict is always made here, on all bytes.
  if (name.empty() || name.find('\0') != std::string_view::npos) return std::optional<FileRecord>{};
  static const std::string text = sql("SELECT ", " FROM files f WHERE f.announced_name = ?1");
  auto found = one_file(text, [&](Statement& s) { s.bind_text(1, name); });
  if (!found || !*found) return found;
  const std::string stored = (*found)->announced_name();
  const bool same = match == NameMatch::Exact ? stored == name : ascii_iequal(stored, name);
  if (!same) return std::optional<FileRecord>{};
  return found;
}

IndexResult<std::vector<FileRecord>> ShareQueries::search_keywords(std::string_view words_utf8, std::size_t limit) {
  std::vector<FileRecord> out;
  const auto expression = fts_match_expression(words_utf8);
  if (!expression || limit == 0) return out;
  static const std::string text =
      sql("SELECT ",
          " FROM files_fts JOIN files f ON f.id = files_fts.rowid JOIN roots r ON r.id = f.root_id "
          "WHERE files_fts MATCH ?1 AND f.key IS NOT NULL AND r.enabled LIMIT ?2");
  auto q = db_->cached(text);
  if (!q) return tl::unexpected(q.error());
  (*q)->bind_text(1, *expression);
  (*q)->bind(2, limit_value(limit));
  while (true) {
    auto row = (*q)->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    out.push_back(read_file_record(**q));
  }
  return out;
}

IndexResult<std::vector<FileRecord>> ShareQueries::search_hash(const protocol::ContentHash& hash,
                                                               std::optional<std::uint32_t> size, std::size_t limit) {
  std::array<std::uint8_t, 20> low{};
  std::copy(hash.begin(), hash.end(), low.begin());
  std::array<std::uint8_t, 20> high = low;
  if (size) {
    low = FileKey{hash, *size}.to_wire();
    high = low;
  } else {
    std::fill(high.begin() + 16, high.end(), std::uint8_t{0xFF});
  }
  static const std::string text = sql("SELECT ", AnnouncedJoin + " AND f.key BETWEEN ?1 AND ?2 ORDER BY f.id LIMIT ?3");
  auto q = db_->cached(text);
  if (!q) return tl::unexpected(q.error());
  (*q)->bind_blob(1, low);
  (*q)->bind_blob(2, high);
  (*q)->bind(3, limit_value(limit));
  return all_rows(**q);
}

IndexResult<std::vector<FileRecord>> ShareQueries::folder_files(std::int64_t folder_id) {
  static const std::string text =
      sql("SELECT ", AnnouncedJoin + " AND f.folder_id = ?1 ORDER BY f.announced_name COLLATE BINARY");
  auto q = db_->cached(text);
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, folder_id);
  return all_rows(**q);
}

IndexResult<void> ShareQueries::for_each_folder(std::optional<RootId> root,
                                                const std::function<bool(const FolderListing&)>& visit) {
  return for_each_folder_after(root, {}, visit);
}

IndexResult<void> ShareQueries::for_each_folder_after(std::optional<RootId> root, std::string_view after,
                                                      const std::function<bool(const FolderListing&)>& visit) {
  // A statement of its own (not the cache): the callback may run other queries.
  auto q = db_->prepare(
      "SELECT d.id, d.root_id, d.name FROM folders d JOIN roots r ON r.id = d.root_id "
      "WHERE r.enabled AND (?1 IS NULL OR d.root_id = ?1) AND (?2 IS NULL OR d.name > ?2) ORDER BY d.name");
  if (!q) return tl::unexpected(q.error());
  if (root) q->bind(1, *root);
  if (!after.empty()) q->bind_text(2, after);
  while (true) {
    auto row = q->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    FolderListing listing{q->int64(1), q->text(2), {}};
    auto files = folder_files(q->int64(0));
    if (!files) return tl::unexpected(files.error());
    if (files->empty()) continue;
    listing.files = std::move(*files);
    if (!visit(listing)) break;
  }
  return {};
}

IndexResult<std::vector<FileRecord>> ShareQueries::browse_list(std::size_t cap) {
  std::vector<FileRecord> out;
  if (cap == 0) return out;
  auto done = for_each_folder(std::nullopt, [&](const FolderListing& listing) {
    for (const FileRecord& file : listing.files) {
      if (out.size() == cap) return false;
      out.push_back(file);
    }
    return out.size() < cap;
  });
  if (!done) return tl::unexpected(done.error());
  return out;
}

IndexResult<FolderListing> ShareQueries::list_folder(std::string_view folder) {
  auto q = db_->cached("SELECT id, root_id FROM folders WHERE name = ?1");
  if (!q) return tl::unexpected(q.error());
  (*q)->bind_text(1, folder);
  auto row = (*q)->step();
  if (!row) return tl::unexpected(row.error());
  FolderListing listing{0, std::string(folder), {}};
  if (!*row) return listing;
  listing.root_id = (*q)->int64(1);
  auto files = folder_files((*q)->int64(0));
  if (!files) return tl::unexpected(files.error());
  listing.files = std::move(*files);
  return listing;
}

std::optional<std::pair<std::string, std::string>> path_range_under(std::string_view dir) {
  std::string base(dir);
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  if (base.empty()) return std::nullopt;
  if (base == "/") return std::pair<std::string, std::string>{"/", "0"};
  return std::pair<std::string, std::string>{base + '/', base + '0'};
}

IndexResult<std::vector<FileRecord>> ShareQueries::all_rows(Statement& statement) {
  std::vector<FileRecord> out;
  while (true) {
    auto row = statement.step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    out.push_back(read_file_record(statement));
  }
  return out;
}

IndexResult<std::vector<FileRecord>> ShareQueries::stale_files(RootId root, Generation generation) {
  static const std::string text =
      sql("SELECT ", " FROM files f WHERE f.root_id = ?1 AND f.generation < ?2 ORDER BY f.id");
  auto q = db_->cached(text);
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, root);
  (*q)->bind(2, generation);
  return all_rows(**q);
}

IndexResult<std::vector<FileRecord>> ShareQueries::files_under(std::string_view local_dir) {
  const auto range = path_range_under(local_dir);
  if (!range) return std::vector<FileRecord>{};
  static const std::string text =
      sql("SELECT ", " FROM files f WHERE f.local_path >= ?1 AND f.local_path < ?2 ORDER BY f.local_path");
  auto q = db_->cached(text);
  if (!q) return tl::unexpected(q.error());
  (*q)->bind_text(1, range->first);
  (*q)->bind_text(2, range->second);
  return all_rows(**q);
}

IndexResult<void> ShareQueries::for_each_file_under(std::string_view local_dir,
                                                    const std::function<void(const FileScanRow&)>& visit) {
  const auto range = path_range_under(local_dir);
  if (!range) return {};
  // A whole root is most of the table: one pass over it in row order beats a seek into the
  // table for each entry of the path index (a rescan's largest cost after the walk itself).
  auto is_root = db_->cached("SELECT id FROM roots WHERE local_path = ?1");
  if (!is_root) return tl::unexpected(is_root.error());
  (*is_root)->bind_text(1, std::string_view(range->first).substr(0, range->first.size() - 1));
  const auto whole = (*is_root)->step();
  if (!whole) return tl::unexpected(whole.error());
  static constexpr std::string_view Columns =
      "SELECT id, local_path, announced_name, size, mtime_ns, inode, device, "
      "key IS NOT NULL OR coalesce(hash_error, '') <> '' FROM files";
  static const std::string InRange = std::string(Columns) + " WHERE local_path >= ?1 AND local_path < ?2";
  // The root's id spares two string comparisons per row.
  static const std::string InRoot = std::string(Columns) + " NOT INDEXED WHERE root_id = ?1";
  auto q = db_->cached(*whole ? InRoot : InRange);
  if (!q) return tl::unexpected(q.error());
  if (*whole) {
    (*q)->bind(1, (*is_root)->int64(0));
  } else {
    (*q)->bind_text(1, range->first);
    (*q)->bind_text(2, range->second);
  }
  FileScanRow row;
  for (;;) {
    auto stepped = (*q)->step();
    if (!stepped) return tl::unexpected(stepped.error());
    if (!*stepped) return {};
    row.id = (*q)->int64(0);
    row.local_path = (*q)->text_view(1);
    row.announced_name = (*q)->text_view(2);
    row.identity = {(*q)->uint64(3), (*q)->int64(4), (*q)->uint64(5), (*q)->uint64(6)};
    row.settled = (*q)->int64(7) != 0;
    visit(row);
  }
}

IndexResult<std::vector<FileRecord>> ShareQueries::files_needing_hash(std::size_t limit, FileId after_id) {
  static const std::string text =
      sql("SELECT ",
          " FROM files f JOIN roots r ON r.id = f.root_id WHERE f.key IS NULL AND f.hash_error IS NULL "
          "AND r.enabled AND f.id > ?1 ORDER BY f.id LIMIT ?2");
  auto q = db_->cached(text);
  if (!q) return tl::unexpected(q.error());
  (*q)->bind(1, after_id);
  (*q)->bind(2, limit_value(limit));
  return all_rows(**q);
}

IndexResult<IndexCounts> ShareQueries::counts() {
  auto q = db_->cached(
      "SELECT (SELECT count(*) FROM roots), (SELECT count(*) FROM folders), count(f.id), "
      "coalesce(sum(f.key IS NOT NULL AND r.enabled), 0), coalesce(sum(f.key IS NOT NULL), 0), "
      "coalesce(sum(f.hash_error IS NOT NULL), 0), coalesce(sum(f.size), 0), "
      "coalesce(sum(CASE WHEN f.key IS NULL AND f.hash_error IS NULL AND r.enabled THEN f.size ELSE 0 END), 0) "
      "FROM files f JOIN roots r ON r.id = f.root_id");
  if (!q) return tl::unexpected(q.error());
  auto row = (*q)->step();
  if (!row) return tl::unexpected(row.error());
  IndexCounts counts;
  if (*row) {
    counts.roots = (*q)->uint64(0);
    counts.folders = (*q)->uint64(1);
    counts.files = (*q)->uint64(2);
    counts.announced = (*q)->uint64(3);
    counts.hashed = (*q)->uint64(4);
    counts.hash_failed = (*q)->uint64(5);
    counts.bytes_total = (*q)->uint64(6);
    counts.bytes_to_hash = (*q)->uint64(7);
  }
  return counts;
}

IndexResult<std::vector<RootCounts>> ShareQueries::root_counts() {
  auto q = db_->cached(
      "SELECT r.id, count(f.id), coalesce(sum(f.key IS NOT NULL), 0), coalesce(sum(f.size), 0), "
      "coalesce(sum(CASE WHEN f.key IS NOT NULL THEN f.size ELSE 0 END), 0) "
      "FROM roots r LEFT JOIN files f ON f.root_id = r.id GROUP BY r.id ORDER BY r.id");
  if (!q) return tl::unexpected(q.error());
  std::vector<RootCounts> out;
  while (true) {
    auto row = (*q)->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    out.push_back({(*q)->int64(0), (*q)->uint64(1), (*q)->uint64(2), (*q)->uint64(3), (*q)->uint64(4)});
  }
  return out;
}

IndexResult<std::vector<FileRecord>> ShareQueries::announced_files(std::optional<RootId> root, FileId after_id,
                                                                   std::uint64_t offset, std::size_t limit) {
  if (limit == 0) return std::vector<FileRecord>{};
  // Rowid order, so neither a cursor nor a first page sorts anything; '+' keeps the planner
  // off the key index, which would visit rows in key order and then sort them.
  static const std::string text =
      sql("SELECT ",
          " FROM files f JOIN roots r ON r.id = f.root_id WHERE +f.key IS NOT NULL AND r.enabled "
          "AND (?1 IS NULL OR f.root_id = ?1) AND f.id > ?2 ORDER BY f.id LIMIT ?3 OFFSET ?4");
  auto q = db_->cached(text);
  if (!q) return tl::unexpected(q.error());
  if (root) (*q)->bind(1, *root);
  (*q)->bind(2, after_id);
  (*q)->bind(3, limit_value(limit));
  (*q)->bind(4, static_cast<std::int64_t>(std::min<std::uint64_t>(offset, std::numeric_limits<std::int64_t>::max())));
  return all_rows(**q);
}

}  // namespace wpn::share
