#include "transfer/downloader.h"

#include <boost/test/unit_test.hpp>

#include "support/test_data.h"
#include "transfer_test_support.h"

using namespace wpn::transfer;
using namespace wpn::transfer::test;
using wpn::protocol::Bytes;
using wpn::protocol::DownloadOption;
using wpn::protocol::DownloadRequest;
using wpn::protocol::FileKey;
using wpn::protocol::PushRequest;
using wpn::protocol::TransferAddress;
using wpn::test::hex;

namespace {

const TransferAddress SourceA{HandleA, "Gumdrop609_21884", "Hello\\Robo Resources.rar"};
const TransferAddress SourceB{HandleB, "Other_00002", "Incoming\\Robo Resources.rar"};

FileKey key_of_size(std::uint32_t size) {
  FileKey key;
  key.hash.fill(0x5A);
  key.size = size;
  return key;
}

struct FakeDownloadMediator : Downloader::Mediator {
  std::string own_name() const override { return "Me_00042"; }
};

wpn::protocol::DownloadStart start(const TransferAddress& holder, std::uint16_t port) {
  wpn::protocol::DownloadStart m;
  m.holder = holder;
  m.ip = {192, 0, 2, 7};
  m.data_port = port;
  return m;
}

wpn::protocol::DownloadQueued queued(const TransferAddress& holder, std::uint32_t position) {
  wpn::protocol::DownloadQueued m;
  m.holder = holder;
  m.position = position;
  m.queue_length = position + 2;
  return m;
}

wpn::protocol::DownloadFailed failed(const TransferAddress& holder, const std::string& status) {
  wpn::protocol::DownloadFailed m;
  m.holder = holder;
  m.status = status;
  return m;
}

wpn::protocol::SizeReply total(std::uint64_t size) {
  wpn::protocol::SizeReply r;
  r.kind = wpn::protocol::SizeReplyKind::Total;
  r.value = size;
  return r;
}

struct Fixture {
  FakeDownloadMediator mediator;
  DownloadSettings settings;
  FileKey key = key_of_size(22925);

