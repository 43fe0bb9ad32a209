#pragma once
// Helpers shared by wpnctl's service commands: argument splitting, calls with error
// reporting, JSON printing.

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <Poco/Dynamic/Var.h>

#include "ipc_client/blocking_client.h"
#include "json/json_value.h"
#include "service_commands.h"

namespace wpn::ctl {

// wpnctl talks to wpnd through the shared blocking client.
using IpcClient = ipc::BlockingClient;
using ClientError = ipc::ClientError;
using ClientErrc = ipc::ClientErrc;

struct CommandArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // "--limit" -> "10"
};

// Splits args; options listed in `valued` take the next argument. Unknown options fail.
std::optional<CommandArgs> split_args(const std::vector<std::string>& args, const std::set<std::string>& valued,
                                      std::string& error);
std::optional<std::uint64_t> parse_count(const std::string& text);

// The exit code for an error reply, after printing it.
int report(const ipc::ErrorInfo& error, const CommandContext& ctx);
int report(const ClientError& error, const CommandContext& ctx);
int usage(const std::string& text, const CommandContext& ctx);

// Calls and prints the error if any; nullopt then, with `exit_code` set.
std::optional<Poco::Dynamic::Var> call_or_report(IpcClient& client, std::string_view method,
                                                 const ipc::JsonObject& params, const CommandContext& ctx,
                                                 int& exit_code);

void print_json(const Poco::Dynamic::Var& value, const CommandContext& ctx);
// Calls; on success prints the JSON result (--json) or hands the result object to `print`.
int call_and_print(IpcClient& client, std::string_view method, const ipc::JsonObject& params, const CommandContext& ctx,
                   const std::function<void(const ipc::JsonObject&)>& print);

int run_shares(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx);
int run_settings(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx);
// network, search, download
int run_network_command(IpcClient& client, const std::string& command, const std::vector<std::string>& args,
                        const CommandContext& ctx);
// rooms, join, leave, say, chat (room_commands.cpp)
int run_room_command(IpcClient& client, const std::string& command, const std::vector<std::string>& args,
                     const CommandContext& ctx);
// transfers, queue, slots, limits, ban, stop
int run_transfer_command(IpcClient& client, const std::string& command, const std::vector<std::string>& args,
                         const CommandContext& ctx);

}  // namespace wpn::ctl
