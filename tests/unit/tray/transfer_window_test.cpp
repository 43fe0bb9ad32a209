#include <boost/test/unit_test.hpp>

#include "model/transfer_window.h"

namespace {

using namespace wpn::tray;
using wpn::ipc::TransferDto;
using wpn::ipc::TransferPageDto;

TransferDto upload(std::uint64_t id, std::uint64_t position = 0) {
  TransferDto t;
  t.id = id;
  t.direction = "upload";
  t.state = position ? "queued" : "transferring";
  t.peer = "peer" + std::to_string(id);
  t.file = "f" + std::to_string(id) + ".mp3";
  t.size = 1000;
  t.position = position;
  return t;
}

TransferPageDto page(const char* list, std::uint64_t total, std::uint64_t offset, std::vector<TransferDto> rows,
                     std::uint64_t revision = 1) {
  return TransferPageDto{list, total, revision, offset, std::move(rows)};
}

std::vector<std::uint64_t> ids(const TransferWindow& window) {
  std::vector<std::uint64_t> out;
  for (const auto& row : window.rows()) out.push_back(row.id);
  return out;
}

std::vector<std::uint64_t> list(std::initializer_list<std::uint64_t> values) { return values; }

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_window)

BOOST_AUTO_TEST_CASE(lists_are_chosen_by_direction_and_queue_position) {
  BOOST_TEST((list_of(upload(1)) == ListKind::Uploads));
  BOOST_TEST((list_of(upload(1, 4)) == ListKind::Queue));
  auto download = upload(1);
  download.direction = "download";
  download.position = 2;
  BOOST_TEST((list_of(download) == ListKind::Downloads));
}

BOOST_AUTO_TEST_CASE(a_page_fills_the_window_and_ends_the_fetch) {
  TransferWindow window(ListKind::Uploads);
  const auto fetch = window.take_fetch();
  BOOST_REQUIRE(fetch.has_value());
  BOOST_TEST(fetch->limit == TransferWindow::DefaultLimit);
  BOOST_TEST(!window.take_fetch().has_value());  // one in flight at a time
  window.apply_page(page("uploads", 2, 0, {upload(5), upload(6)}));
  BOOST_TEST(window.loaded());
  BOOST_TEST(window.total() == 2u);
  BOOST_TEST(ids(window) == list({5, 6}));
  BOOST_TEST(!window.take_fetch().has_value());
}

BOOST_AUTO_TEST_CASE(pages_of_other_lists_are_ignored) {
  TransferWindow window(ListKind::Downloads);
  window.apply_page(page("uploads", 1, 0, {upload(5)}));
  BOOST_TEST(window.rows().empty());
  BOOST_TEST(!window.loaded());
}

BOOST_AUTO_TEST_CASE(additions_at_the_visible_end_are_appended_in_order) {
  TransferWindow window(ListKind::Uploads);
  window.apply_page(page("uploads", 1, 0, {upload(1)}));
  BOOST_TEST(window.upsert(upload(2), true));
  BOOST_TEST(window.upsert(upload(3), true));
  BOOST_TEST(ids(window) == list({1, 2, 3}));
  BOOST_TEST(window.total() == 3u);
  BOOST_TEST(!window.stale());
}

BOOST_AUTO_TEST_CASE(additions_beyond_the_window_only_count) {
  TransferWindow window(ListKind::Uploads);
  window.set_range(0, 2);
  window.apply_page(page("uploads", 5, 0, {upload(1), upload(2)}));
  BOOST_TEST(!window.upsert(upload(9), true));
  BOOST_TEST(window.total() == 6u);
  BOOST_TEST(ids(window) == list({1, 2}));
}

BOOST_AUTO_TEST_CASE(replayed_updates_change_nothing) {
  TransferWindow window(ListKind::Uploads);
  window.apply_page(page("uploads", 1, 0, {upload(1)}));
  auto changed = upload(1);
  changed.done = 500;
  BOOST_TEST(window.upsert(changed, false));
  BOOST_TEST(!window.upsert(changed, false));
  BOOST_TEST(!window.upsert(changed, true));  // a replayed "added" is not counted twice
  BOOST_TEST(window.total() == 1u);
  BOOST_TEST(window.rows()[0].done == 500u);
}