  DownloadSpec spec(std::vector<TransferAddress> sources, RangeSet have = {}) const {
    return DownloadSpec{key, "Hello\\Robo Resources.rar", {}, std::move(sources), std::move(have)};
  }
};

SourceState state_of(const Downloader& dl, std::size_t source = 0) {
  return dl.find(TransferId{1})->sources.at(source).state;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(downloader, Fixture)

BOOST_AUTO_TEST_CASE(new_download_requests_each_source_with_option_zero) {
  Downloader dl(mediator, settings);
  const auto out = dl.add_download(spec({SourceA, SourceB}), T0);
  const auto requests = packets_of<DownloadRequest>(out);
  BOOST_TEST_REQUIRE(requests.size() == 2u);
  BOOST_TEST((requests[0].holder == SourceA));
  BOOST_TEST((requests[0].option == DownloadOption::Normal));
  BOOST_TEST((all_of<ArmTimer>(out).at(0).deadline == T0 + 120s));
  BOOST_TEST((state_of(dl) == SourceState::Requesting));
}

BOOST_AUTO_TEST_CASE(downloads_beyond_the_local_limit_wait_locally) {
  settings.max_active = 1;
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  const FileKey other = key_of_size(100);
  const auto out = dl.add_download(DownloadSpec{other, "b", {}, {SourceB}, {}}, T0);
  BOOST_TEST(packets_of<DownloadRequest>(out).empty());
  BOOST_TEST((dl.find(other)->sources[0].state == SourceState::LocalQueued));
  const auto freed = dl.cancel(1, T0 + 1s);
  BOOST_TEST((packets_of<DownloadRequest>(freed).at(0).holder == SourceB));
}

BOOST_AUTO_TEST_CASE(connect_path_runs_from_queue_to_verified_file) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_queued(queued(SourceA, 3), T0 + 1s);
  BOOST_TEST((state_of(dl) == SourceState::RemotelyQueued));
  BOOST_TEST(dl.find(TransferId{1})->sources[0].position == 3u);

  auto out = dl.on_download_start(start(SourceA, 6699), 5, T0 + 2s);
  BOOST_TEST_REQUIRE(all_of<Connect>(out).size() == 1u);
  BOOST_TEST(all_of<Connect>(out)[0].connection == 5u);
  BOOST_TEST(all_of<Connect>(out)[0].port == 6699u);
  BOOST_TEST((state_of(dl) == SourceState::Connecting));

  out = dl.on_connected(5, T0 + 3s);
  // The command word is its own write, as in WinMX traffic (wire audit D11).
  BOOST_TEST_REQUIRE(all_of<SendData>(out).size() == 2u);
  BOOST_TEST(text_of(all_of<SendData>(out).at(0).bytes) == "GET");
  BOOST_TEST(text_of(all_of<SendData>(out).at(1).bytes) == "Me_00042 \"Hello\\Robo Resources.rar\" M");
  BOOST_TEST((state_of(dl) == SourceState::Negotiating));

  out = dl.on_size_reply(5, total(22925), T0 + 4s);
  BOOST_TEST(all_of<SendData>(out).at(0).bytes == hex("00 00 00 00 8D 59 00 00"), boost::test_tools::per_element());
  BOOST_TEST(all_of<ReceiveRange>(out).at(0).end == 22925u);
  BOOST_TEST((state_of(dl) == SourceState::Transferring));

  out = dl.on_data(5, 22925, T0 + 5s);
  BOOST_TEST((all_of<CloseConnection>(out).at(0).reason == CloseReason::Completed));
  BOOST_TEST(all_of<VerifyFile>(out).size() == 1u);
  BOOST_TEST((dl.find(TransferId{1})->state == DownloadState::Verifying));

  out = dl.on_verified(key, true, T0 + 6s);
  BOOST_TEST(all_of<FinishFile>(out).at(0).name == "Hello\\Robo Resources.rar");
  BOOST_TEST((dl.find(TransferId{1})->state == DownloadState::Complete));
}

BOOST_AUTO_TEST_CASE(resume_asks_for_the_first_missing_byte) {
  Downloader dl(mediator, settings);
  RangeSet have;
  have.insert({0, 1000});
  dl.add_download(spec({SourceA}, have), T0);
  dl.on_download_start(start(SourceA, 6699), 5, T0);
  dl.on_connected(5, T0);
  const auto out = dl.on_size_reply(5, total(22925), T0);
  BOOST_TEST(all_of<SendData>(out).at(0).bytes == hex("E8 03 00 00 8D 59 00 00"), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(port_zero_asks_for_a_push_and_accepts_the_matching_send) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  auto out = dl.on_download_start(start(SourceA, 0), 5, T0 + 1s);
  BOOST_TEST(all_of<Connect>(out).empty());
  BOOST_TEST_REQUIRE(packets_of<PushRequest>(out).size() == 1u);
  BOOST_TEST((packets_of<PushRequest>(out)[0].holder == SourceA));
  BOOST_TEST((state_of(dl) == SourceState::WaitPush));

  out = dl.on_send_request(9, {"Gumdrop609_21884", "Hello\\Robo Resources.rar", 22925}, T0 + 2s);
  BOOST_TEST(text_of(all_of<SendData>(out).at(0).bytes) == "0");
  BOOST_TEST(all_of<ReceiveRange>(out).at(0).connection == 9u);
  BOOST_TEST((state_of(dl) == SourceState::Transferring));
}

BOOST_AUTO_TEST_CASE(failed_connect_falls_back_to_push) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_start(start(SourceA, 6699), 5, T0);
  const auto out = dl.on_connection_lost(5, LossReason::Closed, T0 + 3s);
  BOOST_TEST(packets_of<PushRequest>(out).size() == 1u);
  BOOST_TEST((state_of(dl) == SourceState::WaitPush));
  // No SEND within 120 s: retry later.
  dl.tick(T0 + 123s);
  BOOST_TEST((state_of(dl) == SourceState::RetryWait));
}

BOOST_AUTO_TEST_CASE(connect_timeout_falls_back_to_push) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_start(start(SourceA, 6699), 5, T0);
  const auto out = dl.tick(T0 + 60s);
  BOOST_TEST((all_of<CloseConnection>(out).at(0).reason == CloseReason::Timeout));
  BOOST_TEST(packets_of<PushRequest>(out).size() == 1u);
}

