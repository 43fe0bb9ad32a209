#include <boost/test/unit_test.hpp>

#include <string>

#include "session/engine_settings.h"

using namespace wpn::session;

BOOST_AUTO_TEST_SUITE(engine_settings)

BOOST_AUTO_TEST_CASE(configuration_tokens_parse_to_their_enums_and_back) {
  BOOST_TEST((parse_role("secondary") == Role::Secondary));
  BOOST_TEST((parse_role("primary") == Role::Primary));
  BOOST_TEST((parse_role("cache") == Role::Cache));
  BOOST_TEST((parse_share_mode("media") == ShareMode::Media));
  BOOST_TEST((parse_share_mode("all") == ShareMode::All));
  BOOST_TEST((parse_queue_order("fifo") == QueueOrder::Fifo));
  BOOST_TEST((parse_queue_order("round_robin") == QueueOrder::RoundRobin));
  BOOST_TEST((parse_code_page("CP1252") == CodePage::Cp1252));
  BOOST_TEST((parse_code_page("CP932") == CodePage::Cp932));
  for (const auto role : {Role::Secondary, Role::Primary, Role::Cache})
    BOOST_TEST((parse_role(role_name(role)) == role));
  for (const auto mode : {ShareMode::Media, ShareMode::All})
    BOOST_TEST((parse_share_mode(share_mode_name(mode)) == mode));
  for (const auto order : {QueueOrder::Fifo, QueueOrder::RoundRobin})
    BOOST_TEST((parse_queue_order(queue_order_name(order)) == order));
  for (const auto page : {CodePage::Cp1252, CodePage::Cp932})
    BOOST_TEST((parse_code_page(code_page_name(page)) == page));
}

// An unknown token is not quietly taken for a default (a typo in the role is not a secondary).
BOOST_AUTO_TEST_CASE(unknown_tokens_are_refused) {
  BOOST_TEST(!parse_role("leaf").has_value());
  BOOST_TEST(!parse_role("Secondary").has_value());
  BOOST_TEST(!parse_role("").has_value());
  BOOST_TEST(!parse_share_mode("everything").has_value());
  BOOST_TEST(!parse_queue_order("round-robin").has_value());
  BOOST_TEST(!parse_code_page("cp1252").has_value());
}

BOOST_AUTO_TEST_CASE(an_alternate_schedule_has_one_digit_per_hour_of_the_week) {
  BOOST_TEST(valid_alt_schedule(std::string(168, '0')));
  BOOST_TEST(valid_alt_schedule(std::string(84, '1') + std::string(84, '0')));
  BOOST_TEST(!valid_alt_schedule(std::string(167, '0')));
  BOOST_TEST(!valid_alt_schedule(std::string(167, '0') + "2"));
}

BOOST_AUTO_TEST_SUITE_END()
