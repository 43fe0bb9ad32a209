#include "share/media_info.h"

#include <sys/stat.h>

#include <algorithm>
#include <limits>
#include <mutex>

#include <taglib/apefooter.h>
#include <taglib/apetag.h>
#include <taglib/audioproperties.h>
#include <taglib/fileref.h>
#include <taglib/id3v2framefactory.h>
#include <taglib/mpegfile.h>
#include <taglib/mpegheader.h>
#include <taglib/tdebuglistener.h>
#include <taglib/tiostream.h>
#include <taglib/xingheader.h>

#include "share/file_reader.h"
#include "share/scan_filter.h"

namespace wpn::share {
namespace {

// What the path-only entry point reads before handing over; the pipeline passes the first
// hashed block, which is as long.
constexpr std::uint64_t HeadBytes = protocol::HashBlockSize;
// ID3v1, APE footers and the last audio frame all sit within this much of the end.
constexpr std::uint64_t TailBytes = 16 * 1024;

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

// Fills `out` from `offset`; fewer bytes only at the end of the file or on an error.
std::size_t read_fully(int fd, std::uint64_t offset, char* out, std::size_t count) {
  return pread_fully(fd, offset, {reinterpret_cast<protocol::Byte*>(out), count}).value_or(0);
}

// A read-only TagLib stream over a MediaSource: the head from memory, the tail loaded once,
// anything between by positioned reads.
class SourceStream final : public TagLib::IOStream {
 public:
  explicit SourceStream(const MediaSource& source)
      : source_(source),
        size_(static_cast<long>(std::min<std::uint64_t>(source.size, std::numeric_limits<long>::max()))),
        tail_start_(source.size > TailBytes ? source.size - TailBytes : 0) {}

  TagLib::FileName name() const override { return source_.name.c_str(); }
  bool readOnly() const override { return true; }
  bool isOpen() const override { return source_.fd >= 0; }
  long tell() const override { return position_; }
  long length() override { return size_; }
  void writeBlock(const TagLib::ByteVector&) override {}
  void insert(const TagLib::ByteVector&, unsigned long, unsigned long) override {}
  void removeBlock(unsigned long, unsigned long) override {}
  void truncate(long) override {}

  void seek(long offset, Position from) override {
    const long base = from == Beginning ? 0 : from == Current ? position_ : size_;
    if (offset > 0 && base > std::numeric_limits<long>::max() - offset) return;
    if (base + offset >= 0) position_ = base + offset;
  }

  TagLib::ByteVector readBlock(unsigned long length) override {
    if (position_ >= size_ || length == 0) return {};
    const auto from = static_cast<std::uint64_t>(position_);
    const auto count = static_cast<unsigned int>(std::min<std::uint64_t>(
        {length, static_cast<std::uint64_t>(size_) - from, std::numeric_limits<unsigned int>::max()}));
    TagLib::ByteVector out;
    if (from + count <= source_.head.size()) {
      out.setData(reinterpret_cast<const char*>(source_.head.data() + from), count);
    } else if (from >= tail_start_ && load_tail()) {
      const auto at = static_cast<std::size_t>(from - tail_start_);
      const auto available =
          static_cast<unsigned int>(std::min<std::size_t>(count, tail_.size() - std::min(at, tail_.size())));
      out.setData(tail_.data() + std::min(at, tail_.size()), available);
    } else {
      out.resize(count);
      out.resize(static_cast<unsigned int>(read_fully(source_.fd, from, out.data(), count)));
    }
    position_ = static_cast<long>(from + out.size());
    return out;
  }

 private:
  bool load_tail() {
    if (!tail_loaded_) {
      tail_loaded_ = true;
      tail_.resize(static_cast<std::size_t>(source_.size - tail_start_));
      tail_.resize(read_fully(source_.fd, tail_start_, tail_.data(), tail_.size()));
    }
    return !tail_.empty();
  }

  const MediaSource& source_;
  const long size_;
  const std::uint64_t tail_start_;
  long position_ = 0;
  bool tail_loaded_ = false;
  std::string tail_;
};

// MPEG audio, parsed by TagLib: tags, the first frame header and a Xing/VBRI header. Without
// the latter the stream is constant-bitrate, so its length follows from the bytes between the
// first frame and the trailing tags; TagLib's own property reader instead searches backwards
// byte by byte for the last frame, which is most of the cost of a small file.
std::optional<protocol::MediaInfo> read_mpeg_audio(TagLib::IOStream& stream) {
  TagLib::MPEG::File file(&stream, TagLib::ID3v2::FrameFactory::instance(), false);
  if (!file.isValid()) return std::nullopt;
  const long first = file.firstFrameOffset();
  if (first < 0) return std::nullopt;
  const TagLib::MPEG::Header header(&file, first, false);
  if (!header.isValid() || header.sampleRate() <= 0) return std::nullopt;
  file.seek(first);
  const TagLib::MPEG::XingHeader xing(file.readBlock(static_cast<unsigned long>(std::max(header.frameLength(), 0))));

  protocol::MediaInfo info;
  info.frequency = static_cast<std::uint32_t>(header.sampleRate());
  double seconds = 0;
  int bitrate = header.bitrate();
  if (xing.isValid() && xing.totalFrames() > 0 && header.samplesPerFrame() > 0) {
    seconds = static_cast<double>(xing.totalFrames()) * header.samplesPerFrame() / header.sampleRate();
    if (xing.totalSize() > 0 && seconds > 0) bitrate = static_cast<int>(xing.totalSize() * 8.0 / seconds / 1000 + 0.5);
  } else if (bitrate > 0) {
    long end = file.length();
    if (file.hasID3v1Tag()) end -= 128;
    if (file.hasAPETag() && file.APETag() != nullptr)
      end -= static_cast<long>(file.APETag()->footer()->completeTagSize());
    if (end > first) seconds = static_cast<double>(end - first) * 8 / (bitrate * 1000.0);
  }
  info.bitrate = clamp_to<std::uint16_t>(bitrate);
  info.duration = clamp_to<std::uint32_t>(static_cast<int>(std::min(seconds, 2e9)));
  if (info.empty()) return std::nullopt;
  return info;
}

}  // namespace

std::optional<protocol::MediaInfo> read_media_info(const MediaSource& source) noexcept {
  // TagLib guesses the format from the extension; only media names are worth parsing.
  if (!is_media_name(source.name) || source.fd < 0) return std::nullopt;
  try {
    silence_taglib();
    SourceStream stream(source);
    if (is_mpeg_audio_name(source.name)) return read_mpeg_audio(stream);
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

std::optional<protocol::MediaInfo> read_media_info(const std::string& path) noexcept {
  if (!is_media_name(path)) return std::nullopt;
  try {
    // Read-only, so closing it wakes no inotify watcher (ours included) with IN_CLOSE_WRITE.
    auto file = FileReader::open(path);
    if (!file) return std::nullopt;
    struct stat st {};
    if (::fstat(file->fd(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    const auto size = static_cast<std::uint64_t>(st.st_size);
    protocol::Bytes head(static_cast<std::size_t>(std::min(size, HeadBytes)));
    auto got = file->read_at(0, head);
    if (!got) return std::nullopt;
    head.resize(*got);
    return read_media_info(MediaSource{path, file->fd(), size, head});
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace wpn::share
