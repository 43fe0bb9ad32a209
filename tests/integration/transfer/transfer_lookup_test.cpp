// Requested names looked up off the loop: the uploader's share lookup runs on a runner
// thread of the test (as the engine runs it on the share thread) and the answer is posted
// back. A request is served; a connection that closes, or times out, while its lookup is
// held up is dropped cleanly and the late answer goes nowhere.
#include <boost/test/unit_test.hpp>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>

#include "raw_peer.h"
#include "transfer_fixture.h"

namespace fs = std::filesystem;
using namespace wpn;
using namespace std::chrono_literals;

namespace {

// Runs queries on its own thread, each once the gate is open, and posts the answers to the
// loop. Counts what was asked (on the loop) and what was answered (on the loop).
class GatedRunner {
 public:
  explicit GatedRunner(net::EventLoop& loop) : loop_(loop), thread_([this] { run(); }) {}
  ~GatedRunner() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  net::TransferManager::OffLoopRunner function() {
    return [this](std::function<void()> query, std::function<void()> answer) {
      std::lock_guard lock(mutex_);
      ++asked_;
      jobs_.emplace_back(std::move(query), std::move(answer));
      changed_.notify_all();
    };
  }
  void set_open(bool open) {
    {
      std::lock_guard lock(mutex_);
      open_ = open;
    }
    changed_.notify_all();
  }
  std::size_t asked() const {
    std::lock_guard lock(mutex_);
    return asked_;
  }
  std::size_t answered() const {
    std::lock_guard lock(mutex_);
    return answered_;
  }
  bool queried_on_the_loop() const {
    std::lock_guard lock(mutex_);
    return on_loop_;
  }

 private:
  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      changed_.wait(lock, [&] { return stopping_ || (open_ && !jobs_.empty()); });
      if (stopping_) return;
      auto [query, answer] = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      const bool on_loop = loop_.in_loop_thread();
      query();
      loop_.post([this, answer = std::move(answer)] {
        {
          std::lock_guard inner(mutex_);
          ++answered_;
        }
        answer();
      });
      lock.lock();
      on_loop_ = on_loop_ || on_loop;
    }
  }

  net::EventLoop& loop_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::pair<std::function<void()>, std::function<void()>>> jobs_;
  bool open_ = true;
  bool stopping_ = false;
  bool on_loop_ = false;
  std::size_t asked_ = 0;
  std::size_t answered_ = 0;
  std::thread thread_;
};

struct Pair : test::TwoNodes {
  std::uint16_t port = 0;
  std::unique_ptr<GatedRunner> runner;

  Pair() {
    auto up = test::node_settings(dir.path(), "alice_00001", "127.0.0.2");
    up.phases.request_line = 800ms;
    uploader = &world.add_node(up, &shared.lookup());
    downloader = &world.add_node(test::node_settings(dir.path(), "bob_00002", "127.0.0.3"), nullptr);
    runner = std::make_unique<GatedRunner>(world.loop());
    world.call([&] {
      uploader->set_off_loop_runner(runner->function());
      port = uploader->data_port();
    });
  }
  ~Pair() {
    world.call([&] { uploader->set_off_loop_runner({}); });
    runner.reset();
  }

  fs::path downloaded(const std::string& name) const { return dir.path() / "bob_00002-downloads" / name; }

  bool fetch(const std::string& name) {
    const auto announced = shared.add(name);
    std::optional<transfer::TransferId> id;
    world.call([&] {
      id = downloader->add_download(shared.key_of(name), announced, {world.address_of("alice_00001", announced)});
    });
    if (!id) return false;
    return world.wait_for(
        [&] {
          for (const auto& row : downloader->snapshot(net::SnapshotView::Downloads).rows)
            if (row.id == *id) return row.phase == transfer::TransferPhase::Finished;
          return false;
        },
        20s);
  }

  std::size_t uploader_connections() {
    std::size_t count = 0;
    world.call([&] { count = uploader->connection_count(); });
    return count;
  }
};

const std::string UnsharedGet = "GETmallory_00009 \"Share\\nowhere.bin\" M";

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_lookup)

BOOST_AUTO_TEST_CASE(a_request_whose_name_is_looked_up_off_the_loop_is_served) {
  Pair pair;
  test::write_random_file(pair.shared.root() / "served.bin", 300'000, 4);
  BOOST_REQUIRE(pair.fetch("served.bin"));
  BOOST_TEST(test::sha256_of_file(pair.downloaded("served.bin")) ==
             test::sha256_of_file(pair.shared.root() / "served.bin"));
  BOOST_TEST(pair.runner->asked() >= 1u);
  BOOST_TEST(pair.runner->answered() == pair.runner->asked());
  BOOST_TEST(!pair.runner->queried_on_the_loop());
}

BOOST_AUTO_TEST_CASE(a_connection_closed_while_its_lookup_is_held_up_is_dropped_and_the_answer_goes_nowhere) {
  Pair pair;
  pair.runner->set_open(false);
  {
    test::RawPeer peer("127.0.0.4", "127.0.0.2", pair.port);
    BOOST_REQUIRE(peer.read_some(1, 2s) == "1");
    BOOST_REQUIRE(peer.send_bytes(UnsharedGet));
    BOOST_REQUIRE(pair.world.wait_for([&] { return pair.runner->asked() == 1u; }, 5s));
  }  // closed while the lookup waits
  BOOST_REQUIRE(pair.world.wait_for([&] { return pair.uploader->connection_count() == 0u; }, 5s));
  pair.runner->set_open(true);
  BOOST_REQUIRE(pair.world.wait_for([&] { return pair.runner->answered() == 1u; }, 5s));
  // The loop goes on: the next request for that name is answered, from the fresh answer.
  test::RawPeer again("127.0.0.4", "127.0.0.2", pair.port);
  BOOST_REQUIRE(again.read_some(1, 2s) == "1");
  BOOST_REQUIRE(again.send_bytes(UnsharedGet));
  bool closed = false;
  BOOST_TEST(again.read_all(3s, closed) == "FILE NOT SHARED");
  BOOST_TEST(closed);
  BOOST_TEST(pair.uploader_connections() == 0u);
}

BOOST_AUTO_TEST_CASE(the_request_line_timer_still_runs_while_a_lookup_is_held_up) {
  Pair pair;
  pair.runner->set_open(false);
  test::RawPeer peer("127.0.0.4", "127.0.0.2", pair.port);
  BOOST_REQUIRE(peer.read_some(1, 2s) == "1");
  BOOST_REQUIRE(peer.send_bytes(UnsharedGet));
  bool closed = false;
  (void)peer.read_all(5s, closed);
  BOOST_TEST(closed);  // the 800 ms request-line timer ended it
  BOOST_TEST(pair.runner->answered() == 0u);
  BOOST_REQUIRE(pair.world.wait_for([&] { return pair.uploader->connection_count() == 0u; }, 5s));
  pair.runner->set_open(true);
  BOOST_REQUIRE(pair.world.wait_for([&] { return pair.runner->answered() == 1u; }, 5s));
}

BOOST_AUTO_TEST_SUITE_END()
