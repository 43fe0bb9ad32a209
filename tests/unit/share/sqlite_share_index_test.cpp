#include "share/sqlite_share_index.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <set>

namespace wpn::share {
namespace {

using protocol::FileKey;
using protocol::MediaInfo;

FileKey key_of(std::uint8_t fill, std::uint32_t size) {
  FileKey key;
  key.hash.fill(fill);
  key.size = size;
  return key;
}

struct IndexFixture {
  std::unique_ptr<SqliteShareIndex> index;
  RootId root = 0;
  Generation generation = 0;
  std::uint64_t next_inode = 100;

  IndexFixture() {
    auto opened = SqliteShareIndex::open(":memory:");
    BOOST_REQUIRE_MESSAGE(opened.has_value(), (opened ? std::string() : opened.error().message));
    index = std::move(*opened);
    root = index->ensure_root({0, "/srv/music", "Music", true, 0}).value();
    generation = index->begin_generation(root).value();
  }

  // A scanned and hashed file "Music\<folder>\<file>" (folder may be empty).
  FileId add(const std::string& folder, const std::string& file, std::uint8_t hash_fill = 1, std::uint32_t size = 1000,
             RootId in_root = 0) {
    const RootId r = in_root != 0 ? in_root : root;
    const std::string announced_folder = folder.empty() ? "Music" : "Music\\" + folder;
    ScanEntry entry{r, "/srv/music/" + folder + "/" + file, announced_folder, file, {size, 5, next_inode++, 1}};
    auto scanned = index->record_scanned(entry, generation);
    BOOST_REQUIRE_MESSAGE(scanned.has_value(), (scanned ? std::string() : scanned.error().message));
    BOOST_REQUIRE(index->set_hash(scanned->id, entry.stat, key_of(hash_fill, size), MediaInfo{128, 44100, 60}).value());
    return scanned->id;
  }

