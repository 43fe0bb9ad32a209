// wpnctl settings [get [KEY...]] | set KEY VALUE [KEY VALUE...]
#include "command_support.h"
#include "exit_codes.h"
#include "ipc/params.h"
#include "ipc/schema.h"
#include "ipc/setting_dto.h"
#include "text_table.h"

namespace wpn::ctl {

namespace {

std::string show(const Poco::Dynamic::Var& value) {
  if (auto text = ipc::as_string(value)) return *text;
  return ipc::to_json_text(value);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// VALUE as typed on the command line, converted by the setting's type; JSON text is
// accepted for every type (e.g. ["/a","/b"] for a list).
std::optional<Poco::Dynamic::Var> convert(const ipc::SettingDto& setting, const std::string& text) {
  const bool textual = setting.type == "string" || setting.type == "choice";
  if (!textual || (!text.empty() && text.front() == '"'))
    if (auto parsed = ipc::parse_json_object("{\"v\":" + text + "}"))
      return std::optional<Poco::Dynamic::Var>(std::in_place, (*parsed)->get("v"));
  if (setting.type == "bool") {
    if (text == "true" || text == "yes" || text == "on") return std::optional<Poco::Dynamic::Var>(std::in_place, true);
    if (text == "false" || text == "no" || text == "off")
      return std::optional<Poco::Dynamic::Var>(std::in_place, false);
    return std::nullopt;
  }
  if (setting.type == "integer") {
    if (auto number = parse_count(text)) return std::optional<Poco::Dynamic::Var>(std::in_place, Poco::UInt64{*number});
    return std::nullopt;
  }
  if (setting.type == "list") return std::optional<Poco::Dynamic::Var>(std::in_place, ipc::to_json_array({text}));
  return std::optional<Poco::Dynamic::Var>(std::in_place, text);
}

int get(IpcClient& client, const std::vector<std::string>& keys, const CommandContext& ctx) {
  int code = ExitOk;
  auto result = call_or_report(client, ipc::method::SettingsGet, ipc::to_json(ipc::SettingsGetParams{keys}), ctx, code);
  if (!result) return code;
  if (ctx.json) {
    print_json(*result, ctx);
    return ExitOk;
  }
  TextTable table({"KEY", "APPLY", "SOURCE", "VALUE"});
  for (const auto& setting : ipc::settings_from_json(ipc::as_array(*result)))
    table.add({setting.key, setting.apply, setting.source,
               show(setting.value) + (setting.restart_pending ? "  (after restart)" : "")});
  table.print(ctx.out);
  return ExitOk;
}

int set(IpcClient& client, const std::vector<std::string>& pairs, const CommandContext& ctx) {
  if (pairs.empty() || pairs.size() % 2 != 0) return usage("usage: wpnctl settings set KEY VALUE [KEY VALUE...]", ctx);
  ipc::SettingsGetParams wanted;
  for (std::size_t i = 0; i < pairs.size(); i += 2) wanted.keys.push_back(pairs[i]);
  int code = ExitOk;
  auto described = call_or_report(client, ipc::method::SettingsGet, ipc::to_json(wanted), ctx, code);
  if (!described) return code;
  const auto settings = ipc::settings_from_json(ipc::as_array(*described));
  ipc::SettingsSetParams params;
  for (std::size_t i = 0; i < pairs.size(); i += 2) {
    const auto& setting = settings.at(i / 2);
    auto value = convert(setting, pairs[i + 1]);
    if (!value) return usage("setting '" + setting.key + "' needs a " + setting.type + " value", ctx);
    params.values[pairs[i]] = *value;
  }
  auto result = call_or_report(client, ipc::method::SettingsSet, ipc::to_json(params), ctx, code);
  if (!result) return code;
  if (ctx.json) {
    print_json(*result, ctx);
    return ExitOk;
  }
  const auto change = ipc::settings_change_from_json(ipc::as_object(*result));
  if (!change.applied.empty()) ctx.out << "applied: " << join(change.applied) << '\n';
  if (!change.restart_required.empty())
    ctx.out << "takes effect at the next start: " << join(change.restart_required) << '\n';
  if (!change.overridden.empty())
    ctx.out << "saved, but overridden by wpnd's command line: " << join(change.overridden) << '\n';
  if (change.applied.empty() && change.restart_required.empty() && change.overridden.empty()) ctx.out << "unchanged\n";
  return ExitOk;
}

}  // namespace

int run_settings(IpcClient& client, const std::vector<std::string>& args, const CommandContext& ctx) {
  if (args.empty()) return get(client, {}, ctx);
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args.front() == "get") return get(client, rest, ctx);
  if (args.front() == "set") return set(client, rest, ctx);
  return usage("usage: wpnctl settings [get [KEY...] | set KEY VALUE [KEY VALUE...]]", ctx);
}

}  // namespace wpn::ctl
