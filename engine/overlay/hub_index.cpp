#include "overlay/hub_index.h"

#include <algorithm>
#include <array>

namespace wpn::overlay {
namespace {

bool word_byte(unsigned char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}
char fold(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr std::array<std::string_view, 10> AudioExtensions{"mp3", "wav", "ogg", "flac", "wma",
                                                           "m4a", "aac", "mp2", "mid",  "ape"};
constexpr std::array<std::string_view, 11> VideoExtensions{"avi", "mpg", "mpeg", "mp4", "mkv", "wmv",
                                                           "mov", "asf", "ogm",  "m4v", "rm"};

std::string extension_of(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('\\', dot) != std::string_view::npos) return {};
  std::string ext(path.substr(dot + 1));
  for (char& c : ext) c = fold(c);
  return ext;
}

template <class List>
bool contains(const List& list, std::string_view ext) {
  return std::find(list.begin(), list.end(), ext) != list.end();
}

}  // namespace

std::vector<std::string> keyword_tokens(std::string_view text, std::size_t max_words) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size() && words.size() < max_words) {
    while (i < text.size() && !word_byte(static_cast<unsigned char>(text[i]))) ++i;
    if (i == text.size()) break;
    std::string word;
    while (i < text.size() && word_byte(static_cast<unsigned char>(text[i]))) word.push_back(fold(text[i++]));
    words.push_back(std::move(word));
  }
  return words;
}

bool matches_file_type(std::string_view path, protocol::FileType type) noexcept {
  if (type == protocol::FileType::Any) return true;
  const std::string ext = extension_of(path);
  const bool audio = contains(AudioExtensions, ext);
  const bool video = contains(VideoExtensions, ext);
  switch (type) {
    case protocol::FileType::Audio:
      return audio;
    case protocol::FileType::Video:
      return video;
    case protocol::FileType::Other:
      return !audio && !video;
    default:
      return true;  // unknown filter values do not filter [D]
  }
}

std::size_t ContentHashHasher::operator()(const protocol::ContentHash& hash) const noexcept {
  std::size_t h = 1469598103934665603ULL;
  for (auto b : hash) h = (h ^ b) * 1099511628211ULL;
  return h;
}

namespace {
// A path splits after its last backslash: the folder (with it) and the name.
std::size_t name_start(std::string_view path) noexcept {
  const std::size_t slash = path.rfind('\\');
  return slash == std::string_view::npos ? 0 : slash + 1;
}
std::uint64_t content_hash(const protocol::ContentHash& hash) noexcept {
  std::uint64_t h = 0;
  for (std::size_t i = 0; i < 8; ++i) h = (h << 8U) | hash[i];
  return h ^ (h >> 31U);
}
}  // namespace

IndexedFile HubIndex::file(FileRef ref) const {
  const StoredFile& f = files_[ref];
  return IndexedFile{f.owner,
                     f.live ? path_of(f) : std::string{},
                     f.key,
                     f.size,
                     protocol::MediaInfo{f.bitrate, f.frequency, f.duration},
                     f.live};
}

std::string HubIndex::path_of(const StoredFile& f) const {
  std::string path = folders_[f.folder];
  path += name_of(f);
  return path;
}

