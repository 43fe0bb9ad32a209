// wpnctl network | search | download: the WPN network from the command line.
#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "command_support.h"
#include "exit_codes.h"
#include "ipc/schema.h"
#include "text_table.h"

namespace wpn::ctl {

namespace {

constexpr const char* NetworkUsage =
    "usage: wpnctl network [status | connect | disconnect | role secondary|primary|cache | hosts |"
    " add cache|hub HOST:PORT | import FILE.wsx]";
constexpr const char* SearchUsage =
    "usage: wpnctl search WORDS... [--timeout SECONDS] | wpnctl search --key HEX [--timeout SECONDS]";
constexpr const char* DownloadUsage = "usage: wpnctl download RESULT_ID (as search prints it)";

// A result's id joins its search and its place in the results, so that "download ID" alone
// names it: search 3, result 7 -> 30007.
constexpr std::uint64_t ResultsPerSearch = 10000;

void print_status(const ipc::JsonObject& status, const CommandContext& ctx) {
  TextTable table({"role:", ipc::get_string(status, "role").value_or("")});
  const bool logged_in = ipc::get_bool(status, "logged_in").value_or(false);
  if (ipc::get_string(status, "role") == "secondary") {
    table.add({"connected:", logged_in ? "yes, to " + ipc::get_string(status, "parent").value_or("") : "no"});
    if (logged_in) table.add({"name:", ipc::get_string(status, "full_name").value_or("")});
  } else {
    table.add({"listening:", ipc::get_bool(status, "running").value_or(false)
                                 ? "port " + std::to_string(ipc::get_uint(status, "port").value_or(0))
                                 : std::string("no")});
    table.add({"users:", std::to_string(ipc::get_uint(status, "users").value_or(0))});
    table.add({"files:", std::to_string(ipc::get_uint(status, "shared_files").value_or(0))});
  }
  table.add({"hosts:", std::to_string(ipc::get_uint(status, "hosts").value_or(0)) + " known"});
  table.print(ctx.out);
}

void print_hosts(const ipc::JsonObject& hosts, const CommandContext& ctx) {
  TextTable table({"TYPE", "ADDRESS", "PORT"});
  if (const auto list = ipc::get_array(hosts, "hosts"))
    for (std::size_t i = 0; i < list->size(); ++i) {
      const auto host = list->getObject(static_cast<unsigned>(i));
      table.add({ipc::get_string(host, "type").value_or(""), ipc::get_string(host, "address").value_or(""),
                 std::to_string(ipc::get_uint(host, "port").value_or(0))});
    }
  table.print(ctx.out);
  ctx.out << "saved in " << ipc::get_string(hosts, "file").value_or("") << '\n';
}

int run_network(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  const std::string sub = args.empty() ? "status" : args[0];
  if (sub == "status" && args.size() <= 1)
    return call_and_print(client, ipc::method::NetworkStatus, ipc::make_object(), ctx,
                [&](const ipc::JsonObject& s) { print_status(s, ctx); });
  if ((sub == "connect" || sub == "disconnect") && args.size() == 1)
    return call_and_print(client, sub == "connect" ? ipc::method::NetworkConnect : ipc::method::NetworkDisconnect,
                          ipc::make_object(), ctx, [&](const ipc::JsonObject& s) { print_status(s, ctx); });
  if (sub == "role" && args.size() == 2) {
    auto params = ipc::make_object();
    auto values = ipc::make_object();
    values->set("role", args[1]);
    params->set("values", values);
    return call_and_print(client, ipc::method::SettingsSet, params, ctx, [&](const ipc::JsonObject&) {
      ctx.out << "role set to " << args[1] << "; it takes effect when wpnd restarts\n";
    });
  }
  if (sub == "hosts" && args.size() == 1)
    return call_and_print(client, ipc::method::NetworkHosts, ipc::make_object(), ctx,
                [&](const ipc::JsonObject& h) { print_hosts(h, ctx); });
  if (sub == "add" && args.size() == 3 && (args[1] == "cache" || args[1] == "hub")) {
    auto params = ipc::make_object();
    params->set("type", args[1]);
    params->set("address", args[2]);
    return call_and_print(client, ipc::method::NetworkAdd, params, ctx, [&](const ipc::JsonObject& h) { print_hosts(h, ctx); });
  }
  if (sub == "import" && args.size() == 2) {
    auto params = ipc::make_object();
    params->set("path", std::filesystem::absolute(args[1]).string());
    return call_and_print(client, ipc::method::NetworkImport, params, ctx, [&](const ipc::JsonObject& h) {
      ctx.out << "imported " << ipc::get_uint(h, "added").value_or(0) << " new host(s)\n";
      print_hosts(h, ctx);
    });
  }
  return usage(NetworkUsage, ctx);
}

int run_search(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  std::string error;
  const auto split = split_args(args, {"--wait", "--timeout", "--key"}, error);
  if (!split) return usage(error, ctx);
  auto params = ipc::make_object();
  std::string words;
  for (const auto& word : split->positional) words += (words.empty() ? "" : " ") + word;
  if (split->options.contains("--key")) params->set("key", split->options.at("--key"));
  else if (words.empty()) return usage(SearchUsage, ctx);
  else params->set("words", words);
  std::uint64_t wait = 3;
  for (const char* option : {"--wait", "--timeout"}) {
    if (!split->options.contains(option)) continue;
    const auto seconds = parse_count(split->options.at(option));
    if (!seconds || *seconds > 60) return usage(std::string(option) + " takes 0 to 60 seconds", ctx);
    wait = *seconds;
  }
  int code = ExitOk;
  auto started = call_or_report(client, ipc::method::Search, params, ctx, code);
  if (!started) return code;
  const auto id = ipc::get_uint(ipc::as_object(*started), "id").value_or(0);
  std::this_thread::sleep_for(std::chrono::seconds(wait));
  auto query = ipc::make_object();
  query->set("id", Poco::UInt64{id});
  auto found = call_or_report(client, ipc::method::SearchResults, query, ctx, code);
  if (!found) return code;
  const auto results = ipc::get_array(ipc::as_object(*found), "results");
  const std::size_t count = results ? results->size() : 0;
  if (ctx.json) {
    auto rows = ipc::make_array();
    for (std::size_t i = 0; i < count; ++i) {
      auto row = results->getObject(static_cast<unsigned>(i));
      row->set("id", Poco::UInt64{id * ResultsPerSearch + i + 1});
      row->set("name", ipc::get_string(row, "file").value_or(""));
      rows->add(row);
    }
    print_json(rows, ctx);
    return ExitOk;
  }
  TextTable table({"ID", "USER", "SIZE", "KBIT/S", "FILE"});
  for (std::size_t i = 0; i < count; ++i) {
    const auto row = results->getObject(static_cast<unsigned>(i));
    const auto bitrate = ipc::get_uint(row, "bitrate").value_or(0);
    table.add({std::to_string(id * ResultsPerSearch + i + 1), ipc::get_string(row, "user").value_or(""),
               human_size(ipc::get_uint(row, "size").value_or(0)), bitrate ? std::to_string(bitrate) : "-",
               ipc::get_string(row, "file").value_or("")});
  }
  table.print(ctx.out);
  ctx.out << count << " result(s)";
  if (count > 0) ctx.out << "; get one with: wpnctl download ID";
  ctx.out << '\n';
  return ExitOk;
}

int run_download(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  const auto result_id = args.size() == 1 ? parse_count(args[0]) : std::nullopt;
  if (!result_id || *result_id % ResultsPerSearch == 0) return usage(DownloadUsage, ctx);
  const std::optional<std::uint64_t> id = *result_id / ResultsPerSearch;
  const std::optional<std::uint64_t> number = *result_id % ResultsPerSearch;
  auto query = ipc::make_object();
  query->set("id", Poco::UInt64{*id});
  int code = ExitOk;
  auto found = call_or_report(client, ipc::method::SearchResults, query, ctx, code);
  if (!found) return code;
  const auto results = ipc::get_array(ipc::as_object(*found), "results");
  if (!results || *number > results->size()) {
    ctx.err << "wpnctl: no search result " << *result_id << " (results are kept for the last 32 searches)\n";
    return ExitFailure;
  }
  const auto hit = results->getObject(static_cast<unsigned>(*number - 1));
  auto params = ipc::make_object();
  for (const char* key : {"key", "user", "handle", "file_hex"}) params->set(key, ipc::get_string(hit, key).value_or(""));
  return call_and_print(client, ipc::method::Download, params, ctx, [&](const ipc::JsonObject& started) {
    ctx.out << "downloading " << ipc::get_string(hit, "file").value_or("") << " from "
            << ipc::get_string(hit, "user").value_or("") << " (transfer " << ipc::get_uint(started, "id").value_or(0)
            << ")\n";
  });
}

int wait_for_answer(IpcClient& client, std::string_view result_method, std::uint64_t id, std::uint64_t wait_s,
                    const CommandContext& ctx, ipc::JsonObject& answer) {
  auto query = ipc::make_object();
  query->set("id", Poco::UInt64{id});
  for (std::uint64_t tenth = 0;; ++tenth) {
    int code = ExitOk;
    auto result = call_or_report(client, result_method, query, ctx, code);
    if (!result) return code;
    answer = ipc::as_object(*result);
    if (ipc::get_bool(answer, "done").value_or(false) || tenth >= wait_s * 10) return ExitOk;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// browse|whois USER HANDLE [--wait S]: asks, then waits up to S seconds for the answer.
int run_lookup(IpcClient& client, const std::string& command, const std::vector<std::string>& args,
               const CommandContext& ctx) {
  std::string error;
  const auto split = split_args(args, {"--wait"}, error);
  if (!split || split->positional.size() != 2)
    return usage("usage: wpnctl " + command + " USER \"WinMX HANDLE\" [--wait SECONDS]", ctx);
  std::uint64_t wait = 10;
  if (split->options.contains("--wait")) {
    const auto seconds = parse_count(split->options.at("--wait"));
    if (!seconds || *seconds > 60) return usage("--wait takes 0 to 60 seconds", ctx);
    wait = *seconds;
  }
  auto params = ipc::make_object();
  params->set("user", split->positional[0]);
  params->set("handle", split->positional[1]);
  const bool browse = command == "browse";
  int code = ExitOk;
  auto started = call_or_report(client, browse ? ipc::method::Browse : ipc::method::Whois, params, ctx, code);
  if (!started) return code;
  ipc::JsonObject answer;
  code = wait_for_answer(client, browse ? ipc::method::BrowseResults : ipc::method::WhoisResult,
                         ipc::get_uint(ipc::as_object(*started), "id").value_or(0), wait, ctx, answer);
  if (code != ExitOk) return code;
  if (ctx.json) {
    print_json(answer, ctx);
  } else if (!ipc::get_bool(answer, "done").value_or(false)) {
    ctx.err << "wpnctl: no answer from " << split->positional[0] << " yet\n";
    return ExitFailure;
  } else if (browse) {
    TextTable table({"SIZE", "KBIT/S", "FILE"});
    const auto files = ipc::get_array(answer, "files");
    for (std::size_t i = 0; files && i < files->size(); ++i) {
      const auto row = files->getObject(static_cast<unsigned>(i));
      const auto bitrate = ipc::get_uint(row, "bitrate").value_or(0);
      table.add({human_size(ipc::get_uint(row, "size").value_or(0)), bitrate ? std::to_string(bitrate) : "-",
                 ipc::get_string(row, "file").value_or("")});
    }
    table.print(ctx.out);
    ctx.out << (files ? files->size() : 0) << " file(s)"
            << (ipc::get_bool(answer, "complete").value_or(false) ? "" : " (the list was cut short)") << '\n';
  } else if (!ipc::get_bool(answer, "found").value_or(false)) {
    ctx.out << split->positional[0] << " is not online\n";
  } else {
    TextTable table({"user:", ipc::get_string(answer, "user").value_or("")});
    table.add({"files:", std::to_string(ipc::get_uint(answer, "shared_files").value_or(0))});
    table.add({"queue:", ipc::get_string(answer, "queue_status").value_or("")});
    table.print(ctx.out);
  }
  return ExitOk;
}

int run_pm(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  if (args.size() < 3) return usage("usage: wpnctl pm USER \"WinMX HANDLE\" TEXT...", ctx);
  std::string text;
  for (std::size_t i = 2; i < args.size(); ++i) text += (i > 2 ? " " : "") + args[i];
  auto params = ipc::make_object();
  params->set("user", args[0]);
  params->set("handle", args[1]);
  params->set("text", text);
  return call_and_print(client, ipc::method::PmSend, params, ctx,
                        [&](const ipc::JsonObject&) { ctx.out << "sent to " << args[0] << '\n'; });
}

}  // namespace

int run_network_command(IpcClient& client, const std::string& command, const std::vector<std::string>& args,
                        const CommandContext& ctx) {
  if (command == "network") return run_network(client, args, ctx);
  if (command == "search") return run_search(client, args, ctx);
  if (command == "browse" || command == "whois") return run_lookup(client, command, args, ctx);
  if (command == "pm") return run_pm(client, args, ctx);
  return run_download(client, args, ctx);
}

}  // namespace wpn::ctl
