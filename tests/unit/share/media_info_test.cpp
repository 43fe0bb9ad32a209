#include "share/media_info.h"

#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>
#include <string_view>

#include "support/temp_dir.h"
#include "unit/share/share_test_files.h"

using namespace wpn::share;
using wpn::test::mp3_frames;
using wpn::test::pattern_bytes;
using wpn::test::write_file;
namespace fs = std::filesystem;

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

// 1000 frames (417,000 bytes) reach past the head, so TagLib's search for the last frame
// reads the tail and its checks of following frames read the middle.
BOOST_AUTO_TEST_CASE(reads_an_open_file_through_its_head_the_middle_and_the_tail) {
  wpn::test::TempDir dir;
  const auto path = dir / "long.mp3";
  const auto content = mp3_frames(1000);  // 26.06 s
  write_file(path, content);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  BOOST_REQUIRE(fd >= 0);
  for (const std::size_t head_size : {0UL, 1000UL, 131072UL}) {
    const wpn::protocol::ByteView head(content.data(), head_size);
    const auto info = read_media_info(MediaSource{path.string(), fd, content.size(), head});
    BOOST_REQUIRE_MESSAGE(info.has_value(), "head of " << head_size);
    BOOST_TEST(info->bitrate == 128U);
    BOOST_TEST(info->frequency == 44100U);
    BOOST_TEST(info->duration == 26U, "head of " << head_size);
  }
  ::close(fd);
}

// The descriptor is a pipe, where every positioned read fails: a result proves the head
// was enough.
BOOST_AUTO_TEST_CASE(a_file_within_its_head_is_read_from_memory_alone) {
  const auto content = mp3_frames(192);  // 5.004 s
  int pipe_fds[2];
  BOOST_REQUIRE(::pipe(pipe_fds) == 0);
  const auto info = read_media_info(MediaSource{"in memory.mp3", pipe_fds[0], content.size(), content});
  const auto cut = read_media_info(
      MediaSource{"in memory.mp3", pipe_fds[0], content.size(), wpn::protocol::ByteView(content.data(), 100)});
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
  BOOST_REQUIRE(info.has_value());
  BOOST_TEST(info->duration == 5U);
  BOOST_TEST(!cut.has_value());  // the rest was needed and could not be read
}

namespace {

void append(wpn::protocol::Bytes& out, std::string_view text) { out.insert(out.end(), text.begin(), text.end()); }

void append_le32(wpn::protocol::Bytes& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<wpn::protocol::Byte>(v >> (8 * i)));
}

std::optional<wpn::protocol::MediaInfo> info_of(const wpn::protocol::Bytes& content) {
  int pipe_fds[2];
  BOOST_REQUIRE(::pipe(pipe_fds) == 0);
  auto info = read_media_info(MediaSource{"track.mp3", pipe_fds[0], content.size(), content});
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
  return info;
}

}  // namespace

// 230 frames are 95,910 bytes: 5.994 s. Each case adds bytes that would carry the length
// past 6 s if they were counted as audio.
BOOST_AUTO_TEST_CASE(mpeg_length_leaves_out_the_tags_around_the_audio) {
  const auto frames = mp3_frames(230);
  BOOST_REQUIRE(info_of(frames).has_value());
  BOOST_TEST(info_of(frames)->duration == 5U);

  auto with_id3v1 = frames;
  append(with_id3v1, "TAG");
  with_id3v1.resize(with_id3v1.size() + 125, 0);

  // Size 190 as four 7-bit groups.
  wpn::protocol::Bytes with_id3v2{'I', 'D', '3', 3, 0, 0, 0, 0, 1, 62};
  with_id3v2.resize(200, 0);
  with_id3v2.insert(with_id3v2.end(), frames.begin(), frames.end());

  // One item ("Title", 100 bytes) and a footer: 146 bytes.
  auto with_ape = frames;
  append_le32(with_ape, 100);
  append_le32(with_ape, 0);
  append(with_ape, std::string_view("Title\0", 6));
  with_ape.resize(with_ape.size() + 100, 'a');
  append(with_ape, "APETAGEX");
  append_le32(with_ape, 2000);
  append_le32(with_ape, 146);
  append_le32(with_ape, 1);
  append_le32(with_ape, 0);
  with_ape.resize(with_ape.size() + 8, 0);

  for (const auto* content : {&with_id3v1, &with_id3v2, &with_ape}) {
    const auto info = info_of(*content);
    BOOST_REQUIRE(info.has_value());
    BOOST_TEST(info->duration == 5U, content->size() << " bytes");
    BOOST_TEST(info->bitrate == 128U);
    BOOST_TEST(info->frequency == 44100U);
  }
}

// A Xing header in the first frame gives the frame count and byte size of a VBR stream:
// 1000 frames of 1152 samples at 44.1 kHz are 26.12 s, 417,000 bytes over that 127.7 kbit/s.
// The file itself holds only five frames.
BOOST_AUTO_TEST_CASE(mpeg_length_of_a_vbr_stream_comes_from_its_xing_header) {
  auto content = mp3_frames(5);
  const std::size_t at = 4 + 32;  // after the header and MPEG-1 stereo side information
  const wpn::protocol::Bytes xing{'X', 'i', 'n', 'g', 0, 0, 0, 3, 0, 0, 0x03, 0xE8, 0, 0x06, 0x5C, 0xE8};
  std::copy(xing.begin(), xing.end(), content.begin() + static_cast<std::ptrdiff_t>(at));
  const auto info = info_of(content);
  BOOST_REQUIRE(info.has_value());
  BOOST_TEST(info->duration == 26U);
  BOOST_TEST(info->bitrate == 128U);
  BOOST_TEST(info->frequency == 44100U);
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
