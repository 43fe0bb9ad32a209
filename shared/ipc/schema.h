#pragma once
// Names of the IPC contract: protocol version, methods, event topics, capabilities.
// Additive within a protocol version: new methods, topics, fields and capabilities may
// appear; nothing is renamed or removed without bumping ProtocolVersion.

#include <cstddef>
#include <span>
#include <string_view>

namespace wpn::ipc {

inline constexpr int ProtocolVersion = 1;

namespace method {
inline constexpr std::string_view Hello = "hello";
inline constexpr std::string_view Status = "status";
inline constexpr std::string_view SharesList = "shares.list";
inline constexpr std::string_view SharesAdd = "shares.add";
inline constexpr std::string_view SharesRemove = "shares.remove";
inline constexpr std::string_view SharesRescan = "shares.rescan";
inline constexpr std::string_view SharesProgress = "shares.progress";
inline constexpr std::string_view SharesFiles = "shares.files";
inline constexpr std::string_view SettingsGet = "settings.get";
inline constexpr std::string_view SettingsSet = "settings.set";
inline constexpr std::string_view LogsRecent = "logs.recent";
inline constexpr std::string_view EventsSubscribe = "events.subscribe";
inline constexpr std::string_view EventsUnsubscribe = "events.unsubscribe";
inline constexpr std::string_view NetworkStatus = "network.status";
inline constexpr std::string_view NetworkHosts = "network.hosts";
inline constexpr std::string_view NetworkAdd = "network.add";
inline constexpr std::string_view NetworkImport = "network.import";
inline constexpr std::string_view NetworkRemove = "network.remove";
inline constexpr std::string_view NetworkConnectNow = "network.connect_now";
inline constexpr std::string_view NetworkConnect = "network.connect";
inline constexpr std::string_view NetworkDisconnect = "network.disconnect";
inline constexpr std::string_view Search = "search";
inline constexpr std::string_view SearchResults = "search.results";
inline constexpr std::string_view Download = "download";
inline constexpr std::string_view Browse = "browse";
inline constexpr std::string_view BrowseResults = "browse.results";
inline constexpr std::string_view Whois = "whois";
inline constexpr std::string_view WhoisResult = "whois.result";
inline constexpr std::string_view PmSend = "pm.send";
}  // namespace method

namespace topic {
inline constexpr std::string_view Status = "status";
inline constexpr std::string_view Shares = "shares";
inline constexpr std::string_view Settings = "settings";
inline constexpr std::string_view Logs = "logs";
inline constexpr std::string_view Transfers = "transfers";
inline constexpr std::string_view Network = "network";
inline constexpr std::string_view Chat = "chat";
}  // namespace topic

// Event names; the topic is the name up to the first '.'.
namespace event {
inline constexpr std::string_view StatusChanged = "status.changed";
inline constexpr std::string_view SharesScanStarted = "shares.scan_started";
inline constexpr std::string_view SharesScanProgress = "shares.scan_progress";
inline constexpr std::string_view SharesScanFinished = "shares.scan_finished";
inline constexpr std::string_view SharesHashProgress = "shares.hash_progress";
inline constexpr std::string_view SharesFileAdded = "shares.file_added";
inline constexpr std::string_view SharesFileChanged = "shares.file_changed";
inline constexpr std::string_view SharesFileRemoved = "shares.file_removed";
inline constexpr std::string_view SharesFileRefused = "shares.file_refused";
inline constexpr std::string_view SharesWatch = "shares.watch";
inline constexpr std::string_view SharesRootsChanged = "shares.roots_changed";
inline constexpr std::string_view SettingsChanged = "settings.changed";
inline constexpr std::string_view LogsLine = "logs.line";
inline constexpr std::string_view TransfersAdded = "transfers.added";
inline constexpr std::string_view TransfersUpdated = "transfers.updated";
inline constexpr std::string_view TransfersRemoved = "transfers.removed";
inline constexpr std::string_view TransfersProgress = "transfers.progress";
inline constexpr std::string_view TransfersQueueChanged = "transfers.queue_changed";
inline constexpr std::string_view TransfersRefused = "transfers.refused";
inline constexpr std::string_view NetworkLoggedIn = "network.logged_in";
inline constexpr std::string_view NetworkPm = "network.pm";
inline constexpr std::string_view NetworkPmDelivered = "network.pm_delivered";
inline constexpr std::string_view ChatJoined = "chat.joined";
inline constexpr std::string_view ChatLeft = "chat.left";
inline constexpr std::string_view ChatRejected = "chat.rejected";
inline constexpr std::string_view ChatUserJoined = "chat.user_joined";
inline constexpr std::string_view ChatUserParted = "chat.user_parted";
inline constexpr std::string_view ChatUserRenamed = "chat.user_renamed";
inline constexpr std::string_view ChatLine = "chat.line";
inline constexpr std::string_view ChatTopic = "chat.topic";
}  // namespace event

namespace capability {
inline constexpr std::string_view Events = "events";      // events.subscribe with topics
inline constexpr std::string_view Replay = "replay";      // "since" resumes from the replay buffer
inline constexpr std::string_view Snapshot = "snapshot";  // a full snapshot when the gap is too large
}  // namespace capability

// Limits a client can rely on.
inline constexpr std::size_t MaxMethodLength = 64;
inline constexpr std::size_t MaxFilesPage = 1000;

std::span<const std::string_view> implemented_methods() noexcept;
std::span<const std::string_view> known_topics() noexcept;
std::span<const std::string_view> known_events() noexcept;
std::span<const std::string_view> server_capabilities() noexcept;
// Areas of the full product that this build does not contain (transfers, search, ...):
// any method in them is answered with ErrorCode::NotAvailable.
std::span<const std::string_view> unavailable_areas() noexcept;

bool is_implemented_method(std::string_view name) noexcept;
bool is_known_topic(std::string_view name) noexcept;
// "transfers.list" -> "transfers"; "search" -> "search".
std::string_view area_of(std::string_view method_name) noexcept;
bool is_unavailable_area(std::string_view method_name) noexcept;
// Lower-case letters, digits, '.', '_' and '-', 1..MaxMethodLength characters.
bool is_valid_method_name(std::string_view name) noexcept;

}  // namespace wpn::ipc
