// wpnctl network | search | download: the WPN network from the command line.
#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "command_support.h"
#include "exit_codes.h"
#include "ipc/network_dto.h"
#include "ipc/network_params.h"
#include "ipc/schema.h"
#include "text_table.h"

namespace wpn::ctl {

namespace {

constexpr const char* NetworkUsage =
    "usage: wpnctl network [status | connect | disconnect | role secondary|primary|cache | hosts |"
    " add cache|hub HOST:PORT | remove cache|hub HOST:PORT | connect cache|hub HOST:PORT | import FILE.wsx]";
constexpr const char* SearchUsage =
    "usage: wpnctl search WORDS... [--timeout SECONDS] | wpnctl search --key HEX [--timeout SECONDS]";
constexpr const char* DownloadUsage = "usage: wpnctl download RESULT_ID (as search prints it)";

// A result's id joins its search and its place in the results, so that "download ID" alone
// names it: search 3, result 7 -> 30007.
constexpr std::uint64_t ResultsPerSearch = 10000;

void print_status(const ipc::NetworkStatusDto& status, const CommandContext& ctx) {
  TextTable table({"role:", status.role});
  if (status.role == "secondary") {
    table.add({"connected:", status.logged_in ? "yes, to " + status.parent : "no"});
    if (status.logged_in) table.add({"name:", status.full_name});
  } else {
    table.add({"listening:", status.running ? "port " + std::to_string(status.port) : std::string("no")});
    table.add({"users:", std::to_string(status.users)});
    table.add({"files:", std::to_string(status.shared_files)});
    if (status.role == "cache") table.add({"hubs known:", std::to_string(status.hubs_known)});
  }
  table.add({"hosts:", std::to_string(status.hosts) + " known"});
  table.print(ctx.out);
}

void print_hosts(const ipc::HostListDto& hosts, const CommandContext& ctx) {
  TextTable table({"TYPE", "ADDRESS", "PORT"});
  for (const auto& host : hosts.hosts) table.add({host.type, host.address, std::to_string(host.port)});
  table.print(ctx.out);
  ctx.out << "saved in " << hosts.file << '\n';
}

void print_status_reply(const ipc::JsonObject& reply, const CommandContext& ctx) {
  print_status(ipc::network_status_from_json(reply), ctx);
}

void print_hosts_reply(const ipc::JsonObject& reply, const CommandContext& ctx) {
  print_hosts(ipc::host_list_from_json(reply), ctx);
}

int run_network(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  const std::string sub = args.empty() ? "status" : args[0];
  if (sub == "status" && args.size() <= 1)
    return call_and_print(client, ipc::method::NetworkStatus, ipc::make_object(), ctx,
                          [&](const ipc::JsonObject& s) { print_status_reply(s, ctx); });
  if ((sub == "connect" || sub == "disconnect") && args.size() == 1)
    return call_and_print(client, sub == "connect" ? ipc::method::NetworkConnect : ipc::method::NetworkDisconnect,
                          ipc::make_object(), ctx, [&](const ipc::JsonObject& s) { print_status_reply(s, ctx); });
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
                          [&](const ipc::JsonObject& h) { print_hosts_reply(h, ctx); });
  const bool names_host = args.size() == 3 && (args[1] == ipc::host_type::Cache || args[1] == ipc::host_type::Hub);
  if ((sub == "add" || sub == "remove") && names_host)
    return call_and_print(client, sub == "add" ? ipc::method::NetworkAdd : ipc::method::NetworkRemove,
                          ipc::to_json(ipc::NetworkAddParams{args[1], args[2]}), ctx,
                          [&](const ipc::JsonObject& h) { print_hosts_reply(h, ctx); });
  if (sub == "connect" && names_host)
    return call_and_print(client, ipc::method::NetworkConnectNow, ipc::to_json(ipc::NetworkAddParams{args[1], args[2]}),
                          ctx, [&](const ipc::JsonObject& s) { print_status_reply(s, ctx); });
  if (sub == "import" && args.size() == 2) {
    const ipc::NetworkImportParams params{std::filesystem::absolute(args[1]).string()};
    return call_and_print(client, ipc::method::NetworkImport, ipc::to_json(params), ctx, [&](const ipc::JsonObject& h) {
      const auto hosts = ipc::host_list_from_json(h);
      ctx.out << "imported " << hosts.added.value_or(0) << " new host(s)\n";
      print_hosts(hosts, ctx);
    });
  }
  return usage(NetworkUsage, ctx);
}

int run_search(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  std::string error;
  const auto split = split_args(args, {"--wait", "--timeout", "--key"}, error);
  if (!split) return usage(error, ctx);
  ipc::SearchParams params;
  for (const auto& word : split->positional) params.words += (params.words.empty() ? "" : " ") + word;
  if (split->options.contains("--key"))
    params = ipc::SearchParams{"", split->options.at("--key")};
  else if (params.words.empty())
    return usage(SearchUsage, ctx);
  std::uint64_t wait = 3;
  for (const char* option : {"--wait", "--timeout"}) {
    if (!split->options.contains(option)) continue;
    const auto seconds = parse_count(split->options.at(option));
    if (!seconds || *seconds > 60) return usage(std::string(option) + " takes 0 to 60 seconds", ctx);
    wait = *seconds;
  }
  int code = ExitOk;
  auto started = call_or_report(client, ipc::method::Search, ipc::to_json(params), ctx, code);
  if (!started) return code;
  const auto id = ipc::request_id_from_json(ipc::as_object(*started)).id;
  std::this_thread::sleep_for(std::chrono::seconds(wait));
  auto found = call_or_report(client, ipc::method::SearchResults, ipc::to_json(ipc::RequestIdParams{id}), ctx, code);
  if (!found) return code;
  const auto results = ipc::search_results_from_json(ipc::as_object(*found)).results;
  const std::size_t count = results.size();
  if (ctx.json) {
    auto rows = ipc::make_array();
    for (std::size_t i = 0; i < count; ++i) {
      auto row = ipc::to_json(results[i]);
      row->set("id", Poco::UInt64{id * ResultsPerSearch + i + 1});
      row->set("name", results[i].file);
      rows->add(row);
    }
    print_json(rows, ctx);
    return ExitOk;
  }
  TextTable table({"ID", "USER", "SIZE", "KBIT/S", "FILE"});
  for (std::size_t i = 0; i < count; ++i) {
    const auto& row = results[i];
    table.add({std::to_string(id * ResultsPerSearch + i + 1), row.user, human_size(row.size),
               row.bitrate ? std::to_string(row.bitrate) : "-", row.file});
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
  const std::uint64_t id = *result_id / ResultsPerSearch;
  const std::uint64_t number = *result_id % ResultsPerSearch;
  int code = ExitOk;
  auto found = call_or_report(client, ipc::method::SearchResults, ipc::to_json(ipc::RequestIdParams{id}), ctx, code);
  if (!found) return code;
  const auto results = ipc::search_results_from_json(ipc::as_object(*found)).results;
  if (number > results.size()) {
    ctx.err << "wpnctl: no search result " << *result_id << " (results are kept for the last 32 searches)\n";
    return ExitFailure;
  }
  const auto& hit = results[number - 1];
  const auto file = ipc::bytes_of_hex(hit.file_hex);
  if (!file || file->empty())
    return report(ipc::ErrorInfo{ipc::ErrorCode::InvalidParams,
                                 "search result " + std::to_string(*result_id) + " names no file (file_hex)"},
                  ctx);
  const ipc::DownloadParams params{hit.key, hit.user, hit.handle, *file, ""};
  return call_and_print(client, ipc::method::Download, ipc::to_json(params), ctx, [&](const ipc::JsonObject& started) {
    ctx.out << "downloading " << hit.file << " from " << hit.user << " (transfer "
            << ipc::request_id_from_json(started).id << ")\n";
  });
}

// Polls until the answer is done or `wait_s` has passed; `answer` is the last reply as sent.
int wait_for_answer(IpcClient& client, std::string_view result_method, std::uint64_t id, std::uint64_t wait_s,
                    const CommandContext& ctx, ipc::JsonObject& answer) {
  const auto query = ipc::to_json(ipc::RequestIdParams{id});
  for (std::uint64_t tenth = 0;; ++tenth) {
    int code = ExitOk;
    auto result = call_or_report(client, result_method, query, ctx, code);
    if (!result) return code;
    answer = ipc::as_object(*result);
    // Both answers share "done"; whois' table is the smaller to read.
    if (ipc::whois_answer_from_json(answer).done || tenth >= wait_s * 10) return ExitOk;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

int no_answer_yet(const std::string& user, const CommandContext& ctx) {
  ctx.err << "wpnctl: no answer from " << user << " yet\n";
  return ExitFailure;
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
  const ipc::PeerParams peer{split->positional[0], split->positional[1]};
  const bool browse = command == "browse";
  int code = ExitOk;
  auto started =
      call_or_report(client, browse ? ipc::method::Browse : ipc::method::Whois, ipc::to_json(peer), ctx, code);
  if (!started) return code;
  ipc::JsonObject answer;
  code = wait_for_answer(client, browse ? ipc::method::BrowseResults : ipc::method::WhoisResult,
                         ipc::request_id_from_json(ipc::as_object(*started)).id, wait, ctx, answer);
  if (code != ExitOk) return code;
  if (ctx.json) {
    print_json(answer, ctx);  // as the service sent it, like every other --json answer
    return ExitOk;
  }
  if (browse) {
    const auto listing = ipc::browse_answer_from_json(answer);
    if (!listing.done) return no_answer_yet(peer.user, ctx);
    TextTable table({"SIZE", "KBIT/S", "FILE"});
    for (const auto& row : listing.files)
      table.add({human_size(row.size), row.bitrate ? std::to_string(row.bitrate) : "-", row.file});
    table.print(ctx.out);
    ctx.out << listing.files.size() << " file(s)" << (listing.complete ? "" : " (the list was cut short)") << '\n';
    return ExitOk;
  }
  const auto whois = ipc::whois_answer_from_json(answer);
  if (!whois.done) return no_answer_yet(peer.user, ctx);
  if (!whois.found) {
    ctx.out << peer.user << " is not online\n";
  } else {
    TextTable table({"user:", whois.user});
    table.add({"files:", std::to_string(whois.shared_files)});
    table.add({"queue:", whois.queue_status});
    table.print(ctx.out);
  }
  return ExitOk;
}

int run_pm(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  if (args.size() < 3) return usage("usage: wpnctl pm USER \"WinMX HANDLE\" TEXT...", ctx);
  std::string text;
  for (std::size_t i = 2; i < args.size(); ++i) text += (i > 2 ? " " : "") + args[i];
  return call_and_print(client, ipc::method::PmSend, ipc::to_json(ipc::PmSendParams{args[0], args[1], text}), ctx,
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
