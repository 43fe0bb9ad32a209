// wpnctl [--runtime-dir DIR] COMMAND [ARGS] [--json]
#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "exit_codes.h"
#include "hash_command.h"

namespace {

constexpr std::string_view Usage =
    "usage: wpnctl [--runtime-dir DIR] COMMAND [ARGS] [--json]\n"
    "\n"
    "offline commands:\n"
    "  hash FILE...     print each file's 20-byte WPN key and its HASH> form\n"
    "\n"
    "service commands (need a running wpnd):\n"
    "  status shares transfers queue slots limits network search browse\n"
    "  download whois pm settings logs watch\n";

const std::set<std::string, std::less<>> ServiceCommands = {
    "status", "shares", "transfers", "queue", "slots", "limits", "network", "search",
    "browse", "download", "whois", "pm", "settings", "logs", "watch"};

}  // namespace

int main(int argc, char** argv) {
  using namespace wpn::ctl;
  std::vector<std::string> args;
  bool json = false;
  std::string runtime_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--json") {
      json = true;
    } else if (arg == "--runtime-dir" && i + 1 < argc) {
      runtime_dir = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      std::cout << Usage;
      return ExitOk;
    } else {
      args.emplace_back(arg);
    }
  }
  if (args.empty()) {
    std::cerr << Usage;
    return ExitUsage;
  }
  const std::string command = args.front();
  args.erase(args.begin());

  if (command == "hash") return run_hash(args, json, std::cout, std::cerr);
  if (ServiceCommands.contains(command)) {
    std::cerr << "wpnctl: " << command << ": the service is not running (no wpnd reachable"
              << (runtime_dir.empty() ? "" : " in " + runtime_dir) << ")\n";
    return ExitNoService;
  }
  std::cerr << "wpnctl: unknown command '" << command << "'\n" << Usage;
  return ExitUsage;
}
