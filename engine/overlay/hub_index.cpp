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

FileRef HubIndex::add(UserSlot owner, std::string path, const protocol::FileKey& key, std::uint32_t size,
                      const protocol::MediaInfo& media) {
  OwnerFiles& mine = owners_[owner];
  if (auto it = mine.by_path.find(path); it != mine.by_path.end()) {
    IndexedFile& f = files_[it->second];
    if (f.key.hash != key.hash) {
      // Re-announced with new content: the file moves from the old hash's list to the new
      // one's (at its place, so the list stays sorted), or a peer repeating this would grow
      // the index without end.
      const FileRef ref = it->second;
      if (auto old = by_hash_.find(f.key.hash); old != by_hash_.end()) {
        auto& refs = old->second;
        const auto at = std::lower_bound(refs.begin(), refs.end(), ref);
        if (at != refs.end() && *at == ref) {
          refs.erase(at);
          --postings_entries_;
        }
        if (refs.empty()) by_hash_.erase(old);
      }
      auto& refs = by_hash_[key.hash];
      refs.insert(std::lower_bound(refs.begin(), refs.end(), ref), ref);
      ++postings_entries_;
    }
    f.key = key;
    f.size = size;
    f.media = media;
    return it->second;
  }
  // Refs only grow, so every posting list stays sorted (compaction renumbers).
  const auto ref = static_cast<FileRef>(files_.size());
  files_.emplace_back();
  IndexedFile& f = files_[ref];
  f = IndexedFile{owner, std::move(path), key, size, media, true};
  mine.order.push_back(ref);
  mine.by_path.emplace(std::string_view(f.path), ref);
  index_file(ref);
  ++live_;
  return ref;
}

void HubIndex::index_file(FileRef ref) {
  const IndexedFile& f = files_[ref];
  auto words = keyword_tokens(f.path);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  for (auto& word : words) postings_[std::move(word)].push_back(ref);
  by_hash_[f.key.hash].push_back(ref);
  postings_entries_ += words.size() + 1;
}

void HubIndex::kill(FileRef ref) {
  IndexedFile& f = files_[ref];
  f.live = false;
  f.path.clear();
  f.path.shrink_to_fit();
  dead_.push_back(ref);
  --live_;
}

std::size_t HubIndex::remove_path(UserSlot owner, std::string_view path) {
  auto it = owners_.find(owner);
  if (it == owners_.end() || path.empty()) return 0;
  OwnerFiles& mine = it->second;
  const bool folder = path.back() == '\\';
  std::size_t removed = 0;
  std::vector<FileRef> kept;
  kept.reserve(mine.order.size());
  for (FileRef ref : mine.order) {
    const std::string& p = files_[ref].path;
    const bool hit = folder ? p.starts_with(path) : p == path;
    if (hit) {
      mine.by_path.erase(std::string_view(p));
      kill(ref);
      ++removed;
    } else {
      kept.push_back(ref);
    }
  }
  mine.order = std::move(kept);
  maybe_compact();
  return removed;
}

std::size_t HubIndex::remove_owner(UserSlot owner) {
  auto it = owners_.find(owner);
  if (it == owners_.end()) return 0;
  const std::size_t removed = it->second.order.size();
  for (FileRef ref : it->second.order) kill(ref);
  owners_.erase(it);
  maybe_compact();
  return removed;
}

void HubIndex::maybe_compact() {
  if (dead_.size() < 4096 || dead_.size() < live_) return;
  // Renumber the living files densely and rebuild every table from them.
  std::vector<FileRef> remap(files_.size(), 0);
  std::deque<IndexedFile> fresh;
  for (std::size_t ref = 0; ref < files_.size(); ++ref) {
    if (!files_[ref].live) continue;
    remap[ref] = static_cast<FileRef>(fresh.size());
    fresh.push_back(std::move(files_[ref]));
  }
  files_ = std::move(fresh);
  dead_.clear();
  postings_.clear();
  by_hash_.clear();
  postings_entries_ = 0;
  for (auto& [owner, mine] : owners_) {
    mine.by_path.clear();
    for (FileRef& ref : mine.order) {
      ref = remap[ref];
      mine.by_path.emplace(std::string_view(files_[ref].path), ref);
    }
  }
  for (std::size_t ref = 0; ref < files_.size(); ++ref) index_file(static_cast<FileRef>(ref));
}

