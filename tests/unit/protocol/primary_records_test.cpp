// The primary-layer records a room host reads on a 0x50 link (chat.md §9.2): the 17-byte
// header as RoboServ's RoomLister reads it, the stream split however it arrives, and the
// request id carried unchanged into the 0x47 answer.
#include <boost/test/unit_test.hpp>

#include "protocol/codecs/primary_records.h"
#include "protocol/codecs/rooms.h"

namespace p = wpn::protocol;

namespace {

// A record as RoomLister reads it: IP at 0, UDP port (WORD) at 4, request id at 8,
// payload length at 15, then the payload.
const p::Bytes Query{0x7F, 0x00, 0x00, 0x46, 0x71, 0x18, 0xAA, 0xBB, 0x12, 0x34,
                     0x56, 0x78, 0xCC, 0xDD, 0xEE, 0x02, 0xFF, 0x4E, 0x01};

}  // namespace

BOOST_AUTO_TEST_SUITE(primary_records)

BOOST_AUTO_TEST_CASE(a_query_record_reads_as_roboserv_reads_it) {
  const auto record = p::decode_primary_record(Query);
  BOOST_REQUIRE(record.has_value());
  BOOST_TEST((record->origin_ip == p::Ip4{127, 0, 0, 70}));
  BOOST_TEST(record->origin_udp_port == 6257u);  // 0x1871, little-endian
  BOOST_TEST((record->payload == p::Bytes{0x4E, 0x01}));
  BOOST_TEST(p::is_room_list_query(*record));

  // The 0x47 answer carries header bytes 8-11 as they came.
  p::RoomAnnouncement answer;
  answer.request_id = record->request_id;
  answer.name = "Den";
  p::Bytes datagram;
  p::encode(answer, datagram);
  BOOST_TEST((p::Bytes(datagram.begin() + 5, datagram.begin() + 9) == p::Bytes{0x12, 0x34, 0x56, 0x78}));
}

BOOST_AUTO_TEST_CASE(our_query_encodes_zeros_where_the_layout_is_unknown) {
  p::Bytes out;
  BOOST_REQUIRE(p::encode(p::room_list_query({127, 0, 0, 70}, 6257, 0x78563412), out));
  const p::Bytes expected{0x7F, 0x00, 0x00, 0x46, 0x71, 0x18, 0x00, 0x00, 0x12,
                          0x34, 0x56, 0x78, 0x00, 0x00, 0x00, 0x01, 0x00, 0x4E};
  BOOST_TEST(out == expected);
  BOOST_TEST((p::decode_primary_record(out).value() == p::room_list_query({127, 0, 0, 70}, 6257, 0x78563412)));
  BOOST_TEST(!p::encode(p::PrimaryRecord{{}, 0, 0, p::Bytes(256, 0x4E)}, out));
}

BOOST_AUTO_TEST_CASE(short_or_long_input_is_refused) {
  BOOST_TEST(!p::decode_primary_record(p::Bytes(Query.begin(), Query.begin() + 16)).has_value());
  BOOST_TEST(!p::decode_primary_record(p::Bytes(Query.begin(), Query.end() - 1)).has_value());
  p::Bytes longer = Query;
  longer.push_back(0);
  BOOST_TEST(!p::decode_primary_record(longer).has_value());
  p::Bytes empty(Query.begin(), Query.begin() + 17);
  empty[15] = 0;
  const auto no_payload = p::decode_primary_record(empty);
  BOOST_REQUIRE(no_payload.has_value());
  BOOST_TEST(!p::is_room_list_query(*no_payload));
}

BOOST_AUTO_TEST_CASE(the_reader_splits_a_stream_however_it_is_cut) {
  p::Bytes stream = Query;
  stream.insert(stream.end(), Query.begin(), Query.end());
  stream[Query.size() + 17] = 0x07;  // the second record's payload differs
  for (std::size_t cut = 1; cut < stream.size(); ++cut) {
    p::PrimaryRecordReader reader;
    reader.feed(p::ByteView(stream.data(), cut));
    std::vector<p::PrimaryRecord> records;
    while (auto record = reader.next()) records.push_back(*record);
    reader.feed(p::ByteView(stream.data() + cut, stream.size() - cut));
    while (auto record = reader.next()) records.push_back(*record);
    BOOST_REQUIRE_EQUAL(records.size(), 2u);
    BOOST_TEST((records[1].payload == p::Bytes{0x07, 0x01}));
    BOOST_TEST(reader.buffered() == 0u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
