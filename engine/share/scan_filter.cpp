#include "share/scan_filter.h"

#include <algorithm>
#include <array>

namespace wpn::share {
namespace {

constexpr std::array<std::string_view, 49> MediaExtensions = {
    "mp3", "mp2",  "mp1", "mpa",  "wma",  "wav", "ogg", "oga",  "opus", "flac", "aac", "m4a", "mpc",
    "ape", "wv",   "aif", "aiff", "aifc", "au",  "snd", "mid",  "midi", "ra",   "ram", "mka", "avi",
    "mpg", "mpeg", "mpe", "m1v",  "m2v",  "mp4", "m4v", "mkv",  "wmv",  "asf",  "mov", "qt",  "ogm",
    "ogv", "webm", "flv", "divx", "xvid", "vob", "rm",  "rmvb", "3gp",  "ts"};

char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The extension after the last '.' in ASCII lower case; empty when there is none or it is
// longer than any media extension.
struct Extension {
  std::array<char, 4> bytes{};
  std::size_t size = 0;
  std::string_view view() const noexcept { return {bytes.data(), size}; }
};

Extension lower_extension(std::string_view file_name) noexcept {
  Extension out;
  const auto dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot + 1 >= file_name.size()) return out;
  const auto ext = file_name.substr(dot + 1);
  if (ext.size() > out.bytes.size()) return out;
  std::transform(ext.begin(), ext.end(), out.bytes.begin(), ascii_lower);
  out.size = ext.size();
  return out;
}

}  // namespace

bool is_media_name(std::string_view file_name) noexcept {
  const auto ext = lower_extension(file_name);
  return ext.size > 0 && std::find(MediaExtensions.begin(), MediaExtensions.end(), ext.view()) != MediaExtensions.end();
}

bool is_mpeg_audio_name(std::string_view file_name) noexcept {
  const auto lowered = lower_extension(file_name);  // view() points into it
  const auto ext = lowered.view();
  return ext == "mp3" || ext == "mp2" || ext == "mp1" || ext == "mpa";
}

bool is_hidden_name(std::string_view name) noexcept { return !name.empty() && name.front() == '.'; }

bool ScanFilter::descend_into(std::string_view dir_name) const noexcept {
  return include_hidden_ || !is_hidden_name(dir_name);
}

FilterDecision ScanFilter::check_file(std::string_view file_name, std::uint64_t size) const {
  if (!include_hidden_ && is_hidden_name(file_name)) return {FilterVerdict::Skip, {}};
  if (mode_ == ShareMode::Media && !is_media_name(file_name)) return {FilterVerdict::Skip, {}};
  const std::uint64_t max_size = max_size_;
  if (size > max_size) {
    return {FilterVerdict::Refuse, "larger than the share limit of " + std::to_string(max_size) +
                                       " bytes (WinMX peers cannot take files of 2 GiB or more)"};
  }
  return {FilterVerdict::Share, {}};
}

}  // namespace wpn::share
