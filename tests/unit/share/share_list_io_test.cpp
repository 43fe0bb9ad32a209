#include "share/share_list_io.h"

#include <zlib.h>

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "share/sqlite_share_index.h"
#include "support/test_data.h"

namespace wpn::share {
namespace {

namespace fs = std::filesystem;
using protocol::FileKey;

struct ListFixture {
  fs::path dir;
  ListFixture() {
    std::string pattern = (fs::temp_directory_path() / "wpn-list-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
  }
  ListFixture(const ListFixture&) = delete;
  ListFixture& operator=(const ListFixture&) = delete;
  ~ListFixture() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

  static std::string read_bytes(const fs::path& path) { return test::read_text_file(path); }
  static void write_bytes(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
  }
  static void write_gzip(const fs::path& path, const std::string& text) {
    gzFile out = gzopen(path.c_str(), "wb");
    BOOST_REQUIRE(out != nullptr);
    BOOST_REQUIRE(gzwrite(out, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
    BOOST_REQUIRE(gzclose(out) == Z_OK);
  }

  // An index with count hashed files in a few folders, plus one unhashed file.
  static std::unique_ptr<SqliteShareIndex> filled_index(int count) {
    auto index = SqliteShareIndex::open(":memory:").value();
    const RootId root = index->ensure_root({0, "/srv/m", "Music", true, 0}).value();
    for (int i = 0; i < count; ++i) {
      const std::string folder = "Music\\Album " + std::to_string(i % 7);
      const std::string file = "Track " + std::to_string(i) + " caf\xE9%.mp3";
      const auto scanned = index->record_scanned(
          {root, "/srv/m/" + std::to_string(i), folder, file, {static_cast<std::uint64_t>(1000 + i), 1, 1, 1}}, 1);
      FileKey key;
      key.hash.fill(static_cast<std::uint8_t>(i));
      key.size = static_cast<std::uint32_t>(1000 + i);
      BOOST_REQUIRE(index
                        ->set_hash(scanned.value().id, {static_cast<std::uint64_t>(1000 + i), 1, 1, 1}, key,
                                   {static_cast<std::uint16_t>(i), 44100, 200})
                        .value());
    }
    BOOST_REQUIRE(index->record_scanned({root, "/srv/m/unhashed", "Music", "unhashed.mp3", {5, 1, 1, 1}}, 1));
    return index;
  }
};

const std::string Header = "OPENWPN-SHARELIST\t1\tCP1252";
const std::string GoodLine =
    "0102030405060708090a0b0c0d0e0f10a0860100\t100000\t192\t44100\t207\tMusic\\Air\tCaf%E9%20del%20Mar.mp3";

BOOST_FIXTURE_TEST_SUITE(share_list_io, ListFixture)

BOOST_AUTO_TEST_CASE(formats_the_documented_example_line) {
  // The example of docs/share-list-format.md.
  ShareListEntry entry;
  for (std::uint8_t i = 0; i < 16; ++i) entry.key.hash[i] = static_cast<std::uint8_t>(i + 1);
  entry.key.size = 100000;
  entry.size = 100000;
  entry.media = {192, 44100, 207};
  entry.folder = "Music\\Air";
  entry.file = "Caf\xE9 del Mar.mp3";
  BOOST_TEST(format_share_list_line(entry) == GoodLine);
  BOOST_TEST(format_share_list_header(CodePage::Cp1252) == Header);
  const auto parsed = parse_share_list_line(GoodLine);
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST((*parsed == entry));
}

BOOST_AUTO_TEST_CASE(escapes_everything_but_printable_ascii) {
  BOOST_TEST(escape_name(std::string("a b%\t\x7F\xFF\\c", 9)) == "a%20b%25%09%7F%FF\\c");
  BOOST_TEST(unescape_name("a%20b%25%09%7f%FF\\c").value_or("?") == std::string("a b%\t\x7F\xFF\\c"));
  BOOST_TEST(!unescape_name("bad%2"));
  BOOST_TEST(!unescape_name("bad%zz"));
  BOOST_TEST(!unescape_name("raw space"));
  BOOST_TEST(!unescape_name("raw\xE9"));
}

BOOST_AUTO_TEST_CASE(rejects_malformed_record_lines) {
  const std::string key = "0102030405060708090a0b0c0d0e0f10a0860100";
  const std::vector<std::string> bad = {
      "",
      key,
      key + "\t100000\t192\t44100\t207\tMusic",            // 6 fields
      key + "\t100000\t192\t44100\t207\tMusic\tx\textra",  // 8 fields
      "0102\t100000\t192\t44100\t207\tMusic\tx",           // short key
      "zz02030405060708090a0b0c0d0e0f10a0860100\t100000\t192\t44100\t207\tMusic\tx",
      key + "\t100001\t192\t44100\t207\tMusic\tx",  // size differs from key
      key + "\t-100000\t192\t44100\t207\tMusic\tx",
      key + "\t+100000\t192\t44100\t207\tMusic\tx",
      key + "\t100000\t65536\t44100\t207\tMusic\tx",     // bitrate over u16
      key + "\t100000\t192\t4294967296\t207\tMusic\tx",  // frequency over u32
      key + "\t100000\t192\t44100\t20x\tMusic\tx",
      key + "\t100000\t192\t44100\t207\t\tx",                               // empty folder
      key + "\t100000\t192\t44100\t207\tMusic\t",                           // empty file
      key + "\t100000\t192\t44100\t207\tMusic\tx%00y",                      // NUL
      key + "\t100000\t192\t44100\t207\tMusic\tx y",                        // raw space
      key + "\t100000\t192\t44100\t207\tMusic\t" + std::string(1100, 'a'),  // name too long
  };
  for (const std::string& line : bad) BOOST_TEST(!parse_share_list_line(line).has_value(), line.substr(0, 80));
}

BOOST_AUTO_TEST_CASE(export_then_import_round_trips) {
  auto index = filled_index(50);
  const fs::path path = dir / "list.wpnlist.gz";
  const auto written = export_share_list(*index, path, CodePage::Cp1252);
  BOOST_REQUIRE(written.has_value());
  BOOST_TEST(*written == 50u);  // the unhashed file is not announced
  BOOST_TEST(!fs::exists(path.string() + ".tmp"));
  const std::string raw = read_bytes(path);
  BOOST_REQUIRE(raw.size() > 2);
  BOOST_TEST(static_cast<unsigned char>(raw[0]) == 0x1Fu);  // gzip magic
  BOOST_TEST(static_cast<unsigned char>(raw[1]) == 0x8Bu);
  const auto list = read_share_list(path);
  BOOST_REQUIRE(list.has_value());
  BOOST_TEST(list->bad_lines.empty());
  BOOST_TEST((list->code_page == CodePage::Cp1252));
  BOOST_REQUIRE(list->entries.size() == 50u);
  for (const ShareListEntry& entry : list->entries) {
    const auto row = index->find_by_announced_name(entry.folder + '\\' + entry.file, NameMatch::Exact).value();
    BOOST_REQUIRE(row.has_value());
    BOOST_TEST((row->key == entry.key));
    BOOST_TEST(row->size == entry.size);
    BOOST_TEST((row->media == entry.media));
  }
}

BOOST_AUTO_TEST_CASE(import_seeds_a_moved_library_without_rehashing) {
  auto original = filled_index(20);
  const fs::path path = dir / "list.wpnlist.gz";
  BOOST_REQUIRE(export_share_list(*original, path, CodePage::Cp1252).has_value());
  // The new machine: same announced names, other paths and inodes, nothing hashed.
  auto moved = SqliteShareIndex::open(":memory:").value();
  const RootId root = moved->ensure_root({0, "/mnt/new", "Music", true, 0}).value();
  for (int i = 0; i < 20; ++i) {
    if (i == 5) continue;                                                          // not on the new machine
    const std::uint64_t size = i == 3 ? 1 : static_cast<std::uint64_t>(1000 + i);  // file 3 differs in size
    BOOST_REQUIRE(moved->record_scanned({root,
                                         "/mnt/new/" + std::to_string(i),
                                         "Music\\Album " + std::to_string(i % 7),
                                         "Track " + std::to_string(i) + " caf\xE9%.mp3",
                                         {size, 9, 900u + static_cast<std::uint64_t>(i), 2}},
                                        1));
  }
  const auto list = read_share_list(path).value();
  const auto summary = seed_index(*moved, list);
  BOOST_REQUIRE(summary.has_value());
  BOOST_TEST(summary->seeded == 18u);
  BOOST_TEST(summary->size_mismatch == 1u);
  BOOST_TEST(summary->not_found == 1u);
  const auto pending = moved->files_needing_hash(100, 0).value();
  BOOST_REQUIRE(pending.size() == 1u);
  BOOST_TEST(pending[0].local_path == "/mnt/new/3");
  const auto seeded = moved->file_by_path("/mnt/new/7").value().value();
  BOOST_REQUIRE(seeded.key.has_value());
  BOOST_TEST(seeded.key->hash[0] == 7u);
  BOOST_TEST(seeded.media.bitrate == 7u);
  const auto again = seed_index(*moved, list).value();
  BOOST_TEST(again.already_hashed == 18u);
  BOOST_TEST(again.seeded == 0u);
}

BOOST_AUTO_TEST_CASE(bad_lines_are_reported_with_numbers_and_skipped) {
  const fs::path path = dir / "mixed.gz";
  write_gzip(path, Header + "\n" + GoodLine + "\n" + "garbage\n# comment\n\n" + GoodLine + "\tx\n" +
                       std::string(9000, 'z') + "\n" + GoodLine + "\r\n" + GoodLine);
  const auto list = read_share_list(path);
  BOOST_REQUIRE(list.has_value());
  BOOST_TEST(list->entries.size() == 2u);
  BOOST_REQUIRE(list->bad_lines.size() == 4u);
  BOOST_TEST(list->bad_lines[0].line == 3u);
  BOOST_TEST(list->bad_lines[1].line == 6u);
  BOOST_TEST(list->bad_lines[2].line == 7u);
  BOOST_TEST(list->bad_lines[2].reason.find("longer") != std::string::npos);
  BOOST_TEST(list->bad_lines[3].line == 9u);
  BOOST_TEST(list->bad_lines[3].reason.find("line end") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(truncated_gzip_fails_the_whole_import) {
  auto index = filled_index(300);
  const fs::path path = dir / "list.gz";
  BOOST_REQUIRE(export_share_list(*index, path, CodePage::Cp1252).has_value());
  const std::string raw = read_bytes(path);
  for (const std::size_t keep : {raw.size() / 2, raw.size() - 4, std::size_t{12}}) {
    write_bytes(dir / "cut.gz", raw.substr(0, keep));
    const auto list = read_share_list(dir / "cut.gz");
    BOOST_REQUIRE_MESSAGE(!list.has_value(), "kept " << keep);
    BOOST_TEST((list.error().code == ShareListErrc::Corrupt || list.error().code == ShareListErrc::NotAShareList));
  }
}

BOOST_AUTO_TEST_CASE(corrupted_gzip_fails_the_whole_import) {
  auto index = filled_index(300);
  const fs::path path = dir / "list.gz";
  BOOST_REQUIRE(export_share_list(*index, path, CodePage::Cp1252).has_value());
  const std::string raw = read_bytes(path);
  for (const std::size_t at : {raw.size() / 3, raw.size() / 2, raw.size() - 6}) {
    std::string bad = raw;
    bad[at] = static_cast<char>(bad[at] ^ 0x5A);
    write_bytes(dir / "bad.gz", bad);
    const auto list = read_share_list(dir / "bad.gz");
    BOOST_REQUIRE_MESSAGE(!list.has_value(), "flipped byte " << at);
    BOOST_TEST((list.error().code == ShareListErrc::Corrupt));
  }
}

BOOST_AUTO_TEST_CASE(refuses_files_that_are_not_share_lists) {
  write_bytes(dir / "plain.txt", "hello world\n" + GoodLine + "\n");
  BOOST_TEST((read_share_list(dir / "plain.txt").error().code == ShareListErrc::NotAShareList));
  write_bytes(dir / "empty", "");
  BOOST_TEST((read_share_list(dir / "empty").error().code == ShareListErrc::NotAShareList));
  write_gzip(dir / "v2.gz", "OPENWPN-SHARELIST\t2\tCP1252\n" + GoodLine + "\n");
  BOOST_TEST((read_share_list(dir / "v2.gz").error().code == ShareListErrc::UnsupportedVersion));
  write_gzip(dir / "cp.gz", "OPENWPN-SHARELIST\t1\tKOI8-R\n");
  BOOST_TEST((read_share_list(dir / "cp.gz").error().code == ShareListErrc::NotAShareList));
  BOOST_TEST((read_share_list(dir / "missing.gz").error().code == ShareListErrc::Io));
}

BOOST_AUTO_TEST_CASE(accepts_an_uncompressed_hand_written_list) {
  write_bytes(dir / "plain.txt", "OPENWPN-SHARELIST\t1\tCP932\n" + GoodLine + "\n");
  const auto list = read_share_list(dir / "plain.txt");
  BOOST_REQUIRE(list.has_value());
  BOOST_TEST((list->code_page == CodePage::Cp932));
  BOOST_TEST(list->entries.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wpn::share
