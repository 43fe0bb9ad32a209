// A crash (kill -9) loses nothing committed: after a restart on the same directories the
// shares and the hashes are there before any file is read again.
#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>
#include <string>

#include "ipc/params.h"
#include "ipc/schema.h"
#include "ipc/share_dto.h"
#include "ipc/status_dto.h"
#include "support/test_data.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;

std::map<std::string, std::string> keys_by_path(ipc::BlockingClient& client) {
  ipc::SharesFilesParams params;
  params.limit = ipc::MaxFilesPage;
  const auto page = ipc::file_page_from_json(ipc::as_object(call_ok(client, "shares.files", ipc::to_json(params))));
  std::map<std::string, std::string> keys;
  for (const auto& file : page.files) keys[file.path] = file.key;
  return keys;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(share_persistence)

BOOST_AUTO_TEST_CASE(kill_9_and_restart_keeps_shares_and_hashes) {
  WpndHome home;
  home.write_config(R"({"share_mode": "all"})");
  const auto music = home.root() / "music";
  std::filesystem::create_directories(music / "sub");
  const std::string golden_key = write_golden_hash_file(music / "golden.bin");
  std::ofstream(music / "a.txt") << std::string(5000, 'a');
  std::ofstream(music / "sub" / "b.txt") << std::string(70000, 'b');

  std::map<std::string, std::string> before;
  {
    WpndProcess wpnd(home);
    wpnd.require_ready();
    auto client = wpnd.connect();
    call_ok(client, "shares.add", ipc::to_json(ipc::SharesAddParams{music.string()}));
    BOOST_REQUIRE(eventually([&] { return keys_by_path(client).size() == 3u; }, 60s));
    before = keys_by_path(client);
    BOOST_TEST(before.at((music / "golden.bin").string()) == golden_key);
    wpnd.kill9();
    BOOST_TEST(std::filesystem::exists(home.socket()));  // left behind by the crash
  }

  WpndProcess again(home);
  again.require_ready();
  auto client = again.connect();
  // Straight after the restart, before any rescan could have hashed anything again.
  const auto status = ipc::status_from_json(ipc::as_object(call_ok(client, "status")));
  BOOST_TEST(status.files_hashed == 3u);
  BOOST_TEST(status.bytes_to_hash == 0u);
  const auto roots = ipc::share_roots_from_json(ipc::as_array(call_ok(client, "shares.list")));
  bool music_shared = false;
  for (const auto& root : roots) music_shared = music_shared || root.path == music.string();
  BOOST_TEST(music_shared);
  BOOST_TEST(keys_by_path(client) == before);
  BOOST_TEST(read_text_file(home.pid_file()) == std::to_string(again.pid()) + "\n");
}

BOOST_AUTO_TEST_SUITE_END()
