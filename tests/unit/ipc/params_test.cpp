#include "ipc/params.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "ipc/hello.h"

namespace {

using namespace wpn::ipc;

JsonObject json(const std::string& text) {
  auto object = parse_json_object(text);
  if (!object) throw std::runtime_error("bad JSON in test: " + text);
  return *object;
}

struct BadParams {
  const char* method;
  const char* params;
};

std::ostream& operator<<(std::ostream& out, const BadParams& p) { return out << p.method << " " << p.params; }

const BadParams Hostile[] = {
    {"shares.add", R"({})"},
    {"shares.add", R"({"path":""})"},
    {"shares.add", R"({"path":7})"},
    {"shares.remove", R"({})"},
    {"shares.remove", R"({"id":"7"})"},
    {"shares.remove", R"({"id":1,"path":"/a"})"},
    {"shares.files", R"({"limit":1001})"},
    {"shares.files", R"({"offset":-1})"},
    {"shares.files", R"({"limit":"10"})"},
    {"settings.get", R"({"keys":"log_level"})"},
    {"settings.get", R"({"keys":[1]})"},
    {"settings.set", R"({})"},
    {"settings.set", R"({"values":{}})"},
    {"settings.set", R"({"values":[1]})"},
    {"logs.recent", R"({"limit":10001})"},
    {"logs.recent", R"({"level":3})"},
    {"events.subscribe", R"({})"},
    {"events.subscribe", R"({"topics":[]})"},
    {"events.subscribe", R"({"topics":["searches"]})"},
    {"events.subscribe", R"({"topics":["shares"],"since":-4})"},
    {"events.subscribe", R"({"topics":["shares"],"instance":5})"},
    {"events.unsubscribe", R"({"topics":["nope"]})"},
    {"hello", R"({})"},
    {"hello", R"({"protocol":"1"})"},
    {"hello", R"({"protocol":1,"capabilities":"events"})"},
};

ErrorCode parse_code(const std::string& method, const JsonObject& params) {
  auto code_of = [](const auto& result) { return result ? ErrorCode::Internal : result.error().code; };
  if (method == "shares.add") return code_of(parse_shares_add(params));
  if (method == "shares.remove") return code_of(parse_share_ref(params, true));
  if (method == "shares.files") return code_of(parse_shares_files(params));
  if (method == "settings.get") return code_of(parse_settings_get(params));
  if (method == "settings.set") return code_of(parse_settings_set(params));
  if (method == "logs.recent") return code_of(parse_logs_recent(params));
  if (method == "events.subscribe") return code_of(parse_subscribe(params));
  if (method == "events.unsubscribe") return code_of(parse_unsubscribe(params));
  return code_of(parse_hello_params(params));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(params)

BOOST_DATA_TEST_CASE(rejects_hostile_params_as_invalid_params, boost::unit_test::data::make(Hostile), bad) {
  BOOST_TEST(to_string(parse_code(bad.method, json(bad.params))) == "invalid_params");
}

BOOST_AUTO_TEST_CASE(share_files_defaults_to_every_root_first_page) {
  const auto files = parse_shares_files(json("{}"));
  BOOST_REQUIRE(files.has_value());
  BOOST_TEST(files->root.empty());
  BOOST_TEST(files->offset == 0u);
  BOOST_TEST(files->limit == 100u);
}

BOOST_AUTO_TEST_CASE(share_ref_reads_path_or_id) {
  const auto by_path = parse_share_ref(json(R"({"path":"/srv/a"})"), true);
  BOOST_REQUIRE(by_path.has_value());
  BOOST_TEST(*by_path->path == "/srv/a");
  const auto by_id = parse_share_ref(json(R"({"id":12})"), true);
  BOOST_REQUIRE(by_id.has_value());
  BOOST_TEST(*by_id->id == 12);
  BOOST_TEST(parse_share_ref(json("{}"), false).has_value());
}

BOOST_AUTO_TEST_CASE(settings_set_keeps_values_of_any_type) {
  const auto set = parse_settings_set(json(R"({"values":{"watch":false,"upload_slots":4,"shares":["/a"]}})"));
  BOOST_REQUIRE(set.has_value());
  BOOST_TEST(set->values.size() == 3u);
  BOOST_TEST(as_bool(set->values.at("watch")).value() == false);
  BOOST_TEST(as_uint(set->values.at("upload_slots")).value() == 4u);
}

BOOST_AUTO_TEST_CASE(subscribe_reads_resume_point) {
  const auto subscribe = parse_subscribe(json(R"({"topics":["shares","logs"],"since":41,"instance":"ab"})"));
  BOOST_REQUIRE(subscribe.has_value());
  BOOST_TEST(subscribe->topics.size() == 2u);
  BOOST_TEST(*subscribe->since == 41u);
  BOOST_TEST(*subscribe->instance == "ab");
}

BOOST_AUTO_TEST_CASE(params_round_trip_through_json) {
  SharesFilesParams files;
  files.root.path = "/srv/x";
  files.offset = 200;
  files.limit = 50;
  const auto back = parse_shares_files(to_json(files));
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(*back->root.path == "/srv/x");
  BOOST_TEST(back->offset == 200u);
  BOOST_TEST(back->limit == 50u);

  SubscribeParams subscribe{{"status"}, 9, std::string("i")};
  const auto again = parse_subscribe(to_json(subscribe));
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(to_json_text(to_json(*again)) == to_json_text(to_json(subscribe)));
}

BOOST_AUTO_TEST_CASE(hello_params_read_version_client_and_capabilities) {
  const auto hello = parse_hello_params(json(R"({"protocol":1,"client":"tray 1.0","capabilities":["events"]})"));
  BOOST_REQUIRE(hello.has_value());
  BOOST_TEST(hello->protocol == 1);
  BOOST_TEST(hello->client == "tray 1.0");
  BOOST_TEST(hello->capabilities.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
