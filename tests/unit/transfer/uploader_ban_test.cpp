// The Uploader with bans from its mediator's BanList, judged at a fake clock's wall time.
#include <boost/test/unit_test.hpp>

#include "support/fake_clock.h"
#include "transfer/uploader.h"
#include "transfer_test_support.h"

using namespace wpn::transfer;
using namespace wpn::transfer::test;
using wpn::protocol::DownloadOption;
using wpn::protocol::GetRequest;
using wpn::protocol::RequestForm;
using wpn::protocol::TransferAddress;
using wpn::protocol::UploadReady;
using wpn::protocol::UploadRefused;

namespace {

const std::string File = "Hello\\Robo Resources.rar";

wpn::protocol::UploadRequested requested(const std::string& name, DownloadOption option = DownloadOption::Normal) {
  wpn::protocol::UploadRequested m;
  m.requester = TransferAddress{HandleA, name, File};
  m.option = static_cast<std::uint32_t>(option);
  return m;
}

GetRequest get_wpn(const std::string& nick) { return GetRequest{nick, File, RequestForm::Wpn, 0, std::nullopt}; }

UploadSettings slots(std::uint32_t n) {
  UploadSettings s;
  s.slots = n;
  return s;
}

struct Fixture {
  wpn::test::FakeClock clock;
  FakeUploadMediator mediator;
  Fixture() {
    mediator.shared[File] = 22925;
    mediator.clock = &clock;
  }
  void ban(const std::string& name, std::chrono::seconds length) {
    mediator.bans.add(make_ban_rule(name, false, clock.wall_now() + length, "test"));
  }
};

std::vector<FailReason> refusals(const Actions& out) {
  std::vector<FailReason> reasons;
  for (const auto& r : events_of<RequestRefused>(out)) reasons.push_back(r.reason);
  return reasons;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(uploader_ban, Fixture)

BOOST_AUTO_TEST_CASE(a_banned_request_is_refused_and_accepted_again_after_the_expiry) {
  Uploader up(mediator, slots(3));
  ban("leech_01234", std::chrono::hours(1));
  auto out = up.on_upload_requested(requested("leech_01234"), clock.now());
  BOOST_TEST(packets_of<UploadReady>(out).empty());
  BOOST_TEST(packets_of<UploadRefused>(out).size() == 1u);  // busy: the wire has no "banned"
  BOOST_TEST((refusals(out) == std::vector<FailReason>{FailReason::Banned}));
  BOOST_TEST(up.size() == 0u);
  // Another user of the same base name is not touched by a full-name ban.
  BOOST_TEST(packets_of<UploadReady>(up.on_upload_requested(requested("leech_01235"), clock.now())).size() == 1u);

  clock.advance(std::chrono::hours(1) - std::chrono::seconds(1));
  BOOST_TEST(packets_of<UploadReady>(up.on_upload_requested(requested("leech_01234"), clock.now())).empty());
  clock.advance(std::chrono::seconds(1));
  out = up.on_upload_requested(requested("leech_01234"), clock.now());
  BOOST_TEST(packets_of<UploadReady>(out).size() == 1u);
  BOOST_TEST(refusals(out).empty());
}

BOOST_AUTO_TEST_CASE(a_ban_takes_queued_and_granted_requests_out_and_refuses_their_get) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("leech_01234"), clock.now());  // granted the only slot
  up.on_upload_requested(requested("amy_00002", DownloadOption::JoinQueue), clock.now());
  up.on_upload_requested(requested("leech_05555", DownloadOption::JoinQueue), clock.now());
  BOOST_TEST(up.policy().queue_length() == 2u);
  mediator.bans.add(make_ban_rule("leech", false));  // every suffix, forever

  const auto out = up.drop_banned(clock.now());
  BOOST_TEST(events_of<TransferRemoved>(out).size() == 2u);
  BOOST_TEST(refusals(out).size() == 2u);
  BOOST_TEST(up.size() == 1u);  // amy, who now holds the freed slot
  const auto ready = packets_of<UploadReady>(out);
  BOOST_TEST_REQUIRE(ready.size() == 1u);
  BOOST_TEST(ready[0].requester.name == "amy_00002");

  const auto get = up.on_get_line(7, get_wpn("leech_01234"), clock.now());
  BOOST_TEST(all_of<OpenFile>(get).empty());
  BOOST_TEST(all_of<CloseConnection>(get).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_get_from_a_user_banned_after_the_grant_is_refused) {
  Uploader up(mediator, slots(1));
  up.on_upload_requested(requested("leech_01234"), clock.now());
  ban("leech_01234", std::chrono::minutes(5));  // no drop_banned: the GET itself is checked
  const auto get = up.on_get_line(7, get_wpn("leech_01234"), clock.now());
  BOOST_TEST(all_of<OpenFile>(get).empty());
  BOOST_TEST(all_of<CloseConnection>(get).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
