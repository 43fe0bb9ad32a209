#include "share/media_info.h"

#include <boost/test/unit_test.hpp>

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <filesystem>

#include "support/temp_dir.h"
#include "unit/share/share_test_files.h"

using namespace wpn::share;
using wpn::test::pattern_bytes;
using wpn::test::write_file;
namespace fs = std::filesystem;

namespace {

// MPEG-1 Layer III frames at 128 kbit/s, 44.1 kHz, no padding: 417 bytes each
// (144 * 128000 / 44100), header FF FB 90 64, silent payload.
wpn::protocol::Bytes mp3_frames(std::size_t count) {
  constexpr std::size_t FrameSize = 417;
  wpn::protocol::Bytes out(count * FrameSize, 0);
  for (std::size_t i = 0; i < count; ++i) {
    out[i * FrameSize] = 0xFF;
    out[i * FrameSize + 1] = 0xFB;
    out[i * FrameSize + 2] = 0x90;
    out[i * FrameSize + 3] = 0x64;
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(media_info)

BOOST_AUTO_TEST_CASE(reads_bitrate_rate_and_length_of_an_mp3) {
  wpn::test::TempDir dir;
  const auto path = dir / "five_seconds.mp3";
  // 192 frames * 417 bytes * 8 / 128000 bit/s = 5.004 s
  write_file(path, mp3_frames(192));
  const auto info = read_media_info(path.string());
  BOOST_REQUIRE(info.has_value());
  BOOST_TEST(info->bitrate == 128U);
  BOOST_TEST(info->frequency == 44100U);
  BOOST_TEST(info->duration == 5U);
}

BOOST_AUTO_TEST_CASE(gives_nothing_for_names_that_are_not_media) {
  wpn::test::TempDir dir;
  const auto path = dir / "frames.txt";
  write_file(path, mp3_frames(192));
  BOOST_TEST(!read_media_info(path.string()).has_value());
}

BOOST_AUTO_TEST_CASE(survives_garbage_empty_and_missing_files) {
  wpn::test::TempDir dir;
  write_file(dir / "noise.mp3", pattern_bytes(70000, 5));
  write_file(dir / "empty.ogg", {});
  write_file(dir / "cut.flac", wpn::protocol::Bytes{'f', 'L', 'a', 'C', 0, 0});
  write_file(dir / "cut.mp4", wpn::protocol::Bytes{0, 0, 0, 0x20, 'f', 't', 'y', 'p'});
  // Whatever these yield, the calls return.
  (void)read_media_info((dir / "noise.mp3").string());
  BOOST_TEST(!read_media_info((dir / "empty.ogg").string()).has_value());
  BOOST_TEST(!read_media_info((dir / "cut.flac").string()).has_value());
  BOOST_TEST(!read_media_info((dir / "cut.mp4").string()).has_value());
  BOOST_TEST(!read_media_info((dir / "absent.mp3").string()).has_value());
}

BOOST_AUTO_TEST_CASE(opens_files_read_only_so_watchers_see_no_write) {
  wpn::test::TempDir dir;
  const auto path = dir / "watched.mp3";
  write_file(path, mp3_frames(50));
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  BOOST_REQUIRE(fd >= 0);
  BOOST_REQUIRE(::inotify_add_watch(fd, dir.path().c_str(), IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB) >= 0);
  BOOST_REQUIRE(read_media_info(path.string()).has_value());
  std::array<char, 4096> buffer{};
  const auto got = ::read(fd, buffer.data(), buffer.size());
  ::close(fd);
  BOOST_TEST(got < 0);  // EAGAIN: no event at all
}

BOOST_AUTO_TEST_SUITE_END()