BOOST_AUTO_TEST_CASE(unsolicited_send_is_refused) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);  // requesting, no push asked for
  const auto out = dl.on_send_request(9, {"Gumdrop609_21884", "Hello\\Robo Resources.rar", 22925}, T0);
  BOOST_TEST(text_of(all_of<SendData>(out).at(0).bytes) == "INVALID REQUEST");
  BOOST_TEST((all_of<CloseConnection>(out).at(0).reason == CloseReason::InvalidRequest));
  BOOST_TEST(all_of<ReceiveRange>(out).empty());
}

BOOST_AUTO_TEST_CASE(send_of_another_file_is_refused_while_waiting_for_a_push) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_start(start(SourceA, 0), 5, T0);
  const auto out = dl.on_send_request(9, {"Gumdrop609_21884", "Other.rar", 22925}, T0);
  BOOST_TEST(text_of(all_of<SendData>(out).at(0).bytes) == "INVALID REQUEST");
  BOOST_TEST((state_of(dl) == SourceState::WaitPush));
}

BOOST_AUTO_TEST_CASE(busy_answer_rerequests_once_with_option_one) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  auto out = dl.on_download_failed(failed(SourceA, "Busy (5 in queue)"), T0 + 1s);
  const auto again = packets_of<DownloadRequest>(out);
  BOOST_TEST_REQUIRE(again.size() == 1u);
  BOOST_TEST((again[0].option == DownloadOption::JoinQueue));
  // The same answer to the option-1 request backs off instead of looping.
  out = dl.on_download_failed(failed(SourceA, "Busy (5 in queue)"), T0 + 2s);
  BOOST_TEST(packets_of<DownloadRequest>(out).empty());
  BOOST_TEST((state_of(dl) == SourceState::RetryWait));
  BOOST_TEST((all_of<ArmTimer>(out).at(0).deadline == T0 + 62s));
}

BOOST_AUTO_TEST_CASE(busy_with_a_queue_longer_than_aeq_backs_off) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  const auto out = dl.on_download_failed(failed(SourceA, "Busy ( 150 in queue)"), T0);
  BOOST_TEST(packets_of<DownloadRequest>(out).empty());
  BOOST_TEST((state_of(dl) == SourceState::RetryWait));
}

BOOST_AUTO_TEST_CASE(retries_back_off_60_120_300_then_the_afs_interval) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  TimePoint now = T0;
  std::vector<long> waits;
  for (int i = 0; i < 5; ++i) {
    dl.on_download_failed(failed(SourceA, "Request timed out"), now);
    const auto deadline = *dl.find(TransferId{1})->sources[0].deadline;
    waits.push_back(static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(deadline - now).count()));
    now = deadline;
    const auto out = dl.tick(now);
    BOOST_TEST(packets_of<DownloadRequest>(out).size() == 1u);  // asks again
  }
  const std::vector<long> expected{60, 120, 300, 600, 600};
  BOOST_TEST(waits == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_reply_within_120_s_means_retry) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.tick(T0 + 119s);
  BOOST_TEST((state_of(dl) == SourceState::Requesting));
  dl.tick(T0 + 120s);
  BOOST_TEST((state_of(dl) == SourceState::RetryWait));
}

BOOST_AUTO_TEST_CASE(file_not_shared_drops_the_source_for_good) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_failed(failed(SourceA, "File Not Shared"), T0);
  BOOST_TEST((state_of(dl) == SourceState::FailedNotShared));
  BOOST_TEST(packets_of<DownloadRequest>(dl.tick(T0 + 1h)).empty());
}

BOOST_AUTO_TEST_CASE(size_reply_that_differs_drops_the_source) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_start(start(SourceA, 6699), 5, T0);
  dl.on_connected(5, T0);
  const auto out = dl.on_size_reply(5, total(22926), T0);
  BOOST_TEST((all_of<CloseConnection>(out).at(0).reason == CloseReason::FileChanged));
  BOOST_TEST((state_of(dl) == SourceState::FailedFileChanged));
}

BOOST_AUTO_TEST_CASE(refusal_text_on_the_data_connection_is_classified) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_start(start(SourceA, 6699), 5, T0);
  dl.on_connected(5, T0);
  wpn::protocol::SizeReply refused;
  refused.kind = wpn::protocol::SizeReplyKind::Refused;
  refused.text = "INVALID REQUEST";
  dl.on_size_reply(5, refused, T0);
  BOOST_TEST((state_of(dl) == SourceState::RetryWait));
}

