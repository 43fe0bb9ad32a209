// How a download gets going again when the network forgot it: a queue place nobody reports
// on, a new login (our name changed, the relay's pending answers are lost), a source that
// is no longer there, and downloads whose every source failed.
#include <boost/test/unit_test.hpp>

#include "transfer/downloader.h"
#include "transfer_test_support.h"

using namespace wpn::transfer;
using namespace wpn::transfer::test;
using wpn::protocol::DownloadOption;
using wpn::protocol::DownloadRequest;
using wpn::protocol::FileKey;
using wpn::protocol::TransferAddress;

namespace {

const TransferAddress SourceA{HandleA, "Gumdrop609_21884", "Hello\\Robo Resources.rar"};
const TransferAddress SourceB{HandleB, "Other_00002", "Incoming\\Other.rar"};

FileKey key_of_size(std::uint32_t size) {
  FileKey key;
  key.hash.fill(0x5A);
  key.size = size;
  return key;
}

struct Mediator : Downloader::Mediator {
  std::string own_name() const override { return "Me_00042"; }
};

wpn::protocol::DownloadQueued queued(const TransferAddress& holder, std::uint32_t position) {
  wpn::protocol::DownloadQueued m;
  m.holder = holder;
  m.position = position;
  m.queue_length = position;
  return m;
}

wpn::protocol::DownloadFailed failed(const TransferAddress& holder, const std::string& status) {
  wpn::protocol::DownloadFailed m;
  m.holder = holder;
  m.status = status;
  return m;
}

struct Fixture {
  Mediator mediator;
  DownloadSettings settings;
  FileKey key = key_of_size(22925);

  DownloadSpec spec(std::vector<TransferAddress> sources, FileKey of = {}) const {
    if (of.size == 0) of = key;
    return DownloadSpec{of, "Hello\\Robo Resources.rar", {}, std::move(sources), {}};
  }
};

SourceState state_of(const Downloader& dl, TransferId id = 1) { return dl.find(id)->sources.at(0).state; }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(downloader_recovery, Fixture)

BOOST_AUTO_TEST_CASE(a_silent_queue_place_is_asked_about_again_with_option_one) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_queued(queued(SourceA, 4), T0 + 1s);
  BOOST_TEST(packets_of<DownloadRequest>(dl.tick(T0 + 1s + settings.queue_refresh - 1s)).empty());
  const auto again = packets_of<DownloadRequest>(dl.tick(T0 + 1s + settings.queue_refresh));
  BOOST_TEST_REQUIRE(again.size() == 1u);
  BOOST_TEST((again[0].holder == SourceA));
  BOOST_TEST((again[0].option == DownloadOption::JoinQueue));
  // The uploader answers with the position: the wait starts over.
  dl.on_download_queued(queued(SourceA, 2), T0 + 200s);
  BOOST_TEST((state_of(dl) == SourceState::RemotelyQueued));
  BOOST_TEST(dl.find(TransferId{1})->sources[0].position == 2u);
}

BOOST_AUTO_TEST_CASE(a_new_login_asks_every_waiting_source_again_and_searches) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.add_download(spec({SourceB}, key_of_size(100)), T0);
  dl.on_download_queued(queued(SourceA, 1), T0 + 1s);                    // a queue place
  dl.on_download_failed(failed(SourceB, "Request timed out"), T0 + 1s);  // backing off
  BOOST_TEST((state_of(dl, 2) == SourceState::RetryWait));
  const auto out = dl.on_logged_in(T0 + 5s);
  const auto asked = packets_of<DownloadRequest>(out);
  BOOST_TEST_REQUIRE(asked.size() == 2u);
  BOOST_TEST((asked[0].holder == SourceA));
  BOOST_TEST((asked[1].holder == SourceB));
  BOOST_TEST((state_of(dl, 1) == SourceState::Requesting));
  BOOST_TEST((state_of(dl, 2) == SourceState::Requesting));
  // Both downloads search for sources (their holders may have new names) without waiting
  // for the AFS interval.
  BOOST_TEST(all_of<FindSources>(dl.tick(T0 + 5s)).size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_source_nobody_knows_brings_the_source_search_forward) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  // The relay answers for a holder it does not know (it came back under a new suffix).
  dl.on_download_failed(failed(SourceA, "User not found"), T0 + 1s);
  BOOST_TEST((state_of(dl) == SourceState::RetryWait));
  const auto out = dl.tick(T0 + 1s);
  BOOST_TEST(all_of<FindSources>(out).size() == 1u);
  // Not again before search_soon has passed, however often it happens.
  dl.on_download_failed(failed(SourceA, "User not found"), T0 + 2s);
  BOOST_TEST(all_of<FindSources>(dl.tick(T0 + 1s + settings.search_soon - 1s)).empty());
}

