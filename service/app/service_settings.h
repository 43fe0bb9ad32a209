#pragma once
// Every wpnd setting: one struct with its defaults, and one table that drives loading the
// configuration file, the command line, saving, the IPC "settings.*" methods and the
// round-trip test. Settings marked Restart take effect at the next start; Live ones are
// applied to the running service.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <Poco/Dynamic/Var.h>

#include "platform/paths.h"
#include "session/engine_settings.h"

namespace wpn::service {

struct ServiceSettings {
  // The WPN node (used once the network layer exists; shown in status meanwhile).
  session::Role role = session::Role::Secondary;  // secondary | primary | cache
  std::string name = "OpenWPN";                   // user name base; the network adds the numeric suffix
  std::string bind = "0.0.0.0";
  std::uint64_t data_port = 6699;         // 0 = any free port
  bool passive = false;                   // behind a firewall: no incoming connections
  std::vector<std::string> caches;        // peer caches, HOST:PORT
  std::vector<std::string> hubs;          // primary hubs to log in to directly, HOST:PORT
  std::uint64_t hub_max_users = 200;      // primary role: secondaries accepted
  bool publish_host_list = false;         // write "PUBLIC yyyymmdd ....wsx" into the first share
  bool wsx_import_downloads = true;       // a downloaded .wsx file adds its caches and hubs
  bool wsx_allow_raw_ip = false;          // import WSX entries given as raw IP addresses (WinMX: off)
  std::vector<std::string> hosted_rooms;  // "PORT|NAME[|TOPIC[|LIMIT[|PASSWORD[|MOTD|...]]]]"
  std::uint64_t upload_slots = 3;

  // Uploads: slots and the queue (filesharing.md §5), bans and the friends group.
  std::uint64_t slots_per_user = 1;
  std::uint64_t queue_limit = 100;
  std::uint64_t queue_per_user = 5;
  session::QueueOrder queue_order = session::QueueOrder::Fifo;  // fifo | round_robin
  std::vector<std::string> friends;                             // user names served first, past a full queue
  std::vector<std::string> banned;                              // user names (base name, any suffix) refused
  std::uint64_t unused_slot_timeout_s = 120;
  std::uint64_t max_connections_per_ip = 16;

  // Downloads.
  std::string download_dir;    // default: $HOME/OpenWPN Downloads
  std::string incomplete_dir;  // empty: <data_dir>/incomplete
  std::uint64_t max_downloads = 5;

  // Bandwidth in KiB/s (0 = unlimited), and the alternate set with its weekly schedule.
  std::uint64_t upload_limit_kib = 0;
  std::uint64_t download_limit_kib = 0;
  std::uint64_t transfer_limit_kib = 0;  // per upload
  std::uint64_t alt_upload_limit_kib = 16;
  std::uint64_t alt_download_limit_kib = 0;
  std::uint64_t alt_upload_slots = 1;
  std::string alt_schedule;  // 168 x '0'/'1', Monday 00:00 first; empty = on request only

  // Where things live. Defaults follow the XDG variables (default_settings()).
  std::string data_dir;
  std::string runtime_dir;

  // Sharing.
  std::vector<std::string> shares;                            // absolute directories
  session::ShareMode share_mode = session::ShareMode::Media;  // media (audio and video, as WinMX) | all
  bool include_hidden = false;
  std::uint64_t max_file_size = (std::uint64_t{1} << 31) - 1;
  std::uint64_t hash_threads = 2;
  std::uint64_t hash_rate_limit = 0;  // bytes/s, 0 = no cap
  bool watch = true;
  std::uint64_t rescan_interval_s = 900;
  session::CodePage code_page = session::CodePage::Cp1252;

  // Logging and control.
  std::string log_level = "information";
  bool log_to_file = true;
  std::uint64_t log_file_max_kib = 1024;
  std::uint64_t log_file_keep = 5;
  std::uint64_t log_ring_lines = 1000;
  std::uint64_t ipc_client_queue_kib = 16384;
};

// The built-in defaults for this environment: data and runtime directories from the XDG
// variables, and the default share folder as the only share.
ServiceSettings default_settings(const platform::EnvLookup& env, unsigned uid);

enum class Apply { Live, Restart };

// Enumerations are parsed here, once, from their configuration tokens (choices); an
// unknown token is refused like any other invalid value.
using SettingMember = std::variant<std::string ServiceSettings::*, bool ServiceSettings::*,
                                   std::uint64_t ServiceSettings::*, std::vector<std::string> ServiceSettings::*,
                                   session::Role ServiceSettings::*, session::ShareMode ServiceSettings::*,
                                   session::QueueOrder ServiceSettings::*, session::CodePage ServiceSettings::*>;

// Extra rule for a value already of the right type; returns why it is refused.
using SettingCheck = std::optional<std::string> (*)(const Poco::Dynamic::Var& value);

struct SettingField {
  std::string_view key;
  SettingMember member;
  Apply apply;
  std::string_view description;
  std::uint64_t min = 0;  // integers
  std::uint64_t max = UINT64_MAX;
  std::span<const std::string_view> choices{};  // strings limited to these
  SettingCheck check = nullptr;
};

std::span<const SettingField> setting_fields() noexcept;
const SettingField* find_setting(std::string_view key) noexcept;

// "string", "bool", "integer", "list" or "choice".
std::string_view type_name(const SettingField& field) noexcept;
std::string_view apply_name(Apply apply) noexcept;

// The value as JSON: std::string, bool, UInt64 or a JSON array of strings.
Poco::Dynamic::Var get_value(const ServiceSettings& settings, const SettingField& field);
// Checks type, range, choices and the field's own rule; on success stores the value.
// Returns a message naming the setting and the expectation otherwise.
std::optional<std::string> set_value(ServiceSettings& settings, const SettingField& field,
                                     const Poco::Dynamic::Var& value);
// The command-line form ("6699", "true", a path) converted by the field's type; lists take
// one element per call and append.
std::optional<std::string> set_from_text(ServiceSettings& settings, const SettingField& field, std::string_view text,
                                         bool append);
bool same_value(const ServiceSettings& a, const ServiceSettings& b, const SettingField& field);

}  // namespace wpn::service
