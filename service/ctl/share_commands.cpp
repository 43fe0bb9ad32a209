// wpnctl shares [list] | add DIR | remove DIR|ID | rescan [DIR|ID] | progress | files [DIR|ID]
#include <filesystem>

#include "command_support.h"
#include "exit_codes.h"
#include "ipc/params.h"
#include "ipc/schema.h"
#include "ipc/share_dto.h"
#include "text_table.h"

namespace wpn::ctl {

namespace {

constexpr const char* SharesUsage =
    "usage: wpnctl shares [list | add DIR | remove DIR|ID | rescan [DIR|ID] | progress | files [DIR|ID]] [--json]";

// A share named on the command line: a number is an id, anything else a (local) path.
ipc::ShareRef share_ref(const std::string& text) {
  ipc::ShareRef ref;
  if (auto id = parse_count(text))
    ref.id = static_cast<std::int64_t>(*id);
  else
    ref.path = std::filesystem::absolute(text).lexically_normal().string();
  if (ref.path && ref.path->size() > 1 && ref.path->back() == '/') ref.path->pop_back();
  return ref;
}

void print_roots(const std::vector<ipc::ShareRootDto>& roots, const CommandContext& ctx) {
  TextTable table({"ID", "FILES", "HASHED", "SIZE", "STATE", "PATH"});
  for (const auto& root : roots) {
    std::string state = root.scanning ? "scanning" : root.error.empty() ? "ok" : "error";
    if (root.watch == "degraded") state += ", not watched";
    table.add({std::to_string(root.id), std::to_string(root.files), std::to_string(root.files_hashed),
               human_size(root.bytes), state, root.path});
  }
  table.print(ctx.out);
  for (const auto& root : roots) {
    if (!root.error.empty()) ctx.out << root.path << ": " << root.error << '\n';
    if (root.watch == "degraded" && !root.watch_reason.empty())
      ctx.out << root.path << ": " << root.watch_reason << '\n';
  }
}

int list(IpcClient& client, const CommandContext& ctx) {
  int code = ExitOk;
  auto result = call_or_report(client, ipc::method::SharesList, ipc::make_object(), ctx, code);
  if (!result) return code;
  if (ctx.json)
    print_json(*result, ctx);
  else
    print_roots(ipc::share_roots_from_json(ipc::as_array(*result)), ctx);
  return ExitOk;
}

int change(IpcClient& client, std::string_view method, const ipc::JsonObject& params, const char* verb,
           const CommandContext& ctx) {
  int code = ExitOk;
  auto result = call_or_report(client, method, params, ctx, code);
  if (!result) return code;
  if (ctx.json) {
    print_json(*result, ctx);
  } else if (const auto root = ipc::as_object(*result); !root.isNull()) {
    const auto dto = ipc::share_root_from_json(root);
    ctx.out << verb << ' ' << dto.path << " (id " << dto.id << ")\n";
  } else {
    for (const auto& dto : ipc::share_roots_from_json(ipc::as_array(*result)))
      ctx.out << verb << ' ' << dto.path << " (id " << dto.id << ")\n";
  }
  return ExitOk;
}

int progress(IpcClient& client, const CommandContext& ctx) {
  int code = ExitOk;
  auto result = call_or_report(client, ipc::method::SharesProgress, ipc::make_object(), ctx, code);
  if (!result) return code;
  if (ctx.json) {
    print_json(*result, ctx);
    return ExitOk;
  }
  const auto p = ipc::share_progress_from_json(ipc::as_object(*result));
  TextTable table({"scan:", p.scanning ? "running, " + std::to_string(p.files_seen) + " files in " +
                                             std::to_string(p.folders_seen) + " folders seen"
                                       : std::string("idle")});
  table.add({"hashing:", std::to_string(p.hash_files_done) + " of " + std::to_string(p.hash_files_total) + " files, " +
                             human_size(p.hash_bytes_done) + " of " + human_size(p.hash_bytes_total) +
                             (p.hash_paused ? " (paused)" : "") +
                             (p.hashing && p.hash_eta_s > 0 ? ", " + human_duration(p.hash_eta_s) + " left" : "")});
  table.print(ctx.out);
  return ExitOk;
}

// Every page, each from the last id of the one before, so scripts get the whole list in one
// array and a large share costs the same per page to the end.
int files(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  ipc::SharesFilesParams params;
  if (args.size() == 1) params.root = share_ref(args.front());
  params.limit = ipc::MaxFilesPage;
  auto all = ipc::make_array();
  TextTable table({"KEY", "SIZE", "KBIT/S", "LENGTH", "NAME"});
  for (;;) {
    int code = ExitOk;
    auto result = call_or_report(client, ipc::method::SharesFiles, ipc::to_json(params), ctx, code);
    if (!result) return code;
    const auto page = ipc::file_page_from_json(ipc::as_object(*result));
    for (const auto& file : page.files) {
      if (ctx.json)
        all->add(ipc::to_json(file));
      else
        table.add({file.key, human_size(file.size), file.bitrate ? std::to_string(file.bitrate) : "-",
                   file.duration ? human_duration(file.duration) : "-", file.name});
    }
    if (page.files.size() < params.limit) break;  // the last page
    params.after = static_cast<std::uint64_t>(page.files.back().id);
  }
  if (ctx.json)
    print_json(all, ctx);
  else
    table.print(ctx.out);
  return ExitOk;
}

}  // namespace

int run_shares(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  const std::string sub = args.empty() ? "list" : args.front();
  const std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
  if (sub == "list" && rest.empty()) return list(client, ctx);
  if (sub == "add" && rest.size() == 1) {
    const ipc::SharesAddParams params{std::filesystem::absolute(rest.front()).lexically_normal().string()};
    return change(client, ipc::method::SharesAdd, ipc::to_json(params), "sharing", ctx);
  }
  if (sub == "remove" && rest.size() == 1)
    return change(client, ipc::method::SharesRemove, ipc::to_json(share_ref(rest.front())), "no longer sharing", ctx);
  if (sub == "rescan" && rest.size() <= 1) {
    const ipc::ShareRef ref = rest.empty() ? ipc::ShareRef{} : share_ref(rest.front());
    return change(client, ipc::method::SharesRescan, ipc::to_json(ref), "rescanning", ctx);
  }
  if (sub == "progress" && rest.empty()) return progress(client, ctx);
  if (sub == "files" && rest.size() <= 1) return files(client, rest, ctx);
  return usage(SharesUsage, ctx);
}

}  // namespace wpn::ctl
