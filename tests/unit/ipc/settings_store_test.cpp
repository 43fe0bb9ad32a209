#include "service/app/settings_store.h"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <string>

#include "support/temp_dir.h"
#include "support/test_data.h"

namespace {

using namespace wpn::service;
using wpn::test::TempDir;

void write(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

ServiceSettings defaults() {
  ServiceSettings settings;
  settings.shares = {"/default/share"};
  return settings;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(settings_store)

BOOST_AUTO_TEST_CASE(missing_file_means_defaults) {
  TempDir dir;
  SettingsStore store(defaults(), dir / "wpnd.json");
  const auto report = store.load_file();
  BOOST_TEST(!report.found);
  BOOST_TEST(report.errors.empty());
  BOOST_TEST(store.effective().shares == (std::vector<std::string>{"/default/share"}));
  BOOST_TEST(source_name(store.source(*find_setting("shares"))) == "default");
}

BOOST_AUTO_TEST_CASE(layers_defaults_then_file_then_command_line) {
  TempDir dir;
  write(dir / "wpnd.json", R"({"data_port": 7000, "log_level": "debug", "shares": ["/from/file"]})");
  SettingsStore store(defaults(), dir / "wpnd.json");
  BOOST_REQUIRE(store.load_file().errors.empty());
  BOOST_REQUIRE(!store.set_command_line(*find_setting("data_port"), "0"));
  BOOST_TEST(store.effective().data_port == 0u);
  BOOST_TEST(store.effective().log_level == "debug");
  BOOST_TEST(store.effective().shares == (std::vector<std::string>{"/from/file"}));
  BOOST_TEST((store.effective().role == wpn::session::Role::Secondary));
  BOOST_TEST(source_name(store.source(*find_setting("data_port"))) == "command_line");
  BOOST_TEST(source_name(store.source(*find_setting("log_level"))) == "file");
  BOOST_TEST(source_name(store.source(*find_setting("role"))) == "default");
}

BOOST_AUTO_TEST_CASE(repeated_command_line_lists_replace_the_file_list) {
  TempDir dir;
  write(dir / "wpnd.json", R"({"shares": ["/from/file"]})");
  SettingsStore store(defaults(), dir / "wpnd.json");
  BOOST_REQUIRE(store.load_file().errors.empty());
  BOOST_REQUIRE(!store.set_command_line(*find_setting("shares"), "/one"));
  BOOST_REQUIRE(!store.set_command_line(*find_setting("shares"), "/two"));
  BOOST_TEST(store.effective().shares == (std::vector<std::string>{"/one", "/two"}));
}

BOOST_AUTO_TEST_CASE(reports_every_invalid_value_with_file_and_key) {
  TempDir dir;
  write(dir / "wpnd.json", R"({"data_port": "x", "role": "leaf", "upload_slots": 2})");
  SettingsStore store(defaults(), dir / "wpnd.json");
  const auto report = store.load_file();
  BOOST_REQUIRE(report.errors.size() == 2u);
  for (const auto& error : report.errors) BOOST_TEST(error.find((dir / "wpnd.json").string()) != std::string::npos);
  BOOST_TEST((report.errors[0].find("data_port") != std::string::npos ||
              report.errors[1].find("data_port") != std::string::npos));
  BOOST_TEST(store.effective().upload_slots == defaults().upload_slots);  // nothing applied
}

BOOST_AUTO_TEST_CASE(reports_a_file_that_is_not_json) {
  TempDir dir;
  write(dir / "wpnd.json", "data_port = 7000\n");
  SettingsStore store(defaults(), dir / "wpnd.json");
  const auto report = store.load_file();
  BOOST_REQUIRE(report.errors.size() == 1u);
  BOOST_TEST(report.errors[0].find("invalid JSON") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_keys_warn_and_survive_saving) {
  TempDir dir;
  write(dir / "wpnd.json", R"({"from_a_newer_version": 1})");
  SettingsStore store(defaults(), dir / "wpnd.json");
  const auto report = store.load_file();
  BOOST_TEST(report.errors.empty());
  BOOST_REQUIRE(report.warnings.size() == 1u);
  BOOST_TEST(report.warnings[0].find("from_a_newer_version") != std::string::npos);
  BOOST_REQUIRE(store.set({{"upload_slots", Poco::UInt64{5}}}).has_value());
  const auto saved = wpn::ipc::parse_json_object(wpn::test::read_text_file(dir / "wpnd.json"));
  BOOST_REQUIRE(saved.has_value());
  BOOST_TEST(wpn::ipc::get_uint(*saved, "from_a_newer_version").value_or(0) == 1u);
  BOOST_TEST(wpn::ipc::get_uint(*saved, "upload_slots").value_or(0) == 5u);
}

BOOST_AUTO_TEST_CASE(client_changes_are_saved_and_reloaded) {
  TempDir dir;
  const auto file = dir / "config" / "wpnd.json";  // the directory is created on save
  {
    SettingsStore store(defaults(), file);
    store.load_file();
    const auto change = store.set({{"log_level", std::string("warning")}, {"share_mode", std::string("all")}});
    BOOST_REQUIRE(change.has_value());
    BOOST_TEST(change->changed.size() == 2u);
  }
  SettingsStore again(defaults(), file);
  BOOST_REQUIRE(again.load_file().errors.empty());
  BOOST_TEST(again.effective().log_level == "warning");
  BOOST_TEST((again.effective().share_mode == wpn::session::ShareMode::All));
  BOOST_TEST(again.effective().data_port == defaults().data_port);  // defaults are not written
  BOOST_TEST(wpn::test::read_text_file(file).find("data_port") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(rejects_a_change_as_a_whole) {
  TempDir dir;
  SettingsStore store(defaults(), dir / "wpnd.json");
  store.load_file();
  const auto change = store.set({{"log_level", std::string("debug")}, {"data_port", std::string("x")}});
  BOOST_REQUIRE(!change.has_value());
  BOOST_TEST(change.error().find("data_port") != std::string::npos);
  BOOST_TEST(store.effective().log_level == defaults().log_level);
  BOOST_TEST(!std::filesystem::exists(dir / "wpnd.json"));
  BOOST_TEST(!store.set({{"nope", Poco::UInt64{1}}}).has_value());
}

BOOST_AUTO_TEST_CASE(command_line_wins_over_a_client_change) {
  TempDir dir;
  SettingsStore store(defaults(), dir / "wpnd.json");
  store.load_file();
  BOOST_REQUIRE(!store.set_command_line(*find_setting("data_port"), "0"));
  const auto change = store.set({{"data_port", Poco::UInt64{7000}}});
  BOOST_REQUIRE(change.has_value());
  BOOST_TEST(change->overridden.size() == 1u);
  BOOST_TEST(change->changed.empty());
  BOOST_TEST(store.effective().data_port == 0u);
  BOOST_TEST(wpn::test::read_text_file(dir / "wpnd.json").find("7000") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
