#include <boost/test/unit_test.hpp>

#include "overlay/hub_index.h"
#include "overlay_test_support.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
using o::test::key_of;

BOOST_AUTO_TEST_SUITE(hub_index)

BOOST_AUTO_TEST_CASE(splits_words_on_separators_and_folds_case) {
  const auto words = o::keyword_tokens("Music\\The_Band - LIVE.at.Home (2004).mp3");
  const std::vector<std::string> expected{"music", "the", "band", "live", "at", "home", "2004", "mp3"};
  BOOST_CHECK(words == expected);
  BOOST_CHECK(o::keyword_tokens("Caf\xE9 au lait") == (std::vector<std::string>{"caf\xE9", "au", "lait"}));
}

BOOST_AUTO_TEST_CASE(matches_whole_words_only) {
  o::HubIndex index;
  index.add(1, "A\\Songbook.txt", key_of(1, 1), 1, {});
  index.add(1, "A\\song.mp3", key_of(2, 1), 1, {});
  const auto hits = index.search({.words = "song"});
  BOOST_REQUIRE_EQUAL(hits.size(), 1u);
  BOOST_CHECK_EQUAL(index.file(hits[0]).path, "A\\song.mp3");
}

BOOST_AUTO_TEST_CASE(reannouncing_a_path_updates_instead_of_duplicating) {
  o::HubIndex index;
  index.add(1, "A\\x.mp3", key_of(1, 10), 10, {});
  index.add(1, "A\\x.mp3", key_of(9, 20), 20, {});
  BOOST_CHECK_EQUAL(index.live_files(), 1u);
  BOOST_CHECK(index.search_hash(key_of(1, 0).hash, p::FileType::Any, std::nullopt, 10).empty());
  const auto hits = index.search_hash(key_of(9, 0).hash, p::FileType::Any, std::nullopt, 10);
  BOOST_REQUIRE_EQUAL(hits.size(), 1u);
  BOOST_CHECK_EQUAL(index.file(hits[0]).size, 20u);
}

// A peer flipping one file between two contents must not grow the index, and a file moved
// onto a hash that later files already hold is still found in order.
BOOST_AUTO_TEST_CASE(reannouncing_new_content_keeps_the_hash_lists_the_same_size) {
  o::HubIndex index;
  index.add(1, "A\\x.mp3", key_of(1, 10), 10, {});
  index.add(1, "A\\y.mp3", key_of(2, 10), 10, {});
  const auto before = index.postings_size();
  for (int i = 0; i < 1000; ++i) index.add(1, "A\\x.mp3", key_of(static_cast<std::uint8_t>(3 + i % 2), 10), 10, {});
  BOOST_CHECK_EQUAL(index.postings_size(), before);
  index.add(1, "A\\x.mp3", key_of(2, 10), 10, {});  // now the same content as y, which came later
  const auto hits = index.search_hash(key_of(2, 0).hash, p::FileType::Any, std::nullopt, 10);
  BOOST_REQUIRE_EQUAL(hits.size(), 2u);
  BOOST_CHECK(hits[0] < hits[1]);
}

BOOST_AUTO_TEST_CASE(removes_files_and_folders_and_renumbers_after_compaction) {
  o::HubIndex index;
  for (std::uint32_t i = 0; i < 5000; ++i) index.add(1, "Big\\file " + std::to_string(i) + ".txt", key_of(1, i), i, {});
  index.add(2, "Keep\\keeper.txt", key_of(2, 1), 1, {});
  index.add(2, "Keep\\sub\\gone.txt", key_of(3, 1), 1, {});
  BOOST_CHECK_EQUAL(index.remove_path(2, "Keep\\sub\\"), 1u);
  BOOST_CHECK_EQUAL(index.remove_owner(1), 5000u);  // triggers compaction
  BOOST_CHECK_EQUAL(index.live_files(), 1u);
  BOOST_CHECK(index.search({.words = "file"}).empty());
  BOOST_CHECK_LT(index.postings_size(), 10u);
  index.add(3, "New\\file again.txt", key_of(4, 1), 1, {});
  const auto hits = index.search({.words = "file", .limit = 100});
  BOOST_REQUIRE_EQUAL(hits.size(), 1u);
  BOOST_CHECK_EQUAL(index.file(hits[0]).path, "New\\file again.txt");
  // The survivor keeps working after renumbering: found, updated in place, removable.
  BOOST_REQUIRE_EQUAL(index.search({.words = "keeper keep"}).size(), 1u);
  index.add(2, "Keep\\keeper.txt", key_of(5, 2), 2, {});
  BOOST_CHECK_EQUAL(index.count_of(2), 1u);
  BOOST_CHECK_EQUAL(index.search_hash(key_of(5, 0).hash, p::FileType::Any, std::nullopt, 5).size(), 1u);
  BOOST_CHECK_EQUAL(index.remove_path(2, "Keep\\keeper.txt"), 1u);
  BOOST_CHECK(index.search({.words = "keeper"}).empty());
}

BOOST_AUTO_TEST_CASE(intersects_several_words_in_any_order) {
  o::HubIndex index;
  for (std::uint32_t i = 0; i < 300; ++i) {
    const std::string a = i % 2 ? "red" : "blue";
    const std::string b = i % 3 ? "fish" : "bird";
    index.add(1, "Z\\" + a + " " + b + " " + std::to_string(i) + ".txt", key_of(1, i), i, {});
  }
  // red: odd i; bird: i divisible by 3 -> odd multiples of 3 below 300: 50.
  BOOST_CHECK_EQUAL(index.search({.words = "bird RED", .limit = 1000}).size(), 50u);
  BOOST_CHECK_EQUAL(index.search({.words = "red bird red", .limit = 1000}).size(), 50u);
  BOOST_CHECK_EQUAL(index.search({.words = "red blue", .limit = 1000}).size(), 0u);
  BOOST_CHECK_EQUAL(index.search({.words = "bird 3"}).size(), 1u);
}

BOOST_AUTO_TEST_CASE(applies_limit_exclusion_and_type_filter) {
  o::HubIndex index;
  for (int i = 0; i < 10; ++i) index.add(1, "M\\tune " + std::to_string(i) + ".mp3", key_of(1, 1), 1, {});
  index.add(2, "V\\tune.avi", key_of(1, 1), 1, {});
  BOOST_CHECK_EQUAL(index.search({.words = "tune", .limit = 4}).size(), 4u);
  BOOST_CHECK_EQUAL(index.search({.words = "tune", .exclude_owner = 1u}).size(), 1u);
  BOOST_CHECK_EQUAL(index.search({.words = "tune", .type = p::FileType::Video}).size(), 1u);
  BOOST_CHECK_EQUAL(index.search({.words = "tune", .type = p::FileType::Other}).size(), 0u);
  BOOST_CHECK(o::matches_file_type("X\\a.MP3", p::FileType::Audio));
  BOOST_CHECK(!o::matches_file_type("X.mp3\\readme", p::FileType::Audio));
}

BOOST_AUTO_TEST_SUITE_END()
