// Downloads that the network forgot get going again, with real processes on loopback: a
// wpnd hub on 127.0.0.40 and two secondaries on .41 (alice, sharing) and .42 (bob). Bob's
// download waits in alice's queue when the hub restarts (both come back under new name
// suffixes, and the relay's pending answers are gone), or when bob is killed and restarted
// (the restored download asks before bob is logged in). Either way it must finish soon
// after alice has a slot, not after the relay timeouts, and never sit queued for ever.
#include <boost/test/unit_test.hpp>
#include <string>
#include <thread>

#include "ipc/message.h"
#include "ipc/status_dto.h"
#include "ipc/transfer_dto.h"
#include "support/test_data.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;

struct Node : WpndNode {
  ipc::StatusDto status() { return ipc::status_from_json(call("status")); }
};

struct Segment {
  Node hub;
  Node alice;
  Node bob;
  std::uint64_t hub_port = 0;
  std::filesystem::path song = alice.home.root() / "music" / "Recovery Song.mp3";

  Segment() {
    hub.home.write_config(R"({"shares": []})");
    start_hub("0");
    hub_port = *ipc::get_uint(hub.call("network.status"), "port");
    BOOST_REQUIRE(hub_port > 0);
    write_random(song, 600'000, 7);
    const std::string hubs = R"("hubs": ["127.0.0.40:)" + std::to_string(hub_port) + R"("])";
    alice.home.write_config(R"({"share_mode": "all", "shares": [")" + (alice.home.root() / "music").string() +
                            R"("], )" + hubs + "}");
    bob.home.write_config(R"({"share_mode": "all", "shares": [], )" + hubs + "}");
    alice.start({"--bind", "127.0.0.41", "--name", "alice"});
    start_bob();
    BOOST_REQUIRE(eventually([&] { return alice.status().files_shared == 1 && alice.status().connected; }, 30s));
  }

  void start_hub(const std::string& port) {
    hub.start({"--role", "primary", "--bind", "127.0.0.40", "--data-port", port});
  }
  void start_bob() {
    bob.start({"--bind", "127.0.0.42", "--name", "bob"});
    BOOST_REQUIRE(eventually([&] { return bob.status().connected; }, 30s));
  }

  // Bob finds the song and asks for it while alice has no free slot: it waits in her queue.
  void download_into_the_queue() {
    alice.call("slots.set", R"({"upload_slots": 0})");
    bob.search_and_download("recovery");
    BOOST_REQUIRE(eventually([&] { return bob.download_row().wait_reason == "remote_queue"; }, 30s));
  }

  // Two slots: a grant to bob's old name, which nobody takes up, must not decide the test.
  void finishes_once_alice_has_slots() {
    alice.call("slots.set", R"({"upload_slots": 2})");
    BOOST_REQUIRE_MESSAGE(eventually([&] { return bob.download_row().state == "finished"; }, 75s),
                          "bob's download is " << bob.download_row().state << " " << bob.download_row().wait_reason
                                               << " " << bob.download_row().error);
    BOOST_TEST((read_text_file(bob.home.home() / "OpenWPN Downloads" / "Recovery Song.mp3") == read_text_file(song)));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(download_recovery)

BOOST_FIXTURE_TEST_CASE(a_queued_download_finishes_after_the_hub_restart_renames_everyone, Segment) {
  download_into_the_queue();
  const auto bob_name = bob.full_name();
  BOOST_REQUIRE(hub.wpnd->stop() == 0);
  BOOST_REQUIRE(eventually([&] { return !bob.status().connected; }, 30s));
  start_hub(std::to_string(hub_port));
  BOOST_REQUIRE(eventually([&] { return alice.status().connected && bob.status().connected; }, 90s));
  BOOST_TEST_MESSAGE("bob was " << bob_name << ", is " << bob.full_name());
  finishes_once_alice_has_slots();
}

BOOST_FIXTURE_TEST_CASE(a_download_restored_after_kill_9_asks_again_once_logged_in, Segment) {
  download_into_the_queue();
  bob.wpnd->kill9();
  start_bob();
  // The restored download is listed at once, with what it had.
  BOOST_TEST(bob.download_row().file.find("Recovery Song.mp3") != std::string::npos);
  finishes_once_alice_has_slots();
}

BOOST_AUTO_TEST_SUITE_END()
