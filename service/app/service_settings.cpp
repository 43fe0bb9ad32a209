#include "service/app/service_settings.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>

#include "json/json_value.h"
#include "session/engine_settings.h"

namespace wpn::service {

namespace {

using S = ServiceSettings;
using Var = Poco::Dynamic::Var;

constexpr std::array<std::string_view, 3> Roles{"secondary", "primary", "cache"};
constexpr std::array<std::string_view, 2> ShareModes{"media", "all"};
constexpr std::array<std::string_view, 2> QueueOrders{"fifo", "round_robin"};
constexpr std::array<std::string_view, 2> CodePages{"CP1252", "CP932"};
constexpr std::array<std::string_view, 8> LogLevels{"trace",   "debug", "information", "notice",
                                                    "warning", "error", "critical",    "fatal"};

std::optional<std::string> absolute_path(std::string_view path) {
  if (path.empty() || !std::filesystem::path(path).is_absolute())
    return "\"" + std::string(path) + "\" is not an absolute path";
  return std::nullopt;
}

std::optional<std::string> check_path(const Var& value) { return absolute_path(ipc::as_string(value).value_or("")); }

std::optional<std::string> check_paths(const Var& value) {
  for (const auto& path : ipc::as_string_list(value).value_or(std::vector<std::string>{}))
    if (auto error = absolute_path(path)) return error;
  return std::nullopt;
}

std::optional<std::string> check_bind(const Var& value) {
  const std::string text = ipc::as_string(value).value_or("");
  unsigned char buffer[16];
  if (::inet_pton(AF_INET, text.c_str(), buffer) == 1 || ::inet_pton(AF_INET6, text.c_str(), buffer) == 1)
    return std::nullopt;
  return "\"" + text + "\" is not an IPv4 or IPv6 address";
}

std::optional<std::string> check_caches(const Var& value) {
  for (const auto& entry : ipc::as_string_list(value).value_or(std::vector<std::string>{}))
    if (!session::parse_endpoint(entry)) return "\"" + entry + "\" is not HOST:PORT";
  return std::nullopt;
}

std::optional<std::string> check_hosted_rooms(const Var& value) {
  for (const auto& entry : ipc::as_string_list(value).value_or(std::vector<std::string>{}))
    if (!session::parse_hosted_room(entry))
      return "\"" + entry + "\" is not PORT|NAME[|TOPIC[|LIMIT[|PASSWORD[|MOTD]]]]";
  return std::nullopt;
}

std::optional<std::string> check_optional_path(const Var& value) {
  const std::string text = ipc::as_string(value).value_or("");
  return text.empty() ? std::nullopt : absolute_path(text);
}

std::optional<std::string> check_schedule(const Var& value) {
  const std::string text = ipc::as_string(value).value_or("");
  if (text.empty() || session::valid_alt_schedule(text)) return std::nullopt;
  return "the schedule must be 168 characters 0 or 1, one per hour from Monday 00:00";
}

std::optional<std::string> check_name(const Var& value) {
  const std::string text = ipc::as_string(value).value_or("");
  const bool printable = std::all_of(text.begin(), text.end(), [](char c) { return c > ' ' && c < 0x7F; });
  if (text.empty() || text.size() > 30 || !printable)
    return "\"" + text + "\" must be 1-30 printable ASCII characters without spaces";
  return std::nullopt;
}

constexpr std::uint64_t KiB = 1024;

std::string_view token(session::Role value) { return session::role_name(value); }
std::string_view token(session::ShareMode value) { return session::share_mode_name(value); }
std::string_view token(session::QueueOrder value) { return session::queue_order_name(value); }
std::string_view token(session::CodePage value) { return session::code_page_name(value); }

template <class E>
std::optional<E> parse_token(std::string_view text) {
  if constexpr (std::is_same_v<E, session::Role>)
    return session::parse_role(text);
  else if constexpr (std::is_same_v<E, session::ShareMode>)
    return session::parse_share_mode(text);
  else if constexpr (std::is_same_v<E, session::QueueOrder>)
    return session::parse_queue_order(text);
  else
    return session::parse_code_page(text);
}

const std::array<SettingField, 48> Fields{{
    {.key = "role",
     .member = &S::role,
     .apply = Apply::Restart,
     .description = "Role on the WinMX Peer Network",
     .choices = Roles},
    {.key = "name",
     .member = &S::name,
     .apply = Apply::Restart,
     .description = "User name base (the network adds a numeric suffix)",
     .check = check_name},
    {.key = "bind",
     .member = &S::bind,
     .apply = Apply::Restart,
     .description = "Local address for peer connections",
     .check = check_bind},
    {.key = "data_port",
     .member = &S::data_port,
     .apply = Apply::Restart,
     .description = "TCP port for peer connections (0 = any free port)",
     .max = 65535},
    {.key = "passive",
     .member = &S::passive,
     .apply = Apply::Restart,
     .description = "Behind a firewall: accept no incoming connections"},
    {.key = "caches",
     .member = &S::caches,
     .apply = Apply::Restart,
     .description = "Peer caches to bootstrap from (HOST:PORT)",
     .check = check_caches},
    {.key = "hubs",
     .member = &S::hubs,
     .apply = Apply::Restart,
     .description = "Primary hubs to log in to directly (HOST:PORT)",
     .check = check_caches},
    {.key = "hub_max_users",
     .member = &S::hub_max_users,
     .apply = Apply::Restart,
     .description = "Primary role: secondaries accepted at once",
     .min = 1,
     .max = 5000},
    {.key = "hosted_rooms",
     .member = &S::hosted_rooms,
     .apply = Apply::Live,
     .description = "Chat rooms this node hosts, each \"PORT|NAME[|TOPIC[|LIMIT[|PASSWORD[|MOTD line|...]]]]\"",
     .check = check_hosted_rooms},
    {.key = "publish_host_list",
     .member = &S::publish_host_list,
     .apply = Apply::Restart,
     .description = "Share the known caches and hubs as a dated PUBLIC ....wsx file in the first shared folder"},
    {.key = "wsx_import_downloads",
     .member = &S::wsx_import_downloads,
     .apply = Apply::Live,
     .description = "Add the caches and hubs of every .wsx file that finishes downloading"},
    {.key = "wsx_allow_raw_ip",
     .member = &S::wsx_allow_raw_ip,
     .apply = Apply::Live,
     .description = "Import WSX entries that are raw IP addresses (WinMX refused them by default)"},
    {.key = "upload_slots",
     .member = &S::upload_slots,
     .apply = Apply::Live,
     .description = "Simultaneous uploads",
     .max = 100},
    {.key = "slots_per_user",
     .member = &S::slots_per_user,
     .apply = Apply::Live,
     .description = "Simultaneous uploads to one user",
     .min = 1,
     .max = 100},
    {.key = "queue_limit",
     .member = &S::queue_limit,
     .apply = Apply::Live,
     .description = "Requests waiting in the upload queue",
     .max = 10000},
    {.key = "queue_per_user",
     .member = &S::queue_per_user,
     .apply = Apply::Live,
     .description = "Requests one user may have waiting",
     .min = 1,
     .max = 1000},
    {.key = "queue_order",
     .member = &S::queue_order,
     .apply = Apply::Live,
     .description = "Serve the queue first come first served (fifo) or users in turn (round_robin)",
     .choices = QueueOrders},
    {.key = "friends",
     .member = &S::friends,
     .apply = Apply::Live,
     .description = "Users served before the others, even when the queue is full"},
    {.key = "banned", .member = &S::banned, .apply = Apply::Live, .description = "Users refused uploads"},
    {.key = "unused_slot_timeout_s",
     .member = &S::unused_slot_timeout_s,
     .apply = Apply::Live,
     .description = "Seconds a granted upload slot waits for the downloader",
     .min = 30,
     .max = 300},
    {.key = "max_connections_per_ip",
     .member = &S::max_connections_per_ip,
     .apply = Apply::Live,
     .description = "Data connections one address may hold",
     .min = 1,
     .max = 1000},
    {.key = "download_dir",
     .member = &S::download_dir,
     .apply = Apply::Live,
     .description = "Where finished downloads are moved",
     .check = check_path},
    {.key = "incomplete_dir",
     .member = &S::incomplete_dir,
     .apply = Apply::Restart,
     .description = "Where partial downloads are kept (empty = incomplete in the data directory)",
     .check = check_optional_path},
    {.key = "max_downloads",
     .member = &S::max_downloads,
     .apply = Apply::Live,
     .description = "Downloads running at once (more wait)",
     .min = 1,
     .max = 100},
    {.key = "upload_limit_kib",
     .member = &S::upload_limit_kib,
     .apply = Apply::Live,
     .description = "Total upload rate in KiB/s (0 = unlimited)"},
    {.key = "download_limit_kib",
     .member = &S::download_limit_kib,
     .apply = Apply::Live,
     .description = "Total download rate in KiB/s (0 = unlimited)"},
    {.key = "transfer_limit_kib",
     .member = &S::transfer_limit_kib,
     .apply = Apply::Live,
     .description = "Rate of each upload in KiB/s (0 = unlimited)"},
    {.key = "alt_upload_limit_kib",
     .member = &S::alt_upload_limit_kib,
     .apply = Apply::Live,
     .description = "Alternate limits: total upload rate in KiB/s (0 = unlimited)"},
    {.key = "alt_download_limit_kib",
     .member = &S::alt_download_limit_kib,
     .apply = Apply::Live,
     .description = "Alternate limits: total download rate in KiB/s (0 = unlimited)"},
    {.key = "alt_upload_slots",
     .member = &S::alt_upload_slots,
     .apply = Apply::Live,
     .description = "Alternate limits: simultaneous uploads",
     .max = 100},
    {.key = "alt_schedule",
     .member = &S::alt_schedule,
     .apply = Apply::Live,
     .description = "Hours of the week the alternate limits apply (168 x 0/1 from Monday 00:00; empty = on request)",
     .check = check_schedule},
    {.key = "data_dir",
     .member = &S::data_dir,
     .apply = Apply::Restart,
     .description = "Directory of the share index and the log",
     .check = check_path},
    {.key = "runtime_dir",
     .member = &S::runtime_dir,
     .apply = Apply::Restart,
     .description = "Directory of the control socket and pid file",
     .check = check_path},
    {.key = "shares",
     .member = &S::shares,
     .apply = Apply::Live,
     .description = "Shared directories",
     .check = check_paths},
    {.key = "share_mode",
     .member = &S::share_mode,
     .apply = Apply::Live,
     .description = "Share audio and video only (media) or every file (all)",
     .choices = ShareModes},
    {.key = "include_hidden",
     .member = &S::include_hidden,
     .apply = Apply::Live,
     .description = "Share files and folders whose names start with a dot"},
    {.key = "max_file_size",
     .member = &S::max_file_size,
     .apply = Apply::Live,
     .description = "Largest file shared, in bytes",
     .min = 1,
     .max = 0xFFFFFFFFu},
    {.key = "hash_threads",
     .member = &S::hash_threads,
     .apply = Apply::Live,
     .description = "Files hashed in parallel",
     .min = 1,
     .max = 16},
    {.key = "hash_rate_limit",
     .member = &S::hash_rate_limit,
     .apply = Apply::Live,
     .description = "Hashing read rate cap in bytes/s (0 = none)"},
    {.key = "watch",
     .member = &S::watch,
     .apply = Apply::Live,
     .description = "Watch shared folders for changes (off = periodic rescans only)"},
    {.key = "rescan_interval_s",
     .member = &S::rescan_interval_s,
     .apply = Apply::Live,
     .description = "Seconds between periodic rescans where watching is off",
     .min = 10,
     .max = 7 * 24 * 3600},
    {.key = "code_page",
     .member = &S::code_page,
     .apply = Apply::Restart,
     .description = "Code page of announced file names",
     .choices = CodePages},
    {.key = "log_level",
     .member = &S::log_level,
     .apply = Apply::Live,
     .description = "Least severe log level recorded",
     .choices = LogLevels},
    {.key = "log_to_file",
     .member = &S::log_to_file,
     .apply = Apply::Restart,
     .description = "Write the log to wpnd.log in the data directory"},
    {.key = "log_file_max_kib",
     .member = &S::log_file_max_kib,
     .apply = Apply::Restart,
     .description = "Log file size before it is rotated, in KiB",
     .min = 16,
     .max = 1024 * KiB},
    {.key = "log_file_keep",
     .member = &S::log_file_keep,
     .apply = Apply::Restart,
     .description = "Rotated log files kept",
     .min = 1,
     .max = 100},
    {.key = "log_ring_lines",
     .member = &S::log_ring_lines,
     .apply = Apply::Restart,
     .description = "Recent log lines kept for clients",
     .min = 10,
     .max = 100000},
    {.key = "ipc_client_queue_kib",
     .member = &S::ipc_client_queue_kib,
     .apply = Apply::Restart,
     .description = "Output a control client may leave unread before it is disconnected, in KiB",
     .min = 64,
     .max = 1024 * KiB},
}};

std::optional<bool> parse_bool(std::string_view text) {
  if (text == "true" || text == "yes" || text == "on" || text == "1") return true;
  if (text == "false" || text == "no" || text == "off" || text == "0") return false;
  return std::nullopt;
}

std::string expectation(const SettingField& field) {
  const std::string type(type_name(field));
  if (type == "integer") return "an integer " + std::to_string(field.min) + ".." + std::to_string(field.max);
  if (type == "choice") {
    std::string list;
    for (const auto choice : field.choices) list += (list.empty() ? "" : ", ") + std::string(choice);
    return "one of " + list;
  }
  if (type == "list") return "a list of strings";
  if (type == "bool") return "true or false";
  return "a string";
}

}  // namespace

ServiceSettings default_settings(const platform::EnvLookup& env, unsigned uid) {
  ServiceSettings settings;
  settings.data_dir = platform::data_dir(env).string();
  settings.runtime_dir = platform::runtime_dir(env, uid).string();
  settings.shares = {platform::default_share_dir(env).string()};
  settings.download_dir = platform::default_download_dir(env).string();
  return settings;
}

std::span<const SettingField> setting_fields() noexcept { return Fields; }

const SettingField* find_setting(std::string_view key) noexcept {
  for (const auto& field : Fields)
    if (field.key == key) return &field;
  return nullptr;
}

std::string_view type_name(const SettingField& field) noexcept {
  return std::visit(
      [&](auto member) -> std::string_view {
        using T = std::remove_cvref_t<decltype(std::declval<ServiceSettings>().*member)>;
        if constexpr (std::is_same_v<T, std::string>)
          return field.choices.empty() ? "string" : "choice";
        else if constexpr (std::is_same_v<T, bool>)
          return "bool";
        else if constexpr (std::is_same_v<T, std::uint64_t>)
          return "integer";
        else if constexpr (std::is_enum_v<T>)
          return "choice";
        else
          return "list";
      },
      field.member);
}

std::string_view apply_name(Apply apply) noexcept { return apply == Apply::Live ? "live" : "restart"; }

Var get_value(const ServiceSettings& settings, const SettingField& field) {
  return std::visit(
      [&](auto member) -> Var {
        using T = std::remove_cvref_t<decltype(settings.*member)>;
        if constexpr (std::is_same_v<T, std::vector<std::string>>)
          return ipc::to_json_array(settings.*member);
        else if constexpr (std::is_same_v<T, std::uint64_t>)
          return Poco::UInt64{settings.*member};
        else if constexpr (std::is_enum_v<T>)
          return std::string(token(settings.*member));
        else
          return settings.*member;
      },
      field.member);
}

std::optional<std::string> set_value(ServiceSettings& settings, const SettingField& field, const Var& value) {
  const auto refuse = [&](const std::string& why) {
    return std::optional<std::string>("setting '" + std::string(field.key) + "': " + why);
  };
  std::optional<std::string> type_error;
  std::visit(
      [&](auto member) {
        using T = std::remove_cvref_t<decltype(settings.*member)>;
        if constexpr (std::is_same_v<T, std::string>) {
          auto text = ipc::as_string(value);
          if (!text || (!field.choices.empty() &&
                        std::find(field.choices.begin(), field.choices.end(), *text) == field.choices.end()))
            type_error = expectation(field);
        } else if constexpr (std::is_same_v<T, bool>) {
          if (!ipc::as_bool(value)) type_error = expectation(field);
        } else if constexpr (std::is_same_v<T, std::uint64_t>) {
          auto number = ipc::as_uint(value);
          if (!number || *number < field.min || *number > field.max) type_error = expectation(field);
        } else if constexpr (std::is_enum_v<T>) {
          const auto text = ipc::as_string(value);
          if (!text || !parse_token<T>(*text)) type_error = expectation(field);
        } else {
          if (!ipc::as_string_list(value)) type_error = expectation(field);
        }
      },
      field.member);
  if (type_error) return refuse("expected " + *type_error + ", got " + ipc::to_json_text(value));
  if (field.check != nullptr)
    if (auto why = field.check(value)) return refuse(*why);
  std::visit(
      [&](auto member) {
        using T = std::remove_cvref_t<decltype(settings.*member)>;
        if constexpr (std::is_same_v<T, std::string>)
          settings.*member = *ipc::as_string(value);
        else if constexpr (std::is_same_v<T, bool>)
          settings.*member = *ipc::as_bool(value);
        else if constexpr (std::is_same_v<T, std::uint64_t>)
          settings.*member = *ipc::as_uint(value);
        else if constexpr (std::is_enum_v<T>)
          settings.*member = *parse_token<T>(*ipc::as_string(value));
        else
          settings.*member = *ipc::as_string_list(value);
      },
      field.member);
  return std::nullopt;
}

std::optional<std::string> set_from_text(ServiceSettings& settings, const SettingField& field, std::string_view text,
                                         bool append) {
  const std::string_view type = type_name(field);
  if (type == "bool") {
    const auto flag = parse_bool(text);
    if (!flag)
      return "setting '" + std::string(field.key) + "': expected true or false, got \"" + std::string(text) + "\"";
    return set_value(settings, field, *flag);
  }
  if (type == "integer") {
    std::uint64_t number = 0;
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), number);
    if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size())
      return "setting '" + std::string(field.key) + "': expected " + expectation(field) + ", got \"" +
             std::string(text) + "\"";
    return set_value(settings, field, Poco::UInt64{number});
  }
  if (type == "list") {
    const auto& current = settings.*std::get<std::vector<std::string> ServiceSettings::*>(field.member);
    std::vector<std::string> list = append ? current : std::vector<std::string>{};
    list.emplace_back(text);
    return set_value(settings, field, ipc::to_json_array(list));
  }
  return set_value(settings, field, std::string(text));
}

bool same_value(const ServiceSettings& a, const ServiceSettings& b, const SettingField& field) {
  return std::visit([&](auto member) { return a.*member == b.*member; }, field.member);
}

}  // namespace wpn::service
