// Hostile peers on the data port (filesharing.md §3.2-§3.5, §3.8): malformed
// request lines, traversal names, idle and slow peers, connection caps, disk full.
#include <boost/test/unit_test.hpp>

#include <sys/mount.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include "protocol/data_request.h"
#include "raw_peer.h"
#include "support/temp_dir.h"
#include "support/test_data.h"
#include "transfer_fixture.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace wpn;

namespace {

class CaptureChannel : public Poco::Channel {
 public:
  void log(const Poco::Message& message) override {
    std::lock_guard lock(mutex_);
    lines_.push_back(message.getText());
  }
  std::size_t count(const std::string& needle) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& line : lines_)
      if (line.find(needle) != std::string::npos) ++n;
    return n;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

struct Node : test::TwoNodes {
  std::uint16_t port = 0;
  Poco::AutoPtr<CaptureChannel> log{new CaptureChannel};

  explicit Node(const std::function<void(net::TransferSettings&)>& tweak = {}) {
    Poco::Logger::get("wpn.net").setChannel(log);
    Poco::Logger::get("wpn.net").setLevel(Poco::Message::PRIO_INFORMATION);
    auto s = test::node_settings(dir.path(), "alice_00001", "127.0.0.2");
    s.listener.first_bytes_timeout = 400ms;
    s.phases.request_line = 600ms;
    s.phases.digits_silence = 100ms;
    if (tweak) tweak(s);
    uploader = &world.add_node(s, &shared.lookup());
    world.call([&] { port = uploader->data_port(); });
  }
  ~Node() { Poco::Logger::get("wpn.net").setChannel(nullptr); }

  void add_downloader(const std::function<void(net::TransferSettings&)>& tweak = {}) {
    auto s = test::node_settings(dir.path(), "bob_00002", "127.0.0.3");
    if (tweak) tweak(s);
    downloader = &world.add_node(s, nullptr);
  }

  std::optional<transfer::TransferId> start_download(const std::string& name) {
    const auto announced = shared.add(name);
    std::optional<transfer::TransferId> id;
    world.call([&] {
      id = downloader->add_download(shared.key_of(name), announced, {world.address_of("alice_00001", announced)});
    });
    return id;
  }

  std::optional<net::TransferRow> row(transfer::TransferId id) {
    std::optional<net::TransferRow> found;
    world.call([&] {
      for (const auto& r : downloader->snapshot(net::SnapshotView::Downloads).rows)
        if (r.id == id) found = r;
    });
    return found;
  }

  bool wait_state(transfer::TransferId id, transfer::TransferPhase phase, std::chrono::milliseconds timeout) {
    return world.wait_for(
        [&] {
          for (const auto& r : downloader->snapshot(net::SnapshotView::Downloads).rows)
            if (r.id == id) return r.phase == phase;
          return false;
        },
        timeout);
  }
};

struct Case {
  std::string bytes;
  protocol::DataRequestKind kind;
};

std::vector<Case> malformed_lines() {
  std::vector<Case> cases;
  std::istringstream in(test::read_text_file(test::data_path("data_requests_malformed.txt")));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string parser, error, offset;
    fields >> parser >> error >> offset;
    const auto at = line.find(offset, parser.size() + error.size() + 2) + offset.size() + 1;
    const auto bytes = test::unescape(line.substr(at), true);
    cases.push_back({bytes, protocol::classify_data_request(protocol::as_bytes(bytes), true)});
  }
  return cases;
}

// One request from 127.0.0.4: what came back, and whether the port closed.
std::pair<std::string, bool> ask(std::uint16_t port, const std::string& bytes) {
  test::RawPeer peer("127.0.0.4", "127.0.0.2", port);
  if (peer.read_some(1, 2s) != "1") return {"no greeting", false};
  peer.send_bytes(bytes);
  bool closed = false;
  auto answer = peer.read_all(3s, closed);
  return {std::move(answer), closed};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_hostile)

