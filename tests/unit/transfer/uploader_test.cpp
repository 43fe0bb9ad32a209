#include "transfer/uploader.h"

#include <boost/test/unit_test.hpp>

#include "support/test_data.h"
#include "transfer_test_support.h"

using namespace wpn::transfer;
using namespace wpn::transfer::test;
using wpn::protocol::Bytes;
using wpn::protocol::DownloadOption;
using wpn::protocol::GetRequest;
using wpn::protocol::RequestForm;
using wpn::protocol::Segment;
using wpn::protocol::TransferAddress;
using wpn::protocol::UploadQueued;
using wpn::protocol::UploadReady;
using wpn::protocol::UploadRefused;
using State = Uploader::State;

namespace {

const std::string File = "Hello\\Robo Resources.rar";
constexpr std::uint64_t FileSize = 22925;

wpn::protocol::UploadRequested requested(const std::string& name, const std::string& file = File,
                                         DownloadOption option = DownloadOption::Normal) {
  wpn::protocol::UploadRequested m;
  m.requester = TransferAddress{HandleA, name, file};
  m.option = static_cast<std::uint32_t>(option);
  return m;
}

GetRequest get_wpn(const std::string& nick, const std::string& file = File) {
  return GetRequest{nick, file, RequestForm::Wpn, 0, std::nullopt};
}

UploadSettings slots(std::uint32_t n) {
  UploadSettings s;
  s.slots = n;
  return s;
}

struct Fixture {
  FakeUploadMediator mediator;
  Fixture() { mediator.shared[File] = FileSize; }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(uploader, Fixture)

BOOST_AUTO_TEST_CASE(free_slot_answers_upload_ready_to_the_requester) {
  Uploader up(mediator, slots(3));
  const auto out = up.on_upload_requested(requested("Gumdrop609_21884"), T0);
  const auto ready = packets_of<UploadReady>(out);
  BOOST_TEST_REQUIRE(ready.size() == 1u);
  BOOST_TEST((ready[0].requester == TransferAddress{HandleA, "Gumdrop609_21884", File}));
  BOOST_TEST(events_of<TransferAdded>(out).size() == 1u);
  BOOST_TEST(all_of<ArmTimer>(out).size() == 1u);  // the unused-slot expiry
  BOOST_TEST((all_of<ArmTimer>(out)[0].deadline == T0 + 120s));
}

BOOST_AUTO_TEST_CASE(unshared_file_is_refused_as_not_shared) {
  Uploader up(mediator, slots(3));
  const auto out = up.on_upload_requested(requested("a_00001", "Secret\\x.doc"), T0);
  const auto refused = packets_of<UploadRefused>(out);
  BOOST_TEST_REQUIRE(refused.size() == 1u);
  BOOST_TEST(*refused[0].reason_code == 2u);  // not shared, filesharing.md §4.2 [P]
  BOOST_TEST(up.size() == 0u);
}

BOOST_AUTO_TEST_CASE(queued_request_is_told_its_position) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("a_00001"), T0);
  const auto out = up.on_upload_requested(requested("b_00002"), T0);
  const auto queued = packets_of<UploadQueued>(out);
  BOOST_TEST_REQUIRE(queued.size() == 1u);
  BOOST_TEST(*queued[0].position == 1u);
  BOOST_TEST(*queued[0].queue_length == 1u);
  BOOST_TEST(packets_of<UploadReady>(out).empty());
}

BOOST_AUTO_TEST_CASE(duplicate_request_resends_the_answer_without_a_second_entry) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("a_00001"), T0);
  up.on_upload_requested(requested("b_00002"), T0);
  const auto again = up.on_upload_requested(requested("b_00002", File, DownloadOption::JoinQueue), T0 + 1s);
  BOOST_TEST(packets_of<UploadQueued>(again).size() == 1u);
  BOOST_TEST(up.policy().queue_length() == 1u);
  const auto granted_again = up.on_upload_requested(requested("a_00001"), T0 + 2s);
  BOOST_TEST(packets_of<UploadReady>(granted_again).size() == 1u);
  BOOST_TEST(up.size() == 2u);
}

