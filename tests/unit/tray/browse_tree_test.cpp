#include "model/browse_tree.h"

#include <boost/test/unit_test.hpp>

using namespace wpn::tray;
using wpn::ipc::BrowseFileDto;

namespace {

BrowseFileDto file(std::string name, std::uint64_t size) {
  BrowseFileDto f;
  f.file = std::move(name);
  f.size = size;
  return f;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(browse_tree)

BOOST_AUTO_TEST_CASE(names_split_into_folders_with_totals) {
  BrowseTree tree;
  tree.build({file("Music\\Rock\\b.mp3", 200), file("Music\\Rock\\a.mp3", 100), file("Music\\jazz.mp3", 50),
              file("top.txt", 7), file("Video\\clip.avi", 1000)});
  const auto& root = tree.folder(BrowseTree::Root);
  BOOST_TEST(root.file_count == 5u);
  BOOST_TEST(root.bytes == 1357u);
  BOOST_TEST(root.files.size() == 1u);
  BOOST_REQUIRE(root.folders.size() == 2u);
  const auto& music = tree.folder(root.folders[0]);
  BOOST_TEST(music.name == "Music");
  BOOST_TEST(music.bytes == 350u);
  BOOST_TEST(music.file_count == 3u);
  const auto rock = music.folders.at(0);
  BOOST_TEST(tree.path_of(rock) == "Music\\Rock");
  BOOST_TEST(tree.folder(rock).bytes == 300u);
  // Files in a folder are in name order.
  BOOST_TEST(tree.files()[tree.folder(rock).files[0]].file == "Music\\Rock\\a.mp3");
}

BOOST_AUTO_TEST_CASE(a_folder_downloads_as_every_file_under_it) {
  BrowseTree tree;
  tree.build({file("A\\B\\2.mp3", 1), file("A\\1.mp3", 1), file("A\\B\\C\\3.mp3", 1), file("Z\\9.mp3", 1)});
  const auto a = tree.folder(BrowseTree::Root).folders[0];
  std::vector<std::string> names;
  for (const auto* f : tree.files_under(a)) names.push_back(f->file);
  BOOST_TEST(names == (std::vector<std::string>{"A\\1.mp3", "A\\B\\2.mp3", "A\\B\\C\\3.mp3"}));
  BOOST_TEST(tree.files_under(BrowseTree::Root).size() == 4u);
}

BOOST_AUTO_TEST_CASE(odd_names_do_not_make_empty_folders) {
  BrowseTree tree;
  tree.build({file("\\lead.mp3", 1), file("A\\\\double.mp3", 1), file("trail\\", 1)});
  const auto& root = tree.folder(BrowseTree::Root);
  for (auto index : root.folders) BOOST_TEST(!tree.folder(index).name.empty());
  BOOST_TEST(root.file_count == 3u);
  tree.build({});
  BOOST_TEST(tree.folders().size() == 1u);
  BOOST_TEST(tree.folder(BrowseTree::Root).file_count == 0u);
}

BOOST_AUTO_TEST_CASE(media_details_and_the_cap_notice) {
  BOOST_TEST(media_text(192, 44100, 205) == "192 kbit/s, 44.1 kHz, 3:25");
  BOOST_TEST(media_text(0, 0, 61) == "1:01");
  BOOST_TEST(media_text(0, 0, 0).empty());
  wpn::ipc::BrowseAnswerDto answer;
  BOOST_TEST(browse_status_text(answer).find("Asking") == 0u);
  answer.done = true;
  answer.complete = true;
  answer.files = {file("a", 1024), file("b", 512)};
  BOOST_TEST(browse_status_text(answer) == "2 files, 1.5 KiB");
  answer.complete = false;
  BOOST_TEST(browse_status_text(answer).find("cut short") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