BOOST_AUTO_TEST_CASE(second_source_splits_the_running_segment) {
  key = key_of_size(4u << 20);
  settings.min_split = 512 * 1024;
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA, SourceB}), T0);
  dl.on_download_start(start(SourceA, 6699), 5, T0);
  dl.on_download_start(start(SourceB, 6699), 6, T0);
  dl.on_connected(5, T0);
  dl.on_connected(6, T0);
  auto out = dl.on_size_reply(5, total(4u << 20), T0);
  BOOST_TEST(all_of<ReceiveRange>(out).at(0).start == 0u);
  BOOST_TEST(all_of<ReceiveRange>(out).at(0).end == 4u << 20);
  dl.on_data(5, 1u << 20, T0 + 1s);  // A holds [0, 1 MiB)
  out = dl.on_size_reply(6, total(4u << 20), T0 + 1s);
  // B takes the upper half of what A still lacks: [2.5 MiB, 4 MiB).
  BOOST_TEST(all_of<ReceiveRange>(out).at(0).start == 2621440u);
  BOOST_TEST(all_of<SendData>(out).at(0).bytes == hex("00 00 28 00 00 00 40 00"), boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(all_of<LimitRange>(out).size() == 1u);
  BOOST_TEST(all_of<LimitRange>(out)[0].connection == 5u);
  BOOST_TEST(all_of<LimitRange>(out)[0].end == 2621440u);

  out = dl.on_data(5, 1572864, T0 + 2s);  // A reaches its new end
  BOOST_TEST((all_of<CloseConnection>(out).at(0).reason == CloseReason::Completed));
  // B's 1.5 MiB rest can still be halved, so A asks for a new slot at once.
  BOOST_TEST((packets_of<DownloadRequest>(out).at(0).holder == SourceA));
  out = dl.on_data(6, 1572864, T0 + 3s);
  BOOST_TEST(all_of<VerifyFile>(out).size() == 1u);
}

BOOST_AUTO_TEST_CASE(idle_source_stands_by_and_wakes_when_a_segment_is_lost) {
  Downloader dl(mediator, settings);  // 22925 bytes: too small to split
  dl.add_download(spec({SourceA, SourceB}), T0);
  dl.on_download_start(start(SourceA, 6699), 5, T0);
  dl.on_connected(5, T0);
  dl.on_size_reply(5, total(22925), T0);
  dl.on_download_start(start(SourceB, 6699), 6, T0);
  dl.on_connected(6, T0);
  auto out = dl.on_size_reply(6, total(22925), T0);
  BOOST_TEST((all_of<CloseConnection>(out).at(0).reason == CloseReason::NotNeeded));
  BOOST_TEST((state_of(dl, 1) == SourceState::Standby));
  dl.on_data(5, 10000, T0 + 1s);
  out = dl.on_connection_lost(5, LossReason::Closed, T0 + 2s);
  BOOST_TEST((state_of(dl, 0) == SourceState::RetryWait));
  const auto requests = packets_of<DownloadRequest>(out);
  BOOST_TEST_REQUIRE(requests.size() == 1u);
  BOOST_TEST((requests[0].holder == SourceB));
  const auto saved = all_of<SavePartial>(out);
  BOOST_TEST_REQUIRE(saved.size() == 1u);
  BOOST_TEST(saved[0].meta.received.covered() == 10000u);
}

BOOST_AUTO_TEST_CASE(stalled_transfer_times_out_and_retries) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_start(start(SourceA, 6699), 5, T0);
  dl.on_connected(5, T0);
  dl.on_size_reply(5, total(22925), T0);
  dl.on_data(5, 100, T0 + 10s);
  BOOST_TEST(all_of<CloseConnection>(dl.tick(T0 + 129s)).empty());
  const auto out = dl.tick(T0 + 130s);
  BOOST_TEST((all_of<CloseConnection>(out).at(0).reason == CloseReason::Timeout));
  BOOST_TEST((state_of(dl) == SourceState::RetryWait));
}

BOOST_AUTO_TEST_CASE(searches_for_sources_every_afs_interval) {
  Downloader dl(mediator, settings);
  BOOST_TEST(all_of<FindSources>(dl.add_download(spec({}), T0)).size() == 1u);  // none known yet
  BOOST_TEST(all_of<FindSources>(dl.tick(T0 + 599s)).empty());
  BOOST_TEST(all_of<FindSources>(dl.tick(T0 + 600s)).size() == 1u);
  const auto out = dl.add_source(key, SourceA, T0 + 601s);
  BOOST_TEST(packets_of<DownloadRequest>(out).size() == 1u);
}

