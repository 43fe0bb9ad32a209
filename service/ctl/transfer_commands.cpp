// wpnctl transfers | queue | slots | limits | ban | stop: the transfer views and the quick
// actions of the tray's menu, from the command line.
#include <algorithm>
#include <array>

#include "command_support.h"
#include "exit_codes.h"
#include "ipc/control_dto.h"
#include "ipc/schema.h"
#include "ipc/setting_dto.h"
#include "ipc/status_dto.h"
#include "ipc/transfer_dto.h"
#include "text_table.h"

namespace wpn::ctl {

namespace {

constexpr const char* TransfersUsage =
    "usage: wpnctl transfers [uploads|downloads|queue] [--offset N] [--limit N] | transfers cancel|retry|remove ID | "
    "transfers clear";
constexpr const char* QueueUsage =
    "usage: wpnctl queue [list] [--offset N] [--limit N] | queue move ID POSITION | queue remove ID";
constexpr const char* SlotsUsage = "usage: wpnctl slots [N]";
constexpr const char* LimitsUsage =
    "usage: wpnctl limits [set KEY N | schedule 168x0/1|off | alternate on [HOURS] | alternate off]";

// Sends an action that answers {} and reports the outcome in one line.
int act(IpcClient& client, std::string_view method, const ipc::JsonObject& params, const std::string& done,
        const CommandContext& ctx) {
  return call_and_print(client, method, params, ctx, [&](const ipc::JsonObject&) { ctx.out << done << '\n'; });
}

std::string progress_text(const ipc::TransferDto& row) {
  if (row.size == 0) return human_size(row.done);
  return human_size(row.done) + " / " + human_size(row.size) + " (" + std::to_string(row.done * 100 / row.size) + "%)";
}

int view(IpcClient& client, const std::string& list, const std::vector<std::string>& args, const CommandContext& ctx) {
  std::string error;
  const auto split = split_args(args, {"--offset", "--limit"}, error);
  if (!split || !split->positional.empty()) return usage(split ? TransfersUsage : error, ctx);
  ipc::TransfersViewParams params;
  params.list = list;
  for (const auto& [option, target] : {std::pair{"--offset", &params.offset}, std::pair{"--limit", &params.limit}}) {
    if (!split->options.contains(option)) continue;
    const auto value = parse_count(split->options.at(option));
    if (!value) return usage(std::string(option) + " needs a number", ctx);
    *target = *value;
  }
  int code = ExitOk;
  auto result = call_or_report(client, ipc::control::TransfersView, ipc::to_json(params), ctx, code);
  if (!result) return code;
  if (ctx.json) {
    print_json(*result, ctx);
    return ExitOk;
  }
  const auto page = ipc::transfer_page_from_json(ipc::as_object(*result));
  TextTable table({"ID", "POS", "STATE", "PEER", "PROGRESS", "RATE", "FILE"});
  for (const auto& row : page.rows) {
    std::string state = row.state;
    if (!row.wait_reason.empty()) state += " (" + row.wait_reason + ")";
    if (!row.error.empty()) state += ": " + row.error;
    table.add({std::to_string(row.id), row.position ? std::to_string(row.position) : "-", state, row.peer,
               progress_text(row), row.rate_bps ? human_size(row.rate_bps) + "/s" : "-", row.file});
  }
  table.print(ctx.out);
  ctx.out << page.rows.size() << " of " << page.total << ' ' << page.list << '\n';
  return ExitOk;
}

// `transfers --json`: every transfer of every list as one array, in the command-line
// contract's names (user, name, bytes_done, local_path) next to the IPC's own.
int print_every_transfer(IpcClient& client, const CommandContext& ctx) {
  auto all = ipc::make_array();
  for (const auto list : {ipc::transfer_list::Uploads, ipc::transfer_list::Queue, ipc::transfer_list::Downloads}) {
    for (std::uint64_t offset = 0;;) {
      ipc::TransfersViewParams params;
      params.list = std::string(list);
      params.offset = offset;
      params.limit = ipc::control::MaxViewRows;
      int code = ExitOk;
      auto result = call_or_report(client, ipc::control::TransfersView, ipc::to_json(params), ctx, code);
      if (!result) return code;
      const auto page = ipc::transfer_page_from_json(ipc::as_object(*result));
      for (const auto& row : page.rows) {
        auto item = ipc::to_json(row);
        item->set("user", row.peer);
        item->set("name", row.file);
        item->set("bytes_done", Poco::UInt64{row.done});
        all->add(item);
      }
      offset += page.rows.size();
      if (page.rows.empty() || offset >= page.total) break;
    }
  }
  print_json(all, ctx);
  return ExitOk;
}

std::optional<std::uint64_t> id_argument(const std::vector<std::string>& args, std::size_t index) {
  return index < args.size() ? parse_count(args[index]) : std::nullopt;
}

int run_transfers(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  if (args.empty() && ctx.json) return print_every_transfer(client, ctx);
  const std::string sub = args.empty() ? "uploads" : args[0];
  const std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  if (sub == "uploads" || sub == "downloads" || sub == "queue") return view(client, sub, rest, ctx);
  if (sub.starts_with("--")) return view(client, "uploads", args, ctx);
  if (sub == "clear" && args.size() == 1)
    return act(client, ipc::control::TransfersClear, ipc::make_object(), "finished downloads cleared", ctx);
  const auto id = id_argument(args, 1);
  if (!id || args.size() != 2) return usage(TransfersUsage, ctx);
  const ipc::TransferIdParams params{*id};
  if (sub == "cancel")
    return act(client, ipc::control::TransfersCancel, ipc::to_json(params), "cancelled " + args[1], ctx);
  if (sub == "retry")
    return act(client, ipc::control::TransfersRetry, ipc::to_json(params), "retrying " + args[1], ctx);
  if (sub == "remove")
    return act(client, ipc::control::TransfersRemove, ipc::to_json(params), "removed " + args[1], ctx);
  return usage(TransfersUsage, ctx);
}

int run_queue(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  if (args.empty() || args[0] == "list" || args[0].starts_with("--"))
    return view(client, "queue", {args.begin() + (!args.empty() && args[0] == "list" ? 1 : 0), args.end()}, ctx);
  if (args[0] == "move") {
    const auto id = id_argument(args, 1);
    const auto position = id_argument(args, 2);
    if (!id || !position || *position == 0 || args.size() != 3) return usage(QueueUsage, ctx);
    return act(client, ipc::control::QueueMove, ipc::to_json(ipc::QueueMoveParams{*id, *position}),
               "moved " + args[1] + " to position " + args[2], ctx);
  }
  if (args[0] == "remove") {
    const auto id = id_argument(args, 1);
    if (!id || args.size() != 2) return usage(QueueUsage, ctx);
    return act(client, ipc::control::QueueRemove, ipc::to_json(ipc::TransferIdParams{*id}), "removed " + args[1], ctx);
  }
  return usage(QueueUsage, ctx);
}

int run_slots(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  if (args.size() > 1) return usage(SlotsUsage, ctx);
  if (args.size() == 1) {
    const auto slots = parse_count(args[0]);
    if (!slots) return usage(SlotsUsage, ctx);
    return act(client, ipc::control::SlotsSet, ipc::to_json(ipc::SlotsSetParams{*slots}), "upload slots: " + args[0],
               ctx);
  }
  int code = ExitOk;
  auto result = call_or_report(client, ipc::method::Status, ipc::make_object(), ctx, code);
  if (!result) return code;
  const auto status = ipc::status_from_json(ipc::as_object(*result));
  if (ctx.json)
    print_json(*result, ctx);
  else
    ctx.out << status.uploads_active << " of " << status.upload_slots << " upload slot(s) in use, "
            << status.queue_length << " queued\n";
  return ExitOk;
}

// The bandwidth and slot settings, as settings.get reports them.
constexpr std::array<std::string_view, 7> LimitKeys{
    "upload_limit_kib",       "download_limit_kib", "transfer_limit_kib", "alt_upload_limit_kib",
    "alt_download_limit_kib", "alt_upload_slots",   "alt_schedule"};

int show_limits(IpcClient& client, const CommandContext& ctx) {
  ipc::SettingsGetParams params;
  for (const auto key : LimitKeys) params.keys.emplace_back(key);
  int code = ExitOk;
  auto result = call_or_report(client, ipc::method::SettingsGet, ipc::to_json(params), ctx, code);
  if (!result) return code;
  auto status = call_or_report(client, ipc::method::Status, ipc::make_object(), ctx, code);
  if (!status) return code;
  if (ctx.json) {
    print_json(*result, ctx);
    return ExitOk;
  }
  TextTable table({"SETTING", "VALUE"});
  for (const auto& setting : ipc::settings_from_json(ipc::as_array(*result)))
    table.add({setting.key, ipc::to_json_text(setting.value)});
  const auto live = ipc::status_live_from_json(ipc::as_object(*status));
  table.add({"alternate limits", live.alternate_limits ? "on" : "off"});
  table.print(ctx.out);
  return ExitOk;
}

// limits set KEY VALUE (a limit setting) | limits schedule 168x0/1 | limits schedule off
int set_limit(IpcClient& client, const std::string& key, const std::string& text, const CommandContext& ctx) {
  if (std::find(LimitKeys.begin(), LimitKeys.end(), key) == LimitKeys.end())
    return usage(
        "limits set takes one of: upload_limit_kib download_limit_kib transfer_limit_kib "
        "alt_upload_limit_kib alt_download_limit_kib alt_upload_slots",
        ctx);
  auto values = ipc::make_object();
  if (key == "alt_schedule") {
    values->set(key, text == "off" ? std::string() : text);
  } else {
    const auto number = parse_count(text);
    if (!number) return usage(key + " takes a number", ctx);
    values->set(key, Poco::UInt64{*number});
  }
  auto params = ipc::make_object();
  params->set("values", values);
  return act(client, ipc::method::SettingsSet, params, key + " set", ctx);
}

int run_limits(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  if (args.empty()) return show_limits(client, ctx);
  if (args[0] == "set" && args.size() == 3) return set_limit(client, args[1], args[2], ctx);
  if (args[0] == "schedule" && args.size() == 2) return set_limit(client, "alt_schedule", args[1], ctx);
  if (args.size() < 2 || args[0] != "alternate" || (args[1] != "on" && args[1] != "off"))
    return usage(LimitsUsage, ctx);
  ipc::LimitsAlternateParams params;
  params.on = args[1] == "on";
  if (args.size() == 3 && params.on) {
    const auto hours = parse_count(args[2]);
    if (!hours) return usage(LimitsUsage, ctx);
    params.hours = *hours;
  } else if (args.size() != 2) {
    return usage(LimitsUsage, ctx);
  }
  const std::string done = params.on
                               ? "alternate limits on" + (params.hours ? " for " + args[2] + " hour(s)" : std::string())
                               : std::string("alternate limits off");
  return act(client, ipc::control::LimitsAlternate, ipc::to_json(params), done, ctx);
}

constexpr const char* BanUsage = "usage: wpnctl ban USER [--hours N]";

// USER as a transfer shows it (full name: that user only) or a plain name (every suffix).
int run_ban(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  std::string error;
  const auto split = split_args(args, {"--hours"}, error);
  if (!split) return usage(error, ctx);
  if (split->positional.size() != 1) return usage(BanUsage, ctx);
  ipc::PeersBanParams params{split->positional[0], 0, 0};
  if (split->options.contains("--hours")) {
    const auto hours = parse_count(split->options.at("--hours"));
    if (!hours) return usage("--hours needs a number", ctx);
    params.hours = *hours;
  }
  const std::string done =
      "banned " + params.user + (params.hours ? " for " + std::to_string(params.hours) + " hour(s)" : std::string());
  return act(client, ipc::control::PeersBan, ipc::to_json(params), done, ctx);
}

int run_bans(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  if (!args.empty()) return usage("usage: wpnctl bans", ctx);
  int code = ExitOk;
  auto result = call_or_report(client, ipc::control::PeersBans, ipc::make_object(), ctx, code);
  if (!result) return code;
  if (ctx.json) {
    print_json(*result, ctx);
    return ExitOk;
  }
  for (const auto& ban : ipc::ban_list_from_json(ipc::as_object(*result)).bans) {
    ctx.out << ban.name << (ban.match == "base_name" ? " (every suffix)" : "");
    ctx.out << (ban.until == 0 ? std::string(" for ever") : " until unix time " + std::to_string(ban.until));
    ctx.out << (ban.reason.empty() ? "" : ": " + ban.reason) << '\n';
  }
  return ExitOk;
}

}  // namespace

int run_transfer_command(IpcClient& client, const std::string& command, const std::vector<std::string>& args,
                         const CommandContext& ctx) {
  if (command == "transfers") return run_transfers(client, args, ctx);
  if (command == "queue") return run_queue(client, args, ctx);
  if (command == "slots") return run_slots(client, args, ctx);
  if (command == "limits") return run_limits(client, args, ctx);
  if (command == "ban") return run_ban(client, args, ctx);
  if (command == "unban") {
    if (args.size() != 1) return usage("usage: wpnctl unban USER", ctx);
    return act(client, ipc::control::PeersUnban, ipc::to_json(ipc::PeersUnbanParams{args[0]}), "unbanned " + args[0],
               ctx);
  }
  if (command == "bans") return run_bans(client, args, ctx);
  if (command == "stop") {
    if (!args.empty()) return usage("usage: wpnctl stop", ctx);
    return act(client, ipc::control::ServiceStop, ipc::make_object(), "wpnd is stopping", ctx);
  }
  return usage("unknown command " + command, ctx);
}

}  // namespace wpn::ctl