std::uint32_t HubIndex::intern_folder(std::string_view folder) {
  if (auto it = folder_ids_.find(folder); it != folder_ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(folders_.size());
  folders_.emplace_back(folder);
  folder_ids_.emplace(std::string_view(folders_.back()), id);
  return id;
}

std::uint64_t HubIndex::path_hash(UserSlot owner, std::uint32_t folder, std::string_view name) const noexcept {
  return hash_bytes(name, (std::uint64_t{owner} << 32U) ^ folder);
}

std::uint64_t HubIndex::path_hash_of(FileRef ref) const noexcept {
  const StoredFile& f = files_[ref];
  return path_hash(f.owner, f.folder, name_of(f));
}

std::optional<FileRef> HubIndex::find_path(UserSlot owner, std::string_view path) const {
  const std::size_t cut = name_start(path);
  const auto folder = folder_ids_.find(path.substr(0, cut));
  if (folder == folder_ids_.end()) return std::nullopt;
  const std::string_view name = path.substr(cut);
  return by_path_.find(path_hash(owner, folder->second, name), [&](FileRef ref) {
    const StoredFile& f = files_[ref];
    return f.owner == owner && f.folder == folder->second && name_of(f) == name;
  });
}

void HubIndex::link_hash(FileRef ref) {
  StoredFile& f = files_[ref];
  const std::uint64_t h = content_hash(f.key.hash);
  const auto same = [&](FileRef other) { return files_[other].key.hash == f.key.hash; };
  if (const auto head = hash_heads_.find(h, same)) {
    f.next_same_hash = *head;
    hash_heads_.replace(*head, h, ref);
  } else {
    f.next_same_hash = NoFile;
    hash_heads_.insert(ref, h, [&](FileRef r) { return content_hash(files_[r].key.hash); });
  }
  ++postings_entries_;
}

void HubIndex::unlink_hash(FileRef ref) {
  StoredFile& f = files_[ref];
  const std::uint64_t h = content_hash(f.key.hash);
  const auto same = [&](FileRef other) { return files_[other].key.hash == f.key.hash; };
  const auto head = hash_heads_.find(h, same);
  if (!head) return;
  if (*head == ref) {
    if (f.next_same_hash == NoFile) {
      hash_heads_.erase(ref, h);
    } else {
      hash_heads_.replace(ref, h, f.next_same_hash);
    }
  } else {
    FileRef at = *head;
    while (files_[at].next_same_hash != NoFile && files_[at].next_same_hash != ref) at = files_[at].next_same_hash;
    if (files_[at].next_same_hash != ref) return;
    files_[at].next_same_hash = f.next_same_hash;
  }
  f.next_same_hash = NoFile;
  --postings_entries_;
}

FileRef HubIndex::add(UserSlot owner, std::string path, const protocol::FileKey& key, std::uint32_t size,
                      const protocol::MediaInfo& media) {
  if (const auto found = find_path(owner, path)) {
    StoredFile& f = files_[*found];
    if (f.key.hash != key.hash) {
      // Re-announced with new content: the file moves to the new hash's chain, or a peer
      // repeating this would grow the index without end.
      unlink_hash(*found);
      f.key = key;
      link_hash(*found);
    }
    f.key = key;
    f.size = size;
    f.bitrate = media.bitrate;
    f.frequency = media.frequency;
    f.duration = media.duration;
    return *found;
  }
  const FileRef ref = store(owner, path, key, size, media);
  owners_[owner].push_back(ref);
  ++live_;
  return ref;
}

// Refs only grow, so every posting list stays sorted (compaction renumbers).
FileRef HubIndex::store(UserSlot owner, std::string_view path, const protocol::FileKey& key, std::uint32_t size,
                        const protocol::MediaInfo& media) {
  const auto ref = static_cast<FileRef>(files_.size());
  const std::size_t cut = name_start(path);
  const std::string_view name = path.substr(cut);
  StoredFile f;
  f.owner = owner;
  f.folder = intern_folder(path.substr(0, cut));
  f.name_at = names_.store(name);
  f.name_length = static_cast<std::uint32_t>(name.size());
  f.key = key;
  f.size = size;
  f.bitrate = media.bitrate;
  f.live = true;
  f.frequency = media.frequency;
  f.duration = media.duration;
  files_.push_back(f);
  by_path_.insert(ref, path_hash_of(ref), [&](FileRef r) { return path_hash_of(r); });
  link_hash(ref);
  index_words(ref);
  return ref;
}

void HubIndex::index_words(FileRef ref) {
  const StoredFile& f = files_[ref];
  auto words = keyword_tokens(folders_[f.folder]);
  auto more = keyword_tokens(name_of(f));
  words.insert(words.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  for (auto& word : words) postings_[std::move(word)].push_back(ref);
  postings_entries_ += words.size();
}

void HubIndex::kill(FileRef ref) {
  StoredFile& f = files_[ref];
  by_path_.erase(ref, path_hash_of(ref));
  f.live = false;
  dead_.push_back(ref);
  --live_;
}

std::size_t HubIndex::remove_path(UserSlot owner, std::string_view path) {
  auto it = owners_.find(owner);
  if (it == owners_.end() || path.empty()) return 0;
  auto& order = it->second;
  const bool folder = path.back() == '\\';
  std::size_t removed = 0;
  std::vector<FileRef> kept;
  kept.reserve(order.size());
  for (FileRef ref : order) {
    const StoredFile& f = files_[ref];
    const std::string& dir = folders_[f.folder];
    // Folder + name == path, or (for a folder) starts with it, without building the path.
    bool hit = false;
    if (folder) {
      hit = path.size() <= dir.size() ? std::string_view(dir).starts_with(path)
                                      : path.starts_with(dir) && name_of(f).starts_with(path.substr(dir.size()));
    } else {
      hit = path.size() == dir.size() + f.name_length && path.starts_with(dir) && path.substr(dir.size()) == name_of(f);
    }
    if (hit) {
      kill(ref);
      ++removed;
    } else {
      kept.push_back(ref);
    }
  }
  order = std::move(kept);
  maybe_compact();
  return removed;
}

std::size_t HubIndex::remove_owner(UserSlot owner) {
  auto it = owners_.find(owner);
  if (it == owners_.end()) return 0;
  const std::size_t removed = it->second.size();
  for (FileRef ref : it->second) kill(ref);
  owners_.erase(it);
  maybe_compact();
  return removed;
}

void HubIndex::maybe_compact() {
  if (dead_.size() < 4096 || dead_.size() < live_) return;
  // Renumber the living files densely and rebuild every table from them, in the old order.
  std::vector<StoredFile> old;
  old.swap(files_);
  std::vector<std::pair<std::string, FileRef>> living;  // path, old ref
  std::vector<FileRef> remap(old.size(), NoFile);
  const NameArena old_names = std::move(names_);
  const std::deque<std::string> old_folders = std::move(folders_);
  names_.clear();
  folders_.clear();
  folder_ids_.clear();
  by_path_.clear();
  hash_heads_.clear();
  postings_.clear();
  dead_.clear();
  postings_entries_ = 0;
  for (std::size_t ref = 0; ref < old.size(); ++ref) {
    const StoredFile& f = old[ref];
    if (!f.live) continue;
    std::string path = old_folders[f.folder];
    path += old_names.view(f.name_at, f.name_length);
    remap[ref] = store(f.owner, path, f.key, f.size, {f.bitrate, f.frequency, f.duration});
  }
  for (auto& [owner, order] : owners_) {
    for (FileRef& ref : order) ref = remap[ref];
  }
}

std::vector<FileRef> HubIndex::search(const Query& query) const {
  std::vector<FileRef> out;
  auto words = keyword_tokens(query.words, MaxQueryWords);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  if (words.empty() || query.limit == 0) return out;
  std::vector<const PostingList*> lists;
  for (const auto& w : words) {
    auto it = postings_.find(w);
    if (it == postings_.end()) return out;
    lists.push_back(&it->second);
  }
  std::sort(lists.begin(), lists.end(), [](const auto* a, const auto* b) { return a->size() < b->size(); });
  // Sorted intersection: walk the shortest list, skip ahead in the others.
  std::vector<PostingList::Cursor> cursors;
  for (const auto* list : lists) cursors.emplace_back(*list);
  for (auto& shortest = cursors[0]; const auto at = shortest.get(); shortest.next()) {
    const FileRef ref = *at;
    bool in_all = true;
    for (std::size_t k = 1; k < cursors.size() && in_all; ++k) {
      cursors[k].seek(ref);
      const auto v = cursors[k].get();
      in_all = v && *v == ref;
    }
    if (!in_all) continue;
    const StoredFile& f = files_[ref];
    if (!f.live || (query.exclude_owner && f.owner == *query.exclude_owner)) continue;
    if (!matches_file_type(name_of(f), query.type)) continue;
    out.push_back(ref);
    if (out.size() >= query.limit) break;
  }
  return out;
}

std::vector<FileRef> HubIndex::search_hash(const protocol::ContentHash& hash, protocol::FileType type,
                                           std::optional<UserSlot> exclude_owner, std::size_t limit) const {
  std::vector<FileRef> out;
  const auto head = hash_heads_.find(content_hash(hash), [&](FileRef other) { return files_[other].key.hash == hash; });
  if (!head || limit == 0) return out;
  std::vector<FileRef> chain;
  for (FileRef ref = *head; ref != NoFile; ref = files_[ref].next_same_hash) chain.push_back(ref);
  std::sort(chain.begin(), chain.end());  // the oldest file first, as keyword results
  for (FileRef ref : chain) {
    const StoredFile& f = files_[ref];
    if (!f.live || (exclude_owner && f.owner == *exclude_owner)) continue;
    if (!matches_file_type(name_of(f), type)) continue;
    out.push_back(ref);
    if (out.size() >= limit) break;
  }
  return out;
}

std::vector<FileRef> HubIndex::files_of(UserSlot owner, std::size_t cap) const {
  auto it = owners_.find(owner);
  if (it == owners_.end()) return {};
  const auto& order = it->second;
  return {order.begin(), order.begin() + static_cast<std::ptrdiff_t>(std::min(cap, order.size()))};
}

bool HubIndex::has_path(UserSlot owner, std::string_view path) const { return find_path(owner, path).has_value(); }

std::size_t HubIndex::count_of(UserSlot owner) const {
  auto it = owners_.find(owner);
  return it == owners_.end() ? 0 : it->second.size();
}

}  // namespace wpn::overlay
