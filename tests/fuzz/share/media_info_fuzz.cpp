// Media files from shared folders are untrusted bytes: reading their properties never
// crashes, and the answer does not depend on how much of the file the caller already held
// in memory (the rest comes from the descriptor).
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

#include "share/media_info.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wpn::share;
  if (size < 2) return 0;
  // The first byte picks the type, the second how much of the content is held in memory.
  static const char* const names[] = {"a.mp3", "a.mp2", "a.ogg", "a.flac", "a.m4a", "a.wav", "a.wma", "a.mpc"};
  const char* name = names[data[0] % (sizeof names / sizeof names[0])];
  const wpn::protocol::ByteView content(data + 2, size - 2);
  const std::size_t held = content.size() * data[1] / 255;

  const int fd = ::memfd_create("media", MFD_CLOEXEC);
  if (fd < 0) return 0;
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  if (written == content.size()) {
    const auto all = read_media_info(MediaSource{name, fd, content.size(), content});
    const auto part = read_media_info(MediaSource{name, fd, content.size(), content.first(held)});
    if (all.has_value() != part.has_value()) __builtin_trap();
    if (all && !(all->bitrate == part->bitrate && all->frequency == part->frequency && all->duration == part->duration))
      __builtin_trap();
  }
  ::close(fd);
  return 0;
}