BOOST_AUTO_TEST_CASE(hash_mismatch_restarts_once_then_fails) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.on_download_start(start(SourceA, 6699), 5, T0);
  dl.on_connected(5, T0);
  dl.on_size_reply(5, total(22925), T0);
  dl.on_data(5, 22925, T0);
  auto out = dl.on_verified(key, false, T0 + 1s);
  BOOST_TEST(packets_of<DownloadRequest>(out).size() == 1u);
  BOOST_TEST(dl.find(TransferId{1})->have.empty());
  dl.on_download_start(start(SourceA, 6699), 7, T0 + 2s);
  dl.on_connected(7, T0 + 2s);
  dl.on_size_reply(7, total(22925), T0 + 2s);
  dl.on_data(7, 22925, T0 + 3s);
  dl.on_verified(key, false, T0 + 4s);
  BOOST_TEST((dl.find(TransferId{1})->state == DownloadState::FailedCorrupt));
}

BOOST_AUTO_TEST_CASE(unrequestable_name_fails_at_once) {
  Downloader dl(mediator, settings);
  const TransferAddress bad{HandleA, "x_00001", "a\" M"};
  const auto out = dl.add_download(spec({bad}), T0);
  BOOST_TEST(packets_of<DownloadRequest>(out).empty());
  BOOST_TEST((state_of(dl) == SourceState::FailedInvalid));
}

BOOST_AUTO_TEST_CASE(same_key_adds_sources_to_the_existing_download) {
  Downloader dl(mediator, settings);
  dl.add_download(spec({SourceA}), T0);
  dl.add_download(spec({SourceA, SourceB}), T0);
  BOOST_TEST(dl.size() == 1u);
  BOOST_TEST(dl.find(TransferId{1})->sources.size() == 2u);
}

BOOST_AUTO_TEST_CASE(complete_sidecar_goes_straight_to_verification) {
  Downloader dl(mediator, settings);
  RangeSet all;
  all.insert({0, 22925});
  const auto out = dl.add_download(spec({SourceA}, all), T0);
  BOOST_TEST(packets_of<DownloadRequest>(out).empty());
  BOOST_TEST(all_of<VerifyFile>(out).size() == 1u);
}

BOOST_AUTO_TEST_CASE(sidecar_restores_sources_and_held_ranges) {
  Downloader first(mediator, settings);
  first.add_download(spec({SourceA, SourceB}), T0);
  first.on_download_start(start(SourceA, 6699), 5, T0);
  first.on_connected(5, T0);
  first.on_size_reply(5, total(22925), T0);
  first.on_data(5, 5000, T0 + 1s);
  const auto meta = first.partial_meta(1);
  BOOST_TEST_REQUIRE(meta.has_value());
  Downloader second(mediator, settings);
  second.add_download(spec_from(*meta), T0 + 1h);
  BOOST_TEST(second.find(key)->sources.size() == 2u);
  second.on_download_start(start(SourceB, 6699), 8, T0 + 1h);
  second.on_connected(8, T0 + 1h);
  const auto out = second.on_size_reply(8, total(22925), T0 + 1h);
  BOOST_TEST(all_of<ReceiveRange>(out).at(0).start == 5000u);
}

BOOST_AUTO_TEST_CASE(shared_id_source_keeps_upload_and_download_ids_apart) {
  TransferIds ids;
  FakeUploadMediator up_mediator;
  up_mediator.shared["f"] = 10;
  Uploader up(up_mediator, UploadSettings{}, UploadTimeouts{}, wpn::protocol::default_wire_options(), &ids);
  Downloader dl(mediator, settings, &ids);
  wpn::protocol::UploadRequested r;
  r.requester = TransferAddress{HandleA, "a_00001", "f"};
  const auto up_id = events_of<TransferAdded>(up.on_upload_requested(r, T0)).at(0).transfer;
  const auto down_id = events_of<TransferAdded>(dl.add_download(spec({SourceA}), T0)).at(0).transfer;
  BOOST_TEST(up_id != down_id);
}

BOOST_AUTO_TEST_SUITE_END()