BOOST_AUTO_TEST_CASE(serves_exactly_the_requested_segments) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("Gumdrop609_21884"), T0);
  auto out = up.on_get_line(7, get_wpn("Gumdrop609_21884"), T0 + 1s);
  BOOST_TEST_REQUIRE(all_of<OpenFile>(out).size() == 1u);
  BOOST_TEST(all_of<OpenFile>(out)[0].file == File);
  BOOST_TEST_REQUIRE(all_of<SendData>(out).size() == 1u);
  BOOST_TEST(text_of(all_of<SendData>(out)[0].bytes) == "22925");

  out = up.on_segment(7, Segment{100, 200}, T0 + 2s);
  BOOST_TEST_REQUIRE(all_of<SendRange>(out).size() == 1u);
  BOOST_TEST(all_of<SendRange>(out)[0].start == 100u);
  BOOST_TEST(all_of<SendRange>(out)[0].end == 200u);
  out = up.on_bytes_sent(7, 100, T0 + 3s);
  BOOST_TEST(all_of<CloseConnection>(out).empty());  // the range ended before EOF
  const auto id = up.find(request("Gumdrop609_21884", File));
  BOOST_TEST((up.state_of(*id) == State::AwaitingNextSegment));

  out = up.on_segment(7, Segment{200, 22925}, T0 + 4s);
  BOOST_TEST(all_of<SendRange>(out).at(0).start == 200u);
  out = up.on_bytes_sent(7, 22725, T0 + 5s);
  BOOST_TEST_REQUIRE(all_of<CloseConnection>(out).size() == 1u);
  BOOST_TEST((all_of<CloseConnection>(out)[0].reason == CloseReason::Completed));
  BOOST_TEST(events_of<TransferRemoved>(out).size() == 1u);
  BOOST_TEST(up.policy().slots_in_use() == 0u);
}

BOOST_AUTO_TEST_CASE(unsolicited_get_is_refused_and_closed) {
  Uploader up(mediator, slots(1));
  const auto out = up.on_get_line(3, get_wpn("stranger_00001"), T0);
  BOOST_TEST_REQUIRE(all_of<SendData>(out).size() == 1u);
  BOOST_TEST(text_of(all_of<SendData>(out)[0].bytes) == "INVALID REQUEST");
  BOOST_TEST((all_of<CloseConnection>(out).at(0).reason == CloseReason::InvalidRequest));
  BOOST_TEST(all_of<SendRange>(out).empty());
  BOOST_TEST(all_of<OpenFile>(out).empty());
}

BOOST_AUTO_TEST_CASE(get_for_an_unshared_name_says_file_not_shared) {
  Uploader up(mediator, slots(1));
  const auto out = up.on_get_line(3, get_wpn("a_00001", "..\\..\\etc\\passwd"), T0);
  BOOST_TEST(text_of(all_of<SendData>(out).at(0).bytes) == "FILE NOT SHARED");
  BOOST_TEST(all_of<CloseConnection>(out).size() == 1u);
}

BOOST_AUTO_TEST_CASE(get_from_a_queued_requester_is_refused_with_its_position) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("a_00001"), T0);
  up.on_upload_requested(requested("b_00002"), T0);
  const auto out = up.on_get_line(4, get_wpn("b_00002"), T0 + 61s);
  BOOST_TEST(text_of(all_of<SendData>(out).at(0).bytes) == "INVALID REQUEST");
  BOOST_TEST(packets_of<UploadQueued>(out).size() == 1u);
  BOOST_TEST(all_of<SendRange>(out).empty());
}

