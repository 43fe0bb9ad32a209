#include "service/app/log_ring.h"

#include <Poco/AutoPtr.h>
#include <Poco/Message.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace {

Poco::Message message(const std::string& text, Poco::Message::Priority priority = Poco::Message::PRIO_INFORMATION) {
  return Poco::Message("wpn.test", text, priority);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(log_ring)

BOOST_AUTO_TEST_CASE(keeps_the_most_recent_lines_up_to_capacity) {
  Poco::AutoPtr<wpn::service::LogRing> ring(new wpn::service::LogRing(3));
  for (int i = 1; i <= 5; ++i) ring->log(message("line " + std::to_string(i)));
  const auto lines = ring->recent(10);
  BOOST_REQUIRE(lines.size() == 3u);
  BOOST_TEST(lines[0].text == "line 3");
  BOOST_TEST(lines[2].text == "line 5");
  BOOST_TEST(lines[2].seq == 5u);
  BOOST_TEST(lines[2].source == "wpn.test");
  BOOST_TEST(lines[2].level == "information");
}

BOOST_AUTO_TEST_CASE(limits_and_filters_by_level) {
  Poco::AutoPtr<wpn::service::LogRing> ring(new wpn::service::LogRing(10));
  ring->log(message("a", Poco::Message::PRIO_DEBUG));
  ring->log(message("b", Poco::Message::PRIO_WARNING));
  ring->log(message("c", Poco::Message::PRIO_ERROR));
  ring->log(message("d", Poco::Message::PRIO_INFORMATION));
  const auto warnings = ring->recent(10, wpn::service::log_priority_from_name("warning"));
  BOOST_REQUIRE(warnings.size() == 2u);
  BOOST_TEST(warnings[0].text == "b");
  BOOST_TEST(warnings[1].text == "c");
  const auto last = ring->recent(1);
  BOOST_REQUIRE(last.size() == 1u);
  BOOST_TEST(last[0].text == "d");
}

BOOST_AUTO_TEST_CASE(formats_time_as_utc_iso_8601) {
  Poco::AutoPtr<wpn::service::LogRing> ring(new wpn::service::LogRing(1));
  Poco::Message m = message("x");
  m.setTime(Poco::Timestamp::fromEpochTime(86400 + 3661));
  ring->log(m);
  BOOST_TEST(ring->recent(1)[0].time == "1970-01-02T01:01:01.000Z");
}

BOOST_AUTO_TEST_CASE(tells_the_listener_about_every_line) {
  Poco::AutoPtr<wpn::service::LogRing> ring(new wpn::service::LogRing(2));
  std::vector<std::string> heard;
  ring->set_listener([&](const wpn::ipc::LogLineDto& line) { heard.push_back(line.text); });
  ring->log(message("one"));
  ring->log(message("two"));
  ring->log(message("three"));
  BOOST_TEST(heard == (std::vector<std::string>{"one", "two", "three"}));
}

BOOST_AUTO_TEST_CASE(level_names_are_poco_priorities) {
  BOOST_TEST(wpn::service::log_priority_from_name("fatal") == Poco::Message::PRIO_FATAL);
  BOOST_TEST(wpn::service::log_priority_from_name("trace") == Poco::Message::PRIO_TRACE);
  BOOST_TEST(wpn::service::log_priority_from_name("loud") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
