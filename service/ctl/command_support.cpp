#include "command_support.h"

#include <charconv>

#include "exit_codes.h"

namespace wpn::ctl {

std::optional<CommandArgs> split_args(const std::vector<std::string>& args, const std::set<std::string>& valued,
                                      std::string& error) {
  CommandArgs split;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() > 2 && arg.rfind("--", 0) == 0) {
      if (!valued.contains(arg)) {
        error = "unknown option " + arg;
        return std::nullopt;
      }
      if (i + 1 >= args.size()) {
        error = arg + " needs a value";
        return std::nullopt;
      }
      split.options[arg] = args[++i];
      continue;
    }
    split.positional.push_back(arg);
  }
  return split;
}

std::optional<std::uint64_t> parse_count(const std::string& text) {
  std::uint64_t value = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

int report(const ipc::ErrorInfo& error, const CommandContext& ctx) {
  ctx.err << "wpnctl: " << error.message << '\n';
  switch (error.code) {
    case ipc::ErrorCode::NotAvailable:
      return ExitNotAvailable;
    case ipc::ErrorCode::PermissionDenied:
      return ExitDenied;
    case ipc::ErrorCode::UnsupportedVersion:
    case ipc::ErrorCode::BadFrame:
    case ipc::ErrorCode::BadRequest:
    case ipc::ErrorCode::UnknownMethod:
      return ExitProtocol;
    default:
      return ExitFailure;
  }
}

int report(const ClientError& error, const CommandContext& ctx) {
  ctx.err << "wpnctl: " << error.message << '\n';
  switch (error.code) {
    case ClientErrc::NoService:
      return ExitNoService;
    case ClientErrc::Refused:
      return ExitDenied;
    case ClientErrc::Protocol:
      return ExitProtocol;
    default:
      return ExitFailure;
  }
}

int usage(const std::string& text, const CommandContext& ctx) {
  ctx.err << "wpnctl: " << text << '\n';
  return ExitUsage;
}

int call_and_print(IpcClient& client, std::string_view method, const ipc::JsonObject& params, const CommandContext& ctx,
                   const std::function<void(const ipc::JsonObject&)>& print) {
  int code = ExitOk;
  auto result = call_or_report(client, method, params, ctx, code);
  if (!result) return code;
  if (ctx.json)
    print_json(*result, ctx);
  else
    print(ipc::as_object(*result));
  return ExitOk;
}

std::optional<Poco::Dynamic::Var> call_or_report(IpcClient& client, std::string_view method,
                                                 const ipc::JsonObject& params, const CommandContext& ctx,
                                                 int& exit_code) {
  auto reply = client.call(method, params);
  if (!reply) {
    exit_code = report(reply.error(), ctx);
    return std::nullopt;
  }
  if (!*reply) {
    exit_code = report(reply->error(), ctx);
    return std::nullopt;
  }
  exit_code = ExitOk;
  return std::optional<Poco::Dynamic::Var>(std::in_place, **reply);
}

void print_json(const Poco::Dynamic::Var& value, const CommandContext& ctx) {
  ctx.out << ipc::to_json_text(value) << '\n';
}

}  // namespace wpn::ctl
