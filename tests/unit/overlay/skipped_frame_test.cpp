#include "overlay/skipped_frame.h"

#include <boost/test/unit_test.hpp>
#include <initializer_list>

#include "protocol/message_types.h"

namespace o = wpn::overlay;
namespace p = wpn::protocol;

BOOST_AUTO_TEST_SUITE(skipped_frame)

BOOST_AUTO_TEST_CASE(families_and_their_unassigned_types) {
  for (std::uint16_t type :
       std::initializer_list<std::uint16_t>{0x0384, 0x0460, 0x0FA3, 0x13F6, 0x177A, 0x1BBC, 0x1F41, 0x1FD6, 0x238E}) {
    BOOST_TEST(o::in_known_family(type), type);
    BOOST_TEST(o::is_assigned_type(type), type);
  }
  for (std::uint16_t type : std::initializer_list<std::uint16_t>{0x1FB0, 0x1BC0, 0x0400, 0x1390, 0x1773})
    BOOST_TEST(o::is_unassigned_in_family(type), type);
  for (std::uint16_t type :
       std::initializer_list<std::uint16_t>{0x0000, 0x0383, 0x0461, 0x1234, 0x1FD7, 0x7777, 0xFFFF}) {
    BOOST_TEST(!o::in_known_family(type), type);
    BOOST_TEST(!o::is_unassigned_in_family(type), type);
  }
}

BOOST_AUTO_TEST_CASE(keeps_a_bounded_copy) {
  const p::Frame frame{p::msg::PmIncoming, p::Bytes(1000, 7)};
  const auto skipped = o::make_skipped_frame(frame, {p::DecodeErrc::Truncated, 12});
  BOOST_TEST(skipped.type == p::msg::PmIncoming);
  BOOST_TEST(skipped.length == 1000u);
  BOOST_TEST(skipped.payload.size() == o::MaxSkippedPayloadCopy);
  BOOST_TEST(skipped.error.offset == 12u);
}

BOOST_AUTO_TEST_CASE(sync_is_lost_after_four_garbled_frames_in_a_row) {
  o::SyncWatch watch;
  const p::Frame noise{0xBEEF, p::Bytes(3072, 0)};
  const p::Frame short_unknown{0xBEEF, p::Bytes(3071, 0)};
  const p::Frame big_known{p::msg::ShareFolder, p::Bytes(60000, 0)};
  for (const auto* breaker : {&short_unknown, &big_known}) {
    BOOST_TEST(!watch.observe(noise));
    BOOST_TEST(!watch.observe(noise));
    BOOST_TEST(!watch.observe(noise));
    BOOST_TEST(!watch.observe(*breaker));
  }
  for (int i = 0; i < 3; ++i) BOOST_TEST(!watch.observe(noise));
  BOOST_TEST(watch.observe(noise));
}

BOOST_AUTO_TEST_SUITE_END()