BOOST_AUTO_TEST_CASE(progress_updates_only_shown_rows) {
  TransferWindow window(ListKind::Uploads);
  window.apply_page(page("uploads", 1, 0, {upload(1)}));
  BOOST_TEST(window.progress({1, 250, 4096}));
  BOOST_TEST(!window.progress({1, 250, 4096}));
  BOOST_TEST(!window.progress({2, 1, 1}));
  BOOST_TEST(window.rows()[0].done == 250u);
  BOOST_TEST(window.rows()[0].rate_bps == 4096u);
}

BOOST_AUTO_TEST_CASE(queue_rows_stay_in_position_order) {
  TransferWindow window(ListKind::Queue);
  window.apply_page(page("queue", 3, 0, {upload(30, 3), upload(10, 1), upload(20, 2)}));
  BOOST_TEST(ids(window) == list({10, 20, 30}));
  (void)window.take_fetch();
  window.apply_page(page("queue", 3, 0, {upload(10, 1), upload(20, 2), upload(30, 3)}));
  BOOST_TEST(window.upsert(upload(40, 2), true));
  BOOST_TEST(ids(window) == list({10, 40, 20, 30}));
  BOOST_TEST(window.total() == 4u);
  BOOST_TEST(window.stale());  // the rows behind it shifted: fetch the true positions
}

BOOST_AUTO_TEST_CASE(a_removal_outside_the_window_makes_it_stale) {
  TransferWindow window(ListKind::Uploads);
  window.apply_page(page("uploads", 1, 0, {upload(1)}));
  BOOST_TEST(!window.erase(77));
  BOOST_TEST(window.stale());
  BOOST_TEST(window.total() == 1u);
  BOOST_TEST(window.erase(1));
  BOOST_TEST(window.total() == 0u);
}

BOOST_AUTO_TEST_CASE(a_new_range_is_fetched_and_events_during_a_fetch_refetch) {
  TransferWindow window(ListKind::Queue);
  window.apply_page(page("queue", 900, 0, {upload(1, 1)}));
  window.set_range(400, 100);
  auto fetch = window.take_fetch();
  BOOST_REQUIRE(fetch.has_value());
  BOOST_TEST(fetch->offset == 400u);
  BOOST_TEST(fetch->limit == 100u);
  window.queue_changed(2);  // while the fetch is in flight
  window.apply_page(page("queue", 900, 400, {upload(2, 401)}, 1));
  BOOST_TEST(window.stale());
  BOOST_TEST(window.take_fetch().has_value());
}

BOOST_AUTO_TEST_CASE(a_page_for_a_range_left_behind_shows_no_rows) {
  TransferWindow window(ListKind::Queue);
  BOOST_REQUIRE(window.take_fetch().has_value());  // offset 0 in flight
  window.set_range(400, 100);                      // the view scrolls meanwhile
  window.apply_page(page("queue", 900, 0, {upload(1, 1), upload(2, 2)}));
  BOOST_TEST(window.total() == 900u);
  BOOST_TEST(window.rows().empty());  // not rows 1 and 2 shown as 401 and 402
  BOOST_TEST(window.find(1) == nullptr);
  const auto fetch = window.take_fetch();
  BOOST_REQUIRE(fetch.has_value());
  BOOST_TEST(fetch->offset == 400u);
}

BOOST_AUTO_TEST_CASE(queue_changes_at_a_known_revision_are_ignored) {
  TransferWindow window(ListKind::Queue);
  window.apply_page(page("queue", 1, 0, {upload(1, 1)}, 7));
  window.queue_changed(7);
  BOOST_TEST(!window.stale());
  window.queue_changed(9);
  BOOST_TEST(window.stale());
}

BOOST_AUTO_TEST_CASE(a_failed_fetch_is_retried) {
  TransferWindow window(ListKind::Downloads);
  BOOST_REQUIRE(window.take_fetch().has_value());
  window.fetch_failed();
  BOOST_TEST(window.take_fetch().has_value());
}

BOOST_AUTO_TEST_SUITE_END()
