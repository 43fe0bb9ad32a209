#pragma once
// Bitrate, sample rate and duration of audio and video files, read with TagLib
// (units of filesharing.md §2.7: kbit/s, Hz, whole seconds).

#include <optional>
#include <string>

#include "protocol/codecs/common.h"

namespace wpn::share {

// nullopt when the file is not a media type TagLib knows, cannot be parsed, or has no audio
// properties. Never throws: a corrupt file must not stop a scan.
std::optional<protocol::MediaInfo> read_media_info(const std::string& path) noexcept;

}  // namespace wpn::share
