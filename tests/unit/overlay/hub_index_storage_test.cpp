#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "overlay/hub_index.h"
#include "overlay/hub_index_storage.h"
#include "overlay_test_support.h"

namespace o = wpn::overlay;
using o::test::key_of;

BOOST_AUTO_TEST_SUITE(hub_index_storage)

// Gaps of every varint width, across many skip blocks: seeking to any target lands on the
// first ref >= target, as lower_bound over the plain list does.
BOOST_AUTO_TEST_CASE(posting_cursor_seeks_like_lower_bound) {
  std::vector<std::uint32_t> refs;
  std::uint32_t ref = 0;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    refs.push_back(ref);
    ref += (i % 7 == 0) ? 300000 : (i % 3 == 0 ? 200 : 1);
  }
  o::PostingList list;
  for (auto r : refs) list.push_back(r);
  BOOST_CHECK_EQUAL(list.size(), refs.size());
  o::PostingList::Cursor walk(list);
  for (auto r : refs) {
    BOOST_REQUIRE(walk.get());
    BOOST_CHECK_EQUAL(*walk.get(), r);
    walk.next();
  }
  BOOST_CHECK(!walk.get());
  o::PostingList::Cursor cursor(list);
  for (std::uint32_t target = 0; target < refs.back() + 5; target += 977) {
    cursor.seek(target);
    const auto expected = std::lower_bound(refs.begin(), refs.end(), target);
    if (expected == refs.end()) {
      BOOST_CHECK(!cursor.get());
    } else {
      BOOST_REQUIRE(cursor.get());
      BOOST_CHECK_EQUAL(*cursor.get(), *expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(name_arena_keeps_names_in_place_across_chunks) {
  o::NameArena arena;
  std::vector<std::pair<std::uint32_t, std::string>> stored;
  for (int i = 0; i < 20000; ++i) {
    std::string name = "name " + std::to_string(i) + std::string(static_cast<std::size_t>(i % 40), 'x');
    stored.emplace_back(arena.store(name), name);
  }
  const std::string huge(70000, 'h');
  const auto at = arena.store(huge);
  stored.emplace_back(arena.store("after"), "after");
  BOOST_CHECK(arena.view(at, static_cast<std::uint32_t>(huge.size())) == huge);
  for (const auto& [where, name] : stored)
    BOOST_CHECK(arena.view(where, static_cast<std::uint32_t>(name.size())) == name);
}

// A share list may start with an empty file name (a peer sends what it likes): nothing is
// stored for it, before or after the first chunk exists.
BOOST_AUTO_TEST_CASE(name_arena_keeps_empty_names_before_and_after_the_first_chunk) {
  o::NameArena arena;
  const auto first = arena.store("");
  BOOST_CHECK(arena.view(first, 0).empty());
  const auto word = arena.store("word");
  const auto second = arena.store("");
  BOOST_CHECK(arena.view(word, 4) == "word");
  BOOST_CHECK(arena.view(second, 0).empty());
}

// The index answers exactly what a whole-word scan of every live path answers, in ref
// order, after adds, updates and removals.
BOOST_AUTO_TEST_CASE(search_equals_a_whole_word_scan) {
  o::HubIndex index;
  const std::vector<std::string> words{"red", "green", "blue", "fish", "bird", "cat", "Red", "x1"};
  std::vector<std::pair<o::UserSlot, std::string>> files;
  for (std::uint32_t i = 0; i < 3000; ++i) {
    std::string path = "F" + std::to_string(i % 9) + "\\" + words[i % 8] + " " + words[(i * 7 + 3) % 8] + "_" +
                       words[(i / 5) % 8] + " " + std::to_string(i % 13) + ".mp3";
    files.emplace_back(i % 4, path);
    index.add(i % 4, path, key_of(static_cast<std::uint8_t>(i % 5), i), i, {});
  }
  for (std::uint32_t i = 0; i < 3000; i += 11) index.add(i % 4, files[i].second, key_of(9, i), i, {});
  index.remove_path(1, "F2\\");
  const auto scan = [&](const std::string& query) {
    std::set<std::string> wanted;
    for (auto& w : o::keyword_tokens(query)) wanted.insert(w);
    std::vector<std::string> out;
    for (std::size_t ref = 0; ref < files.size(); ++ref) {
      const auto& [owner, path] = files[ref];
      if (owner == 1 && path.starts_with("F2\\")) continue;
      const auto tokens = o::keyword_tokens(path);
      const bool all = std::all_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
        return std::find(tokens.begin(), tokens.end(), w) != tokens.end();
      });
      if (all) out.push_back(path);
    }
    return out;
  };
  for (const std::string query : {"red", "red fish", "bird cat 7", "x1 green f3", "blue 12", "nothing"}) {
    std::vector<std::string> found;
    for (auto ref : index.search({.words = query, .limit = 5000})) found.push_back(index.file(ref).path);
    const auto expected = scan(query);
    BOOST_CHECK_MESSAGE(found == expected, "query " << query << ": " << found.size() << " vs " << expected.size());
  }
}

BOOST_AUTO_TEST_SUITE_END()