BOOST_AUTO_TEST_CASE(same_nick_for_another_file_is_not_served) {
  mediator.shared["Other.mp3"] = 10;
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("a_00001"), T0);
  const auto out = up.on_get_line(4, get_wpn("a_00001", "Other.mp3"), T0);
  BOOST_TEST(text_of(all_of<SendData>(out).at(0).bytes) == "INVALID REQUEST");
}

BOOST_AUTO_TEST_CASE(segment_past_the_end_is_an_invalid_request) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("a_00001"), T0);
  up.on_get_line(7, get_wpn("a_00001"), T0);
  const auto out = up.on_segment(7, Segment{0, 22926}, T0);
  BOOST_TEST(text_of(all_of<SendData>(out).at(0).bytes) == "INVALID REQUEST");
  BOOST_TEST(all_of<SendRange>(out).empty());
  BOOST_TEST(up.policy().slots_in_use() == 0u);
}

BOOST_AUTO_TEST_CASE(opennap_form_streams_from_the_offset_to_the_end) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("a_00001"), T0);
  const auto out = up.on_get_line(7, GetRequest{"a_00001", File, RequestForm::OpenNap, 1000, std::nullopt}, T0);
  BOOST_TEST(text_of(all_of<SendData>(out).at(0).bytes) == "22925");
  BOOST_TEST_REQUIRE(all_of<SendRange>(out).size() == 1u);
  BOOST_TEST(all_of<SendRange>(out)[0].start == 1000u);
  BOOST_TEST(all_of<SendRange>(out)[0].end == 22925u);
  const auto end = up.on_bytes_sent(7, 21925, T0 + 1s);
  BOOST_TEST((all_of<CloseConnection>(end).at(0).reason == CloseReason::Completed));
}

BOOST_AUTO_TEST_CASE(unused_slot_expires_and_passes_to_the_next_in_line) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("a_00001"), T0);
  up.on_upload_requested(requested("b_00002"), T0 + 1s);
  BOOST_TEST(packets_of<UploadRefused>(up.tick(T0 + 119s)).empty());
  const auto out = up.tick(T0 + 120s);
  const auto refused = packets_of<UploadRefused>(out);
  BOOST_TEST_REQUIRE(refused.size() == 1u);
  BOOST_TEST(refused[0].requester.name == "a_00001");
  BOOST_TEST(*refused[0].reason_code == 1u);  // timed out
  const auto ready = packets_of<UploadReady>(out);
  BOOST_TEST_REQUIRE(ready.size() == 1u);
  BOOST_TEST(ready[0].requester.name == "b_00002");
  // The expired requester's late GET is no longer served.
  BOOST_TEST(text_of(all_of<SendData>(up.on_get_line(9, get_wpn("a_00001"), T0 + 121s)).at(0).bytes) ==
             "INVALID REQUEST");
}

BOOST_AUTO_TEST_CASE(position_updates_are_sent_at_most_once_a_minute) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("a_00001"), T0);
  up.on_upload_requested(requested("b_00002"), T0);
  up.on_upload_requested(requested("c_00003"), T0);  // position 2
  up.on_upload_requested(requested("d_00004"), T0);  // position 3
  // a ends at 10 s: b is granted, c and d move up but were told 10 s ago.
  up.on_get_line(1, get_wpn("a_00001"), T0 + 5s);
  up.on_segment(1, Segment{0, 22925}, T0 + 5s);
  const auto at10 = up.on_bytes_sent(1, 22925, T0 + 10s);
  BOOST_TEST(packets_of<UploadReady>(at10).size() == 1u);
  BOOST_TEST(packets_of<UploadQueued>(at10).empty());
  BOOST_TEST(packets_of<UploadQueued>(up.tick(T0 + 59s)).empty());
  const auto at60 = up.tick(T0 + 60s);
  const auto queued = packets_of<UploadQueued>(at60);
  BOOST_TEST_REQUIRE(queued.size() == 2u);
  BOOST_TEST(*queued[0].position == 1u);
  BOOST_TEST(*queued[1].position == 2u);
  BOOST_TEST(packets_of<UploadQueued>(up.tick(T0 + 70s)).empty());  // nothing new to say
}

