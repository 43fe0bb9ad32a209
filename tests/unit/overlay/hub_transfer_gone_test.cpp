// The hub's 0x1Fxx relay when the requester is no longer there (it left, or came back under
// a new name suffix): the holder hears 0x1FAE at once, so a slot or queue place granted to
// nobody is freed instead of waiting for the unused-slot timeout.
#include <boost/test/unit_test.hpp>

#include "overlay_test_support.h"
#include "protocol/codecs/transfer_notices.h"
#include "protocol/codecs/transfer_requests.h"

namespace p = wpn::protocol;
namespace o = wpn::overlay;
using o::test::MiniNet;

namespace {

o::HubConfig config() {
  o::HubConfig c;
  c.ip = {127, 0, 0, 2};
  c.udp_port = 6257;
  c.tcp_port = 6699;
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hub_transfer_gone)

BOOST_AUTO_TEST_CASE(a_grant_or_queue_place_for_an_unknown_requester_is_withdrawn_at_the_holder) {
  MiniNet net(config());
  auto& up = net.connect("alice123", {127, 0, 0, 3}, 6700);
  const p::TransferAddress gone{net.hub.handle(), "bob456_01234", "Music\\Song.mp3"};
  up.session->send_transfer(p::UploadReady{gone});
  up.session->send_transfer(p::UploadQueued{gone, 3u, 4u});
  net.pump();
  const auto at_up = net.events_of<p::TransferNoticeMessage>(up);
  BOOST_REQUIRE_EQUAL(at_up.size(), 2u);
  for (const auto& notice : at_up) {
    const auto* withdrawn = std::get_if<p::UploadWithdrawn>(&notice);
    BOOST_REQUIRE(withdrawn);
    BOOST_CHECK(withdrawn->requester == gone);
  }
}

BOOST_AUTO_TEST_CASE(a_refusal_for_an_unknown_requester_is_not_answered) {
  MiniNet net(config());
  auto& up = net.connect("alice123", {127, 0, 0, 3}, 6700);
  const p::TransferAddress gone{net.hub.handle(), "bob456_01234", "Music\\Song.mp3"};
  up.session->send_transfer(p::make_upload_refused(gone, p::TransferRefusal::Busy, 2));
  net.pump();
  BOOST_CHECK(net.events_of<p::TransferNoticeMessage>(up).empty());
}

BOOST_AUTO_TEST_SUITE_END()
