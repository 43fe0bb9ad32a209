#include "service/mapping/transfer_tokens.h"

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <sstream>
#include <string>

#include "support/test_data.h"

using namespace wpn;
using session::FailReason;
using session::WaitReason;

namespace {

// The token table of PROTOCOL.md: "| kind | `token` | meaning |" rows, by kind.
std::map<std::string, std::set<std::string>> documented_tokens() {
  std::map<std::string, std::set<std::string>> tokens;
  std::istringstream lines(test::read_text_file(test::source_path("shared/ipc/PROTOCOL.md")));
  for (std::string line; std::getline(lines, line);) {
    for (const char* kind : {"state", "wait reason", "fail reason", "removal reason"}) {
      const std::string prefix = std::string("| ") + kind + " | `";
      if (!line.starts_with(prefix)) continue;
      const auto end = line.find('`', prefix.size());
      if (end != std::string::npos) tokens[kind].insert(line.substr(prefix.size(), end - prefix.size()));
    }
  }
  return tokens;
}

template <class E, std::size_t N>
void require_documented(const std::array<E, N>& values, const std::set<std::string>& documented, const char* kind) {
  std::set<std::string> seen;
  for (const auto value : values) {
    const std::string token(service::token_of(value));
    const auto number = std::to_string(static_cast<int>(value));
    BOOST_TEST(!token.empty(), kind << " value " << number << " has a token");
    BOOST_TEST(documented.contains(token), kind << " token '" << token << "' is in PROTOCOL.md");
    BOOST_TEST(seen.insert(token).second, kind << " token '" << token << "' is used once");
    BOOST_TEST(!service::display_text(value).empty(), kind << " token '" << token << "' has a text");
  }
  BOOST_TEST(seen == documented, kind << ": PROTOCOL.md lists no token the service cannot send");
}

template <class E, std::size_t N>
std::array<E, N - 1> without_none(const std::array<E, N>& values) {
  std::array<E, N - 1> out{};
  std::size_t i = 0;
  for (const auto value : values)
    if (value != E::None) out.at(i++) = value;
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_tokens)

BOOST_AUTO_TEST_CASE(every_state_token_the_service_can_send_is_documented) {
  const auto documented = documented_tokens();
  BOOST_TEST_REQUIRE(documented.count("state") == 1u);
  require_documented(session::AllTransferPhases, documented.at("state"), "state");
}

BOOST_AUTO_TEST_CASE(every_wait_reason_token_is_documented_and_none_is_empty) {
  const auto documented = documented_tokens();
  BOOST_TEST_REQUIRE(documented.count("wait reason") == 1u);
  BOOST_TEST(service::token_of(WaitReason::None).empty());
  require_documented(without_none(session::AllWaitReasons), documented.at("wait reason"), "wait reason");
}

BOOST_AUTO_TEST_CASE(every_fail_reason_token_is_documented_and_none_is_empty) {
  const auto documented = documented_tokens();
  BOOST_TEST_REQUIRE(documented.count("fail reason") == 1u);
  BOOST_TEST(service::token_of(FailReason::None).empty());
  require_documented(without_none(session::AllFailReasons), documented.at("fail reason"), "fail reason");
}

BOOST_AUTO_TEST_CASE(every_removal_reason_token_is_documented) {
  const auto documented = documented_tokens();
  BOOST_TEST_REQUIRE(documented.count("removal reason") == 1u);
  require_documented(session::AllRemovalReasons, documented.at("removal reason"), "removal reason");
}

BOOST_AUTO_TEST_CASE(a_finished_download_is_finished_as_the_protocol_promises) {
  BOOST_TEST(service::token_of(session::TransferPhase::Finished) == "finished");
}

BOOST_AUTO_TEST_SUITE_END()
