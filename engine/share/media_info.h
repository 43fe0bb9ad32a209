#pragma once
// Bitrate, sample rate and duration of audio and video files, read with TagLib
// (units of filesharing.md §2.7: kbit/s, Hz, whole seconds).

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"

namespace wpn::share {

// A file the caller already has open, with the bytes it already read from offset 0. TagLib
// reads from these first, then from the descriptor with positioned reads: no second open,
// no seeks, and for files no longer than `head` no read at all.
struct MediaSource {
  std::string name;  // the type is guessed from its extension
  int fd = -1;       // readable; the caller keeps it open for the call
  std::uint64_t size = 0;
  protocol::ByteView head;  // the first head.size() bytes of the file
};

// nullopt when the file is not a media type TagLib knows, cannot be parsed, or has no audio
// properties. Never throws: a corrupt file must not stop a scan.
std::optional<protocol::MediaInfo> read_media_info(const MediaSource& source) noexcept;

// Opens `path` read-only and reads it as above.
std::optional<protocol::MediaInfo> read_media_info(const std::string& path) noexcept;

}  // namespace wpn::share
