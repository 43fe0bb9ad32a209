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
#include "ipc/network_dto.h"
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

// A backend with a network: records the typed params the dispatcher handed it.
class NetworkBackend final : public service::ServiceBackend {
 public:
  std::vector<std::string> calls;

  ipc::StatusDto status() override { return {}; }
  BackendResult<std::vector<ipc::ShareRootDto>> list_shares() override { return std::vector<ipc::ShareRootDto>{}; }
  BackendResult<ipc::ShareRootDto> add_share(const ipc::SharesAddParams&) override { return ipc::ShareRootDto{}; }
  BackendResult<ipc::ShareRootDto> remove_share(const ipc::ShareRef&) override { return ipc::ShareRootDto{}; }
  BackendResult<std::vector<ipc::ShareRootDto>> rescan(const ipc::ShareRef&) override {
    return std::vector<ipc::ShareRootDto>{};
  }
  ipc::ShareProgressDto share_progress() override { return {}; }
  BackendResult<ipc::FilePageDto> share_files(const ipc::SharesFilesParams&) override { return ipc::FilePageDto{}; }
  BackendResult<std::vector<ipc::SettingDto>> settings(const ipc::SettingsGetParams&) override {
    return std::vector<ipc::SettingDto>{};
  }
  BackendResult<ipc::SettingsChangeDto> set_settings(const ipc::SettingsSetParams&) override {
    return ipc::SettingsChangeDto{};
  }
  BackendResult<std::vector<ipc::LogLineDto>> recent_logs(const ipc::LogsRecentParams&) override {
    return std::vector<ipc::LogLineDto>{};
  }

  BackendResult<ipc::NetworkStatusDto> network_status() override {
    ipc::NetworkStatusDto status;
    status.role = "secondary";
    status.skipped_frames = 3;
    return status;
  }
  BackendResult<ipc::HostListDto> network_add(const ipc::NetworkAddParams& params) override {
    calls.push_back("add " + params.type + " " + params.address);
    return ipc::HostListDto{{{"WPN_CACHE", "127.0.0.9", 7952}}, "/data/hosts.wsx", std::nullopt};
  }
  BackendResult<ipc::RequestIdDto> search(const ipc::SearchParams& params) override {
    calls.push_back("search [" + params.words + "] [" + params.key + "]");
    return ipc::RequestIdDto{7};
  }
  BackendResult<ipc::SearchResultsDto> search_results(const ipc::RequestIdParams& params) override {
    calls.push_back("results " + std::to_string(params.id));
    if (params.id != 7) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::NotFound, "no search"});
    ipc::SearchResultDto hit;
    hit.user = "alice_1";
    hit.size = 700000;
    return ipc::SearchResultsDto{7, {hit}};
  }
  BackendResult<ipc::RequestIdDto> download(const ipc::DownloadParams& params) override {
    calls.push_back("download " + params.user + " " + params.file);
    return ipc::RequestIdDto{12};
  }
  BackendResult<void> send_pm(const ipc::PmSendParams& params) override {
    calls.push_back("pm " + params.handle + " " + params.text);
    return {};
  }
};

struct NetworkFixture {
  NetworkBackend backend;
  service::EventHub hub{"instance-2"};
  service::Dispatcher dispatcher{backend, hub, "wpnd test"};
  service::ClientContext client;
  ipc::RequestId next_id = 1;

  NetworkFixture() { client.hello_done = true; }

  ipc::Reply call(const std::string& method, const std::string& params = "{}") {
    ipc::Request request;
    request.id = next_id++;
    request.method = method;
    request.params = *ipc::parse_json_object(params);
    std::vector<ipc::Reply> replies;
    dispatcher.dispatch(client, request, [&](const ipc::Reply& reply) { replies.push_back(reply); });
    BOOST_REQUIRE_EQUAL(replies.size(), 1u);
    return replies.front();
  }
};

constexpr const char* Key = "0123456789abcdef0123456789abcdef01234567";
constexpr const char* Handle = "WinMX 0100007f1871";

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

// A backend without rooms (this fake) answers them through the default completion.
const char* const UnavailableMethods[] = {"rooms.list", "rooms.joined", "rooms.host.bans"};

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