BOOST_AUTO_TEST_CASE(withdrawn_request_leaves_the_queue) {
  Uploader up(mediator, slots(0));
  up.on_upload_requested(requested("a_00001"), T0);
  up.on_upload_requested(requested("b_00002"), T0);
  wpn::protocol::UploadWithdrawn withdrawn;
  withdrawn.requester = TransferAddress{HandleA, "a_00001", File};
  const auto out = up.on_upload_withdrawn(withdrawn, T0 + 100s);
  BOOST_TEST(events_of<TransferRemoved>(out).size() == 1u);
  BOOST_TEST(up.policy().queue_length() == 1u);
  const auto queued = packets_of<UploadQueued>(out);
  BOOST_TEST_REQUIRE(queued.size() == 1u);  // b moved up, last told 100 s ago
  BOOST_TEST(*queued[0].position == 1u);
}

BOOST_AUTO_TEST_CASE(cancel_closes_a_running_upload_and_frees_the_slot) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("a_00001"), T0);
  up.on_upload_requested(requested("b_00002"), T0);
  up.on_get_line(7, get_wpn("a_00001"), T0);
  up.on_segment(7, Segment{0, 22925}, T0);
  const auto out = up.cancel(*up.find(request("a_00001", File)), T0 + 1s);
  BOOST_TEST((all_of<CloseConnection>(out).at(0).reason == CloseReason::Cancelled));
  BOOST_TEST((events_of<TransferRemoved>(out).at(0).reason == RemovalReason::Cancelled));
  BOOST_TEST(packets_of<UploadReady>(out).at(0).requester.name == "b_00002");
}

BOOST_AUTO_TEST_CASE(stalled_upload_times_out) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("a_00001"), T0);
  up.on_get_line(7, get_wpn("a_00001"), T0);
  up.on_segment(7, Segment{0, 22925}, T0);
  up.on_bytes_sent(7, 1000, T0 + 10s);
  BOOST_TEST(all_of<CloseConnection>(up.tick(T0 + 129s)).empty());
  const auto out = up.tick(T0 + 130s);
  BOOST_TEST((all_of<CloseConnection>(out).at(0).reason == CloseReason::Timeout));
  BOOST_TEST((events_of<TransferRemoved>(out).at(0).reason == RemovalReason::Timeout));
}

BOOST_AUTO_TEST_CASE(peer_closing_mid_range_frees_the_slot) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("a_00001"), T0);
  up.on_get_line(7, get_wpn("a_00001"), T0);
  up.on_segment(7, Segment{0, 22925}, T0);
  const auto out = up.on_connection_lost(7, T0 + 1s);
  BOOST_TEST((events_of<TransferRemoved>(out).at(0).reason == RemovalReason::PeerClosed));
  BOOST_TEST(up.policy().slots_in_use() == 0u);
}

BOOST_AUTO_TEST_CASE(push_connects_out_sends_the_send_line_and_serves_the_offset) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("a_00001"), T0);
  wpn::protocol::UploadStart start;
  start.requester = TransferAddress{HandleA, "a_00001", File};
  start.ip = {192, 0, 2, 10};
  start.data_port = 6699;
  auto out = up.on_upload_start(start, 11, T0 + 1s);
  BOOST_TEST_REQUIRE(all_of<Connect>(out).size() == 1u);
  BOOST_TEST(all_of<Connect>(out)[0].port == 6699u);
  out = up.on_connected(11, T0 + 2s);
  BOOST_TEST_REQUIRE(all_of<SendData>(out).size() == 2u);  // command word first (wire audit D11)
  BOOST_TEST(text_of(all_of<SendData>(out).at(0).bytes) == "SEND");
  BOOST_TEST(text_of(all_of<SendData>(out).at(1).bytes) == "Uploader_00001 \"Hello\\Robo Resources.rar\" 22925");
  wpn::protocol::SendReply reply;
  reply.kind = wpn::protocol::SendReplyKind::Offset;
  reply.offset = 500;
  out = up.on_send_reply(11, reply, T0 + 3s);
  BOOST_TEST(all_of<SendRange>(out).at(0).start == 500u);
  BOOST_TEST(all_of<SendRange>(out).at(0).end == 22925u);
}

