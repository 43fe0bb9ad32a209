#pragma once
// Everything the engine is configured with, built by the service from its own settings
// (the engine includes no service header). Enumerations are parsed once, where the
// configuration is read; their text forms are the configuration tokens.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "session/endpoint.h"

namespace wpn::session {

enum class Role { Secondary, Primary, Cache };
enum class ShareMode { Media, All };
enum class QueueOrder { Fifo, RoundRobin };
enum class CodePage { Cp1252, Cp932 };

// Configuration tokens: "secondary" | "primary" | "cache", "media" | "all",
// "fifo" | "round_robin", "CP1252" | "CP932". Parsing is exact; nullopt for anything else.
std::string_view role_name(Role role) noexcept;
std::optional<Role> parse_role(std::string_view text) noexcept;
std::string_view share_mode_name(ShareMode mode) noexcept;
std::optional<ShareMode> parse_share_mode(std::string_view text) noexcept;
std::string_view queue_order_name(QueueOrder order) noexcept;
std::optional<QueueOrder> parse_queue_order(std::string_view text) noexcept;
std::string_view code_page_name(CodePage code_page) noexcept;
std::optional<CodePage> parse_code_page(std::string_view text) noexcept;

// 168 characters '0'/'1', one per hour from Monday 00:00.
bool valid_alt_schedule(std::string_view text) noexcept;

struct NetworkSettings {
  Role role = Role::Secondary;
  std::string name = "OpenWPN";  // user name base; the network adds the suffix
  std::string bind = "0.0.0.0";
  std::uint16_t port = 6699;  // secondary: the data port; hub and cache: their listener (0 = any)
  bool passive = false;
  std::vector<Endpoint> caches;
  std::vector<Endpoint> hubs;
  std::uint64_t hub_max_users = 200;
  // Primary: OpenWPN hubs to link with (docs/hub-link.md), at their link port; links are
  // listened for on link_port only when there is at least one neighbour or cache.
  std::vector<Endpoint> neighbours;
  std::uint16_t link_port = 6700;
  // Cache: the peer-cache ports it listens on (WinMX clients try 7950-7952).
  std::vector<std::uint16_t> cache_ports{7950};
  bool publish_host_list = false;
  bool wsx_import_downloads = true;
  bool wsx_allow_raw_ip = false;
  friend bool operator==(const NetworkSettings&, const NetworkSettings&) = default;
};

struct TransferConfig {
  std::uint32_t upload_slots = 3;
  std::uint32_t slots_per_user = 1;
  std::uint32_t queue_limit = 100;
  std::uint32_t queue_per_user = 5;
  QueueOrder queue_order = QueueOrder::Fifo;
  std::vector<std::string> friends;
  std::vector<std::string> banned;  // base names, any suffix
  std::chrono::seconds unused_slot_timeout{120};
  std::uint32_t max_connections_per_ip = 16;
  std::string download_dir;
  std::string incomplete_dir;  // empty: <data_dir>/incomplete
  std::uint32_t max_downloads = 5;
  // Bytes per second, 0 = unlimited.
  std::uint64_t upload_limit = 0;
  std::uint64_t download_limit = 0;
  std::uint64_t transfer_limit = 0;  // per upload
  std::uint64_t alt_upload_limit = 0;
  std::uint64_t alt_download_limit = 0;
  std::uint32_t alt_upload_slots = 1;
  std::string alt_schedule;  // 168 x '0'/'1', Monday 00:00 first; empty = on request only
  friend bool operator==(const TransferConfig&, const TransferConfig&) = default;
};

struct ShareConfig {
  std::vector<std::string> roots;  // absolute directories
  ShareMode mode = ShareMode::Media;
  bool include_hidden = false;
  std::uint64_t max_file_size = (std::uint64_t{1} << 31) - 1;
  unsigned hash_threads = 2;
  std::uint64_t hash_rate_limit = 0;  // bytes per second, 0 = no cap
  bool watch = true;
  std::chrono::seconds rescan_interval{900};
  CodePage code_page = CodePage::Cp1252;
  friend bool operator==(const ShareConfig&, const ShareConfig&) = default;
};

// A room this node hosts (any role). Port 0: any free port.
struct HostedRoomSettings {
  std::string name;  // base name, at most 40 bytes
  std::string topic;
  std::vector<std::string> motd;
  std::uint32_t limit = 100;
  std::uint16_t port = 0;
  std::string operator_password;  // empty: no "/login"
  friend bool operator==(const HostedRoomSettings&, const HostedRoomSettings&) = default;
};

// A hosted room as one configuration entry: "PORT|NAME[|TOPIC[|LIMIT[|PASSWORD[|MOTD line|...]]]]";
// PORT 0 = any free port. nullopt for a bad port, an empty or over-long name, a bad limit.
std::optional<HostedRoomSettings> parse_hosted_room(std::string_view entry);

struct EngineSettings {
  std::string data_dir;    // hosts.wsx, the upload queue, partial downloads by default
  std::string index_path;  // the share index (SQLite)
  NetworkSettings network;
  TransferConfig transfers;
  ShareConfig shares;
  std::vector<HostedRoomSettings> rooms;
  friend bool operator==(const EngineSettings&, const EngineSettings&) = default;
};

}  // namespace wpn::session
