#include "share/scan_filter.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace wpn::share;
namespace data = boost::unit_test::data;

namespace {

ShareSettings settings_with(ShareMode mode, bool hidden) {
  ShareSettings settings;
  settings.mode = mode;
  settings.include_hidden = hidden;
  return settings;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scan_filter)

BOOST_DATA_TEST_CASE(recognises_audio_and_video_names_in_any_case,
                     data::make({"song.mp3", "Song.MP3", "a.b.flac", "clip.Avi", "film.mkv", "x.ogg", "y.wma", "z.mpeg",
                                 "t.m4a", "v.webm"}),
                     name) {
  BOOST_TEST(is_media_name(name));
}

BOOST_DATA_TEST_CASE(rejects_other_names_as_media,
                     data::make({"notes.txt", "archive.rar", "mp3", ".mp3x", "song.mp3.part", "noext", "dot.", "a.mp",
                                 "image.jpeg"}),
                     name) {
  BOOST_TEST(!is_media_name(name));
}

BOOST_AUTO_TEST_CASE(tells_mpeg_audio_from_other_media) {
  for (const char* name : {"song.mp3", "Song.MP2", "old.mp1", "x.Mpa"}) BOOST_TEST(is_mpeg_audio_name(name), name);
  for (const char* name : {"clip.mp4", "song.ogg", "x.aac", "mp3", "song.mp3.part", "a.mpeg"})
    BOOST_TEST(!is_mpeg_audio_name(name), name);
}

BOOST_AUTO_TEST_CASE(media_mode_skips_other_types_silently) {
  const ScanFilter filter(settings_with(ShareMode::Media, false));
  BOOST_TEST((filter.check_file("notes.txt", 10).verdict == FilterVerdict::Skip));
  BOOST_TEST((filter.check_file("song.mp3", 10).verdict == FilterVerdict::Share));
}

BOOST_AUTO_TEST_CASE(all_mode_shares_every_type) {
  const ScanFilter filter(settings_with(ShareMode::All, false));
  BOOST_TEST((filter.check_file("notes.txt", 10).verdict == FilterVerdict::Share));
  BOOST_TEST((filter.check_file("noext", 0).verdict == FilterVerdict::Share));
}

BOOST_AUTO_TEST_CASE(hidden_names_are_skipped_unless_included) {
  const ScanFilter strict(settings_with(ShareMode::All, false));
  BOOST_TEST((strict.check_file(".secret.mp3", 10).verdict == FilterVerdict::Skip));
  BOOST_TEST(!strict.descend_into(".git"));
  BOOST_TEST(strict.descend_into("Music"));
  const ScanFilter open(settings_with(ShareMode::All, true));
  BOOST_TEST((open.check_file(".secret.mp3", 10).verdict == FilterVerdict::Share));
  BOOST_TEST(open.descend_into(".git"));
}

BOOST_AUTO_TEST_CASE(refuses_files_of_two_gib_or_more_with_a_reason) {
  const ScanFilter filter(settings_with(ShareMode::All, false));
  BOOST_TEST((filter.check_file("big.avi", 2147483647ULL).verdict == FilterVerdict::Share));
  const auto refused = filter.check_file("big.avi", 2147483648ULL);
  BOOST_TEST((refused.verdict == FilterVerdict::Refuse));
  BOOST_TEST(refused.reason.find("2147483647") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_lower_configured_limit_refuses_earlier) {
  ShareSettings settings = settings_with(ShareMode::All, false);
  settings.max_file_size = 1000;
  const ScanFilter filter(settings);
  BOOST_TEST((filter.check_file("a.bin", 1000).verdict == FilterVerdict::Share));
  BOOST_TEST((filter.check_file("a.bin", 1001).verdict == FilterVerdict::Refuse));
}

BOOST_AUTO_TEST_SUITE_END()
