// The shares.* event DTOs read JSON written by hand from PROTOCOL.md ("Share events"),
// round-trip, and read tolerantly.
#include <boost/test/unit_test.hpp>
#include <string>

#include "ipc/share_event_dto.h"

namespace {

using namespace wpn::ipc;

JsonObject json(const std::string& text) { return *parse_json_object(text); }

template <class T, class Read>
T round_trip(const T& value, Read read) {
  return read(*parse_json_object(to_json_text(to_json(value))));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(share_event_dto)

BOOST_AUTO_TEST_CASE(scan_events_read_by_hand) {
  const auto started = scan_started_from_json(json(R"({"root":"/srv/music","folder":""})"));
  BOOST_TEST(started.root == "/srv/music");
  BOOST_TEST(started.folder.empty());
  const auto progress =
      scan_progress_from_json(json(R"({"root":"/srv/music","folders_seen":3,"files_seen":40,"files_queued":5})"));
  BOOST_TEST(progress.folders_seen == 3u);
  BOOST_TEST(progress.files_seen == 40u);
  BOOST_TEST(progress.files_queued == 5u);
  const auto finished = scan_finished_from_json(json(R"({"root":"/srv/music","folder":"Jazz","files_seen":40,
      "queued":5,"removed":1,"refused":2,"duration_ms":1234,"error":"","new_member":[1]})"));
  BOOST_TEST(finished.folder == "Jazz");
  BOOST_TEST(finished.queued == 5u);
  BOOST_TEST(finished.removed == 1u);
  BOOST_TEST(finished.refused == 2u);
  BOOST_TEST(finished.duration_ms == 1234u);
}

BOOST_AUTO_TEST_CASE(hash_progress_reads_a_fractional_rate) {
  const auto hash = hash_progress_from_json(json(R"({"files_done":1,"files_total":4,"bytes_done":10,
      "bytes_total":40,"bytes_per_s":2.5,"eta_s":12,"paused":true})"));
  BOOST_TEST(hash.files_total == 4u);
  BOOST_TEST(hash.bytes_per_s == 2.5);
  BOOST_TEST(hash.eta_s == 12u);
  BOOST_TEST(hash.paused);
  HashProgressDto written{1, 2, 3, 4, 1234.5, 6, false};
  BOOST_TEST((round_trip(written, hash_progress_from_json) == written));
}

BOOST_AUTO_TEST_CASE(file_events_read_by_hand) {
  const auto added = share_file_event_from_json(json(R"({"id":17,"name":"music\\Ärger.mp3","root_id":2,
      "key":"0123456789abcdef0123456789abcdef01234567"})"));
  BOOST_TEST(added.id == 17);
  BOOST_TEST(added.name == "music\\Ärger.mp3");
  BOOST_TEST(added.root_id == 2);
  BOOST_TEST(added.key == "0123456789abcdef0123456789abcdef01234567");
  const auto removed = file_removed_from_json(json(R"({"id":17,"name":"music\\x.mp3","root_id":"?"})"));
  BOOST_TEST(removed.id == 17);
  BOOST_TEST(removed.name == "music\\x.mp3");
  const auto refused = file_refused_from_json(json(R"({"path":"/srv/music/big.iso","reason":"Permission denied"})"));
  BOOST_TEST(refused.path == "/srv/music/big.iso");
  BOOST_TEST(refused.reason == "Permission denied");
  BOOST_TEST(!to_json(FileRemovedDto{})->has("key"));
}

BOOST_AUTO_TEST_CASE(watch_and_roots_changed) {
  const auto watch = watch_event_from_json(json(R"({"root":"/srv","state":"degraded","reason":"inotify limit"})"));
  BOOST_TEST(watch.state == "degraded");
  BOOST_TEST(watch.reason == "inotify limit");
  const auto roots = roots_changed_from_json(json(R"({"roots":[{"id":1,"path":"/srv","name":"srv","enabled":true,
      "files":3,"watch":"active"},null]})"));
  BOOST_REQUIRE(roots.roots.size() == 1u);
  BOOST_TEST(roots.roots[0].path == "/srv");
  BOOST_TEST(roots.roots[0].files == 3u);
  BOOST_TEST(roots_changed_from_json(json("{}")).roots.empty());
}

BOOST_AUTO_TEST_CASE(every_share_event_round_trips) {
  ScanStartedDto started{"/a", "b"};
  BOOST_TEST((round_trip(started, scan_started_from_json) == started));
  ScanProgressDto progress{"/a", 1, 2, 3};
  BOOST_TEST((round_trip(progress, scan_progress_from_json) == progress));
  ScanFinishedDto finished{"/a", "b", 1, 2, 3, 4, 5, "gone"};
  BOOST_TEST((round_trip(finished, scan_finished_from_json) == finished));
  ShareFileEventDto file{-1, "x", 9, std::string(40, 'f')};
  BOOST_TEST((round_trip(file, share_file_event_from_json) == file));
  FileRemovedDto removed{5, "y"};
  BOOST_TEST((round_trip(removed, file_removed_from_json) == removed));
  FileRefusedDto refused{"/p", "r"};
  BOOST_TEST((round_trip(refused, file_refused_from_json) == refused));
  WatchEventDto watch{"/a", "active", ""};
  BOOST_TEST((round_trip(watch, watch_event_from_json) == watch));
  ShareRootDto root;
  root.id = 3;
  root.path = "/srv";
  root.watch = "off";
  RootsChangedDto roots{{root}};
  BOOST_TEST((round_trip(roots, roots_changed_from_json) == roots));
}

BOOST_AUTO_TEST_SUITE_END()
