#pragma once
// The hub's in-memory share index (protocol.md §11.4): every file its secondaries
// announced, an inverted keyword index for 0x1771 and a content-hash index for 0x1772.
//
// Keywords are runs of ASCII letters and digits (any byte >= 0x80 counts as a letter),
// folded to lower case; a query matches a file whose path holds every query word as a
// whole word [D], the rule the share library uses locally. File refs only grow, so
// posting lists stay sorted (delta-coded) and a query intersects them by skipping ahead. Removed files
// become tombstones; once the dead outnumber the living, the files are renumbered and
// every table rebuilt, so a secondary leaving costs no more than its own file list.
//
// Memory is the hub's limit (a hub holds hundreds of thousands of files), so a file is a
// packed record: its folder interned once, its name in a shared arena, found by path and
// by content hash through open-addressing tables of refs rather than node-based maps.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "overlay/hub_index_storage.h"
#include "protocol/codecs/common.h"
#include "protocol/codecs/search.h"
#include "protocol/file_key.h"

namespace wpn::overlay {

using UserSlot = std::uint32_t;
using FileRef = std::uint32_t;

inline constexpr std::size_t MaxQueryWords = 16;

// One file as the hub answers with it (assembled from the packed record).
struct IndexedFile {
  UserSlot owner = 0;
  std::string path;  // folder + name, byte-exact as announced
  protocol::FileKey key;
  std::uint32_t size = 0;
  protocol::MediaInfo media;
  bool live = false;
};

// Lower-cased words of a path or query, in order, duplicates kept.
std::vector<std::string> keyword_tokens(std::string_view text, std::size_t max_words = SIZE_MAX);
// The [D] type filter: Audio and Video by extension, Other = neither, Any = all.
bool matches_file_type(std::string_view path, protocol::FileType type) noexcept;

struct ContentHashHasher {
  std::size_t operator()(const protocol::ContentHash& hash) const noexcept;
};

class HubIndex {
 public:
  // Adds a file, or updates the owner's file with the same path. Returns its ref.
  FileRef add(UserSlot owner, std::string path, const protocol::FileKey& key, std::uint32_t size,
              const protocol::MediaInfo& media);
  // Removes the owner's files whose path equals `path`, or starts with it when it
  // ends in a backslash (a folder). Returns how many.
  std::size_t remove_path(UserSlot owner, std::string_view path);
  std::size_t remove_owner(UserSlot owner);

  struct Query {
    std::string_view words{};
    protocol::FileType type = protocol::FileType::Any;
    std::optional<UserSlot> exclude_owner{};
    std::size_t limit = 100;
  };
  std::vector<FileRef> search(const Query& query) const;
  std::vector<FileRef> search_hash(const protocol::ContentHash& hash, protocol::FileType type,
                                   std::optional<UserSlot> exclude_owner, std::size_t limit) const;
  // The owner's files in announcement order, at most cap.
  std::vector<FileRef> files_of(UserSlot owner, std::size_t cap) const;
  std::size_t count_of(UserSlot owner) const;
  bool has_path(UserSlot owner, std::string_view path) const;

  IndexedFile file(FileRef ref) const;
  std::size_t live_files() const noexcept { return live_; }
  std::size_t postings_size() const noexcept { return postings_entries_; }

 private:
  struct StoredFile {
    UserSlot owner = 0;
    std::uint32_t folder = 0;   // into folders_
    std::uint32_t name_at = 0;  // into names_
    std::uint32_t name_length = 0;
    FileRef next_same_hash = NoFile;  // the chain of files with this content, newest first
    protocol::FileKey key;
    std::uint32_t size = 0;
    std::uint16_t bitrate = 0;
    bool live = false;
    std::uint32_t frequency = 0;
    std::uint32_t duration = 0;
  };
  static constexpr FileRef NoFile = 0xFFFFFFFF;

  std::string_view name_of(const StoredFile& f) const noexcept { return names_.view(f.name_at, f.name_length); }
  std::string path_of(const StoredFile& f) const;
  std::uint32_t intern_folder(std::string_view folder);
  std::optional<FileRef> find_path(UserSlot owner, std::string_view path) const;
  std::uint64_t path_hash(UserSlot owner, std::uint32_t folder, std::string_view name) const noexcept;
  std::uint64_t path_hash_of(FileRef ref) const noexcept;
  void link_hash(FileRef ref);
  void unlink_hash(FileRef ref);
  FileRef store(UserSlot owner, std::string_view path, const protocol::FileKey& key, std::uint32_t size,
                const protocol::MediaInfo& media);
  void kill(FileRef ref);
  void index_words(FileRef ref);
  void maybe_compact();

  std::vector<StoredFile> files_;
  NameArena names_;
  std::deque<std::string> folders_;  // a deque: the views in folder_ids_ stay valid
  std::unordered_map<std::string_view, std::uint32_t> folder_ids_;
  RefTable by_path_;           // every live file, keyed by (owner, path)
  RefTable hash_heads_;        // the newest file of each content hash, keyed by the hash
  std::vector<FileRef> dead_;  // tombstones still named in posting lists (refs are never reused)
  std::unordered_map<std::string, PostingList> postings_;
  std::unordered_map<UserSlot, std::vector<FileRef>> owners_;  // each owner's files in order
  std::size_t live_ = 0;
  std::size_t postings_entries_ = 0;
};

}  // namespace wpn::overlay
