// The dispatcher in process: parsed requests in, replies and events out through callbacks,
// against a backend made of plain values. No socket anywhere.
#include "service/ipc/dispatcher.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "ipc/hello.h"
#include "ipc/params.h"

namespace {

using namespace wpn;
using service::BackendResult;

class FakeBackend final : public service::ServiceBackend {
 public:
  std::vector<ipc::ShareRootDto> roots{{1, "/srv/a", "a", true, 2, 2, 100, false, "active", "", ""}};
  std::vector<std::string> calls;
  bool throw_on_status = false;

  ipc::StatusDto status() override {
    if (throw_on_status) throw std::runtime_error("boom");
    ipc::StatusDto status;
    status.role = "secondary";
    status.files_shared = 2;
    return status;
  }
  BackendResult<std::vector<ipc::ShareRootDto>> list_shares() override { return roots; }
  BackendResult<ipc::ShareRootDto> add_share(const ipc::SharesAddParams& params) override {
    calls.push_back("add " + params.path);
    if (params.path == "/srv/a") return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::AlreadyExists, "already"});
    return ipc::ShareRootDto{2, params.path, "b", true, 0, 0, 0, true, "active", "", ""};
  }
  BackendResult<ipc::ShareRootDto> remove_share(const ipc::ShareRef& root) override {
    calls.push_back("remove " + std::to_string(root.id.value_or(-1)));
    return roots.front();
  }
  BackendResult<std::vector<ipc::ShareRootDto>> rescan(const ipc::ShareRef&) override { return roots; }
  ipc::ShareProgressDto share_progress() override { return {}; }
  BackendResult<ipc::FilePageDto> share_files(const ipc::SharesFilesParams& params) override {
    calls.push_back("files " + std::to_string(params.offset) + " " + std::to_string(params.limit));
    return ipc::FilePageDto{1, params.offset, {}};
  }
  BackendResult<std::vector<ipc::SettingDto>> settings(const ipc::SettingsGetParams&) override {
    return std::vector<ipc::SettingDto>{};
  }
  BackendResult<ipc::SettingsChangeDto> set_settings(const ipc::SettingsSetParams& params) override {
    calls.push_back("set " + std::to_string(params.values.size()));
    return ipc::SettingsChangeDto{};
  }
  BackendResult<std::vector<ipc::LogLineDto>> recent_logs(const ipc::LogsRecentParams&) override {
    return std::vector<ipc::LogLineDto>{{1, "t", "information", "wpn.test", "hello"}};
  }
};

struct Fixture {
  FakeBackend backend;
  service::EventHub hub{"instance-1"};
  service::Dispatcher dispatcher{backend, hub, "wpnd test"};
  service::ClientContext client;
  std::vector<std::string> events;

  Fixture() {
    client.id = 1;
    client.events = [this](const service::HubEvent& event) { events.push_back(event.payload); };
  }

  ipc::Reply call(const std::string& method, const std::string& params = "{}") {
    ipc::Request request;
    request.id = next_id++;
    request.method = method;
    request.params = *ipc::parse_json_object(params);
    std::vector<ipc::Reply> replies;
    dispatcher.dispatch(client, request, [&](const ipc::Reply& reply) { replies.push_back(reply); });
    BOOST_REQUIRE_EQUAL(replies.size(), 1u);
    BOOST_TEST(*replies.front().id == request.id);
    return replies.front();
  }

  void hello() { BOOST_REQUIRE(call("hello", R"({"protocol":1,"client":"test"})").ok()); }

  ipc::RequestId next_id = 1;
};

std::string code_of(const ipc::Reply& reply) {
  return reply.error ? std::string(ipc::to_string(reply.error->code)) : std::string("ok");
}

const char* const UnavailableMethods[] = {"rooms", "rooms.list", "rooms.join"};

}  // namespace

BOOST_AUTO_TEST_SUITE(dispatcher)

BOOST_FIXTURE_TEST_CASE(requires_hello_first, Fixture) {
  BOOST_TEST(code_of(call("status")) == "hello_required");
  hello();
  BOOST_TEST(code_of(call("status")) == "ok");
}

BOOST_FIXTURE_TEST_CASE(hello_reports_server_instance_and_methods, Fixture) {
  const auto reply = call("hello", R"({"protocol":1,"client":"test","capabilities":["events"]})");
  BOOST_REQUIRE(reply.ok());
  const auto hello = ipc::parse_hello_result(ipc::as_object(reply.result));
  BOOST_REQUIRE(hello.has_value());
  BOOST_TEST(hello->protocol == 1);
  BOOST_TEST(hello->server == "wpnd test");
  BOOST_TEST(hello->instance == "instance-1");
  BOOST_TEST((std::find(hello->methods.begin(), hello->methods.end(), "shares.files") != hello->methods.end()));
  BOOST_TEST(client.client_name == "test");
}

BOOST_FIXTURE_TEST_CASE(refuses_another_major_version, Fixture) {
  const auto reply = call("hello", R"({"protocol":2})");
  BOOST_TEST(code_of(reply) == "unsupported_version");
  BOOST_TEST(reply.error->message.find('2') != std::string::npos);
  BOOST_TEST(!client.hello_done);
}

BOOST_DATA_TEST_CASE_F(Fixture, answers_areas_outside_this_build_as_not_available,
                       boost::unit_test::data::make(UnavailableMethods), method) {
  hello();
  const auto reply = call(method);
  BOOST_TEST(code_of(reply) == "not_available");
  BOOST_TEST(reply.error->message.find("not available in this build") != std::string::npos);
}