BOOST_AUTO_TEST_CASE(every_malformed_line_is_refused_while_a_good_transfer_finishes) {
  Node node;
  node.add_downloader([](net::TransferSettings& s) { s.limits.per_transfer_download = 0; });
  std::size_t key_blocks = 0;
  node.world.call([&] {
    node.uploader->set_key_block_handler([&](Poco::Net::StreamSocket socket, std::vector<std::uint8_t>) {
      ++key_blocks;
      socket.close();
    });
  });
  test::write_random_file(node.shared.root() / "good.bin", 30ull * 1000 * 1000, 3);
  const auto id = node.start_download("good.bin");
  BOOST_REQUIRE(id);

  const auto cases = malformed_lines();
  BOOST_REQUIRE(cases.size() >= 30);
  std::vector<test::RawPeer> peers;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    // Spread over addresses so the per-address cap is not what refuses them.
    peers.emplace_back("127.0.1." + std::to_string(1 + i % 200), "127.0.0.2", node.port);
    BOOST_REQUIRE(peers.back().fd() >= 0);
    BOOST_REQUIRE(peers.back().read_some(1, 2s) == "1");
    BOOST_REQUIRE(peers.back().send_bytes(cases[i].bytes));
  }
  std::size_t text_refusals = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    bool closed = false;
    const auto answer = peers[i].read_all(5s, closed);
    BOOST_TEST_CONTEXT("line " << i << ": " << cases[i].bytes.substr(0, 60)) {
      BOOST_TEST(closed);
      if (cases[i].kind == protocol::DataRequestKind::SessionKey) {
        BOOST_TEST(answer.empty());
      } else if (cases[i].kind == protocol::DataRequestKind::Get) {
        // A line that parses but names an unshared file is refused before its bad segment.
        BOOST_TEST((answer == "INVALID REQUEST" || answer == "FILE NOT SHARED"));
        ++text_refusals;
      } else {
        BOOST_TEST(answer == "INVALID REQUEST");
        ++text_refusals;
      }
    }
  }
  BOOST_TEST(node.log.get()->count("refused") >= text_refusals);
  std::size_t handed = 0;
  node.world.call([&] { handed = key_blocks; });
  BOOST_TEST(handed == cases.size() - text_refusals);

  BOOST_REQUIRE(node.wait_state(*id, transfer::TransferPhase::Finished, 30s));
  BOOST_TEST(test::sha256_of_file(node.dir.path() / "bob_00002-downloads" / "good.bin") ==
             test::sha256_of_file(node.shared.root() / "good.bin"));
}

BOOST_AUTO_TEST_CASE(key_blocks_reach_the_session_handler_and_getlist_is_refused) {
  Node node;
  std::vector<std::uint8_t> handed;
  node.world.call([&] {
    node.uploader->set_key_block_handler([&](Poco::Net::StreamSocket socket, std::vector<std::uint8_t> head) {
      handed = head;
      socket.close();
    });
  });
  test::RawPeer session("127.0.0.4", "127.0.0.2", node.port);
  BOOST_REQUIRE(session.read_some(1, 2s) == "1");
  const std::string block("\x10\x20\x30\x40\x50\x60\x70\x80\x90\xA0\xB0\xC0\xD0\xE0\xF0\x01", 16);
  session.send_bytes(block);
  BOOST_REQUIRE(node.world.wait_for([&] { return !handed.empty(); }, 2s));
  BOOST_TEST(std::string(handed.begin(), handed.end()) == block);

  const auto [answer, closed] = ask(node.port, "GETLIST");
  BOOST_TEST(answer == "INVALID REQUEST");
  BOOST_TEST(closed);
}

BOOST_AUTO_TEST_CASE(a_get_without_a_granted_slot_is_refused_even_for_a_shared_file) {
  Node node;
  test::write_random_file(node.shared.root() / "real.bin", 5000, 2);
  const auto announced = node.shared.add("real.bin");
  const auto [answer, closed] = ask(node.port, "GETmallory_00009 \"" + announced + "\" M");
  BOOST_TEST(answer == "INVALID REQUEST");
  BOOST_TEST(closed);
}

