#include "model/transfer_columns.h"

#include <boost/test/unit_test.hpp>

using namespace wpn::tray;

BOOST_AUTO_TEST_SUITE(transfer_columns)

BOOST_AUTO_TEST_CASE(a_download_counts_its_sources) {
  wpn::ipc::TransferDto t;
  t.direction = "download";
  BOOST_TEST(source_count(t) == 0u);
  t.peer = "alice_1";
  BOOST_TEST(source_count(t) == 1u);
  t.peer = "alice_1, bob_2, carol_3";
  BOOST_TEST(source_count(t) == 3u);
  t.direction = "upload";
  BOOST_TEST(source_count(t) == 1u);
}

BOOST_AUTO_TEST_CASE(queue_place_and_ban_end_texts) {
  wpn::ipc::TransferDto t;
  BOOST_TEST(queue_text(t).empty());
  t.position = 3;
  t.wait_reason = "remote_queue";
  BOOST_TEST(queue_text(t) == "#3 (remote queue)");
  t.wait_reason = "no_free_slot";
  BOOST_TEST(queue_text(t) == "#3");
  BOOST_TEST(ban_until_text(0, 1000) == "forever");
  BOOST_TEST(ban_until_text(999, 1000) == "expired");
  BOOST_TEST(ban_until_text(1000 + 3 * 3600, 1000) == "in 3 h 00 min");
  BOOST_TEST(eta_text(std::nullopt).empty());
  BOOST_TEST(eta_text(200) == "3 min 20 s");
}

BOOST_AUTO_TEST_SUITE_END()
