#include "share/media_info.h"

#include <algorithm>
#include <limits>
#include <mutex>

#include <taglib/audioproperties.h>
#include <taglib/fileref.h>
#include <taglib/tfilestream.h>
#include <taglib/tdebuglistener.h>

#include "share/scan_filter.h"

namespace wpn::share {
namespace {

// TagLib reports every oddity of a damaged file on stderr; a service has no use for that.
class QuietListener final : public TagLib::DebugListener {
 public:
  void printMessage(const TagLib::String&) override {}
};

void silence_taglib() {
  static QuietListener listener;
  static std::once_flag once;
  std::call_once(once, [] { TagLib::setDebugListener(&listener); });
}

template <typename T>
T clamp_to(int value) noexcept {
  if (value <= 0) return 0;
  return static_cast<T>(std::min<long long>(value, static_cast<long long>(std::numeric_limits<T>::max())));
}

}  // namespace

std::optional<protocol::MediaInfo> read_media_info(const std::string& path) noexcept {
  // TagLib guesses the format from the extension; only media names are worth the open.
  if (!is_media_name(path)) return std::nullopt;
  try {
    silence_taglib();
    // Read-only: TagLib otherwise opens for writing, and closing such a handle wakes every
    // inotify watcher (ours included) with IN_CLOSE_WRITE.
    TagLib::FileStream stream(path.c_str(), true);
    if (!stream.isOpen()) return std::nullopt;
    TagLib::FileRef file(&stream, true, TagLib::AudioProperties::Average);
    if (file.isNull()) return std::nullopt;
    const TagLib::AudioProperties* props = file.audioProperties();
    if (props == nullptr) return std::nullopt;
    protocol::MediaInfo info;
    info.bitrate = clamp_to<std::uint16_t>(props->bitrate());
    info.frequency = clamp_to<std::uint32_t>(props->sampleRate());
    info.duration = clamp_to<std::uint32_t>(props->lengthInSeconds());
    if (info.empty()) return std::nullopt;
    return info;
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace wpn::share
