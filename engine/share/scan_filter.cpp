#include "share/scan_filter.h"

#include <algorithm>
#include <array>

namespace wpn::share {
namespace {

constexpr std::array<std::string_view, 49> MediaExtensions = {
    "mp3", "mp2", "mp1",  "mpa",  "wma",  "wav",  "ogg", "oga", "opus", "flac", "aac", "m4a", "mpc",
    "ape", "wv",  "aif",  "aiff", "aifc", "au",   "snd", "mid", "midi", "ra",   "ram", "mka", "avi",
    "mpg", "mpeg", "mpe", "m1v",  "m2v",  "mp4",  "m4v", "mkv", "wmv",  "asf",  "mov", "qt",  "ogm",
    "ogv", "webm", "flv", "divx", "xvid", "vob",  "rm",  "rmvb", "3gp", "ts"};

char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool is_media_name(std::string_view file_name) noexcept {
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= file_name.size()) return false;
  const auto ext = file_name.substr(dot + 1);
  if (ext.size() > 4) return false;
  std::array<char, 4> lower{};
  std::transform(ext.begin(), ext.end(), lower.begin(), ascii_lower);
  const std::string_view key(lower.data(), ext.size());
  return std::find(MediaExtensions.begin(), MediaExtensions.end(), key) != MediaExtensions.end();
}

bool is_hidden_name(std::string_view name) noexcept { return !name.empty() && name.front() == '.'; }

bool ScanFilter::descend_into(std::string_view dir_name) const noexcept {
  return include_hidden_ || !is_hidden_name(dir_name);
}

FilterDecision ScanFilter::check_file(std::string_view file_name, std::uint64_t size) const {
  if (!include_hidden_ && is_hidden_name(file_name)) return {FilterVerdict::Skip, {}};
  if (mode_ == ShareMode::Media && !is_media_name(file_name)) return {FilterVerdict::Skip, {}};
  if (size > max_size_) {
    return {FilterVerdict::Refuse, "larger than the share limit of " + std::to_string(max_size_) +
                                       " bytes (WinMX peers cannot take files of 2 GiB or more)"};
  }
  return {FilterVerdict::Share, {}};
}

}  // namespace wpn::share