BOOST_AUTO_TEST_CASE(push_for_a_request_without_a_slot_is_ignored) {
  Uploader up(mediator, slots(0));
  up.on_upload_requested(requested("a_00001"), T0);
  wpn::protocol::UploadStart start;
  start.requester = TransferAddress{HandleA, "a_00001", File};
  BOOST_TEST(all_of<Connect>(up.on_upload_start(start, 11, T0)).empty());
}

BOOST_AUTO_TEST_CASE(silent_ban_sends_nothing) {
  UploadSettings s = slots(1);
  mediator.bans.add(make_ban_rule("leech", false));
  s.ban_reply = BanReply::Silent;
  Uploader up(mediator, s);
  BOOST_TEST(all_of<SendPacket>(up.on_upload_requested(requested("leech_01234"), T0)).empty());
  s.ban_reply = BanReply::Busy;
  up.reconfigure(s, T0);
  BOOST_TEST(*packets_of<UploadRefused>(up.on_upload_requested(requested("leech_01234"), T0)).at(0).reason_code == 0u);
}

BOOST_AUTO_TEST_CASE(lowering_slots_mid_upload_grants_nothing_new) {
  Uploader up(mediator, slots(2));
  up.on_upload_requested(requested("a_00001"), T0);
  up.on_upload_requested(requested("b_00002"), T0);
  up.on_upload_requested(requested("c_00003"), T0);
  up.reconfigure(slots(1), T0);
  up.on_get_line(7, get_wpn("a_00001"), T0);
  up.on_segment(7, Segment{0, 22925}, T0);
  const auto out = up.on_bytes_sent(7, 22925, T0 + 1s);
  BOOST_TEST(packets_of<UploadReady>(out).empty());  // b still holds the only slot
  BOOST_TEST(up.policy().slots_in_use() == 1u);
}

// A restart keeps an entry whose file is not found at that moment; its turn refuses it.
BOOST_AUTO_TEST_CASE(a_restored_entry_whose_file_is_gone_keeps_its_place_until_its_turn) {
  const std::string gone = "Hello\\renamed since.rar";
  QueueState saved;
  saved.next_sequence = 3;
  saved.entries.push_back({1, Peer{HandleA, "a_00001"}, gone, WallTime{}, "default"});
  saved.entries.push_back({2, Peer{HandleA, "b_00002"}, File, WallTime{}, "default"});
  Uploader up(mediator, slots(0));
  const auto restored = up.restore_queue(saved, T0, WallTime{});
  BOOST_TEST(events_of<TransferAdded>(restored).size() == 2u);
  BOOST_TEST(up.policy().position(request("a_00001", gone)).value_or(0) == 1u);
  BOOST_TEST(up.policy().position(request("b_00002", File)).value_or(0) == 2u);

  up.reconfigure(slots(1), T0 + 1s);  // its turn: granted, and the GET finds no file
  const auto out = up.on_get_line(7, get_wpn("a_00001", gone), T0 + 2s);
  BOOST_TEST_REQUIRE(all_of<SendData>(out).size() == 1u);
  BOOST_TEST(text_of(all_of<SendData>(out)[0].bytes) == "FILE NOT SHARED");
  BOOST_TEST(events_of<TransferRemoved>(out).size() == 1u);
  BOOST_TEST(!up.find(request("a_00001", gone)).has_value());
  BOOST_TEST(packets_of<UploadReady>(out).size() == 1u);  // the slot goes on to the next entry
}

BOOST_AUTO_TEST_SUITE_END()
