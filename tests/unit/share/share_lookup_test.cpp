#include "share/share_lookup.h"

#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "share/file_stat.h"
#include "share/sqlite_share_index.h"
#include "support/test_data.h"

namespace wpn::share {
namespace {

namespace fs = std::filesystem;

const std::string SongName = "Music\\Artist - Song.mp3";
const std::string CafeName = "Music\\sub dir\\Caf\xE9 del Mar.mp3";  // CP1252 é

// "\xNN" is one byte; everything else stands for itself.
std::string unescape(const std::string& line) {
  std::string out;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto hex_at = [&](std::size_t j) { return std::isxdigit(static_cast<unsigned char>(line[j])) != 0; };
    if (line[i] == '\\' && i + 3 < line.size() && line[i + 1] == 'x' && hex_at(i + 2) && hex_at(i + 3)) {
      out.push_back(static_cast<char>(std::stoi(line.substr(i + 2, 2), nullptr, 16)));
      i += 3;
    } else {
      out.push_back(line[i]);
    }
  }
  return out;
}

std::vector<std::string> load_attempts() {
  std::istringstream text(test::read_text_file(test::data_path("traversal_attempts.txt")));
  std::vector<std::string> attempts;
  for (std::string line; std::getline(text, line);) {
    if (line.empty() || line.front() == '#') continue;
    attempts.push_back(unescape(line));
  }
  return attempts;
}

const std::vector<std::string> Attempts = load_attempts();

struct LookupFixture {
  fs::path base;
  fs::path root_dir;
  std::unique_ptr<SqliteShareIndex> index;
  RootId root = 0;

  LookupFixture() {
    std::string pattern = (fs::temp_directory_path() / "wpn-lookup-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    base = pattern;
    root_dir = base / "share";
    fs::create_directories(root_dir / "sub dir");
    write(base / "secret.txt", "top secret");
    write(root_dir / "Artist - Song.mp3", "song bytes");
    write(root_dir / "sub dir" / "Caf\xC3\xA9 del Mar.mp3", "cafe bytes");
    fs::create_symlink(base / "secret.txt", root_dir / "link.mp3");
    index = SqliteShareIndex::open(":memory:").value();
    root = index->ensure_root({0, root_dir.string(), "Music", true, 0}).value();
    share(root_dir / "Artist - Song.mp3", "Music", "Artist - Song.mp3");
    share(root_dir / "sub dir" / "Caf\xC3\xA9 del Mar.mp3", "Music\\sub dir", "Caf\xE9 del Mar.mp3");
    share(root_dir / "link.mp3", "Music", "link.mp3");
  }
  LookupFixture(const LookupFixture&) = delete;
  LookupFixture& operator=(const LookupFixture&) = delete;
  ~LookupFixture() {
    std::error_code ec;
    fs::remove_all(base, ec);
  }

  static void write(const fs::path& path, const std::string& content) { std::ofstream(path) << content; }

  static StatIdentity identity_of(const fs::path& path) {
    struct stat st {};
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);  // follows links, as a naive scanner would
    return to_stat_identity(st);
  }