namespace {
// Exponential then binary search for target in list[from..]; returns the position of
// the first element >= target.
std::size_t gallop(const std::vector<FileRef>& list, std::size_t from, FileRef target) noexcept {
  std::size_t step = 1;
  std::size_t low = from;
  while (from + step < list.size() && list[from + step] < target) {
    low = from + step;
    step *= 2;
  }
  const std::size_t high = std::min(list.size(), from + step + 1);
  return static_cast<std::size_t>(std::lower_bound(list.begin() + static_cast<std::ptrdiff_t>(low),
                                                   list.begin() + static_cast<std::ptrdiff_t>(high), target) -
                                  list.begin());
}
}  // namespace

std::vector<FileRef> HubIndex::search(const Query& query) const {
  std::vector<FileRef> out;
  auto words = keyword_tokens(query.words, MaxQueryWords);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  if (words.empty() || query.limit == 0) return out;
  std::vector<const std::vector<FileRef>*> lists;
  for (const auto& w : words) {
    auto it = postings_.find(w);
    if (it == postings_.end()) return out;
    lists.push_back(&it->second);
  }
  std::sort(lists.begin(), lists.end(), [](const auto* a, const auto* b) { return a->size() < b->size(); });
  // Sorted intersection: walk the shortest list, gallop through the others.
  std::vector<std::size_t> cursor(lists.size(), 0);
  for (FileRef ref : *lists[0]) {
    bool in_all = true;
    for (std::size_t k = 1; k < lists.size() && in_all; ++k) {
      cursor[k] = gallop(*lists[k], cursor[k], ref);
      in_all = cursor[k] < lists[k]->size() && (*lists[k])[cursor[k]] == ref;
    }
    if (!in_all) continue;
    const IndexedFile& f = files_[ref];
    if (!f.live || (query.exclude_owner && f.owner == *query.exclude_owner)) continue;
    if (!matches_file_type(f.path, query.type)) continue;
    out.push_back(ref);
    if (out.size() >= query.limit) break;
  }
  return out;
}

std::vector<FileRef> HubIndex::search_hash(const protocol::ContentHash& hash, protocol::FileType type,
                                           std::optional<UserSlot> exclude_owner, std::size_t limit) const {
  std::vector<FileRef> out;
  auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return out;
  for (FileRef ref : it->second) {
    const IndexedFile& f = files_[ref];
    if (!f.live || f.key.hash != hash || (exclude_owner && f.owner == *exclude_owner)) continue;
    if (!matches_file_type(f.path, type)) continue;
    if (std::find(out.begin(), out.end(), ref) != out.end()) continue;
    out.push_back(ref);
    if (out.size() >= limit) break;
  }
  return out;
}

std::vector<FileRef> HubIndex::files_of(UserSlot owner, std::size_t cap) const {
  auto it = owners_.find(owner);
  if (it == owners_.end()) return {};
  const auto& order = it->second.order;
  return {order.begin(), order.begin() + static_cast<std::ptrdiff_t>(std::min(cap, order.size()))};
}

bool HubIndex::has_path(UserSlot owner, std::string_view path) const {
  const auto it = owners_.find(owner);
  return it != owners_.end() && it->second.by_path.contains(path);
}

std::size_t HubIndex::count_of(UserSlot owner) const {
  auto it = owners_.find(owner);
  return it == owners_.end() ? 0 : it->second.order.size();
}

}  // namespace wpn::overlay