  std::set<std::string> search(const std::string& words, std::size_t limit = 100) {
    auto found = index->search_keywords(words, limit);
    BOOST_REQUIRE_MESSAGE(found.has_value(), (found ? std::string() : found.error().message));
    std::set<std::string> names;
    for (const auto& record : *found) names.insert(record.announced_file);
    return names;
  }
};

BOOST_FIXTURE_TEST_SUITE(sqlite_share_index, IndexFixture)

BOOST_AUTO_TEST_CASE(records_a_new_file_that_needs_hashing) {
  const ScanEntry entry{root, "/srv/music/a.mp3", "Music", "a.mp3", {10, 20, 30, 40}};
  const auto scanned = index->record_scanned(entry, generation);
  BOOST_REQUIRE(scanned);
  BOOST_TEST((scanned->outcome == ScanOutcome::Added));
  BOOST_TEST(scanned->needs_hash);
  const auto stored = index->file_by_path("/srv/music/a.mp3").value();
  BOOST_REQUIRE(stored);
  BOOST_TEST(stored->announced_name() == "Music\\a.mp3");
  BOOST_TEST(stored->size == 10u);
  BOOST_TEST(stored->mtime_ns == 20);
  BOOST_TEST(stored->inode == 30u);
  BOOST_TEST(stored->device == 40u);
  BOOST_TEST(!stored->key);
  BOOST_TEST(stored->generation == generation);
  const auto pending = index->files_needing_hash(10, 0).value();
  BOOST_REQUIRE(pending.size() == 1u);
  BOOST_TEST(pending[0].id == scanned->id);
}

BOOST_AUTO_TEST_CASE(unchanged_file_keeps_its_key_and_is_not_rehashed) {
  const FileId id = add("", "song.mp3");
  const auto before = index->file_by_id(id).value().value();
  const Generation next = index->begin_generation(root).value();
  const auto again = index->record_scanned({root, before.local_path, "Music", "song.mp3", before.identity()}, next);
  BOOST_REQUIRE(again);
  BOOST_TEST((again->outcome == ScanOutcome::Unchanged));
  BOOST_TEST(!again->needs_hash);
  const auto after = index->file_by_id(id).value().value();
  BOOST_TEST(after.key.has_value());
  BOOST_TEST(after.generation == next);
  BOOST_TEST(index->files_needing_hash(10, 0).value().empty());
}

BOOST_AUTO_TEST_CASE(changed_identity_clears_key_and_metadata) {
  const FileId id = add("", "song.mp3");
  auto record = index->file_by_id(id).value().value();
  StatIdentity touched = record.identity();
  touched.mtime_ns += 1;
  const auto again = index->record_scanned({root, record.local_path, "Music", "song.mp3", touched}, generation);
  BOOST_REQUIRE(again);
  BOOST_TEST((again->outcome == ScanOutcome::Changed));
  BOOST_TEST(again->needs_hash);
  record = index->file_by_id(id).value().value();
  BOOST_TEST(!record.key);
  BOOST_TEST(record.media.empty());
}

BOOST_AUTO_TEST_CASE(stale_hash_result_is_discarded) {
  const ScanEntry entry{root, "/srv/music/a.mp3", "Music", "a.mp3", {10, 20, 30, 40}};
  const FileId id = index->record_scanned(entry, generation).value().id;
  StatIdentity other = entry.stat;
  other.size = 11;
  BOOST_TEST(!index->set_hash(id, other, key_of(1, 11), {}).value());
  BOOST_TEST(!index->file_by_id(id).value().value().key);
  BOOST_TEST(index->set_hash(id, entry.stat, key_of(1, 10), {}).value());
}

BOOST_AUTO_TEST_CASE(hash_failure_is_remembered_until_the_file_changes) {
  const ScanEntry entry{root, "/srv/music/a.mp3", "Music", "a.mp3", {10, 20, 30, 40}};
  const FileId id = index->record_scanned(entry, generation).value().id;
  BOOST_TEST(index->set_hash_failed(id, entry.stat, "permission denied").value());
  BOOST_TEST(index->files_needing_hash(10, 0).value().empty());
  BOOST_TEST(index->file_by_id(id).value().value().hash_error == "permission denied");
  BOOST_TEST(!index->record_scanned(entry, generation).value().needs_hash);
  ScanEntry changed = entry;
  changed.stat.mtime_ns = 21;
  BOOST_TEST(index->record_scanned(changed, generation).value().needs_hash);
  BOOST_TEST(index->files_needing_hash(10, 0).value().size() == 1u);
}

BOOST_AUTO_TEST_CASE(files_needing_hash_pages_by_id) {
  std::vector<FileId> ids;
  for (int i = 0; i < 5; ++i) {
    const std::string name = "f" + std::to_string(i) + ".mp3";
    ids.push_back(
        index->record_scanned({root, "/srv/music/" + name, "Music", name, {1, 1, 1, 1}}, generation).value().id);
  }
  const auto first = index->files_needing_hash(2, 0).value();
  BOOST_REQUIRE(first.size() == 2u);
  const auto second = index->files_needing_hash(10, first.back().id).value();
  BOOST_REQUIRE(second.size() == 3u);
  BOOST_TEST(second.front().id == ids[2]);
}

BOOST_AUTO_TEST_CASE(same_announced_name_for_another_path_is_a_conflict) {
  add("", "Song.mp3");
  const auto clash =
      index->record_scanned({root, "/srv/other/song.mp3", "Music", "SONG.MP3", {1, 1, 1, 1}}, generation);
  BOOST_REQUIRE(!clash);
  BOOST_TEST((clash.error().code == IndexErrc::NameConflict));
  BOOST_TEST(index->counts().value().files == 1u);
}

BOOST_AUTO_TEST_CASE(a_refused_file_leaves_no_folder_made_for_it) {
  add("Sub", "Song.mp3");
  for (const bool known_new : {true, false}) {
    ScanEntry clash{root, "/srv/music/SUB/song.mp3", "Music\\SUB", "SONG.MP3", {1, 1, 1, 1}};
    clash.known_new = known_new;
    const auto refused = index->record_scanned(clash, generation);
    BOOST_REQUIRE(!refused);
    BOOST_TEST((refused.error().code == IndexErrc::NameConflict));
    const auto counts = index->counts().value();
    BOOST_TEST(counts.files == 1U);
    BOOST_TEST(counts.folders == 1U, "known_new " << known_new);
  }
  // The folder name is free again and the index still takes new rows.
  ScanEntry other{root, "/srv/music/SUB/other.mp3", "Music\\SUB", "other.mp3", {1, 1, 1, 1}};
  other.known_new = true;
  BOOST_TEST(index->record_scanned(other, generation).has_value());
  BOOST_TEST(index->counts().value().folders == 2U);
}

BOOST_AUTO_TEST_CASE(two_roots_cannot_share_an_announced_folder) {
  const RootId other = index->ensure_root({0, "/srv/more", "Music", true, 0}).value();
  add("", "a.mp3");
  const auto clash = index->record_scanned({other, "/srv/more/b.mp3", "Music", "b.mp3", {1, 1, 1, 1}}, generation);
  BOOST_REQUIRE(!clash);
  BOOST_TEST((clash.error().code == IndexErrc::NameConflict));
}

BOOST_AUTO_TEST_CASE(ensure_root_updates_by_local_path) {
  const RootId again = index->ensure_root({0, "/srv/music", "Tunes", false, 0}).value();
  BOOST_TEST(again == root);
  const auto roots = index->roots().value();
  BOOST_REQUIRE(roots.size() == 1u);
  BOOST_TEST(roots[0].display_name == "Tunes");
  BOOST_TEST(!roots[0].enabled);
  BOOST_TEST(roots[0].generation == generation);
}

BOOST_AUTO_TEST_CASE(finish_generation_sweeps_unseen_files_and_empty_folders) {
  const FileId kept = add("A", "kept.mp3");
  add("B", "gone.mp3");
  const Generation next = index->begin_generation(root).value();
  BOOST_TEST(next > generation);
  const auto record = index->file_by_id(kept).value().value();
  BOOST_REQUIRE(index->record_scanned(
      {root, record.local_path, record.announced_folder, record.announced_file, record.identity()}, next));
  const auto stale = index->stale_files(root, next).value();
  BOOST_REQUIRE(stale.size() == 1u);
  BOOST_TEST(stale[0].announced_file == "gone.mp3");
  BOOST_TEST(index->finish_generation(root, next).value() == 1u);
  const auto counts = index->counts().value();
  BOOST_TEST(counts.files == 1u);
  BOOST_TEST(counts.folders == 1u);
  BOOST_TEST(index->list_folder("Music\\B").value().files.empty());
  BOOST_TEST(index->search_keywords("gone", 10).value().empty());
}

BOOST_AUTO_TEST_CASE(unfinished_generation_deletes_nothing) {
  add("A", "a.mp3");
  index->begin_generation(root).value();
  BOOST_TEST(index->counts().value().files == 1u);
}

BOOST_AUTO_TEST_CASE(remove_file_and_remove_under) {
  add("A", "one.mp3");
  add("A/deep", "two.mp3");
  add("AB", "three.mp3");
  BOOST_TEST(index->remove_file("/srv/music/A/one.mp3").value());
  BOOST_TEST(!index->remove_file("/srv/music/A/one.mp3").value());
  BOOST_TEST(index->files_under("/srv/music/A").value().size() == 1u);
  BOOST_TEST(index->remove_under("/srv/music/A/").value() == 1u);  // "AB" is a sibling, not below "A"
  const auto counts = index->counts().value();
  BOOST_TEST(counts.files == 1u);
  BOOST_TEST(counts.folders == 1u);
}

BOOST_AUTO_TEST_CASE(remove_root_removes_its_files) {
  add("", "a.mp3");
  BOOST_REQUIRE(index->remove_root(root));
  const auto counts = index->counts().value();
  BOOST_TEST(counts.files == 0u);
  BOOST_TEST(counts.folders == 0u);
  BOOST_TEST(index->search_keywords("a", 10).value().empty());
  BOOST_TEST((index->remove_root(root).error().code == IndexErrc::NotFound));
}

BOOST_AUTO_TEST_CASE(put_file_adds_and_replaces_by_local_path) {
  FileRecord record;
  record.root_id = root;
  record.local_path = "/srv/music/x.mp3";
  record.announced_folder = "Music";
  record.announced_file = "x.mp3";
  record.size = 5;
  record.key = key_of(7, 5);
  record.media = {320, 48000, 3};
  const FileId id = index->put_file(record).value();
  record.announced_file = "y.mp3";
  BOOST_TEST(index->put_file(record).value() == id);
  const auto stored = index->file_by_id(id).value().value();
  BOOST_TEST(stored.announced_file == "y.mp3");
  BOOST_TEST((stored.media == MediaInfo{320, 48000, 3}));
  BOOST_TEST((stored.key == key_of(7, 5)));
  BOOST_TEST(index->search_keywords("x", 10).value().empty());
  BOOST_TEST(index->search_keywords("y", 10).value().size() == 1u);
}

BOOST_AUTO_TEST_CASE(keyword_search_is_a_case_insensitive_and_of_words) {
  add("Air", "Moon Safari.mp3");
  add("Air", "Talkie Walkie.mp3");
  add("Daft Punk", "Around the World.mp3");
  BOOST_TEST(search("safari") == (std::set<std::string>{"Moon Safari.mp3"}));
  BOOST_TEST(search("AIR") == (std::set<std::string>{"Moon Safari.mp3", "Talkie Walkie.mp3"}));
  BOOST_TEST(search("air walkie") == (std::set<std::string>{"Talkie Walkie.mp3"}));
  BOOST_TEST(search("air world").empty());
  BOOST_TEST(search("saf").empty());  // whole words, not prefixes
}

BOOST_AUTO_TEST_CASE(keyword_search_splits_on_separators_inside_names) {
  add("Mixes\\2003", "dj_shadow-endtroducing.part1.mp3");
  BOOST_TEST(search("shadow").size() == 1u);
  BOOST_TEST(search("endtroducing").size() == 1u);
  BOOST_TEST(search("part1").size() == 1u);
  BOOST_TEST(search("2003 mixes").size() == 1u);
  BOOST_TEST(search("mp3 DJ").size() == 1u);
  BOOST_TEST(search("dj-shadow").size() == 1u);
}

BOOST_AUTO_TEST_CASE(keyword_search_matches_accented_names_decoded_from_cp1252) {
  add("", std::string("Caf\xE9 del Mar.mp3"));
  BOOST_TEST(search("CAFÉ").size() == 1u);
  BOOST_TEST(search("cafe").size() == 1u);  // diacritics folded
}

BOOST_AUTO_TEST_CASE(keyword_search_ignores_unannounced_files_and_caps_results) {
  for (int i = 0; i < 20; ++i) add("", "track " + std::to_string(i) + ".mp3");
  index
      ->record_scanned({root, "/srv/music/track unhashed.mp3", "Music", "track unhashed.mp3", {1, 1, 1, 1}}, generation)
      .value();
  BOOST_TEST(search("track", 1000).size() == 20u);
  BOOST_TEST(search("unhashed").empty());
  BOOST_TEST(search("track", 7).size() == 7u);
  BOOST_REQUIRE(index->set_root_enabled(root, false));
  BOOST_TEST(search("track").empty());
}

BOOST_AUTO_TEST_CASE(keyword_search_treats_query_syntax_as_text) {
  add("", "Rock and Roll.mp3");
  BOOST_TEST(search("\"rock\" OR NOT *roll*").empty());  // OR, NOT are plain words here
  BOOST_TEST(search("rock\" roll").size() == 1u);
  BOOST_TEST(search("   ...  ").empty());
  BOOST_TEST(search("").empty());
  BOOST_TEST(search("…").empty());  // only punctuation: no word at all
}

BOOST_AUTO_TEST_CASE(hash_search_matches_hash_and_optionally_length) {
  add("", "a.mp3", 0xAA, 1000);
  add("", "b.mp3", 0xAA, 2000);
  add("", "c.mp3", 0xBB, 1000);
  protocol::ContentHash hash;
  hash.fill(0xAA);
  BOOST_TEST(index->search_hash(hash, std::nullopt, 10).value().size() == 2u);
  const auto exact = index->search_hash(hash, 2000u, 10).value();
  BOOST_REQUIRE(exact.size() == 1u);
  BOOST_TEST(exact[0].announced_file == "b.mp3");
  BOOST_TEST(index->search_hash(hash, 3000u, 10).value().empty());
  BOOST_TEST(index->search_hash(hash, std::nullopt, 1).value().size() == 1u);
}

BOOST_AUTO_TEST_CASE(browse_list_is_capped_and_in_folder_order) {
  for (int i = 0; i < 30; ++i) add(i % 2 == 0 ? "Even" : "Odd", "t" + std::to_string(100 + i) + ".mp3");
  const auto capped = index->browse_list(25).value();
  BOOST_TEST(capped.size() == 25u);
  BOOST_TEST(capped.front().announced_folder == "Music\\Even");
  BOOST_TEST(capped.front().announced_file == "t100.mp3");
  BOOST_TEST(capped.back().announced_folder == "Music\\Odd");
  BOOST_TEST(index->browse_list(1000).value().size() == 30u);
  BOOST_TEST(index->browse_list(0).value().empty());
}

BOOST_AUTO_TEST_CASE(for_each_folder_groups_files_by_folder) {
  add("B", "2.mp3");
  add("A", "1.mp3");
  add("B", "1.mp3");
  std::vector<std::pair<std::string, std::size_t>> seen;
  BOOST_REQUIRE(index->for_each_folder(std::nullopt, [&](const FolderListing& listing) {
    seen.emplace_back(listing.folder, listing.files.size());
    return true;
  }));
  BOOST_REQUIRE(seen.size() == 2u);
  BOOST_TEST(seen[0].first == "Music\\A");
  BOOST_TEST(seen[1].first == "Music\\B");
  BOOST_TEST(seen[1].second == 2u);
  const auto listing = index->list_folder("Music\\B").value();
  BOOST_REQUIRE(listing.files.size() == 2u);
  BOOST_TEST(listing.files[0].announced_file == "1.mp3");
}

BOOST_AUTO_TEST_CASE(finds_announced_names_exactly_or_ignoring_ascii_case) {
  add("Air", std::string("Caf\xE9.mp3"));
  const auto exact = index->find_by_announced_name(std::string("Music\\Air\\Caf\xE9.mp3"), NameMatch::Exact).value();
  BOOST_REQUIRE(exact);
  BOOST_TEST(!index->find_by_announced_name(std::string("music\\air\\caf\xE9.mp3"), NameMatch::Exact).value());
  BOOST_TEST(index->find_by_announced_name(std::string("music\\AIR\\CAF\xE9.MP3"), NameMatch::AsciiCaseInsensitive)
                 .value()
                 .has_value());
  // Only ASCII letters fold: E9 (é) and C9 (É) stay different.
  BOOST_TEST(
      !index->find_by_announced_name(std::string("Music\\Air\\Caf\xC9.mp3"), NameMatch::AsciiCaseInsensitive).value());
  BOOST_TEST(
      !index->find_by_announced_name(std::string("Music\\Air\\Caf\xE9.mp3\0x", 20), NameMatch::AsciiCaseInsensitive)
           .value());
}

BOOST_AUTO_TEST_CASE(counts_files_hashes_and_bytes_to_hash) {
  add("", "a.mp3", 1, 100);
  index->record_scanned({root, "/srv/music/b.mp3", "Music", "b.mp3", {250, 1, 1, 1}}, generation).value();
  const auto counts = index->counts().value();
  BOOST_TEST(counts.roots == 1u);
  BOOST_TEST(counts.files == 2u);
  BOOST_TEST(counts.hashed == 1u);
  BOOST_TEST(counts.announced == 1u);
  BOOST_TEST(counts.bytes_total == 350u);
  BOOST_TEST(counts.bytes_to_hash == 250u);
}

BOOST_AUTO_TEST_CASE(rolled_back_batch_leaves_nothing) {
  BOOST_REQUIRE(index->begin_batch());
  BOOST_TEST(index->in_batch());
  add("New", "x.mp3");
  BOOST_TEST(index->counts().value().files == 1u);  // the writer sees its own batch
  BOOST_REQUIRE(index->rollback_batch());
  BOOST_TEST(index->counts().value().files == 0u);
  add("New", "y.mp3");  // the folder cache must not point at the rolled-back folder
  BOOST_TEST(index->list_folder("Music\\New").value().files.size() == 1u);
}

BOOST_AUTO_TEST_CASE(batch_guard_rolls_back_unless_committed) {
  {
    BatchGuard guard(*index);
    BOOST_REQUIRE(guard.begun());
    add("", "dropped.mp3");
  }
  BOOST_TEST(index->counts().value().files == 0u);
  {
    BatchGuard guard(*index);
    add("", "kept.mp3");
    BOOST_REQUIRE(guard.commit());
  }
  BOOST_TEST(index->counts().value().files == 1u);
  BOOST_TEST(!index->commit_batch());
}

BOOST_AUTO_TEST_CASE(in_memory_index_has_no_reader) { BOOST_TEST(!index->open_reader()); }

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wpn::share