BOOST_AUTO_TEST_CASE(traversal_names_get_file_not_shared) {
  Node node;
  test::write_random_file(node.shared.root() / "Artist - Song.mp3", 1000, 1);
  node.shared.add("Artist - Song.mp3");
  fs::create_directories(node.dir.path() / "secret");
  { std::ofstream(node.dir.path() / "secret.txt") << "secret"; }
  std::istringstream in(test::read_text_file(test::data_path("traversal_attempts.txt")));
  std::string line;
  std::size_t checked = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto name = test::unescape(line, false);
    const auto [answer, closed] = ask(node.port, "GETmallory_00009 \"" + name + "\" M");
    BOOST_TEST_CONTEXT("name " << line) {
      BOOST_TEST(closed);
      const bool fits = name.size() + 24 <= protocol::RequestLimits{}.max_line;
      if (fits && protocol::is_requestable_file_name(name, protocol::RequestCommand::Get)) {
        BOOST_TEST(answer == "FILE NOT SHARED");
      } else {
        BOOST_TEST(answer == "INVALID REQUEST");
      }
    }
    ++checked;
  }
  BOOST_TEST(checked >= 50);
}

BOOST_AUTO_TEST_CASE(idle_and_slow_peers_hit_the_phase_timeouts) {
  Node node;
  test::RawPeer idle("127.0.0.5", "127.0.0.2", node.port);
  test::RawPeer slow("127.0.0.6", "127.0.0.2", node.port);
  BOOST_REQUIRE(idle.read_some(1, 2s) == "1");
  BOOST_REQUIRE(slow.read_some(1, 2s) == "1");
  const auto start = std::chrono::steady_clock::now();
  slow.send_bytes("GETn");
  // One byte every 100 ms keeps the peer "active" but never finishes the line.
  std::thread dribble([&] {
    for (int i = 0; i < 20; ++i) {
      std::this_thread::sleep_for(100ms);
      if (!slow.send_bytes("x")) break;
    }
  });
  bool idle_closed = false;
  idle.read_all(3s, idle_closed);
  const auto idle_after = std::chrono::steady_clock::now() - start;
  bool slow_closed = false;
  const auto answer = slow.read_all(3s, slow_closed);
  const auto slow_after = std::chrono::steady_clock::now() - start;
  dribble.join();
  BOOST_TEST(idle_closed);
  BOOST_TEST(slow_closed);
  BOOST_TEST(answer == "INVALID REQUEST");
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(idle_after).count() < 1500);
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(slow_after).count() < 1800);
  BOOST_TEST(node.log.get()->count("timed out") >= 2);
}

BOOST_AUTO_TEST_CASE(the_per_address_cap_refuses_extra_connections_only_from_that_address) {
  Node node([](net::TransferSettings& s) {
    s.listener.max_per_ip = 3;
    s.listener.first_bytes_timeout = 10s;
  });
  std::vector<test::RawPeer> peers;
  for (int i = 0; i < 3; ++i) {
    peers.emplace_back("127.0.0.7", "127.0.0.2", node.port);
    BOOST_REQUIRE(peers.back().read_some(1, 2s) == "1");
  }
  test::RawPeer extra("127.0.0.7", "127.0.0.2", node.port);
  bool closed = false;
  BOOST_TEST(extra.read_all(2s, closed).empty());
  BOOST_TEST(closed);
  test::RawPeer other("127.0.0.8", "127.0.0.2", node.port);
  BOOST_TEST(other.read_some(1, 2s) == "1");
  BOOST_TEST(node.log.get()->count("cap reached") >= 1);
  // A place frees when a connection ends.
  peers.pop_back();
  BOOST_REQUIRE(node.world.wait_for([&] { return node.uploader->pending_count() == 3; }, 2s));
  test::RawPeer again("127.0.0.7", "127.0.0.2", node.port);
  BOOST_TEST(again.read_some(1, 2s) == "1");
}

