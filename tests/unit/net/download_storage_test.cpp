#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "net/download_storage.h"
#include "support/temp_dir.h"
#include "support/test_data.h"

namespace fs = std::filesystem;
using namespace wpn;

namespace {

protocol::FileKey some_key(std::uint32_t size) {
  protocol::FileKey key;
  key.hash[0] = 0xAB;
  key.size = size;
  return key;
}

std::string read_all(const fs::path& path) { return test::read_text_file(path.string()); }

struct NameCase {
  const char* virtual_name;
  const char* local;
};
std::ostream& operator<<(std::ostream& out, const NameCase& c) { return out << c.virtual_name; }

const NameCase Names[] = {
    {"Music\\Artist - Song.mp3", "Artist - Song.mp3"},
    {"a/b\\c.txt", "c.txt"},
    {"Music\\..", "abcd"},  // replaced by the key's hex below
    {"Music\\", "abcd"},
    {"dir\\x\x01y.bin", "x_y.bin"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(download_storage)

BOOST_DATA_TEST_CASE(local_names_keep_only_a_safe_last_component, boost::unit_test::data::make(Names), c) {
  const auto key = some_key(5);
  const std::string expected = std::string(c.local) == "abcd" ? key.hex() : c.local;
  BOOST_TEST(net::local_file_name(c.virtual_name, key) == expected);
}

BOOST_AUTO_TEST_CASE(writes_land_at_their_offsets_and_the_sidecar_reloads) {
  test::TempDir dir;
  net::DownloadStorage storage((dir / "inc").string(), (dir / "done").string());
  const auto key = some_key(10);
  BOOST_REQUIRE(storage.write(key, 6, protocol::as_bytes(std::string_view("ghij"))));
  BOOST_REQUIRE(storage.write(key, 0, protocol::as_bytes(std::string_view("abc"))));
  transfer::PartialMeta meta;
  meta.key = key;
  meta.size = 10;
  meta.name = "x\\file.bin";
  meta.received.insert({0, 3});
  meta.received.insert({6, 10});
  BOOST_REQUIRE(storage.save(meta));
  std::vector<std::string> problems;
  const auto loaded = storage.load_all(problems);
  BOOST_REQUIRE(loaded.size() == 1u);
  BOOST_TEST((loaded.front() == meta));
  BOOST_TEST(problems.empty());
  const auto bytes = read_all(storage.part_path(key));
  BOOST_TEST(bytes.substr(0, 3) == "abc");
  BOOST_TEST(bytes.substr(6) == "ghij");
}

BOOST_AUTO_TEST_CASE(a_damaged_sidecar_is_reported_not_loaded) {
  test::TempDir dir;
  net::DownloadStorage storage((dir / "inc").string(), (dir / "done").string());
  const auto key = some_key(4);
  BOOST_REQUIRE(storage.prepare(key));
  std::ofstream(storage.meta_path(key)) << "WPNP garbage";
  std::vector<std::string> problems;
  BOOST_TEST(storage.load_all(problems).empty());
  BOOST_TEST(problems.size() == 1u);
}

BOOST_AUTO_TEST_CASE(one_partial_loads_by_its_key_and_a_damaged_or_missing_one_does_not) {
  test::TempDir dir;
  net::DownloadStorage storage((dir / "inc").string(), (dir / "done").string());
  const auto mine = some_key(10);
  auto other = some_key(10);
  other.hash[1] = 0x01;
  for (const auto& key : {mine, other}) {
    BOOST_REQUIRE(storage.write(key, 0, protocol::as_bytes(std::string_view("abc"))));
    transfer::PartialMeta meta;
    meta.key = key;
    meta.size = 10;
    meta.name = "file.bin";
    meta.received.insert({0, 3});
    BOOST_REQUIRE(storage.save(meta));
  }
  const auto loaded = storage.load(mine);
  BOOST_REQUIRE(loaded.has_value());
  BOOST_TEST((loaded->key == mine));
  BOOST_TEST(loaded->received.covered() == 3u);
  std::ofstream(storage.meta_path(other), std::ios::trunc) << "WPNP garbage";
  BOOST_TEST(!storage.load(other).has_value());
  fs::remove(storage.part_path(mine));
  BOOST_TEST(!storage.load(mine).has_value());
  BOOST_TEST(!storage.load(some_key(99)).has_value());
}

BOOST_AUTO_TEST_CASE(a_vanished_partial_is_an_error_on_save) {
  test::TempDir dir;
  net::DownloadStorage storage((dir / "inc").string(), (dir / "done").string());
  transfer::PartialMeta meta;
  meta.key = some_key(4);
  meta.size = 4;
  BOOST_REQUIRE(storage.write(meta.key, 0, protocol::as_bytes(std::string_view("ab"))));
  fs::remove(storage.part_path(meta.key));
  const auto saved = storage.save(meta);
  BOOST_REQUIRE(!saved);
  BOOST_TEST(saved.error().find("vanished") != std::string::npos);
}

// Released between connections, the part file is reopened by the next write with its bytes;
// one removed meanwhile is an error, not an empty file under the sidecar's ranges.
BOOST_AUTO_TEST_CASE(a_released_partial_reopens_with_its_bytes_and_a_removed_one_is_not_recreated) {
  test::TempDir dir;
  net::DownloadStorage storage((dir / "inc").string(), (dir / "done").string());
  transfer::PartialMeta meta;
  meta.key = some_key(6);
  meta.size = 4;
  BOOST_REQUIRE(storage.write(meta.key, 0, protocol::as_bytes(std::string_view("ab"))));
  storage.release(meta.key);
  BOOST_REQUIRE(storage.write(meta.key, 2, protocol::as_bytes(std::string_view("cd"))));
  BOOST_TEST(read_all(storage.part_path(meta.key)) == "abcd");
  storage.release(meta.key);
  BOOST_REQUIRE(storage.save(meta));

  fs::remove(storage.part_path(meta.key));
  const auto saved = storage.save(meta);
  BOOST_REQUIRE(!saved);
  BOOST_TEST(saved.error().find("vanished") != std::string::npos);
  const auto written = storage.write(meta.key, 0, protocol::as_bytes(std::string_view("ab")));
  BOOST_REQUIRE(!written);
  BOOST_TEST(written.error().find("vanished") != std::string::npos);
  BOOST_TEST(!fs::exists(storage.part_path(meta.key)));
}

BOOST_AUTO_TEST_CASE(a_forgotten_key_starts_afresh_after_its_partial_was_moved_away) {
  test::TempDir dir;
  net::DownloadStorage storage((dir / "inc").string(), (dir / "done").string());
  const auto key = some_key(4);
  BOOST_REQUIRE(storage.write(key, 0, protocol::as_bytes(std::string_view("abcd"))));
  storage.release(key);
  fs::remove(storage.part_path(key));             // moved into the download folder by the verifier
  BOOST_TEST(!storage.prepare(key).has_value());  // released: its vanishing is an error
  storage.forget(key);
  BOOST_TEST(storage.prepare(key).has_value());
  BOOST_TEST(storage.write(key, 0, protocol::as_bytes(std::string_view("ef"))).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
