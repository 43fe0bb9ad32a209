// `--version` of wpnd and wpnctl names the git commit the tree was built from, as git itself
// tells it for the source directory ("unknown" when the source is not a git checkout).
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <memory>
#include <string>

namespace {

struct Output {
  int status = -1;
  std::string text;
};

Output run(const std::string& command) {
  Output output;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  BOOST_REQUIRE(pipe != nullptr);
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) output.text += buffer;
  output.status = ::pclose(pipe.release());
  while (!output.text.empty() && output.text.back() == '\n') output.text.pop_back();
  return output;
}

std::string source_commit() {
  const auto git = run("git -C '" + std::string(WPN_SOURCE_DIR) + "' rev-parse --short=12 HEAD 2>/dev/null");
  return git.status == 0 && !git.text.empty() ? git.text : "unknown";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(version)

BOOST_AUTO_TEST_CASE(wpnd_and_wpnctl_name_the_commit_they_were_built_from) {
  const std::string commit = source_commit();
  for (const char* program : {WPND_PATH, WPNCTL_PATH}) {
    const auto output = run(std::string(program) + " --version");
    BOOST_TEST(output.status == 0, std::string(program));
    BOOST_TEST(output.text.find("(commit " + commit) != std::string::npos, output.text + " vs " + commit);
  }
}

BOOST_AUTO_TEST_SUITE_END()
