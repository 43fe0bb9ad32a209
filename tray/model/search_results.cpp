#include "model/search_results.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "model/text_format.h"

namespace wpn::tray {

namespace {

std::string extension_of(std::string_view name) {
  const auto dot = name.rfind('.');
  const auto slash = name.find_last_of("\\/");
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  std::string ext(name.substr(dot + 1));
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

struct TypeByExtension {
  const char* ext;
  FileType type;
};

constexpr std::array<TypeByExtension, 44> Extensions{{
    {"mp3", FileType::Audio},     {"ogg", FileType::Audio},     {"flac", FileType::Audio},
    {"wav", FileType::Audio},     {"wma", FileType::Audio},     {"m4a", FileType::Audio},
    {"aac", FileType::Audio},     {"opus", FileType::Audio},    {"mid", FileType::Audio},
    {"avi", FileType::Video},     {"mpg", FileType::Video},     {"mpeg", FileType::Video},
    {"mp4", FileType::Video},     {"mkv", FileType::Video},     {"wmv", FileType::Video},
    {"mov", FileType::Video},     {"webm", FileType::Video},    {"asf", FileType::Video},
    {"jpg", FileType::Image},     {"jpeg", FileType::Image},    {"png", FileType::Image},
    {"gif", FileType::Image},     {"bmp", FileType::Image},     {"webp", FileType::Image},
    {"txt", FileType::Document},  {"pdf", FileType::Document},  {"doc", FileType::Document},
    {"docx", FileType::Document}, {"rtf", FileType::Document},  {"odt", FileType::Document},
    {"html", FileType::Document}, {"epub", FileType::Document}, {"zip", FileType::Archive},
    {"rar", FileType::Archive},   {"7z", FileType::Archive},    {"gz", FileType::Archive},
    {"tar", FileType::Archive},   {"bz2", FileType::Archive},   {"xz", FileType::Archive},
    {"exe", FileType::Program},   {"msi", FileType::Program},   {"deb", FileType::Program},
    {"apk", FileType::Program},   {"dmg", FileType::Program},
}};

}  // namespace

FileType type_of(std::string_view file_name) noexcept {
  const auto ext = extension_of(file_name);
  for (const auto& entry : Extensions)
    if (ext == entry.ext) return entry.type;
  return FileType::Other;
}

std::string_view type_text(FileType type) noexcept {
  switch (type) {
    case FileType::Any:
      return "Any";
    case FileType::Audio:
      return "Audio";
    case FileType::Video:
      return "Video";
    case FileType::Image:
      return "Image";
    case FileType::Document:
      return "Document";
    case FileType::Archive:
      return "Archive";
    case FileType::Program:
      return "Program";
    case FileType::Other:
      return "Other";
  }
  return "Other";
}

std::string SearchGroup::users_text() const {
  std::string text;
  for (const auto& source : sources) text += (text.empty() ? "" : ", ") + source.user;
  return text;
}

std::size_t SearchResults::add(const std::vector<ipc::SearchResultDto>& results) {
  std::unordered_map<std::string, std::size_t> by_key;
  by_key.reserve(groups_.size() + results.size());
  for (std::size_t i = 0; i < groups_.size(); ++i) by_key.emplace(groups_[i].key, i);
  std::size_t fresh = 0;
  for (const auto& result : results) {
    if (!seen_.emplace(result.user, result.key, result.file_hex).second) continue;
    ++fresh;
    users_.insert(result.user);
    // A result without a key cannot be grouped with others: it is its own row.
    const std::string group_key = result.key.empty() ? "\x01" + result.user + "\x01" + result.file_hex : result.key;
    auto [it, inserted] = by_key.emplace(group_key, groups_.size());
    if (inserted) {
      SearchGroup group;
      group.key = result.key;
      group.file = result.file;
      group.name = leaf_name(result.file);
      group.type = type_of(result.file);
      group.size = result.size;
      group.bitrate = result.bitrate;
      group.frequency = result.frequency;
      group.duration = result.duration;
      groups_.push_back(std::move(group));
    }
    auto& group = groups_[it->second];
    const bool same_user = std::any_of(group.sources.begin(), group.sources.end(),
                                       [&](const auto& source) { return source.user == result.user; });
    if (!same_user) group.sources.push_back(result);
  }
  if (fresh > 0) {
    ++revision_;
    view_dirty_ = true;
  }
  return fresh;
}

void SearchResults::clear() {
  groups_.clear();
  seen_.clear();
  users_.clear();
  ++revision_;
  view_dirty_ = true;
}

void SearchResults::set_filter(const SearchFilter& filter) {
  if (filter == filter_) return;
  filter_ = filter;
  ++revision_;
  view_dirty_ = true;
}

void SearchResults::sort_by(SearchColumn column) {
  // Names read best A to Z; numbers (sizes, sources) biggest first.
  set_sort(column,
           column == sort_column_ ? !ascending_ : (column == SearchColumn::Name || column == SearchColumn::Type));
}

void SearchResults::set_sort(SearchColumn column, bool ascending) {
  if (column == sort_column_ && ascending == ascending_) return;
  sort_column_ = column;
  ascending_ = ascending;
  ++revision_;
  view_dirty_ = true;
}

bool SearchResults::less(const SearchGroup& a, const SearchGroup& b) const {
  switch (sort_column_) {
    case SearchColumn::Name:
      return a.name < b.name;
    case SearchColumn::Size:
      return a.size < b.size;
    case SearchColumn::Bitrate:
      return a.bitrate < b.bitrate;
    case SearchColumn::Duration:
      return a.duration < b.duration;
    case SearchColumn::Sources:
      return a.sources.size() < b.sources.size();
    case SearchColumn::Type:
      return type_text(a.type) < type_text(b.type);
  }
  return false;
}

void SearchResults::rebuild() const {
  view_.clear();
  for (std::size_t i = 0; i < groups_.size(); ++i) {
    const auto& group = groups_[i];
    if (filter_.type != FileType::Any && group.type != filter_.type) continue;
    if (group.size < filter_.min_size || group.bitrate < filter_.min_bitrate) continue;
    view_.push_back(i);
  }
  // Stable, and ties broken by name then arrival, so rows never swap places between polls.
  std::stable_sort(view_.begin(), view_.end(), [this](std::size_t x, std::size_t y) {
    const auto& a = groups_[x];
    const auto& b = groups_[y];
    if (less(a, b)) return ascending_;
    if (less(b, a)) return !ascending_;
    return a.name < b.name;
  });
  view_dirty_ = false;
  ++rebuilds_;
}

std::size_t SearchResults::row_count() const {
  if (view_dirty_) rebuild();
  return view_.size();
}

const SearchGroup& SearchResults::row(std::size_t index) const {
  if (view_dirty_) rebuild();
  return groups_[view_.at(index)];
}

std::vector<const SearchGroup*> SearchResults::window(std::size_t offset, std::size_t count) const {
  if (view_dirty_) rebuild();
  std::vector<const SearchGroup*> rows;
  for (std::size_t i = offset; i < view_.size() && i < offset + count; ++i) rows.push_back(&groups_[view_[i]]);
  return rows;
}

std::optional<std::size_t> SearchResults::row_of_key(std::string_view key) const {
  if (view_dirty_) rebuild();
  for (std::size_t i = 0; i < view_.size(); ++i)
    if (groups_[view_[i]].key == key) return i;
  return std::nullopt;
}

std::string search_progress_text(const SearchResults& results, bool listening) {
  std::string text = std::to_string(results.result_count()) + (results.result_count() == 1 ? " result" : " results");
  text += " (" + std::to_string(results.group_count()) + (results.group_count() == 1 ? " file" : " files") + " from " +
          std::to_string(results.user_count()) + (results.user_count() == 1 ? " user)" : " users)");
  if (results.row_count() != results.group_count())
    text += ", " + std::to_string(results.row_count()) + " shown by the filter";
  text += listening ? ", still listening" : ", done";
  return text;
}

}  // namespace wpn::tray
