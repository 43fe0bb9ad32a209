#pragma once
// Which directory entries are shared, and why the others are not.

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "share/share_settings.h"

namespace wpn::share {

// The media extensions, compared ASCII-case-insensitively on the part after the last '.':
//   audio: mp3 mp2 mp1 mpa wma wav ogg oga opus flac aac m4a mpc ape wv aif aiff aifc au snd
//          mid midi ra ram mka
//   video: avi mpg mpeg mpe m1v m2v mp4 m4v mkv wmv asf mov qt ogm ogv webm flv divx xvid vob
//          rm rmvb 3gp ts
// This follows WinMX's "audio and video" default (filesharing.md §6.1), widened by the
// formats that came later.
bool is_media_name(std::string_view file_name) noexcept;
// MPEG audio: mp3 mp2 mp1 mpa.
bool is_mpeg_audio_name(std::string_view file_name) noexcept;

bool is_hidden_name(std::string_view name) noexcept;

// Entries skipped silently: hidden names (unless included), other types in media mode.
// Entries refused with a reason the owner sees: too large.
enum class FilterVerdict { Share, Skip, Refuse };

struct FilterDecision {
  FilterVerdict verdict = FilterVerdict::Share;
  std::string reason;  // set for Refuse
};

class ScanFilter {
 public:
  explicit ScanFilter(const ShareSettings& settings) noexcept
      : include_hidden_(settings.include_hidden), mode_(settings.mode), max_size_(settings.max_file_size) {}

  bool descend_into(std::string_view dir_name) const noexcept;
  FilterDecision check_file(std::string_view file_name, std::uint64_t size) const;
  // Live: the scan thread reads it per file.
  void set_max_file_size(std::uint64_t bytes) noexcept { max_size_ = bytes; }

 private:
  bool include_hidden_;
  ShareMode mode_;
  std::atomic<std::uint64_t> max_size_;
};

}  // namespace wpn::share
