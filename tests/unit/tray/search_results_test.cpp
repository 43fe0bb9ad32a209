#include "model/search_results.h"

#include <boost/test/unit_test.hpp>

#include "model/file_key_text.h"

using namespace wpn::tray;
using wpn::ipc::SearchResultDto;

namespace {

SearchResultDto result(std::string user, std::string file, std::string key, std::uint64_t size,
                       std::uint64_t bitrate = 0) {
  SearchResultDto r;
  r.user = std::move(user);
  r.handle = "WinMX 0200007f1871";
  r.file = file;
  r.file_hex = "aa" + file;  // distinct per name, like the real bytes
  r.key = std::move(key);
  r.size = size;
  r.bitrate = bitrate;
  return r;
}

std::string key_of(int n) {
  std::string digits = std::to_string(n);
  return std::string(40 - digits.size(), '0') + digits;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(search_results)

BOOST_AUTO_TEST_CASE(one_file_from_many_users_is_one_row_with_every_source) {
  SearchResults results;
  BOOST_TEST(results.add({result("alice_1", "Music\\Song.mp3", key_of(1), 5000),
                          result("bob_2", "Other\\Song (copy).mp3", key_of(1), 5000),
                          result("carol_3", "Music\\Other.mp3", key_of(2), 7000)}) == 3u);
  BOOST_TEST(results.row_count() == 2u);
  BOOST_TEST(results.user_count() == 3u);
  const auto& top = results.row(0);  // sorted by sources, most first
  BOOST_TEST(top.key == key_of(1));
  BOOST_TEST(top.name == "Song.mp3");
  BOOST_TEST(top.sources.size() == 2u);
  BOOST_TEST(top.users_text() == "alice_1, bob_2");
}

BOOST_AUTO_TEST_CASE(every_poll_repeats_old_results_and_only_new_ones_count) {
  SearchResults results;
  const auto first = result("alice_1", "a.mp3", key_of(1), 1);
  results.add({first});
  const auto revision = results.revision();
  BOOST_TEST(results.add({first}) == 0u);
  BOOST_TEST(results.revision() == revision);
  BOOST_TEST(results.add({first, result("bob_2", "a.mp3", key_of(1), 1)}) == 1u);
  BOOST_TEST(results.result_count() == 2u);
  BOOST_TEST(results.row(0).sources.size() == 2u);
}

BOOST_AUTO_TEST_CASE(results_without_a_key_are_rows_of_their_own) {
  SearchResults results;
  results.add({result("alice_1", "x.mp3", "", 1), result("bob_2", "x.mp3", "", 1)});
  BOOST_TEST(results.row_count() == 2u);
}

BOOST_AUTO_TEST_CASE(sorting_by_each_column_and_flipping_the_direction) {
  SearchResults results;
  results.add({result("u_1", "b.mp3", key_of(1), 300, 128), result("u_1", "a.avi", key_of(2), 100, 320),
               result("u_1", "c.txt", key_of(3), 200, 0)});
  results.sort_by(SearchColumn::Name);
  BOOST_TEST(results.ascending());
  BOOST_TEST(results.row(0).name == "a.avi");
  BOOST_TEST(results.row(2).name == "c.txt");
  results.sort_by(SearchColumn::Name);
  BOOST_TEST(!results.ascending());
  BOOST_TEST(results.row(0).name == "c.txt");
  results.sort_by(SearchColumn::Size);
  BOOST_TEST(!results.ascending());  // biggest first
  BOOST_TEST(results.row(0).size == 300u);
  BOOST_TEST(results.row(2).size == 100u);
  results.set_sort(SearchColumn::Bitrate, true);
  BOOST_TEST(results.row(0).bitrate == 0u);
  BOOST_TEST(results.row(2).bitrate == 320u);
  results.set_sort(SearchColumn::Type, true);
  // "Audio" < "Document" < "Video": by the type's text.
  BOOST_TEST((results.row(0).type == FileType::Audio));
  BOOST_TEST((results.row(1).type == FileType::Document));
  BOOST_TEST((results.row(2).type == FileType::Video));
}

BOOST_AUTO_TEST_CASE(filters_by_type_minimum_size_and_bitrate) {
  SearchResults results;
  results.add({result("u_1", "small.mp3", key_of(1), 100, 320), result("u_1", "big.mp3", key_of(2), 9000, 96),
               result("u_1", "film.MKV", key_of(3), 90000, 0), result("u_1", "read.txt", key_of(4), 50)});
  results.set_filter({FileType::Audio, 0, 0});
  BOOST_TEST(results.row_count() == 2u);
  results.set_filter({FileType::Audio, 1000, 0});
  BOOST_TEST(results.row_count() == 1u);
  BOOST_TEST(results.row(0).name == "big.mp3");
  results.set_filter({FileType::Any, 0, 128});
  BOOST_TEST(results.row_count() == 1u);
  BOOST_TEST(results.row(0).name == "small.mp3");
  results.set_filter({FileType::Video, 0, 0});
  BOOST_TEST(results.row(0).name == "film.MKV");
  results.set_filter({});
  BOOST_TEST(results.row_count() == 4u);
  BOOST_TEST(search_progress_text(results, true) == "4 results (4 files from 1 user), still listening");
  results.set_filter({FileType::Document, 0, 0});
  BOOST_TEST(search_progress_text(results, false) == "4 results (4 files from 1 user), 1 shown by the filter, done");
}

BOOST_AUTO_TEST_CASE(ten_thousand_results_scroll_by_windows_without_rebuilding) {
  SearchResults results;
  std::vector<SearchResultDto> batch;
  for (int i = 0; i < 10000; ++i)
    batch.push_back(result("user_" + std::to_string(i % 97), "file" + std::to_string(i) + ".mp3", key_of(i),
                           static_cast<std::uint64_t>(i) * 7 % 10007));
  results.add(batch);
  results.set_sort(SearchColumn::Size, true);
  BOOST_TEST(results.row_count() == 10000u);
  const auto rebuilt = results.rebuilds();
  // Scroll through the whole list a screen at a time, as the virtual list asks.
  std::uint64_t previous = 0;
  std::size_t seen = 0;
  for (std::size_t top = 0; top < results.row_count(); top += 37) {
    for (const auto* row : results.window(top, 37)) {
      BOOST_REQUIRE(row->size >= previous);
      previous = row->size;
      ++seen;
    }
  }
  BOOST_TEST(seen == 10000u);
  BOOST_TEST(results.rebuilds() == rebuilt);
  BOOST_TEST(results.window(9990, 37).size() == 10u);
  BOOST_TEST(results.window(20000, 37).empty());
  // A new result rebuilds once; a selected key is found at its new place.
  results.add({result("late_1", "0 late.mp3", key_of(20000), 0)});
  BOOST_TEST(results.row(0).name == "0 late.mp3");  // size 0 ties with file0: name breaks it
  BOOST_TEST(results.rebuilds() == rebuilt + 1);
  BOOST_TEST(*results.row_of_key(key_of(20000)) == 0u);
}

BOOST_AUTO_TEST_CASE(types_come_from_the_extension) {
  BOOST_TEST((type_of("Music\\A.FLAC") == FileType::Audio));
  BOOST_TEST((type_of("x.jpeg") == FileType::Image));
  BOOST_TEST((type_of("setup.exe") == FileType::Program));
  BOOST_TEST((type_of("noext") == FileType::Other));
  BOOST_TEST((type_of("dir.mp3\\file") == FileType::Other));
}

BOOST_AUTO_TEST_CASE(polling_listens_a_while_after_the_last_new_result) {
  SearchPolling polling{100, 100, 20, 30};
  BOOST_TEST(polling.listening(110));
  BOOST_TEST(polling.listening(125));  // past min_s, within quiet_s
  BOOST_TEST(!polling.listening(131));
  polling.last_new = 128;
  BOOST_TEST(polling.listening(150));
  BOOST_TEST(!polling.listening(158.5));
}

BOOST_AUTO_TEST_CASE(hash_text_round_trips_with_the_service_key) {
  // The size is the key's last four bytes, little-endian: 1000 = e8 03 00 00.
  const std::string key = "a9b6f0285d5939eb756d8d181bd4e611e8030000";
  BOOST_TEST(hash_text_of_key(key) == "HASH>a9b6f0285d5939eb756d8d181bd4e611-1000");
  BOOST_TEST(*key_of_hash_text("  HASH>A9B6F0285D5939EB756D8D181BD4E611-1000 ") == key);
  BOOST_TEST(*key_of_hash_text("HASH>8dd8daefd7bd053796f858d9bf934524-20000000") ==
             "8dd8daefd7bd053796f858d9bf934524002d3101");
  for (const char* bad :
       {"HASH>", "HASH>a9b6f0285d5939eb756d8d181bd4e61-1000", "HASH>a9b6f0285d5939eb756d8d181bd4e611-",
        "HASH>a9b6f0285d5939eb756d8d181bd4e611+1000", "HASH>a9b6f0285d5939eb756d8d181bd4e611-4294967296",
        "HASH>a9b6f0285d5939eb756d8d181bd4e6zz-1000"})
    BOOST_TEST(!key_of_hash_text(bad).has_value(), bad);
  BOOST_TEST(hash_text_of_key("xyz").empty());
}

BOOST_AUTO_TEST_CASE(the_search_box_takes_words_a_hash_text_or_a_bare_key) {
  const auto words = parse_search_input("  glacier overture ");
  BOOST_TEST(words.words == "glacier overture");
  BOOST_TEST(words.key.empty());
  const auto pasted = parse_search_input("HASH>a9b6f0285d5939eb756d8d181bd4e611-1000");
  BOOST_TEST(pasted.key == "a9b6f0285d5939eb756d8d181bd4e611e8030000");
  BOOST_TEST(pasted.words.empty());
  BOOST_TEST(parse_search_input("A9B6F0285D5939EB756D8D181BD4E611E8030000").key ==
             "a9b6f0285d5939eb756d8d181bd4e611e8030000");
  BOOST_TEST(!parse_search_input("HASH>a9b6").error.empty());
  BOOST_TEST(!parse_search_input(" x ").error.empty());
}

BOOST_AUTO_TEST_SUITE_END()