BOOST_AUTO_TEST_CASE(a_source_the_primary_keeps_not_knowing_is_dropped_as_gone) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  TimePoint now = T0;
  for (std::uint32_t i = 1; i < settings.unknown_source_drop; ++i) {
    dl.on_download_failed(failed(SourceA, "User not found"), now);
    BOOST_TEST_REQUIRE((state_of(dl) == SourceState::RetryWait));
    now = *dl.find(TransferId{1})->sources[0].deadline;
    BOOST_TEST(packets_of<DownloadRequest>(dl.tick(now)).size() == 1u);  // asks again
  }
  dl.on_download_failed(failed(SourceA, "User not found"), now);
  BOOST_TEST((state_of(dl) == SourceState::FailedGone));
  BOOST_TEST(packets_of<DownloadRequest>(dl.tick(now + 1h)).empty());
  BOOST_TEST((summarise(*dl.find(TransferId{1})).wait == WaitReason::NoSource));
}

BOOST_AUTO_TEST_CASE(a_file_renamed_at_its_source_is_searched_for_soon) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_failed(failed(SourceA, "File Not Shared"), T0 + 60s);
  BOOST_TEST(all_of<FindSources>(dl.tick(T0 + 60s)).size() == 1u);
  const TransferAddress renamed{HandleA, SourceA.name, "Hello\\Robo Resources (renamed).rar"};
  BOOST_TEST((packets_of<DownloadRequest>(dl.add_source(key, renamed, T0 + 61s)).at(0).holder == renamed));
}

BOOST_AUTO_TEST_CASE(a_download_whose_every_source_failed_leaves_its_slot) {
  settings.max_active = 1;
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  const FileKey other = key_of_size(100);
  dl.add_download(spec({SourceB}, other), T0);
  BOOST_TEST((dl.find(other)->sources[0].state == SourceState::LocalQueued));
  const auto out = dl.on_download_failed(failed(SourceA, "File Not Shared"), T0 + 1s);
  BOOST_TEST((packets_of<DownloadRequest>(out).at(0).holder == SourceB));
  BOOST_TEST((dl.find(other)->sources[0].state == SourceState::Requesting));
  // The first one still searches, and goes on once a source turns up.
  BOOST_TEST((summarise(*dl.find(TransferId{1})).wait == WaitReason::NoSource));
  const auto found = dl.add_source(key, SourceB, T0 + 2s);
  BOOST_TEST(packets_of<DownloadRequest>(found).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_grant_from_the_holder_under_a_new_name_suffix_is_taken_up) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_queued(queued(SourceA, 3), T0 + 1s);
  // The holder logged in again (Gumdrop609_21884 -> Gumdrop609_00777) and grants our request.
  const TransferAddress renamed{HandleA, "Gumdrop609_00777", SourceA.file};
  wpn::protocol::DownloadStart go;
  go.holder = renamed;
  go.ip = {192, 0, 2, 7};
  go.data_port = 6699;
  const auto out = dl.on_download_start(go, 7, T0 + 60s);
  BOOST_TEST(all_of<Connect>(out).size() == 1u);
  BOOST_TEST((state_of(dl) == SourceState::Connecting));
  BOOST_TEST(dl.find(TransferId{1})->sources[0].address.name == "Gumdrop609_00777");
}

BOOST_AUTO_TEST_CASE(a_grant_from_another_user_or_for_another_file_is_ignored) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_queued(queued(SourceA, 3), T0 + 1s);
  for (const auto& holder : {TransferAddress{HandleA, "Gumdrop610_00777", SourceA.file},
                             TransferAddress{HandleA, "Gumdrop609_00777", "Hello\\Other.rar"},
                             TransferAddress{HandleB, "Gumdrop609_00777", SourceA.file}}) {
    wpn::protocol::DownloadStart go;
    go.holder = holder;
    go.ip = {192, 0, 2, 7};
    go.data_port = 6699;
    BOOST_TEST(all_of<Connect>(dl.on_download_start(go, 7, T0 + 60s)).empty());
  }
  BOOST_TEST((state_of(dl) == SourceState::RemotelyQueued));
}

BOOST_AUTO_TEST_CASE(bytes_arriving_are_recorded_in_the_sidecar_every_checkpoint_interval) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  wpn::protocol::DownloadStart go;
  go.holder = SourceA;
  go.ip = {192, 0, 2, 7};
  go.data_port = 6699;
  dl.on_download_start(go, 7, T0 + 1s);
  dl.on_connected(7, T0 + 1s);
  wpn::protocol::SizeReply reply;
  reply.kind = wpn::protocol::SizeReplyKind::Total;
  reply.value = key.size;
  dl.on_size_reply(7, reply, T0 + 1s);
  BOOST_TEST_REQUIRE((state_of(dl) == SourceState::Transferring));
  // The whole file is one segment: without checkpoints nothing is recorded before its end.
  BOOST_TEST(all_of<SavePartial>(dl.on_data(7, 1000, T0 + 2s)).empty());
  BOOST_TEST(all_of<SavePartial>(dl.on_data(7, 1000, T0 + 3s)).empty());
  const auto saved = all_of<SavePartial>(dl.on_data(7, 1000, T0 + settings.checkpoint_interval));
  BOOST_TEST_REQUIRE(saved.size() == 1u);
  BOOST_TEST(saved[0].meta.received.covered() == 3000u);
  BOOST_TEST(saved[0].checkpoint);  // not synced on the engine thread (transfer_slow_lookup)
  BOOST_TEST(all_of<SavePartial>(dl.on_data(7, 1000, T0 + settings.checkpoint_interval + 1s)).empty());
}

BOOST_AUTO_TEST_SUITE_END()
