// Engine settings and values to and from the internal layers' types.
#include <algorithm>
#include <filesystem>
#include <type_traits>

#include "session/engine_impl.h"

namespace wpn::session {

share::CodePage to_share_code_page(CodePage code_page) {
  return code_page == CodePage::Cp932 ? share::CodePage::Cp932 : share::CodePage::Cp1252;
}

net::TransferSettings to_transfer_settings(const EngineSettings& settings) {
  const auto& network = settings.network;
  const auto& config = settings.transfers;
  net::TransferSettings out;
  out.listener.bind_address = network.bind;
  // A hub or a cache takes the configured port for itself; only a secondary has a data port.
  const bool data_port = network.role == Role::Secondary && !network.passive;
  out.listener.port = data_port ? network.port : 0;
  out.listener.ephemeral = data_port && network.port == 0;
  out.listener.max_per_ip = config.max_connections_per_ip;

  auto& upload = out.upload;
  upload.slots = config.upload_slots;
  upload.slots_per_user = config.slots_per_user;
  upload.queue_limit = config.queue_limit;
  upload.queue_per_user = config.queue_per_user;
  upload.unused_slot_timeout = config.unused_slot_timeout;
  const auto strategy = config.queue_order == QueueOrder::RoundRobin ? transfer::QueueStrategy::RoundRobin
                                                                     : transfer::QueueStrategy::Fifo;
  for (auto& group : upload.groups) group.strategy = strategy;
  out.banned = config.banned;
  out.friends = config.friends;

  out.download.max_active = config.max_downloads;
  out.limits = {config.upload_limit, config.download_limit, config.transfer_limit, 0};
  out.alternate_limits =
      transfer::RateLimits{config.alt_upload_limit, config.alt_download_limit, config.transfer_limit, 0};
  out.alternate_slots = config.alt_upload_slots;

  const std::filesystem::path data(settings.data_dir);
  out.incomplete_dir = config.incomplete_dir.empty() ? (data / "incomplete").string() : config.incomplete_dir;
  out.download_dir = config.download_dir;
  out.queue_db = (data / "queue.sqlite").string();
  return out;
}

share::ShareSettings to_share_settings(const ShareConfig& config) {
  share::ShareSettings out;
  for (const auto& path : config.roots) out.roots.push_back(share::ShareRootConfig{path, {}});
  out.include_hidden = config.include_hidden;
  out.mode = config.mode == ShareMode::All ? share::ShareMode::All : share::ShareMode::Media;
  out.max_file_size = config.max_file_size;
  out.hash_threads = config.hash_threads;
  out.hash_rate_limit_bytes_per_s = config.hash_rate_limit;
  out.watch = config.watch;
  out.fallback_rescan_interval = config.rescan_interval;
  out.code_page = std::string(code_page_name(config.code_page));
  return out;
}

std::vector<overlay::WsxEntry> configured_hosts(const NetworkSettings& settings,
                                                const std::vector<overlay::WsxEntry>& saved) {
  std::vector<overlay::WsxEntry> hosts = saved;
  const auto add = [&](overlay::WsxType type, const Endpoint& endpoint) {
    overlay::WsxEntry entry;
    entry.network = "OpenWPN";
    entry.type = type;
    entry.type_text = std::string(overlay::wsx_type_text(type));
    entry.address = endpoint.host;
    entry.port = endpoint.port;
    const bool known = std::any_of(hosts.begin(), hosts.end(), [&](const overlay::WsxEntry& e) {
      return e.type == entry.type && e.address == entry.address && e.port == entry.port;
    });
    if (!known) hosts.push_back(entry);
  };
  for (const auto& cache : settings.caches) add(overlay::WsxType::WpnCache, cache);
  for (const auto& hub : settings.hubs) add(overlay::WsxType::WpnHub, hub);
  return hosts;
}

// The session enums mirror engine/transfer's value for value (same order, appended only).
namespace {
template <class A, class B>
constexpr bool same(A a, B b) {
  return static_cast<int>(a) == static_cast<int>(b);
}
}  // namespace
static_assert(same(TransferPhase::Queued, transfer::TransferPhase::Queued) &&
              same(TransferPhase::Connecting, transfer::TransferPhase::Connecting) &&
              same(TransferPhase::Transferring, transfer::TransferPhase::Transferring) &&
              same(TransferPhase::Verifying, transfer::TransferPhase::Verifying) &&
              same(TransferPhase::Finished, transfer::TransferPhase::Finished) &&
              same(TransferPhase::Failed, transfer::TransferPhase::Failed));
static_assert(same(WaitReason::None, transfer::WaitReason::None) &&
              same(WaitReason::NoFreeSlot, transfer::WaitReason::NoFreeSlot) &&
              same(WaitReason::PerUserLimit, transfer::WaitReason::PerUserLimit) &&
              same(WaitReason::Banned, transfer::WaitReason::Banned) &&
              same(WaitReason::Bandwidth, transfer::WaitReason::Bandwidth) &&
              same(WaitReason::RemoteQueue, transfer::WaitReason::RemoteQueue) &&
              same(WaitReason::RetryWait, transfer::WaitReason::RetryWait) &&
              same(WaitReason::NoSource, transfer::WaitReason::NoSource));
static_assert(same(FailReason::None, transfer::FailReason::None) &&
              same(FailReason::NotShared, transfer::FailReason::NotShared) &&
              same(FailReason::FileChanged, transfer::FailReason::FileChanged) &&
              same(FailReason::SourceGone, transfer::FailReason::SourceGone) &&
              same(FailReason::NameNotRequestable, transfer::FailReason::NameNotRequestable) &&
              same(FailReason::ContentMismatch, transfer::FailReason::ContentMismatch) &&
              same(FailReason::LocalError, transfer::FailReason::LocalError) &&
              same(FailReason::Banned, transfer::FailReason::Banned) &&
              same(FailReason::QueueFull, transfer::FailReason::QueueFull) &&
              same(FailReason::UserQueueFull, transfer::FailReason::UserQueueFull) &&
              same(FailReason::Busy, transfer::FailReason::Busy));

TransferPhase to_phase(transfer::TransferPhase phase) {
  static_assert(AllTransferPhases.size() == transfer::AllTransferPhases.size());
  return static_cast<TransferPhase>(phase);
}

WaitReason to_wait_reason(transfer::WaitReason reason) {
  static_assert(AllWaitReasons.size() == transfer::AllWaitReasons.size());
  return static_cast<WaitReason>(reason);
}

static_assert(same(RemovalReason::Completed, transfer::RemovalReason::Completed) &&
              same(RemovalReason::Cancelled, transfer::RemovalReason::Cancelled) &&
              same(RemovalReason::Withdrawn, transfer::RemovalReason::Withdrawn) &&
              same(RemovalReason::Banned, transfer::RemovalReason::Banned) &&
              same(RemovalReason::SlotUnused, transfer::RemovalReason::SlotUnused) &&
              same(RemovalReason::NotShared, transfer::RemovalReason::NotShared) &&
              same(RemovalReason::InvalidRequest, transfer::RemovalReason::InvalidRequest) &&
              same(RemovalReason::Timeout, transfer::RemovalReason::Timeout) &&
              same(RemovalReason::PeerClosed, transfer::RemovalReason::PeerClosed) &&
              same(RemovalReason::ConnectFailed, transfer::RemovalReason::ConnectFailed) &&
              same(RemovalReason::FileError, transfer::RemovalReason::FileError) &&
              same(RemovalReason::Refused, transfer::RemovalReason::Refused));

RemovalReason to_removal_reason(transfer::RemovalReason reason) {
  static_assert(AllRemovalReasons.size() == transfer::AllRemovalReasons.size());
  return static_cast<RemovalReason>(reason);
}

FailReason to_fail_reason(transfer::FailReason reason) {
  static_assert(AllFailReasons.size() == transfer::AllFailReasons.size());
  return static_cast<FailReason>(reason);
}

TransferRow to_row(const net::TransferRow& row) {
  TransferRow out;
  out.id = row.id;
  out.direction = row.direction == transfer::Direction::Upload ? Direction::Upload : Direction::Download;
  out.phase = to_phase(row.phase);
  out.peer = row.peer;
  out.file = row.file;
  out.key = row.key;
  out.size = row.size;
  out.done = row.done;
  out.rate = row.rate;
  out.position = row.position;
  out.wait = to_wait_reason(row.wait);
  out.fail = to_fail_reason(row.fail);
  out.error = row.error;
  out.local_path = row.local_path;
  return out;
}

EngineEvent to_event(const share::ShareEvent& event) {
  return std::visit(
      [](const auto& e) -> EngineEvent {
        using E = std::remove_cvref_t<decltype(e)>;
        if constexpr (std::is_same_v<E, share::ScanStarted>) {
          return ScanStarted{e.root, e.folder};
        } else if constexpr (std::is_same_v<E, share::ScanProgress>) {
          return ScanProgressed{e.root, e.folders_seen, e.files_seen, e.files_queued};
        } else if constexpr (std::is_same_v<E, share::ScanFinished>) {
          return ScanFinished{e.root, e.folder, e.files_seen, e.queued, e.removed, e.refused, e.duration, e.error};
        } else if constexpr (std::is_same_v<E, share::HashProgress>) {
          return HashProgressed{e.files_done,  e.files_total, e.bytes_done, e.bytes_total,
                                e.bytes_per_s, e.eta,         e.paused};
        } else if constexpr (std::is_same_v<E, share::FileAdded>) {
          return SharedFileChanged{FileChange::Added, e.id, e.name, e.root_id, e.key.hex()};
        } else if constexpr (std::is_same_v<E, share::FileChanged>) {
          return SharedFileChanged{FileChange::Changed, e.id, e.name, e.root_id, e.key.hex()};
        } else if constexpr (std::is_same_v<E, share::FileRemoved>) {
          return SharedFileChanged{FileChange::Removed, e.id, e.name, 0, {}};
        } else if constexpr (std::is_same_v<E, share::FileRefused>) {
          return SharedFileRefused{e.path, e.reason};
        } else {
          return WatchChanged{e.root, e.state == share::WatchState::Active ? WatchMode::Active : WatchMode::Degraded,
                              e.reason};
        }
      },
      event);
}

}  // namespace wpn::session
