#include "protocol/cipher_tables.h"

#include <algorithm>
#include <string>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <boost/test/unit_test.hpp>

#include "support/test_data.h"

namespace tables = wpn::protocol::tables;
using Poco::JSON::Array;
using Poco::JSON::Object;
using Table = std::array<std::uint8_t, 256>;

namespace {

Object::Ptr json_tables() {
  Poco::JSON::Parser parser;
  return parser.parse(wpn::test::read_text_file(wpn::test::data_path("tables.json")))
      .extract<Object::Ptr>()
      ->getObject("tables");
}

Array::Ptr values(const char* name) { return json_tables()->getObject(name)->getArray("values"); }

void expect_same(const Table& header, const Array::Ptr& json, const std::string& name) {
  BOOST_REQUIRE_MESSAGE(json && json->size() >= 256u, name);
  for (unsigned i = 0; i < 256; ++i) {
    BOOST_TEST(int{header[i]} == json->getElement<int>(i), name << "[" << i << "]");
  }
}

bool is_permutation(const Table& t) {
  std::array<bool, 256> seen{};
  for (const auto v : t) seen[v] = true;
  return std::all_of(seen.begin(), seen.end(), [](bool b) { return b; });
}

void expect_inverse(const Table& a, const Table& b, const std::string& name) {
  for (unsigned i = 0; i < 256; ++i) {
    BOOST_TEST(int{a[b[i]]} == static_cast<int>(i), name << " at " << i);
    BOOST_TEST(int{b[a[i]]} == static_cast<int>(i), name << " at " << i);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cipher_tables)

BOOST_AUTO_TEST_CASE(header_matches_every_json_table) {
  expect_same(tables::Tcp0, values("tcp_0"), "tcp_0");
  expect_same(tables::Tcp1, values("tcp_1"), "tcp_1");
  expect_same(tables::Tcp2, values("tcp_2"), "tcp_2");
  expect_same(tables::Tcp3, values("tcp_3"), "tcp_3");
  expect_same(tables::Tcp4, values("tcp_4"), "tcp_4 (first 256)");
  expect_same(tables::Tcp6, values("tcp_6"), "tcp_6");
  expect_same(tables::Tcp7, values("tcp_7"), "tcp_7");
  expect_same(tables::Udp0, values("udp_0"), "udp_0");
  expect_same(tables::Udp1, values("udp_1"), "udp_1");
  expect_same(tables::Udp2, values("udp_2"), "udp_2");
  expect_same(tables::Udp3, values("udp_3"), "udp_3");
  const Array::Ptr columns = values("frontcode_forward");
  BOOST_REQUIRE(columns->size() == 12u);
  for (unsigned j = 0; j < 12; ++j) {
    expect_same(tables::FrontcodeForward[j], columns->getArray(j), "frontcode_forward[" + std::to_string(j) + "]");
  }
}

BOOST_AUTO_TEST_CASE(paired_tables_are_inverse_permutations) {
  expect_inverse(tables::Tcp0, tables::Tcp1, "T0/T1");
  expect_inverse(tables::Tcp2, tables::Tcp3, "T2/T3");
  expect_inverse(tables::Tcp6, tables::Tcp7, "T6/T7");
  expect_inverse(tables::Udp2, tables::Udp3, "U2/U3");
  BOOST_TEST(is_permutation(tables::Tcp4));
  BOOST_TEST(is_permutation(tables::Udp0));
  BOOST_TEST(is_permutation(tables::Udp1));
}

BOOST_AUTO_TEST_CASE(frontcode_columns_are_permutations_inverse_to_the_json_reverse_table) {
  const Array::Ptr reverse = values("frontcode_reverse");
  BOOST_REQUIRE(reverse->size() == 12u);
  for (unsigned j = 0; j < 12; ++j) {
    BOOST_TEST(is_permutation(tables::FrontcodeForward[j]), "column " << j);
    const Array::Ptr column = reverse->getArray(j);
    for (unsigned v = 0; v < 256; ++v) {
      BOOST_TEST(column->getElement<int>(tables::FrontcodeForward[j][v]) == static_cast<int>(v));
    }
  }
}

BOOST_AUTO_TEST_CASE(disputed_frontcode_entry_is_the_permutation_value) {
  const Object::Ptr disputed = json_tables()->getObject("frontcode_forward")->getObject("disputed_entry");
  const auto column = disputed->getValue<unsigned>("column");
  const auto index = disputed->getValue<unsigned>("byte_value");
  BOOST_REQUIRE(column < 12u);
  BOOST_REQUIRE(index < 256u);
  BOOST_TEST(int{tables::FrontcodeForward[column][index]} == disputed->getValue<int>("value_here"));
  BOOST_TEST(int{tables::FrontcodeForward[column][index]} != disputed->getValue<int>("value_in_mxsock"));
}

BOOST_AUTO_TEST_SUITE_END()
