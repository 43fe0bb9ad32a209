#include <boost/test/unit_test.hpp>

#include "session/endpoint.h"

using wpn::session::Endpoint;
using wpn::session::parse_endpoint;

BOOST_AUTO_TEST_SUITE(endpoint)

BOOST_AUTO_TEST_CASE(host_and_port_are_split_at_the_last_colon) {
  const auto parsed = parse_endpoint("cache.example:7950");
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->host == "cache.example");
  BOOST_TEST(parsed->port == 7950u);
  BOOST_TEST(parsed->to_string() == "cache.example:7950");
  BOOST_TEST(parse_endpoint("127.0.0.1:1").value().port == 1u);
  BOOST_TEST(parse_endpoint("127.0.0.1:65535").value().port == 65535u);
}

BOOST_AUTO_TEST_CASE(anything_else_is_refused) {
  for (const char* text : {"", "host", "host:", ":7950", "host:0", "host:65536", "host:79x", "host:-1", "host: 80"})
    BOOST_TEST(!parse_endpoint(text).has_value(), text);
}

BOOST_AUTO_TEST_SUITE_END()
