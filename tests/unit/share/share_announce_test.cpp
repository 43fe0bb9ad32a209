#include "share/share_announce.h"

#include <boost/test/unit_test.hpp>

#include "share/sqlite_share_index.h"

namespace wpn::share {
namespace {

FileRecord hashed_file(FileId id, const std::string& name, std::uint64_t size) {
  FileRecord record;
  record.id = id;
  record.announced_folder = "Music\\Big Folder";
  record.announced_file = name;
  record.size = size;
  protocol::FileKey key;
  key.hash.fill(static_cast<std::uint8_t>(id));
  key.size = static_cast<std::uint32_t>(size);
  record.key = key;
  record.media = {192, 44100, static_cast<std::uint32_t>(id)};
  return record;
}

BOOST_AUTO_TEST_SUITE(share_announce)

BOOST_AUTO_TEST_CASE(splits_a_large_folder_into_payloads_under_the_limit) {
  FolderListing listing{1, "Music\\Big Folder", {}};
  for (FileId i = 1; i <= 200; ++i) {
    listing.files.push_back(hashed_file(i, "Track " + std::to_string(i) + " - a fairly long title for a song.mp3",
                                        static_cast<std::uint64_t>(1000 + i)));
  }
  const FolderPayloads built = folder_payloads(listing);
  BOOST_TEST(built.skipped.empty());
  BOOST_TEST(built.payloads.size() > 1u);
  std::vector<protocol::ShareEntry> seen;
  for (const protocol::Bytes& payload : built.payloads) {
    BOOST_TEST(payload.size() < 3072u);
    const auto decoded = protocol::decode_share_folder(payload);
    BOOST_REQUIRE(decoded.has_value());
    BOOST_TEST(decoded->folder == "Music\\Big Folder\\");  // WinMX's form (wire audit D5)
    seen.insert(seen.end(), decoded->entries.begin(), decoded->entries.end());
  }
  BOOST_REQUIRE(seen.size() == 200u);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    BOOST_TEST(seen[i].name == listing.files[i].announced_file);
    BOOST_TEST(seen[i].size == listing.files[i].size);
    BOOST_TEST((seen[i].key == *listing.files[i].key));
    BOOST_TEST((seen[i].media == listing.files[i].media));
  }
}

BOOST_AUTO_TEST_CASE(folder_string_ends_in_one_backslash) {
  BOOST_TEST(wire_folder("Music\\Air") == "Music\\Air\\");
  BOOST_TEST(wire_folder("Music\\Air\\") == "Music\\Air\\");
  BOOST_TEST(wire_folder("") == "");
}

BOOST_AUTO_TEST_CASE(skips_unhashed_and_oversized_files_with_a_reason) {
  FolderListing listing{1, "Music", {hashed_file(1, "ok.mp3", 10), hashed_file(2, "huge.iso", 5'000'000'000ULL)}};
  FileRecord unhashed = hashed_file(3, "new.mp3", 10);
  unhashed.key.reset();
  listing.files.push_back(unhashed);
  const FolderPayloads built = folder_payloads(listing);
  BOOST_REQUIRE(built.payloads.size() == 1u);
  BOOST_TEST(protocol::decode_share_folder(built.payloads[0]).value().entries.size() == 1u);
  BOOST_REQUIRE(built.skipped.size() == 2u);
  BOOST_TEST(built.skipped[0].id == 2);
  BOOST_TEST(built.skipped[1].id == 3);
}

BOOST_AUTO_TEST_CASE(walks_every_announced_folder_of_the_index) {
  auto index = SqliteShareIndex::open(":memory:").value();
  const RootId root = index->ensure_root({0, "/srv/m", "M", true, 0}).value();
  for (int i = 0; i < 30; ++i) {
    const std::string folder = "M\\F" + std::to_string(i % 3);
    const ScanEntry entry{root, "/srv/m/" + std::to_string(i), folder, "f" + std::to_string(i) + ".mp3", {9, 1, 1, 1}};
    const FileId id = index->record_scanned(entry, 1).value().id;
    BOOST_REQUIRE(index->set_hash(id, entry.stat, protocol::FileKey{{}, 9}, {}).value());
  }
  std::size_t entries = 0;
  const auto summary = for_each_share_payload(*index, std::nullopt, [&](const protocol::Bytes& payload) {
    entries += protocol::decode_share_folder(payload).value().entries.size();
    return true;
  });
  BOOST_REQUIRE(summary.has_value());
  BOOST_TEST(summary->folders == 3u);
  BOOST_TEST(summary->files == 30u);
  BOOST_TEST(summary->payloads == 3u);
  BOOST_TEST(entries == 30u);
}

// A streamed announcement: pieces of whole folders, each near the budget, that together are
// exactly the list the one-pass walk builds, in the same order.
BOOST_AUTO_TEST_CASE(chunks_resume_after_the_last_folder_and_add_up_to_the_whole_list) {
  auto index = SqliteShareIndex::open(":memory:").value();
  const RootId root = index->ensure_root({0, "/srv/m", "M", true, 0}).value();
  for (int i = 0; i < 400; ++i) {
    const std::string folder = "M\\Folder " + std::to_string(i % 40);
    const ScanEntry entry{root,
                          "/srv/m/" + std::to_string(i),
                          folder,
                          "a song with a long enough name " + std::to_string(i) + ".mp3",
                          {9, 1, 1, 1}};
    const FileId id = index->record_scanned(entry, 1).value().id;
    if (i % 50 != 7) BOOST_REQUIRE(index->set_hash(id, entry.stat, protocol::FileKey{{}, 9}, {}).value());
  }
  std::vector<protocol::Bytes> whole;
  BOOST_REQUIRE(for_each_share_payload(*index, std::nullopt, [&](const protocol::Bytes& payload) {
                  whole.push_back(payload);
                  return true;
                }).has_value());

  constexpr std::size_t Budget = 1000;
  AnnounceCursor cursor;
  std::vector<protocol::Bytes> streamed;
  std::uint64_t folders = 0, files = 0, skipped = 0, chunks = 0;
  while (!cursor.done) {
    const auto chunk = next_share_payloads(*index, cursor, Budget);
    BOOST_REQUIRE(chunk.has_value());
    BOOST_REQUIRE(++chunks < 100u);
    std::size_t bytes = 0;
    for (const auto& payload : chunk->payloads) bytes += payload.size();
    // Whole folders until the budget is reached: at most one folder's payloads beyond it.
    BOOST_TEST(bytes < Budget + 3072);
    folders += chunk->folders;
    files += chunk->files;
    skipped += chunk->skipped;
    streamed.insert(streamed.end(), chunk->payloads.begin(), chunk->payloads.end());
  }
  BOOST_TEST(chunks > 5u);
  BOOST_TEST(folders == 40u);
  BOOST_TEST(files == 392u);
  BOOST_TEST(skipped == 0u);  // unhashed files are not listed at all
  BOOST_TEST((streamed == whole));
  // A finished cursor yields nothing more.
  BOOST_TEST(next_share_payloads(*index, cursor, Budget).value().payloads.empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wpn::share
