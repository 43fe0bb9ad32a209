#include "platform/paths.h"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <map>
#include <string>

#include "platform/private_dir.h"
#include "support/temp_dir.h"

namespace {

using namespace wpn::platform;

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    const auto found = vars.find(std::string(name));
    if (found == vars.end()) return std::nullopt;
    return found->second;
  };
}

unsigned mode_of(const std::filesystem::path& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 07777;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(paths)

BOOST_AUTO_TEST_CASE(follows_xdg_variables) {
  const auto env = env_of({{"HOME", "/home/u"},
                           {"XDG_CONFIG_HOME", "/cfg"},
                           {"XDG_DATA_HOME", "/data"},
                           {"XDG_RUNTIME_DIR", "/run/user/1000"}});
  BOOST_TEST(config_dir(env).string() == "/cfg/openwpn");
  BOOST_TEST(data_dir(env).string() == "/data/openwpn");
  BOOST_TEST(runtime_dir(env, 1000).string() == "/run/user/1000/openwpn");
  BOOST_TEST(socket_path(runtime_dir(env, 1000)).string() == "/run/user/1000/openwpn/wpnd.sock");
  BOOST_TEST(config_file(config_dir(env)).string() == "/cfg/openwpn/wpnd.json");
}

BOOST_AUTO_TEST_CASE(falls_back_to_home_when_xdg_is_unset_or_relative) {
  const auto env = env_of({{"HOME", "/home/u"}, {"XDG_CONFIG_HOME", "relative/cfg"}});
  BOOST_TEST(config_dir(env).string() == "/home/u/.config/openwpn");
  BOOST_TEST(data_dir(env).string() == "/home/u/.local/share/openwpn");
  BOOST_TEST(runtime_dir(env, 1234).string() == "/tmp/openwpn-1234");
  BOOST_TEST(default_share_dir(env).string() == "/home/u/OpenWPN Shared");
}

BOOST_AUTO_TEST_CASE(private_dir_is_created_0700) {
  wpn::test::TempDir dir;
  const auto runtime = dir / "a" / "b";
  BOOST_REQUIRE(ensure_private_dir(runtime).has_value());
  BOOST_TEST(mode_of(runtime) == 0700u);
  BOOST_TEST(verify_private_dir(runtime).has_value());
}

BOOST_AUTO_TEST_CASE(open_private_dir_is_tightened_or_reported) {
  wpn::test::TempDir dir;
  const auto runtime = dir / "open";
  std::filesystem::create_directory(runtime);
  ::chmod(runtime.c_str(), 0755);
  const auto verified = verify_private_dir(runtime);
  BOOST_REQUIRE(!verified.has_value());
  BOOST_TEST(verified.error().find("0755") != std::string::npos);
  BOOST_REQUIRE(ensure_private_dir(runtime).has_value());
  BOOST_TEST(mode_of(runtime) == 0700u);
}

BOOST_AUTO_TEST_CASE(a_file_is_not_a_private_dir) {
  wpn::test::TempDir dir;
  const auto file = dir / "file";
  std::ofstream(file) << "x";
  const auto result = ensure_private_dir(file);
  BOOST_REQUIRE(!result.has_value());
  BOOST_TEST(result.error().find("not a directory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_runtime_dir_option_names_the_control_socket_directly) {
  BOOST_TEST(control_socket_path("/srv/wpn run").string() == "/srv/wpn run/wpnd.sock");
  BOOST_TEST(control_socket_path("").filename().string() == "wpnd.sock");
  BOOST_TEST(control_socket_path("").parent_path().filename().string().rfind("openwpn", 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
