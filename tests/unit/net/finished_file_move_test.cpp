// move_finished_file on real files: a hard link on one filesystem, a copy under a temporary
// name across two (/dev/shm or another folder on its own st_dev; the pair used is printed).
// Whatever stops a copy, the partial stays whole and no short file takes the final name.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>

#include "net/finished_file_move.h"
#include "support/other_filesystem.h"
#include "support/temp_dir.h"
#include "support/test_data.h"

namespace fs = std::filesystem;
using namespace wpn;

namespace {

constexpr std::size_t CopySize = 20'000'123;  // three chunks of the copy, the last one short

std::string content_of(const fs::path& path) { return test::read_text_file(path); }

void write_varied_file(const fs::path& path, std::size_t size) {
  std::string bytes(size, '\0');
  std::uint32_t x = 2463534242u;
  for (auto& c : bytes) {
    x ^= x << 13, x ^= x >> 17, x ^= x << 5;
    c = static_cast<char>(x);
  }
  std::ofstream(path, std::ios::binary) << bytes;
}

struct MoveSetup {
  test::TempDir dir;  // the download folder lives here
  std::unique_ptr<test::TempDirUnder> other;
  fs::path inc;
  fs::path done = dir / "done";
  std::mutex lock;

  // The partial on the same filesystem as the download folder, or on another one.
  explicit MoveSetup(bool across) {
    if (across) {
      std::string tried;
      other = test::folder_on_another_filesystem(dir.path(), tried);
      BOOST_REQUIRE_MESSAGE(other != nullptr, "no writable folder on another filesystem than the test's: " << tried);
      BOOST_TEST_MESSAGE("partial in " << other->path() << ", download folder in " << done << " (tried " << tried
                                       << ")");
      inc = other->path() / "inc";
    } else {
      inc = dir / "inc";
    }
    fs::create_directories(inc);
  }
  fs::path part() const { return inc / "0123abcd.part"; }
  fs::path meta() const { return inc / "0123abcd.meta"; }
  void write_partial(std::size_t size) {
    write_varied_file(part(), size);
    std::ofstream(meta()) << "sidecar";
  }
  tl::expected<std::string, std::string> move(const std::string& name, const std::function<bool()>& wanted) {
    return net::move_finished_file(part().string(), meta().string(), {done.string(), name}, lock, wanted);
  }
  std::vector<fs::path> temporaries() const {
    std::vector<fs::path> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(done, ec))
      if (entry.path().filename().string().starts_with(net::copy_temp_prefix(part().string())))
        found.push_back(entry.path());
    return found;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(finished_file_move)

BOOST_AUTO_TEST_CASE(on_one_filesystem_it_links_and_never_overwrites_an_existing_file) {
  MoveSetup s(false);
  s.write_partial(5000);
  const auto expected = content_of(s.part());
  fs::create_directories(s.done);
  std::ofstream(s.done / "f.txt") << "mine";
  const auto moved = s.move("f.txt", [] { return true; });
  BOOST_REQUIRE(moved);
  BOOST_TEST(*moved == (s.done / "f (1).txt").string());
  BOOST_TEST(test::read_text_file((s.done / "f.txt").string()) == "mine");
  BOOST_TEST(content_of(*moved) == expected);
  BOOST_TEST(!fs::exists(s.part()));
  BOOST_TEST(!fs::exists(s.meta()));
}

BOOST_AUTO_TEST_CASE(across_filesystems_it_copies_every_byte_and_removes_the_partial) {
  MoveSetup s(true);
  s.write_partial(CopySize);
  const auto expected = content_of(s.part());
  fs::create_directories(s.done);
  std::ofstream(s.done / "f.bin") << "mine";
  // A copy left by a process killed mid-copy goes away with the next one.
  std::ofstream(s.done / (net::copy_temp_prefix(s.part().string()) + "1-0")) << "half";
  const auto moved = s.move("f.bin", [] { return true; });
  BOOST_REQUIRE_MESSAGE(moved, (moved ? "" : moved.error()));
  BOOST_TEST(*moved == (s.done / "f (1).bin").string());
  BOOST_TEST(fs::file_size(*moved) == CopySize);
  BOOST_TEST(content_of(*moved) == expected);
  BOOST_TEST(test::read_text_file((s.done / "f.bin").string()) == "mine");
  BOOST_TEST(!fs::exists(s.part()));
  BOOST_TEST(!fs::exists(s.meta()));
  BOOST_TEST(s.temporaries().empty());
}

BOOST_AUTO_TEST_CASE(a_copy_no_longer_wanted_midway_leaves_the_whole_partial_and_no_file) {
  MoveSetup s(true);
  s.write_partial(CopySize);
  const auto expected = content_of(s.part());
  bool saw_partial_copy = false;
  // Wanted until the temporary holds some bytes but not all: a cancel in the middle.
  const auto moved = s.move("f.bin", [&] {
    for (const auto& temp : s.temporaries())
      if (const auto size = fs::file_size(temp); size > 0 && size < CopySize) saw_partial_copy = true;
    return !saw_partial_copy;
  });
  BOOST_TEST(saw_partial_copy);
  BOOST_REQUIRE(!moved);
  BOOST_TEST(moved.error() == net::MoveCancelled);
  BOOST_TEST(!fs::exists(s.done / "f.bin"));
  BOOST_TEST(s.temporaries().empty());
  BOOST_TEST(content_of(s.part()) == expected);
  BOOST_TEST(fs::exists(s.meta()));
}

BOOST_AUTO_TEST_CASE(a_copy_no_longer_wanted_at_the_commit_leaves_the_whole_partial_and_no_file) {
  MoveSetup s(true);
  s.write_partial(CopySize);
  const auto expected = content_of(s.part());
  bool saw_whole_copy = false;
  const auto moved = s.move("f.bin", [&] {
    for (const auto& temp : s.temporaries())
      if (fs::file_size(temp) == CopySize) saw_whole_copy = true;
    return !saw_whole_copy;
  });
  BOOST_TEST(saw_whole_copy);
  BOOST_REQUIRE(!moved);
  BOOST_TEST(!fs::exists(s.done / "f.bin"));
  BOOST_TEST(s.temporaries().empty());
  BOOST_TEST(content_of(s.part()) == expected);
  BOOST_TEST(fs::exists(s.meta()));
}

BOOST_AUTO_TEST_CASE(a_partial_gone_before_the_move_is_an_error_and_makes_no_file) {
  MoveSetup s(true);
  const auto moved = s.move("f.bin", [] { return true; });
  BOOST_REQUIRE(!moved);
  BOOST_TEST(moved.error().find("cannot move the file") != std::string::npos);
  BOOST_TEST(!fs::exists(s.done / "f.bin"));
  BOOST_TEST(s.temporaries().empty());
}

BOOST_AUTO_TEST_SUITE_END()
