// The control socket keeps answering while a large finished download is verified, with real
// processes on loopback: a wpnd hub on 127.0.0.80 and two secondaries on .81 (alice, sharing a
// 400 MB file) and .82 (bob, downloading it). Bob's download list is asked for over and over
// through his control socket; around the check (from the last answer before it to the first
// that says finished) no answer may take long. Flushing and hashing the file on the engine
// thread held every answer back for 250-400 ms here.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "ipc/message.h"
#include "ipc/status_dto.h"
#include "ipc/transfer_dto.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;
using namespace std::chrono_literals;

constexpr std::uint64_t BigSize = 400ull * 1000 * 1000;

struct Node : WpndNode {
  ipc::StatusDto status() { return ipc::status_from_json(call("status")); }
};

struct Answer {
  std::chrono::steady_clock::duration took;
  std::string state;
  std::uint64_t done = 0;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(download_verify)

BOOST_AUTO_TEST_CASE(the_control_socket_answers_while_a_large_download_is_verified) {
  Node hub, alice, bob;
  hub.home.write_config(R"({"shares": []})");
  hub.start({"--role", "primary", "--bind", "127.0.0.80", "--data-port", "0"});
  const auto hub_port = *ipc::get_uint(hub.call("network.status"), "port");
  const auto movie = alice.home.root() / "video" / "Verifymovie Big.bin";
  std::filesystem::create_directories(movie.parent_path());
  { std::ofstream created(movie); }
  std::filesystem::resize_file(movie, BigSize);  // sparse: there at once
  const std::string hubs = R"("hubs": ["127.0.0.80:)" + std::to_string(hub_port) + R"("])";
  alice.home.write_config(R"({"share_mode": "all", "shares": [")" + movie.parent_path().string() + R"("], )" + hubs +
                          "}");
  bob.home.write_config(R"({"share_mode": "all", "shares": [], )" + hubs + "}");
  alice.start({"--bind", "127.0.0.81", "--name", "alice"});
  bob.start({"--bind", "127.0.0.82", "--name", "bob"});
  BOOST_REQUIRE(eventually([&] { return alice.status().files_shared == 1 && alice.status().connected; }, 30s));
  BOOST_REQUIRE(eventually([&] { return bob.status().connected; }, 30s));

  bob.search_and_download("verifymovie");

  std::vector<Answer> answers;
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto asked = std::chrono::steady_clock::now();
    const auto row = bob.download_row();
    answers.push_back({std::chrono::steady_clock::now() - asked, row.state, row.done});
    if (row.state == "finished" || row.state == "failed") break;
    std::this_thread::sleep_for(2ms);
  }
  BOOST_REQUIRE(!answers.empty());
  BOOST_REQUIRE_MESSAGE(answers.back().state == "finished", "the download is " << answers.back().state);
  const auto checked = std::find_if(answers.begin(), answers.end(),
                                    [](const Answer& a) { return a.state == "verifying" || a.state == "finished"; });
  const auto from = checked == answers.begin() ? checked : checked - 1;
  std::chrono::steady_clock::duration longest{};
  for (auto a = from; a != answers.end(); ++a) longest = std::max(longest, a->took);
  const auto longest_ms = std::chrono::duration_cast<std::chrono::milliseconds>(longest).count();
  BOOST_TEST_MESSAGE(answers.size() << " answers; " << (answers.end() - checked)
                                    << " from the check on; the longest around it: " << longest_ms << " ms");
  BOOST_TEST(longest_ms < 150);
  BOOST_TEST(std::filesystem::file_size(bob.home.home() / "OpenWPN Downloads" / "Verifymovie Big.bin") == BigSize);
}

BOOST_AUTO_TEST_SUITE_END()