  FileId share(const fs::path& path, const std::string& folder, const std::string& file) {
    const StatIdentity stat = identity_of(path);
    FileRecord record;
    record.root_id = root;
    record.local_path = path.string();
    record.announced_folder = folder;
    record.announced_file = file;
    record.size = stat.size;
    record.mtime_ns = stat.mtime_ns;
    record.inode = stat.inode;
    record.device = stat.device;
    record.key = protocol::FileKey{{}, static_cast<std::uint32_t>(stat.size)};
    return index->put_file(record).value();
  }
};

BOOST_AUTO_TEST_SUITE(share_lookup)

BOOST_AUTO_TEST_CASE(attempt_table_is_loaded) {
  BOOST_TEST(Attempts.size() > 80u);
  BOOST_TEST(std::count_if(Attempts.begin(), Attempts.end(), [](const std::string& a) { return a.size() >= 5000; }) >=
             3);
  BOOST_TEST(std::count_if(Attempts.begin(), Attempts.end(),
                           [](const std::string& a) { return a.find('\0') != std::string::npos; }) >= 4);
}

BOOST_DATA_TEST_CASE_F(LookupFixture, refuses_every_traversal_attempt, boost::unit_test::data::make(Attempts),
                       attempt) {
  for (const NameMatch match : {NameMatch::Exact, NameMatch::AsciiCaseInsensitive}) {
    const ShareLookup lookup(*index, match);
    const auto resolved = lookup.resolve(attempt);
    BOOST_TEST(!resolved.has_value(), "resolved to " << (resolved ? resolved->path : std::string()));
  }
}

BOOST_FIXTURE_TEST_CASE(resolves_shared_names_byte_for_byte, LookupFixture) {
  const ShareLookup lookup(*index);
  const auto song = lookup.resolve(SongName);
  BOOST_REQUIRE(song.has_value());
  BOOST_TEST(song->path == fs::canonical(root_dir / "Artist - Song.mp3").string());
  const auto cafe = lookup.resolve(CafeName);
  BOOST_REQUIRE(cafe.has_value());
  BOOST_TEST(cafe->path == fs::canonical(root_dir / "sub dir" / "Caf\xC3\xA9 del Mar.mp3").string());
  BOOST_TEST(cafe->record.announced_file == "Caf\xE9 del Mar.mp3");
}

BOOST_FIXTURE_TEST_CASE(ascii_case_is_ignored_only_when_asked, LookupFixture) {
  const std::string shouting = "MUSIC\\artist - SONG.Mp3";
  BOOST_TEST(!ShareLookup(*index, NameMatch::Exact).resolve(shouting).has_value());
  BOOST_TEST(ShareLookup(*index, NameMatch::AsciiCaseInsensitive).resolve(shouting).has_value());
  BOOST_TEST(
      ShareLookup(*index, NameMatch::AsciiCaseInsensitive).resolve("music\\SUB DIR\\caf\xE9 DEL mar.mp3").has_value());
}

BOOST_FIXTURE_TEST_CASE(symlink_outside_the_root_is_unsafe, LookupFixture) {
  const auto resolved = ShareLookup(*index).resolve("Music\\link.mp3");
  BOOST_REQUIRE(!resolved);
  BOOST_TEST((resolved.error().code == LookupErrc::Unsafe));
}

BOOST_FIXTURE_TEST_CASE(file_swapped_for_a_symlink_after_scanning_is_refused, LookupFixture) {
  fs::remove(root_dir / "Artist - Song.mp3");
  fs::create_symlink(base / "secret.txt", root_dir / "Artist - Song.mp3");
  const auto resolved = ShareLookup(*index).resolve(SongName);
  BOOST_REQUIRE(!resolved);
  BOOST_TEST((resolved.error().code == LookupErrc::Unsafe));
}

BOOST_FIXTURE_TEST_CASE(changed_file_is_refused_until_rehashed, LookupFixture) {
  write(root_dir / "Artist - Song.mp3", "different and longer bytes");
  const auto resolved = ShareLookup(*index).resolve(SongName);
  BOOST_REQUIRE(!resolved);
  BOOST_TEST((resolved.error().code == LookupErrc::Changed));
}

BOOST_FIXTURE_TEST_CASE(deleted_file_is_missing, LookupFixture) {
  fs::remove(root_dir / "Artist - Song.mp3");
  const auto resolved = ShareLookup(*index).resolve(SongName);
  BOOST_REQUIRE(!resolved);
  BOOST_TEST((resolved.error().code == LookupErrc::Missing));
}

BOOST_FIXTURE_TEST_CASE(unhashed_file_and_disabled_root_are_not_shared, LookupFixture) {
  write(root_dir / "new.mp3", "new");
  const StatIdentity stat = identity_of(root_dir / "new.mp3");
  BOOST_REQUIRE(index->record_scanned({root, (root_dir / "new.mp3").string(), "Music", "new.mp3", stat}, 1));
  BOOST_TEST((ShareLookup(*index).resolve("Music\\new.mp3").error().code == LookupErrc::NotShared));
  BOOST_REQUIRE(index->set_root_enabled(root, false));
  BOOST_TEST((ShareLookup(*index).resolve(SongName).error().code == LookupErrc::NotShared));
}

BOOST_FIXTURE_TEST_CASE(empty_request_is_refused, LookupFixture) {
  BOOST_TEST(!ShareLookup(*index).resolve("").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wpn::share
