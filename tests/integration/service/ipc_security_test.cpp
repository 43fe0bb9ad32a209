// Only the account that runs wpnd may control it. Another account is stopped by the
// private runtime directory and, should the permissions be opened up, by the peer
// credential check. The other account is a real user created for the test.
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "ipc/log_dto.h"
#include "wpnd_harness.h"

namespace {

using namespace wpn;
using namespace wpn::test;

constexpr const char* OtherUser = "wpntest";

struct OtherAccount {
  uid_t uid = 0;
  gid_t gid = 0;
};

// The test account, created when missing. Failing to get one fails the test: the check
// must not be skipped silently.
OtherAccount other_account() {
  if (::getpwnam(OtherUser) == nullptr) {
    const auto created =
        run_program({"/usr/sbin/useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OtherUser},
                    {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"});
    if (::getpwnam(OtherUser) == nullptr)
      BOOST_FAIL("cannot create the test user '" << OtherUser << "' (useradd exit " << created.exit_code << ": "
                                                 << created.err << "); run the tests as root or create the user");
  }
  const passwd* entry = ::getpwnam(OtherUser);
  BOOST_REQUIRE(entry != nullptr);
  if (entry->pw_uid == ::getuid()) BOOST_FAIL("the test user must differ from the user running the tests");
  return {entry->pw_uid, entry->pw_gid};
}

// wpnctl as the other user (setpriv changes uid and gid and drops supplementary groups).
ProgramResult wpnctl_as(const OtherAccount& account, const WpndHome& home, const std::vector<std::string>& args) {
  if (::getuid() != 0) BOOST_FAIL("this test runs a client as another user and needs root (setpriv)");
  std::vector<std::string> argv{"/usr/bin/setpriv",
                                "--reuid=" + std::to_string(account.uid),
                                "--regid=" + std::to_string(account.gid),
                                "--clear-groups",
                                WPNCTL_PATH,
                                "--runtime-dir",
                                home.runtime_dir().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, home.environment());
}

bool service_logged(WpndProcess& wpnd, const std::string& text) {
  auto client = wpnd.connect();
  const auto lines = ipc::log_lines_from_json(
      ipc::as_array(call_ok(client, "logs.recent", *ipc::parse_json_object(R"({"limit":10000})"))));
  for (const auto& line : lines)
    if (line.text.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ipc_security)

BOOST_AUTO_TEST_CASE(other_user_cannot_reach_the_socket_in_the_private_directory) {
  const auto account = other_account();
  WpndHome home;
  WpndProcess wpnd(home);
  wpnd.require_ready();
  // Let the other user walk down to the runtime directory, which itself stays 0700.
  for (auto dir = home.runtime_dir().parent_path(); dir != home.root().parent_path(); dir = dir.parent_path())
    ::chmod(dir.c_str(), 0711);
  const auto run = wpnctl_as(account, home, {"status"});
  BOOST_TEST(run.exit_code == 5, run.err);
  BOOST_TEST(run.err.find("permission denied") != std::string::npos, run.err);
  auto owner = wpnd.connect();
  call_ok(owner, "status");
}

BOOST_AUTO_TEST_CASE(other_user_is_refused_by_peer_credentials_even_with_open_permissions) {
  const auto account = other_account();
  WpndHome home;
  WpndProcess wpnd(home);
  wpnd.require_ready();
  for (auto dir = home.runtime_dir(); dir != home.root().parent_path(); dir = dir.parent_path())
    ::chmod(dir.c_str(), 0711);
  ::chmod(home.socket().c_str(), 0666);
  const auto run = wpnctl_as(account, home, {"status", "--json"});
  BOOST_TEST(run.exit_code == 5, run.err);
  BOOST_TEST(run.err.find("belongs to uid " + std::to_string(::getuid())) != std::string::npos, run.err);
  BOOST_TEST(run.out.empty());
  BOOST_TEST(service_logged(wpnd, "uid " + std::to_string(account.uid)));
  auto owner = wpnd.connect();
  call_ok(owner, "status");
}

BOOST_AUTO_TEST_SUITE_END()