BOOST_DATA_TEST_CASE_F(Fixture, answers_rooms_a_backend_lacks_as_not_available,
                       boost::unit_test::data::make(UnavailableMethods), method) {
  hello();
  const auto reply = call(method);
  BOOST_TEST(code_of(reply) == "not_available");
  BOOST_TEST(reply.error->message.find("rooms is not available") != std::string::npos);
}

// A backend without transfers or a network (this fake) answers their methods as not available,
// after the dispatcher has checked the params.
BOOST_FIXTURE_TEST_CASE(methods_a_backend_lacks_are_not_available, Fixture) {
  hello();
  for (const auto& [method, params] :
       std::vector<std::pair<std::string, std::string>>{{"transfers.view", R"({"list":"uploads"})"},
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
  BOOST_TEST(backend.calls == (std::vector<std::string>{"add /srv/b", "add /srv/a", "remove 1", "files 5 7", "set 2"}));
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

BOOST_FIXTURE_TEST_CASE(network_methods_reach_the_backend_with_typed_params, NetworkFixture) {
  const auto status = call("network.status");
  BOOST_REQUIRE(status.ok());
  BOOST_TEST(ipc::network_status_from_json(ipc::as_object(status.result)).skipped_frames == 3u);
  const auto hosts = call("network.add", R"({"type":"cache","address":"127.0.0.9:7952"})");
  BOOST_REQUIRE(hosts.ok());
  BOOST_TEST(ipc::host_list_from_json(ipc::as_object(hosts.result)).hosts.at(0).port == 7952u);
  const auto started = call("search", R"({"words":"blue moon"})");
  BOOST_REQUIRE(started.ok());
  const auto id = ipc::request_id_from_json(ipc::as_object(started.result)).id;
  BOOST_TEST(id == 7u);
  const auto results = call("search.results", R"({"id":)" + std::to_string(id) + "}");
  BOOST_REQUIRE(results.ok());
  BOOST_TEST(ipc::search_results_from_json(ipc::as_object(results.result)).results.at(0).user == "alice_1");
  BOOST_TEST(code_of(call("search.results", R"({"id":8})")) == "not_found");
  // file_hex arrives as the announced name's bytes
  BOOST_TEST(code_of(call("download", std::string(R"({"key":")") + Key + R"(","user":"alice_1","handle":")" + Handle +
                                          R"(","file_hex":"615c62"})")) == "ok");
  BOOST_TEST(call("pm.send", std::string(R"({"user":"alice_1","handle":")") + Handle + R"(","text":"hi"})").ok());
  BOOST_TEST(backend.calls ==
             (std::vector<std::string>{"add cache 127.0.0.9:7952", "search [blue moon] []", "results 7", "results 8",
                                       "download alice_1 a\\b", std::string("pm ") + Handle + " hi"}));
}

BOOST_FIXTURE_TEST_CASE(bad_network_params_are_refused_before_the_backend, NetworkFixture) {
  for (const auto& [method, params] : std::vector<std::pair<std::string, std::string>>{
           {"search", std::string(R"({"words":"x","key":")") + Key + "\"}"},  // words or a key, not both
           {"search", "{}"},
           {"search", R"({"key":"abc"})"},
           {"search.results", R"({"id":-1})"},
           {"network.add", R"({"type":"mirror","address":"127.0.0.9:1"})"},
           {"network.add", R"({"type":"cache","address":"no-port"})"},
           {"network.import", R"({"path":"relative.wsx"})"},
           {"download", std::string(R"({"key":")") + Key + R"(","user":"a","handle":"WinMX 01","file":"x"})"},
           {"download",
            std::string(R"({"key":")") + Key + R"(","user":"a","handle":")" + Handle + R"(","file_hex":"6"})"},
           {"browse", R"({"user":"alice_1"})"},
           {"pm.send", std::string(R"({"user":"a","handle":")") + Handle + R"(","text":""})"}}) {
    BOOST_TEST(code_of(call(method, params)) == "invalid_params", method + " " + params);
  }
  BOOST_TEST(backend.calls.empty());
}

// What this backend does not implement answers not_available, once the params are good.
BOOST_FIXTURE_TEST_CASE(network_methods_a_backend_lacks_are_not_available, NetworkFixture) {
  BOOST_TEST(code_of(call("whois", std::string(R"({"user":"a","handle":")") + Handle + "\"}")) == "not_available");
  BOOST_TEST(code_of(call("network.connect")) == "not_available");
}

BOOST_AUTO_TEST_SUITE_END()
