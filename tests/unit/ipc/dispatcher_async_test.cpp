// The dispatcher with a backend that answers later, from another thread, as the engine
// does: replies leave once, in the order the answers come, matched by id.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "service/ipc/dispatcher.h"

namespace {

using namespace wpn;
using namespace std::chrono_literals;
using service::BackendDone;
using service::BackendResult;

// Keeps every engine-backed call's BackendDone until the test answers it.
class LateBackend final : public service::ServiceBackend {
 public:
  std::mutex mutex;
  std::vector<std::pair<std::uint64_t, BackendDone<ipc::FilePageDto>>> pending_files;
  std::vector<BackendDone<std::optional<ipc::TransfersSnapshotDto>>> pending_snapshots;

  ipc::StatusDto status() override { return {}; }
  BackendResult<std::vector<ipc::ShareRootDto>> list_shares() override { return std::vector<ipc::ShareRootDto>{}; }
  ipc::ShareProgressDto share_progress() override { return {}; }
  BackendResult<std::vector<ipc::SettingDto>> settings(const ipc::SettingsGetParams&) override {
    return std::vector<ipc::SettingDto>{};
  }
  BackendResult<std::vector<ipc::LogLineDto>> recent_logs(const ipc::LogsRecentParams&) override {
    return std::vector<ipc::LogLineDto>{};
  }
  bool has_transfers() const override { return true; }
  void share_files(const ipc::SharesFilesParams& params, BackendDone<ipc::FilePageDto> done) override {
    std::lock_guard lock(mutex);
    pending_files.emplace_back(params.offset, std::move(done));
  }
  void transfers_snapshot(BackendDone<std::optional<ipc::TransfersSnapshotDto>> done) override {
    std::lock_guard lock(mutex);
    pending_snapshots.push_back(std::move(done));
  }
};

struct Replies {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<ipc::Reply> received;
  std::vector<std::thread::id> threads;

  service::ReplyFn sink() {
    return [this](const ipc::Reply& reply) {
      std::lock_guard lock(mutex);
      received.push_back(reply);
      threads.push_back(std::this_thread::get_id());
      changed.notify_all();
    };
  }
  bool wait_for_count(std::size_t count) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, 5s, [&] { return received.size() >= count; });
  }
};

struct Fixture {
  LateBackend backend;
  service::EventHub hub{"instance-a"};
  service::Dispatcher dispatcher{backend, hub, "wpnd test"};
  service::ClientContext client;
  Replies replies;

  Fixture() {
    client.id = 5;
    client.hello_done = true;
    client.events = [](const service::HubEvent&) {};
  }

  void send(ipc::RequestId id, const std::string& method, const std::string& params) {
    ipc::Request request;
    request.id = id;
    request.method = method;
    request.params = *ipc::parse_json_object(params);
    dispatcher.dispatch(client, request, replies.sink());
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(dispatcher_async)

BOOST_FIXTURE_TEST_CASE(answers_from_another_thread_complete_out_of_order, Fixture) {
  send(1, "shares.files", R"({"offset":10})");
  send(2, "shares.files", R"({"offset":20})");
  {
    std::lock_guard lock(replies.mutex);
    BOOST_TEST(replies.received.empty());  // nothing answered yet: dispatch did not wait
  }
  BOOST_REQUIRE_EQUAL(backend.pending_files.size(), 2u);
  // The "engine" answers the second request first, after a pause, from its own thread.
  std::thread engine([&] {
    std::this_thread::sleep_for(50ms);
    backend.pending_files[1].second(ipc::FilePageDto{2, backend.pending_files[1].first, {}});
    std::this_thread::sleep_for(50ms);
    backend.pending_files[0].second(ipc::FilePageDto{1, backend.pending_files[0].first, {}});
  });
  BOOST_TEST(replies.wait_for_count(2));
  engine.join();
  std::lock_guard lock(replies.mutex);
  BOOST_REQUIRE_EQUAL(replies.received.size(), 2u);
  BOOST_TEST(*replies.received[0].id == 2u);
  BOOST_TEST(*replies.received[1].id == 1u);
  BOOST_TEST(ipc::as_object(replies.received[0].result)->getValue<std::uint64_t>("offset") == 20u);
  BOOST_TEST(ipc::as_object(replies.received[1].result)->getValue<std::uint64_t>("offset") == 10u);
  BOOST_TEST((replies.threads[0] != std::this_thread::get_id()));
}

BOOST_FIXTURE_TEST_CASE(a_second_answer_to_one_request_is_not_sent, Fixture) {
  send(7, "shares.files", "{}");
  BOOST_REQUIRE_EQUAL(backend.pending_files.size(), 1u);
  auto done = backend.pending_files[0].second;
  done(tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::Internal, "first"}));
  done(ipc::FilePageDto{});
  std::lock_guard lock(replies.mutex);
  BOOST_REQUIRE_EQUAL(replies.received.size(), 1u);
  BOOST_TEST(replies.received[0].error->message == "first");
}

BOOST_FIXTURE_TEST_CASE(a_subscription_with_transfers_completes_when_the_snapshot_arrives, Fixture) {
  send(3, "events.subscribe", R"({"topics":["transfers","status"]})");
  BOOST_REQUIRE_EQUAL(backend.pending_snapshots.size(), 1u);
  BOOST_TEST(hub.topics_of(client.id).empty());
  std::thread engine([&] { backend.pending_snapshots[0](ipc::TransfersSnapshotDto{}); });
  engine.join();
  BOOST_REQUIRE(replies.wait_for_count(1));
  BOOST_TEST(replies.received[0].ok());
  const auto result = ipc::subscribe_result_from_json(ipc::as_object(replies.received[0].result));
  BOOST_REQUIRE(!result.snapshot.isNull());
  BOOST_TEST(result.snapshot->has("transfers"));
  BOOST_TEST(hub.topics_of(client.id).size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_client_gone_before_its_snapshot_is_not_subscribed, Fixture) {
  send(4, "events.subscribe", R"({"topics":["transfers"]})");
  BOOST_REQUIRE_EQUAL(backend.pending_snapshots.size(), 1u);
  dispatcher.disconnected(client);
  backend.pending_snapshots[0](ipc::TransfersSnapshotDto{});
  BOOST_TEST(hub.topics_of(client.id).empty());
  std::lock_guard lock(replies.mutex);
  BOOST_TEST(replies.received.empty());
}

BOOST_AUTO_TEST_SUITE_END()
