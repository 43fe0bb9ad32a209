#pragma once
// Everything the transfer adapters can be configured with; all of it may change while
// running (TransferManager::reconfigure). The runtime identity is set apart (TransferIdentity). Defaults follow
// filesharing.md §3.8 and §5.5.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/wire_options.h"
#include "transfer/bandwidth_limiter.h"
#include "transfer/download.h"
#include "transfer/upload_settings.h"
#include "transfer/uploader.h"

namespace wpn::net {

// The data port (§3.1). port 0 = passive: no listener at all (pushes only).
// `ephemeral` binds port 0 to a free port (tests); data_port() reports it.
struct ListenerSettings {
  std::string bind_address = "0.0.0.0";
  std::uint16_t port = 6699;
  bool ephemeral = false;
  std::uint32_t max_connections = 2048;  // accepted, not yet handed to the overlay or closed
  std::uint32_t max_per_ip = 16;
  std::chrono::milliseconds first_bytes_timeout{30'000};  // GET/SEND/key block after our '1'

  bool enabled() const noexcept { return ephemeral || port != 0; }
  friend bool operator==(const ListenerSettings&, const ListenerSettings&) = default;
};

// Data-connection phases the state machines do not time themselves (§3.8 [P]).
struct PhaseTimeouts {
  std::chrono::milliseconds connect{30'000};       // TCP connect + greeting '1'
  std::chrono::milliseconds request_line{30'000};  // the complete GET/SEND line
  std::chrono::milliseconds digits_silence{500};   // ends an OpenNap offset / a SEND reply (§3.4)
  std::chrono::milliseconds close_flush{10'000};   // a refusal text still being written

  friend bool operator==(const PhaseTimeouts&, const PhaseTimeouts&) = default;
};

// Who we are on the network: learned at login, not configured (TransferManager::set_identity).
struct TransferIdentity {
  std::string own_name;  // our full WPN name (GET and SEND lines)
  protocol::NodeHandle own_handle;
  // Where we tell the relay our data port is reachable (0x1FD6 / 0x1FC2 translation).
  protocol::Ip4 advertised_ip{};
  friend bool operator==(const TransferIdentity&, const TransferIdentity&) = default;
};

struct TransferSettings {
  ListenerSettings listener;
  PhaseTimeouts phases;
  transfer::UploadSettings upload;
  std::vector<std::string> friends;  // user names (full or base) in the friends group
  // Permanently banned names: a plain name bans every suffix, a full name that user only.
  std::vector<std::string> banned;
  transfer::UploadTimeouts upload_timeouts;
  transfer::DownloadSettings download;
  transfer::RateLimits limits;
  std::optional<transfer::RateLimits> alternate_limits;  // used while alternate mode is on
  std::optional<std::uint32_t> alternate_slots;
  std::string incomplete_dir;  // "<hex key>.part" + ".meta"
  std::string download_dir;
  std::string queue_db;                 // SQLite file of the upload queue; empty = not kept
  std::uint64_t send_chunk = 1u << 20;  // largest sendfile() per writable event
  protocol::WireOptions wire = protocol::default_wire_options();
};

}  // namespace wpn::net
