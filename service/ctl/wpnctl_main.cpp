// wpnctl [--runtime-dir DIR] COMMAND [ARGS] [--json]
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "build_commit.h"
#include "exit_codes.h"
#include "hash_command.h"
#include "service_commands.h"

namespace {

constexpr std::string_view Usage =
    "usage: wpnctl [--runtime-dir DIR] COMMAND [ARGS] [--json]\n"
    "       wpnctl --version\n"
    "\n"
    "offline commands:\n"
    "  hash FILE...                 print each file's 20-byte WPN key and its HASH> form\n"
    "\n"
    "service commands (need a running wpnd):\n"
    "  status                       what the service is doing\n"
    "  shares [list]                shared folders\n"
    "  shares add DIR               share a folder\n"
    "  shares remove DIR|ID         stop sharing a folder\n"
    "  shares rescan [DIR|ID]       look for changes now\n"
    "  shares progress              scanning and hashing progress\n"
    "  shares files [DIR|ID]        shared files with their keys\n"
    "  settings [get [KEY...]]      settings, where they come from, live or at restart\n"
    "  settings set KEY VALUE...    change settings (saved to the configuration file)\n"
    "  logs [--lines N] [--level L] recent log lines\n"
    "  watch [TOPIC...] [--since N] [--count N]\n"
    "                               stream events (topics: status shares settings logs transfers)\n"
    "  transfers [uploads|downloads|queue] [--offset N] [--limit N]\n"
    "                               uploads, downloads or the upload queue, with wait reasons\n"
    "  transfers cancel|retry|remove ID\n"
    "  queue [list] | queue move ID POSITION | queue remove ID\n"
    "  slots [N]                    upload slots in use, or set their number\n"
    "  limits                       bandwidth limits, alternate limits and their schedule\n"
    "  limits set KEY N | limits schedule 168x0/1|off\n"
    "  limits alternate on [HOURS] | limits alternate off\n"
    "  ban USER [--hours N]         refuse uploads to USER (a full name: that user only) for N hours or for ever\n"
    "  unban USER | bans            lift a ban; list the bans in force\n"
    "  stop                         stop wpnd\n"
    "  network [status]             the WPN connection (or the hub's or cache's listener)\n"
    "  network connect|disconnect   join or leave the network\n"
    "  network role ROLE            secondary, primary or cache (at the next start)\n"
    "  network hosts                known peer caches and hubs (saved as WSX)\n"
    "  network add cache|hub HOST:PORT\n"
    "  network remove cache|hub HOST:PORT\n"
    "  network connect cache|hub HOST:PORT  connect now through that listed host\n"
    "  network import FILE.wsx      add the caches and hubs of a WinMX host list\n"
    "  search WORDS... [--timeout S] search the network (or --key HEX for a hash search)\n"
    "  download ID                  download a search result (its ID as search prints it)\n"
    "  transfers clear              forget finished downloads\n"
    "  browse USER HANDLE [--wait S] a user's shared files (USER and HANDLE as search --json shows)\n"
    "  whois USER HANDLE            who a user is: files shared, queue\n"
    "  pm USER HANDLE TEXT...       send a private message\n"
    "  rooms [list] [--wait S]      chat rooms the hub lists\n"
    "  rooms joined|hosted|bans     rooms we are in, rooms we host, their bans\n"
    "  rooms join|leave|users|history ROOM\n"
    "  rooms host NAME --port N [--topic T] [--limit N] [--password P]; rooms unhost NAME\n"
    "  rooms kick|unban ROOM USER; rooms ban ROOM USER [--hours H]; rooms topic ROOM TEXT...\n"
    "  rooms motd ROOM LINE...      a hosted room's message of the day, one argument per line\n"
    "  join ROOM | leave ROOM       join or leave a room (listed name or HOST:PORT)\n"
    "  say ROOM TEXT... [--action]  say something in a room\n"
    "  chat ROOM [--count N]        a room's recent lines, then new ones as they come\n"
    "\n"
    "exit codes: 0 ok, 1 failed, 2 usage, 3 wpnd not running, 4 not available in this build,\n"
    "            5 refused by wpnd, 6 incompatible wpnd\n";

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
    } else if (arg == "--version") {
      std::cout << "wpnctl " << WPN_VERSION << " (commit " << WPN_BUILD_COMMIT << ")\n";
      return ExitOk;
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
  if (is_service_command(command))
    return run_service_command(command, args, CommandContext{runtime_dir, json, std::cout, std::cerr});
  std::cerr << "wpnctl: unknown command '" << command << "'\n" << Usage;
  return ExitUsage;
}
