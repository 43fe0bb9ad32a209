// The settings table: every field round-trips through set/get, the JSON file and the
// command-line form; invalid values are refused with the key named.
#include "service/app/service_settings.h"

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>

#include "json/json_value.h"

namespace {

using namespace wpn::service;
using Var = Poco::Dynamic::Var;

// A valid value different from the default, chosen by the field's type.
Var other_value(const SettingField& field, const ServiceSettings& defaults) {
  const std::string type(type_name(field));
  if (type == "bool") return !*wpn::ipc::as_bool(get_value(defaults, field));
  if (type == "integer") {
    const auto current = *wpn::ipc::as_uint(get_value(defaults, field));
    return Poco::UInt64{current == field.max ? field.min : current + 1 > field.max ? field.min : current + 1};
  }
  if (type == "choice") {
    const auto current = *wpn::ipc::as_string(get_value(defaults, field));
    for (const auto choice : field.choices)
      if (choice != current) return std::string(choice);
  }
  if (type == "list") {
    if (field.key == "caches" || field.key == "hubs")
      return wpn::ipc::to_json_array({"cache.example.org:7952", "10.0.0.1:6699"});
    if (field.key == "friends" || field.key == "banned") return wpn::ipc::to_json_array({"Alice", "Bob_123"});
    if (field.key == "hosted_rooms") return wpn::ipc::to_json_array({"7001|Lobby|Hello", "0|Music"});
    return wpn::ipc::to_json_array({"/srv/one", "/srv/two"});
  }
  if (field.key == "bind") return std::string("127.0.0.1");
  if (field.key == "name") return std::string("Tester");
  // Weekday evenings: hours 18-23 of Monday to Friday.
  if (field.key == "alt_schedule") {
    std::string hours;
    for (int day = 0; day < 7; ++day)
      for (int hour = 0; hour < 24; ++hour) hours += day < 5 && hour >= 18 ? '1' : '0';
    return hours;
  }
  return std::string("/var/lib/other");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(service_settings)

BOOST_AUTO_TEST_CASE(keys_are_unique_and_described) {
  std::set<std::string> keys;
  for (const auto& field : setting_fields()) {
    BOOST_TEST(keys.insert(std::string(field.key)).second, field.key);
    BOOST_TEST(!field.description.empty(), field.key);
    BOOST_TEST(find_setting(field.key) == &field);
  }
  BOOST_TEST(find_setting("no_such_setting") == nullptr);
}

BOOST_AUTO_TEST_CASE(refuses_a_schedule_that_is_not_one_digit_per_hour_of_the_week) {
  ServiceSettings settings;
  const auto* field = find_setting("alt_schedule");
  BOOST_REQUIRE(field != nullptr);
  BOOST_TEST(set_value(settings, *field, std::string(167, '1')).has_value());
  BOOST_TEST(set_value(settings, *field, std::string(168, '2')).has_value());
  BOOST_TEST(!set_value(settings, *field, std::string(168, '1')).has_value());
  BOOST_TEST(!set_value(settings, *field, std::string()).has_value());
}

BOOST_AUTO_TEST_CASE(every_field_round_trips_through_set_and_get) {
  const ServiceSettings defaults;
  for (const auto& field : setting_fields()) {
    ServiceSettings settings = defaults;
    const Var value = other_value(field, defaults);
    BOOST_REQUIRE_MESSAGE(!set_value(settings, field, value), field.key);
    BOOST_TEST(!same_value(settings, defaults, field), field.key);
    BOOST_TEST(wpn::ipc::to_json_text(get_value(settings, field)) == wpn::ipc::to_json_text(value), field.key);
  }
}

BOOST_AUTO_TEST_CASE(every_field_round_trips_through_json_text) {
  const ServiceSettings defaults;
  ServiceSettings changed = defaults;
  auto file = wpn::ipc::make_object();
  for (const auto& field : setting_fields()) {
    BOOST_REQUIRE(!set_value(changed, field, other_value(field, defaults)));
    file->set(std::string(field.key), get_value(changed, field));
  }
  const auto parsed = wpn::ipc::parse_json_object(wpn::ipc::to_json_text(file));
  BOOST_REQUIRE(parsed.has_value());
  ServiceSettings loaded = defaults;
  for (const auto& field : setting_fields())
    BOOST_REQUIRE_MESSAGE(!set_value(loaded, field, (*parsed)->get(std::string(field.key))), field.key);
  for (const auto& field : setting_fields()) BOOST_TEST(same_value(loaded, changed, field), field.key);
}

BOOST_AUTO_TEST_CASE(command_line_text_is_converted_by_type) {
  ServiceSettings settings;
  BOOST_TEST(!set_from_text(settings, *find_setting("data_port"), "0", false));
  BOOST_TEST(settings.data_port == 0u);
  BOOST_TEST(!set_from_text(settings, *find_setting("passive"), "true", false));
  BOOST_TEST(settings.passive);
  BOOST_TEST(!set_from_text(settings, *find_setting("shares"), "/a", false));
  BOOST_TEST(!set_from_text(settings, *find_setting("shares"), "/b", true));
  BOOST_TEST(settings.shares == (std::vector<std::string>{"/a", "/b"}));
  BOOST_TEST(!set_from_text(settings, *find_setting("role"), "primary", false));
  BOOST_TEST((settings.role == wpn::session::Role::Primary));
}

BOOST_AUTO_TEST_CASE(invalid_values_are_refused_naming_the_setting) {
  ServiceSettings settings;
  const struct {
    const char* key;
    Var value;
  } cases[] = {
      {"data_port", Poco::UInt64{65536}},
      {"data_port", std::string("6699")},
      {"role", std::string("leaf")},
      {"role", std::string("Secondary")},
      {"share_mode", std::string("everything")},
      {"queue_order", std::string("random")},
      {"code_page", std::string("UTF-8")},
      {"passive", Poco::UInt64{1}},
      {"shares", wpn::ipc::to_json_array({"relative/dir"})},
      {"shares", std::string("/not/a/list")},
      {"caches", wpn::ipc::to_json_array({"host-without-port"})},
      {"caches", wpn::ipc::to_json_array({"host:99999"})},
      {"bind", std::string("not-an-address")},
      {"name", std::string("has space")},
      {"hash_threads", Poco::UInt64{0}},
      {"log_level", std::string("loud")},
      {"data_dir", std::string("data")},
  };
  for (const auto& c : cases) {
    const ServiceSettings before = settings;
    const auto error = set_value(settings, *find_setting(c.key), c.value);
    BOOST_REQUIRE_MESSAGE(error.has_value(), c.key);
    BOOST_TEST(error->find(c.key) != std::string::npos, *error);
    BOOST_TEST(same_value(settings, before, *find_setting(c.key)), c.key);
  }
  BOOST_TEST(set_from_text(settings, *find_setting("data_port"), "12ab", false).has_value());
  BOOST_TEST(set_from_text(settings, *find_setting("watch"), "maybe", false).has_value());
}

BOOST_AUTO_TEST_CASE(defaults_follow_the_environment) {
  const wpn::platform::EnvLookup env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "HOME") return std::string("/home/u");
    if (name == "XDG_DATA_HOME") return std::string("/data");
    if (name == "XDG_RUNTIME_DIR") return std::string("/run/user/7");
    return std::nullopt;
  };
  const auto settings = default_settings(env, 7);
  BOOST_TEST(settings.data_dir == "/data/openwpn");
  BOOST_TEST(settings.runtime_dir == "/run/user/7/openwpn");
  BOOST_TEST(settings.shares == (std::vector<std::string>{"/home/u/OpenWPN Shared"}));
  BOOST_TEST((settings.role == wpn::session::Role::Secondary));
}

BOOST_AUTO_TEST_SUITE_END()
