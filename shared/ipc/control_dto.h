#pragma once
// The controller's side of the IPC: the live members of "status" a tray shows, the params of
// "transfers.view" and of the quick actions (transfers, queue, peers, slots, limits,
// sharing, service). Servers parse with parse_*; clients build the structs and send
// to_json(...). Every action answers {} or an error.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/error_code.h"
#include "ipc/params.h"
#include "json/json_value.h"

namespace wpn::ipc {

namespace control {
inline constexpr std::string_view TransfersView = "transfers.view";
inline constexpr std::string_view TransfersCancel = "transfers.cancel";
inline constexpr std::string_view TransfersRetry = "transfers.retry";
inline constexpr std::string_view TransfersRemove = "transfers.remove";
inline constexpr std::string_view TransfersClear = "transfers.clear";  // forgets finished downloads
inline constexpr std::string_view QueueMove = "queue.move";
inline constexpr std::string_view QueueRemove = "queue.remove";
inline constexpr std::string_view PeersBan = "peers.ban";
inline constexpr std::string_view PeersUnban = "peers.unban";
inline constexpr std::string_view PeersBans = "peers.bans";
inline constexpr std::string_view SlotsSet = "slots.set";
inline constexpr std::string_view LimitsAlternate = "limits.alternate";
inline constexpr std::string_view SharingPause = "sharing.pause";
inline constexpr std::string_view SharingResume = "sharing.resume";
inline constexpr std::string_view ServiceStop = "service.stop";
inline constexpr std::string_view TransfersTopic = "transfers";
inline constexpr std::uint64_t MaxViewRows = 500;
}  // namespace control

namespace problem {
inline constexpr std::string_view WatchDegraded = "watch_degraded";
inline constexpr std::string_view PortUnreachable = "port_unreachable";
inline constexpr std::string_view DiskFull = "disk_full";
inline constexpr std::string_view IndexError = "index_error";
inline constexpr std::string_view NotConnected = "not_connected";
}  // namespace problem

struct ProblemDto {
  std::string code;  // one of problem::*; unknown codes are still shown
  std::string text;  // for people

  friend bool operator==(const ProblemDto&, const ProblemDto&) = default;
};

// Members of "status" (and "status.changed") beyond StatusDto's, read from the same object.
struct StatusLiveDto {
  std::uint64_t upload_bps = 0;
  std::uint64_t download_bps = 0;
  bool alternate_limits = false;
  std::uint64_t alternate_until = 0;  // unix seconds; 0 = until turned off
  bool sharing_paused = false;
  bool resuming = false;  // woke from a suspend, reconnecting
  std::vector<ProblemDto> problems;

  friend bool operator==(const StatusLiveDto&, const StatusLiveDto&) = default;
};

// Adds the members to `status` (a status object built from StatusDto).
void write_status_live(const StatusLiveDto& live, JsonObject status);
StatusLiveDto status_live_from_json(const JsonObject& status);

struct TransfersViewParams {
  std::string list;  // uploads | downloads | queue
  std::uint64_t offset = 0;
  std::uint64_t limit = 100;  // at most control::MaxViewRows
};

// transfers.cancel / retry / remove, queue.remove.
struct TransferIdParams {
  std::uint64_t id = 0;
};

struct QueueMoveParams {
  std::uint64_t id = 0;
  std::uint64_t position = 1;  // 1-based
};

struct PeersBanParams {
  std::string user;           // full name: that user; a name without suffix: every suffix
  std::uint64_t hours = 0;    // 0 = forever
  std::uint64_t seconds = 0;  // when not 0, the length instead of `hours` (short bans)
};

// "peers.unban": the rule "peers.ban" made from the same user text.
struct PeersUnbanParams {
  std::string user;
};

// One rule of "peers.bans".
struct BanDto {
  std::string name;         // as matched: a full name, or a base name
  std::string match;        // full_name | base_name
  std::uint64_t until = 0;  // unix seconds, 0 = forever
  std::string reason;

  friend bool operator==(const BanDto&, const BanDto&) = default;
};

struct BanListDto {
  std::vector<BanDto> bans;

  friend bool operator==(const BanListDto&, const BanListDto&) = default;
};

struct SlotsSetParams {
  std::uint64_t upload_slots = 0;
};

struct LimitsAlternateParams {
  bool on = false;
  std::uint64_t hours = 0;  // 0 = until turned off
};

ParamsResult<TransfersViewParams> parse_transfers_view(const JsonObject& params);
ParamsResult<TransferIdParams> parse_transfer_id(const JsonObject& params);
ParamsResult<QueueMoveParams> parse_queue_move(const JsonObject& params);
ParamsResult<PeersBanParams> parse_peers_ban(const JsonObject& params);
ParamsResult<PeersUnbanParams> parse_peers_unban(const JsonObject& params);
ParamsResult<SlotsSetParams> parse_slots_set(const JsonObject& params);
ParamsResult<LimitsAlternateParams> parse_limits_alternate(const JsonObject& params);

JsonObject to_json(const TransfersViewParams& params);
JsonObject to_json(const TransferIdParams& params);
JsonObject to_json(const QueueMoveParams& params);
JsonObject to_json(const PeersBanParams& params);
JsonObject to_json(const PeersUnbanParams& params);
JsonObject to_json(const BanListDto& list);
BanListDto ban_list_from_json(const JsonObject& object);
JsonObject to_json(const SlotsSetParams& params);
JsonObject to_json(const LimitsAlternateParams& params);

}  // namespace wpn::ipc