BOOST_AUTO_TEST_CASE(disk_full_is_an_error_state_and_keeps_the_partial) {
  test::TempDir mount_dir;
  const auto small = mount_dir.path() / "small";
  fs::create_directories(small);
  const bool mounted = ::mount("tmpfs", small.c_str(), "tmpfs", 0, "size=1m") == 0;
  BOOST_TEST_MESSAGE(
      std::string(mounted ? "disk full via a 1 MiB tmpfs" : "tmpfs refused; disk full via RLIMIT_FSIZE"));
  rlimit old{};
  ::getrlimit(RLIMIT_FSIZE, &old);
  {
    Node node;
    node.add_downloader([&](net::TransferSettings& s) { s.incomplete_dir = (small / "incomplete").string(); });
    test::write_random_file(node.shared.root() / "large.bin", 3ull * 1000 * 1000, 4);
    if (!mounted) {
      std::signal(SIGXFSZ, SIG_IGN);
      rlimit limit{1'000'000, old.rlim_max};
      ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    const auto id = node.start_download("large.bin");
    BOOST_REQUIRE(id);
    BOOST_REQUIRE(node.wait_state(*id, transfer::TransferPhase::Failed, 20s));
    ::setrlimit(RLIMIT_FSIZE, &old);
    const auto row = node.row(*id);
    BOOST_REQUIRE(row);
    BOOST_TEST(!row->error.empty());
    BOOST_TEST((row->fail == transfer::FailReason::LocalError));
    if (mounted) BOOST_TEST(row->error.find("disk full") != std::string::npos);
    const auto part = small / "incomplete" / (node.shared.key_of("large.bin").hex() + ".part");
    BOOST_TEST(fs::exists(part));
    BOOST_TEST(node.log.get()->count("partial kept") >= 1);
  }
  if (mounted) ::umount(small.c_str());
}

// Full before the first byte: not even the sidecar reached the disk, yet a retry once there
// is room again starts the download afresh and it completes.
BOOST_AUTO_TEST_CASE(a_download_failed_on_a_disk_full_from_the_start_retries_once_there_is_room) {
  test::TempDir incomplete;
  rlimit old{};
  ::getrlimit(RLIMIT_FSIZE, &old);
  Node node;
  node.add_downloader([&](net::TransferSettings& s) { s.incomplete_dir = incomplete.path().string(); });
  test::write_random_file(node.shared.root() / "small.bin", 300ull * 1000, 5);
  const auto announced = node.shared.add("small.bin");  // the share index writes too: before the limit
  const auto key = node.shared.key_of("small.bin");
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit none{0, old.rlim_max};
  ::setrlimit(RLIMIT_FSIZE, &none);
  std::optional<transfer::TransferId> id;
  node.world.call(
      [&] { id = node.downloader->add_download(key, announced, {node.world.address_of("alice_00001", announced)}); });
  const bool failed = id && node.wait_state(*id, transfer::TransferPhase::Failed, 20s);
  ::setrlimit(RLIMIT_FSIZE, &old);
  BOOST_REQUIRE(id);
  BOOST_REQUIRE(failed);
  BOOST_TEST(!fs::exists(incomplete.path() / (key.hex() + ".meta")), "the sidecar was written after all");
  bool retried = false;
  std::optional<transfer::TransferId> again;
  node.world.call([&] {
    retried = node.downloader->retry(*id);
    for (const auto& r : node.downloader->snapshot(net::SnapshotView::Downloads).rows)
      if (r.key == key.hex()) again = r.id;
  });
  BOOST_REQUIRE(retried);
  BOOST_REQUIRE(again);
  BOOST_TEST(node.wait_state(*again, transfer::TransferPhase::Finished, 20s));
}

// Nobody asks: the download that failed on a full disk tries again by itself (first after
// 15 s) under the same id, and completes once there is room.
BOOST_AUTO_TEST_CASE(a_download_failed_on_a_full_disk_finishes_by_itself_once_there_is_room) {
  test::TempDir incomplete;
  rlimit old{};
  ::getrlimit(RLIMIT_FSIZE, &old);
  Node node;
  node.add_downloader([&](net::TransferSettings& s) { s.incomplete_dir = incomplete.path().string(); });
  test::write_random_file(node.shared.root() / "small.bin", 300ull * 1000, 6);
  const auto announced = node.shared.add("small.bin");
  const auto key = node.shared.key_of("small.bin");
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit none{0, old.rlim_max};
  ::setrlimit(RLIMIT_FSIZE, &none);
  std::optional<transfer::TransferId> id;
  node.world.call(
      [&] { id = node.downloader->add_download(key, announced, {node.world.address_of("alice_00001", announced)}); });
  const bool failed = id && node.wait_state(*id, transfer::TransferPhase::Failed, 20s);
  ::setrlimit(RLIMIT_FSIZE, &old);
  BOOST_REQUIRE(id);
  BOOST_REQUIRE(failed);
  BOOST_TEST(node.wait_state(*id, transfer::TransferPhase::Finished, 45s));
}

BOOST_AUTO_TEST_SUITE_END()