// A backend without transfers or a network (this fake) answers their methods as not available,
// after the dispatcher has checked the params.
BOOST_FIXTURE_TEST_CASE(methods_a_backend_lacks_are_not_available, Fixture) {
  hello();
  for (const auto& [method, params] : std::vector<std::pair<std::string, std::string>>{
           {"transfers.view", R"({"list":"uploads"})"},
           {"queue.move", R"({"id":3,"position":1})"},
           {"slots.set", R"({"upload_slots":2})"},
           {"network.status", "{}"},
           {"search", R"({"words":"x"})"}}) {
    const auto reply = call(method, params);
    BOOST_TEST(code_of(reply) == "not_available", method);
  }
  BOOST_TEST(code_of(call("transfers.view", R"({"list":7})")) == "invalid_params");
  // and the topic is refused, so a client subscribes again without it
  BOOST_TEST(code_of(call("events.subscribe", R"({"topics":["status","transfers"]})")) == "invalid_params");
  BOOST_TEST(call("events.subscribe", R"({"topics":["status"]})").ok());
}

BOOST_FIXTURE_TEST_CASE(unknown_method_is_named_in_the_error, Fixture) {
  hello();
  const auto reply = call("shares.frobnicate");
  BOOST_TEST(code_of(reply) == "unknown_method");
  BOOST_TEST(reply.error->message.find("shares.frobnicate") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(passes_parsed_params_to_the_backend, Fixture) {
  hello();
  BOOST_TEST(code_of(call("shares.add", R"({"path":"/srv/b"})")) == "ok");
  BOOST_TEST(code_of(call("shares.add", R"({"path":"/srv/a"})")) == "already_exists");
  BOOST_TEST(code_of(call("shares.remove", R"({"id":1})")) == "ok");
  BOOST_TEST(code_of(call("shares.files", R"({"offset":5,"limit":7})")) == "ok");
  BOOST_TEST(code_of(call("settings.set", R"({"values":{"a":1,"b":2}})")) == "ok");
  BOOST_TEST(backend.calls ==
             (std::vector<std::string>{"add /srv/b", "add /srv/a", "remove 1", "files 5 7", "set 2"}));
}

BOOST_FIXTURE_TEST_CASE(invalid_params_never_reach_the_backend, Fixture) {
  hello();
  BOOST_TEST(code_of(call("shares.add", R"({"path":3})")) == "invalid_params");
  BOOST_TEST(code_of(call("shares.remove", "{}")) == "invalid_params");
  BOOST_TEST(code_of(call("shares.files", R"({"limit":100000})")) == "invalid_params");
  BOOST_TEST(backend.calls.empty());
}

BOOST_FIXTURE_TEST_CASE(backend_exceptions_become_internal_errors, Fixture) {
  hello();
  backend.throw_on_status = true;
  const auto reply = call("status");
  BOOST_TEST(code_of(reply) == "internal");
  BOOST_TEST(reply.error->message.find("boom") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(fresh_subscription_gets_a_snapshot_then_live_events, Fixture) {
  hello();
  hub.publish("shares.file_added", nullptr);
  const auto reply = call("events.subscribe", R"({"topics":["shares","status"]})");
  BOOST_REQUIRE(reply.ok());
  const auto result = ipc::subscribe_result_from_json(ipc::as_object(reply.result));
  BOOST_TEST(result.seq == 1u);
  BOOST_TEST(result.replayed == 0u);
  BOOST_REQUIRE(!result.snapshot.isNull());
  BOOST_TEST(result.snapshot->has("shares"));
  BOOST_TEST(result.snapshot->has("status"));
  BOOST_TEST(!result.snapshot->has("logs"));
  hub.publish("logs.line", nullptr);
  hub.publish("shares.file_removed", nullptr);
  BOOST_REQUIRE(events.size() == 1u);
  BOOST_TEST(events.front().find("\"seq\":3") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(resuming_subscription_replays_after_the_reply, Fixture) {
  hello();
  for (int i = 0; i < 4; ++i) hub.publish("shares.file_added", nullptr);
  std::vector<std::string> order;
  client.events = [&](const service::HubEvent& event) { order.push_back("event " + std::to_string(event.seq)); };
  ipc::Request request;
  request.id = 99;
  request.method = "events.subscribe";
  request.params = *ipc::parse_json_object(R"({"topics":["shares"],"since":2,"instance":"instance-1"})");
  dispatcher.dispatch(client, request, [&](const ipc::Reply& reply) {
    const auto result = ipc::subscribe_result_from_json(ipc::as_object(reply.result));
    order.push_back("reply replayed=" + std::to_string(result.replayed) +
                    (result.snapshot.isNull() ? "" : " snapshot"));
  });
  BOOST_TEST(order == (std::vector<std::string>{"reply replayed=2", "event 3", "event 4"}));
}

BOOST_FIXTURE_TEST_CASE(resume_from_another_instance_gets_a_snapshot, Fixture) {
  hello();
  hub.publish("shares.file_added", nullptr);
  const auto reply = call("events.subscribe", R"({"topics":["shares"],"since":1,"instance":"old-run"})");
  const auto result = ipc::subscribe_result_from_json(ipc::as_object(reply.result));
  BOOST_TEST(result.replayed == 0u);
  BOOST_TEST(!result.snapshot.isNull());
  BOOST_TEST(events.empty());
}

BOOST_FIXTURE_TEST_CASE(disconnect_ends_delivery, Fixture) {
  hello();
  BOOST_REQUIRE(call("events.subscribe", R"({"topics":["logs"]})").ok());
  dispatcher.disconnected(client);
  hub.publish("logs.line", nullptr);
  BOOST_TEST(events.empty());
}

BOOST_AUTO_TEST_SUITE_END()
