// wpnctl rooms | join | leave | say | chat: chat rooms from the command line. Wherever a
// command takes ROOM, the room's listed name, its base name and the HOST:PORT it was joined
// by are all accepted (the service resolves them).
#include <cstdlib>
#include <string>

#include "command_support.h"
#include "exit_codes.h"
#include "ipc/room_dto.h"
#include "ipc/room_params.h"
#include "ipc/schema.h"
#include "text_table.h"

namespace wpn::ctl {

namespace {

constexpr const char* RoomsUsage =
    "usage: wpnctl rooms [list [--wait S] | joined | join ROOM | leave ROOM | users ROOM | history ROOM |"
    " host NAME --port N [--topic T] [--limit N] [--password P] | unhost NAME | hosted |"
    " kick ROOM USER | ban ROOM USER [--hours H] | unban ROOM USER | bans | topic ROOM TEXT... | motd ROOM LINE...]";
constexpr const char* SayUsage = "usage: wpnctl say ROOM TEXT... [--action]";
constexpr const char* ChatUsage = "usage: wpnctl chat ROOM [--count N]";

std::string joined_words(const std::vector<std::string>& words, std::size_t from) {
  std::string text;
  for (std::size_t i = from; i < words.size(); ++i) text += (i > from ? " " : "") + words[i];
  return text;
}

void print_line(const ipc::RoomLineDto& line, const CommandContext& ctx) {
  if (line.kind == "chat")
    ctx.out << '<' << line.name << "> " << line.text << '\n';
  else if (line.kind == "action")
    ctx.out << "* " << line.name << ' ' << line.text << '\n';
  else if (line.kind == "joined" || line.kind == "left")
    ctx.out << "-- " << line.name << ' ' << line.kind << '\n';
  else
    ctx.out << "-- " << (line.name.empty() ? "" : line.name + ": ") << line.text << '\n';
}

int list(IpcClient& client, const CommandArgs& args, const CommandContext& ctx) {
  ipc::RoomsListParams params;
  if (args.options.contains("--wait")) {
    const auto seconds = parse_count(args.options.at("--wait"));
    if (!seconds || *seconds > 30) return usage("--wait needs 0 to 30 seconds", ctx);
    params.wait_ms = *seconds * 1000;
  }
  return call_and_print(client, ipc::rooms_method::List, ipc::to_json(params), ctx, [&](const ipc::JsonObject& r) {
    TextTable table({"ROOM", "USERS", "HOST", "TOPIC"});
    for (const auto& room : ipc::room_list_from_json(r).rooms)
      table.add({room.base_name, std::to_string(room.users) + "/" + std::to_string(room.limit),
                 room.host + ":" + std::to_string(room.port), room.topic});
    table.print(ctx.out);
  });
}

int host(IpcClient& client, const CommandArgs& args, const CommandContext& ctx) {
  if (args.positional.size() != 2 || !args.options.contains("--port")) return usage(RoomsUsage, ctx);
  ipc::RoomsHostParams params;
  params.name = args.positional[1];
  const auto port = parse_count(args.options.at("--port"));
  if (!port || *port > 65535) return usage("--port needs 0 to 65535", ctx);
  params.port = *port;
  if (args.options.contains("--topic")) params.topic = args.options.at("--topic");
  if (args.options.contains("--password")) params.password = args.options.at("--password");
  if (args.options.contains("--limit")) {
    const auto limit = parse_count(args.options.at("--limit"));
    if (!limit || *limit == 0) return usage("--limit needs a number above 0", ctx);
    params.limit = *limit;
  }
  return call_and_print(client, ipc::rooms_method::Host, ipc::to_json(params), ctx, [&](const ipc::JsonObject& r) {
    const auto room = ipc::hosted_room_from_json(r);
    ctx.out << "hosting " << room.name << " on port " << room.port << " (listed as " << room.listed_name << ")\n";
  });
}

int simple(IpcClient& client, std::string_view method, const ipc::JsonObject& params, const std::string& said,
           const CommandContext& ctx) {
  return call_and_print(client, method, params, ctx, [&](const ipc::JsonObject&) { ctx.out << said << '\n'; });
}

int run_rooms(IpcClient& client, const std::vector<std::string>& raw, const CommandContext& ctx) {
  std::string error;
  const auto split = split_args(raw, {"--wait", "--port", "--topic", "--limit", "--password", "--hours"}, error);
  if (!split) return usage(error, ctx);
  const auto& args = *split;
  const auto& pos = args.positional;
  const std::string sub = pos.empty() ? "list" : pos[0];
  const auto room_ref = [&] { return ipc::to_json(ipc::RoomRefParams{pos[1]}); };
  if (sub == "list" && pos.size() <= 1) return list(client, args, ctx);
  if (sub == "host") return host(client, args, ctx);
  if (sub == "joined" && pos.size() == 1)
    return call_and_print(client, ipc::rooms_method::Joined, ipc::make_object(), ctx, [&](const ipc::JsonObject& r) {
      TextTable table({"ROOM", "STATE", "USERS", "AS", "TOPIC"});
      for (const auto& room : ipc::rooms_from_json(r).rooms)
        table.add({room.key, room.state + (room.last_end.empty() ? "" : " (" + room.last_end + ")"),
                   std::to_string(room.users), room.own_name, room.topic});
      table.print(ctx.out);
    });
  if (sub == "hosted" && pos.size() == 1)
    return call_and_print(client, ipc::rooms_method::Hosted, ipc::make_object(), ctx, [&](const ipc::JsonObject& r) {
      TextTable table({"ROOM", "PORT", "USERS", "TOPIC"});
      for (const auto& room : ipc::hosted_rooms_from_json(r).rooms)
        table.add({room.name, std::to_string(room.port), std::to_string(room.users) + "/" + std::to_string(room.limit),
                   room.topic});
      table.print(ctx.out);
    });
  if (sub == "bans" && pos.size() == 1)
    return call_and_print(client, ipc::rooms_method::Bans, ipc::make_object(), ctx, [&](const ipc::JsonObject& r) {
      TextTable table({"ROOM", "USER", "UNTIL", "BY"});
      for (const auto& ban : ipc::room_bans_from_json(r).bans)
        table.add({ban.room, ban.name.empty() ? ban.user : ban.name,
                   ban.until == 0 ? std::string("lifted") : std::to_string(ban.until), ban.by});
      table.print(ctx.out);
    });
  if (pos.size() == 2) {
    if (sub == "join")
      return call_and_print(client, ipc::rooms_method::Join, room_ref(), ctx, [&](const ipc::JsonObject& r) {
        const auto room = ipc::room_from_json(r);
        ctx.out << "joining " << room.name << " at " << room.address << " as " << room.own_name << '\n';
      });
    if (sub == "leave") return simple(client, ipc::rooms_method::Leave, room_ref(), "left " + pos[1], ctx);
    if (sub == "unhost") return simple(client, ipc::rooms_method::Unhost, room_ref(), "stopped " + pos[1], ctx);
    if (sub == "users")
      return call_and_print(client, ipc::rooms_method::Users, room_ref(), ctx, [&](const ipc::JsonObject& r) {
        TextTable table({"USER", "FILES", "RANK", "HANDLE"});
        for (const auto& user : ipc::room_users_from_json(r).users)
          table.add({user.name, std::to_string(user.files), user.rank, user.handle});
        table.print(ctx.out);
      });
    if (sub == "history")
      return call_and_print(client, ipc::rooms_method::History, ipc::to_json(ipc::RoomsHistoryParams{pos[1], 0}), ctx,
                            [&](const ipc::JsonObject& r) {
                              for (const auto& line : ipc::room_history_from_json(r).lines) print_line(line, ctx);
                            });
  }
  if (pos.size() == 3 && (sub == "kick" || sub == "ban" || sub == "unban")) {
    ipc::RoomUserParams params{pos[1], pos[2], 0};
    if (sub == "ban" && args.options.contains("--hours")) {
      const auto hours = parse_count(args.options.at("--hours"));
      if (!hours) return usage("--hours needs a number", ctx);
      params.seconds = *hours * 3600;
    }
    const auto method = sub == "kick"  ? ipc::rooms_method::Kick
                        : sub == "ban" ? ipc::rooms_method::Ban
                                       : ipc::rooms_method::Unban;
    return simple(client, method, ipc::to_json(params), sub + ": " + pos[2], ctx);
  }
  if (pos.size() >= 3 && sub == "topic")
    return simple(client, ipc::rooms_method::Topic, ipc::to_json(ipc::RoomsTopicParams{pos[1], joined_words(pos, 2)}),
                  "topic set", ctx);
  if (pos.size() >= 3 && sub == "motd")  // one argument per line
    return simple(client, ipc::rooms_method::Motd,
                  ipc::to_json(ipc::RoomsMotdParams{pos[1], std::vector<std::string>(pos.begin() + 2, pos.end())}),
                  "motd set", ctx);
  return usage(RoomsUsage, ctx);
}

int run_say(IpcClient& client, const std::vector<std::string>& raw, const CommandContext& ctx) {
  std::vector<std::string> words;
  bool action = false;
  for (const auto& word : raw) {
    if (word == "--action")
      action = true;
    else
      words.push_back(word);
  }
  if (words.size() < 2) return usage(SayUsage, ctx);
  return call_and_print(client, ipc::rooms_method::Say,
                        ipc::to_json(ipc::RoomsSayParams{words[0], joined_words(words, 1), action}), ctx,
                        [](const ipc::JsonObject&) {});
}

// The room's recent lines, then new ones as they come, like tail -f.
int run_chat(IpcClient& client, const std::vector<std::string>& raw, const CommandContext& ctx) {
  std::string error;
  const auto split = split_args(raw, {"--count"}, error);
  if (!split || split->positional.size() != 1) return usage(split ? ChatUsage : error, ctx);
  const std::string room = split->positional[0];
  std::optional<std::uint64_t> count;
  if (split->options.contains("--count")) {
    count = parse_count(split->options.at("--count"));
    if (!count) return usage("--count needs a number", ctx);
  }
  int code = ExitOk;
  ipc::SubscribeParams subscribe;
  subscribe.topics = {std::string(ipc::topic::Chat)};
  if (!call_or_report(client, ipc::method::EventsSubscribe, ipc::to_json(subscribe), ctx, code)) return code;
  auto history =
      call_or_report(client, ipc::rooms_method::History, ipc::to_json(ipc::RoomsHistoryParams{room, 0}), ctx, code);
  if (!history) return code;
  const auto recent = ipc::room_history_from_json(ipc::as_object(*history));
  std::uint64_t last = 0;
  for (const auto& line : recent.lines) {
    if (ctx.json)
      ctx.out << ipc::to_json_text(ipc::to_json(line)) << '\n';
    else
      print_line(line, ctx);
    last = line.seq;
  }
  ctx.out.flush();
  for (std::uint64_t seen = 0; !count || seen < *count;) {
    auto event = client.next_event();
    if (!event) return report(event.error(), ctx);
    if (event->name != ipc::event::ChatLine) continue;
    const auto line = ipc::room_line_from_json(event->data);
    if (line.room != recent.room || line.seq <= last) continue;
    last = line.seq;
    ++seen;
    if (ctx.json)
      ctx.out << ipc::to_json_text(event->data) << std::endl;
    else {
      print_line(line, ctx);
      ctx.out.flush();
    }
  }
  return ExitOk;
}

}  // namespace

int run_room_command(IpcClient& client, const std::string& command, const std::vector<std::string>& args,
                     const CommandContext& ctx) {
  if (command == "rooms") return run_rooms(client, args, ctx);
  if (command == "join" || command == "leave") {
    if (args.size() != 1) return usage("usage: wpnctl " + command + " ROOM", ctx);
    return run_rooms(client, {command, args[0]}, ctx);
  }
  if (command == "say") return run_say(client, args, ctx);
  return run_chat(client, args, ctx);
}

}  // namespace wpn::ctl
