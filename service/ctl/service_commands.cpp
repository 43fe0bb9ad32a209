#include "service_commands.h"

#include <array>

#include "command_support.h"
#include "exit_codes.h"
#include "ipc/log_dto.h"
#include "ipc/params.h"
#include "ipc/schema.h"
#include "ipc/status_dto.h"
#include "platform/paths.h"
#include "text_table.h"

namespace wpn::ctl {

namespace {

// Areas of the full product that this build's wpnd answers with "not available" (none now).
constexpr std::array<std::string_view, 0> UnavailableCommands{};
constexpr std::array<std::string_view, 5> RoomCommands{"rooms", "join", "leave", "say", "chat"};
constexpr std::array<std::string_view, 6> NetworkCommands{"network", "search", "download", "browse", "whois", "pm"};
constexpr std::array<std::string_view, 8> TransferCommands{"transfers", "queue", "slots", "limits",
                                                           "ban",       "unban", "bans",  "stop"};

int run_status(IpcClient& client, const CommandContext& ctx) {
  int code = ExitOk;
  auto result = call_or_report(client, ipc::method::Status, ipc::make_object(), ctx, code);
  if (!result) return code;
  if (ctx.json) {
    print_json(*result, ctx);
    return ExitOk;
  }
  const auto status = ipc::status_from_json(ipc::as_object(*result));
  ctx.out << "wpnd " << status.version << " (pid " << status.pid << ", up " << human_duration(status.uptime_s) << ")\n";
  TextTable table({"role:", status.role + (status.connected ? " (connected)" : " (not connected)")});
  table.add({"name:", status.name});
  table.add({"shares:", std::to_string(status.shares) + " folder(s)"});
  table.add({"files shared:", std::to_string(status.files_shared) + " (" + human_size(status.bytes_shared) + ")"});
  table.add({"hashing:", status.hashing ? std::to_string(status.files_total - status.files_hashed) + " file(s), " +
                                              human_size(status.bytes_to_hash) + " left"
                                        : std::string("idle")});
  table.add({"uploads:", std::to_string(status.uploads_active) + " of " + std::to_string(status.upload_slots) +
                             " slot(s), " + std::to_string(status.queue_length) + " queued"});
  table.add({"downloads:", std::to_string(status.downloads_active)});
  table.print(ctx.out);
  return ExitOk;
}

int run_logs(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  std::string error;
  const auto split = split_args(args, {"--lines", "--level"}, error);
  if (!split || !split->positional.empty())
    return usage(split ? "usage: wpnctl logs [--lines N] [--level LEVEL]" : error, ctx);
  ipc::LogsRecentParams params;
  if (split->options.contains("--lines")) {
    const auto lines = parse_count(split->options.at("--lines"));
    if (!lines) return usage("--lines needs a number", ctx);
    params.limit = *lines;
  }
  if (split->options.contains("--level")) params.min_level = split->options.at("--level");
  int code = ExitOk;
  auto result = call_or_report(client, ipc::method::LogsRecent, ipc::to_json(params), ctx, code);
  if (!result) return code;
  if (ctx.json) {
    print_json(*result, ctx);
    return ExitOk;
  }
  for (const auto& line : ipc::log_lines_from_json(ipc::as_array(*result)))
    ctx.out << line.time << ' ' << line.level << ' ' << line.source << ": " << line.text << '\n';
  return ExitOk;
}

int run_watch(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  std::string error;
  const auto split = split_args(args, {"--since", "--count"}, error);
  if (!split) return usage(error, ctx);
  ipc::SubscribeParams params;
  params.topics = split->positional;
  if (params.topics.empty())
    for (const auto topic : ipc::known_topics()) params.topics.emplace_back(topic);
  std::optional<std::uint64_t> count;
  if (split->options.contains("--since")) {
    params.since = parse_count(split->options.at("--since"));
    if (!params.since) return usage("--since needs an event sequence number", ctx);
    params.instance = client.hello().instance;
  }
  if (split->options.contains("--count")) {
    count = parse_count(split->options.at("--count"));
    if (!count) return usage("--count needs a number", ctx);
  }
  int code = ExitOk;
  auto result = call_or_report(client, ipc::method::EventsSubscribe, ipc::to_json(params), ctx, code);
  if (!result) return code;
  const auto subscribed = ipc::subscribe_result_from_json(ipc::as_object(*result));
  if (!ctx.json)
    ctx.out << "watching from event " << subscribed.seq << " (" << subscribed.replayed << " replayed"
            << (subscribed.snapshot.isNull() ? "" : ", snapshot taken") << ")" << std::endl;
  for (std::uint64_t seen = 0; !count || seen < *count; ++seen) {
    auto event = client.next_event();
    if (!event) return report(event.error(), ctx);
    if (ctx.json)
      ctx.out << ipc::encode_event(*event) << std::endl;
    else
      ctx.out << event->seq << "  " << event->name << "  " << ipc::to_json_text(event->data) << std::endl;
  }
  return ExitOk;
}

int run_unavailable(IpcClient& client, const std::string& command, const CommandContext& ctx) {
  const bool single =
      command == "search" || command == "browse" || command == "download" || command == "whois" || command == "pm";
  int code = ExitOk;
  auto result = call_or_report(client, single ? command : command + ".list", ipc::make_object(), ctx, code);
  if (result) print_json(*result, ctx);
  return code;
}

}  // namespace

bool is_service_command(const std::string& command) {
  if (command == "status" || command == "shares" || command == "settings" || command == "logs" || command == "watch")
    return true;
  for (const auto name : UnavailableCommands)
    if (name == command) return true;
  for (const auto name : TransferCommands)
    if (name == command) return true;
  for (const auto name : NetworkCommands)
    if (name == command) return true;
  for (const auto name : RoomCommands)
    if (name == command) return true;
  return false;
}

int run_service_command(const std::string& command, const std::vector<std::string>& args, const CommandContext& ctx) {
  auto client = IpcClient::connect(platform::control_socket_path(ctx.runtime_dir));
  if (!client) return report(client.error(), ctx);
  if (command == "status") return args.empty() ? run_status(*client, ctx) : usage("usage: wpnctl status [--json]", ctx);
  if (command == "shares") return run_shares(*client, args, ctx);
  if (command == "settings") return run_settings(*client, args, ctx);
  if (command == "logs") return run_logs(*client, args, ctx);
  if (command == "watch") return run_watch(*client, args, ctx);
  for (const auto name : TransferCommands)
    if (name == command) return run_transfer_command(*client, command, args, ctx);
  for (const auto name : NetworkCommands)
    if (name == command) return run_network_command(*client, command, args, ctx);
  for (const auto name : RoomCommands)
    if (name == command) return run_room_command(*client, command, args, ctx);
  return run_unavailable(*client, command, ctx);
}

}  // namespace wpn::ctl
