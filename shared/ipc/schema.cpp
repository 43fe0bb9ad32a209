#include "ipc/schema.h"

#include "ipc/control_dto.h"
#include "ipc/room_params.h"

#include <algorithm>
#include <array>

namespace wpn::ipc {

namespace {

constexpr std::array<std::string_view, 60> Methods{method::Hello,
                                                   method::Status,
                                                   method::SharesList,
                                                   method::SharesAdd,
                                                   method::SharesRemove,
                                                   method::SharesRescan,
                                                   method::SharesProgress,
                                                   method::SharesFiles,
                                                   method::SettingsGet,
                                                   method::SettingsSet,
                                                   method::LogsRecent,
                                                   method::EventsSubscribe,
                                                   method::EventsUnsubscribe,
                                                   control::TransfersView,
                                                   control::TransfersCancel,
                                                   control::TransfersRetry,
                                                   control::TransfersRemove,
                                                   control::QueueMove,
                                                   control::QueueRemove,
                                                   control::PeersBan,
                                                   control::SlotsSet,
                                                   control::LimitsAlternate,
                                                   control::SharingPause,
                                                   control::SharingResume,
                                                   control::ServiceStop,
                                                   method::NetworkStatus,
                                                   method::NetworkHosts,
                                                   method::NetworkAdd,
                                                   method::NetworkImport,
                                                   method::Search,
                                                   method::SearchResults,
                                                   method::Download,
                                                   method::Browse,
                                                   method::BrowseResults,
                                                   method::Whois,
                                                   method::WhoisResult,
                                                   method::PmSend,
                                                   control::TransfersClear,
                                                   method::NetworkConnect,
                                                   method::NetworkDisconnect,
                                                   control::PeersUnban,
                                                   control::PeersBans,
                                                   rooms_method::List,
                                                   rooms_method::Join,
                                                   rooms_method::Leave,
                                                   rooms_method::Say,
                                                   rooms_method::Joined,
                                                   rooms_method::Users,
                                                   rooms_method::History,
                                                   rooms_method::Host,
                                                   rooms_method::Unhost,
                                                   rooms_method::Hosted,
                                                   rooms_method::Kick,
                                                   rooms_method::Ban,
                                                   rooms_method::Unban,
                                                   rooms_method::Bans,
                                                   rooms_method::Topic,
                                                   rooms_method::Motd,
                                                   method::NetworkRemove,
                                                   method::NetworkConnectNow};

constexpr std::array<std::string_view, 7> Topics{topic::Status,    topic::Shares,  topic::Settings, topic::Logs,
                                                 topic::Transfers, topic::Network, topic::Chat};

constexpr std::array<std::string_view, 30> Events{
    event::StatusChanged,      event::SharesScanStarted,  event::SharesScanProgress,
    event::SharesScanFinished, event::SharesHashProgress, event::SharesFileAdded,
    event::SharesFileChanged,  event::SharesFileRemoved,  event::SharesFileRefused,
    event::SharesWatch,        event::SharesRootsChanged, event::SettingsChanged,
    event::LogsLine,           event::TransfersAdded,     event::TransfersUpdated,
    event::TransfersRemoved,   event::TransfersProgress,  event::TransfersQueueChanged,
    event::TransfersRefused,   event::NetworkLoggedIn,    event::NetworkPm,
    event::NetworkPmDelivered, event::ChatJoined,         event::ChatLeft,
    event::ChatRejected,       event::ChatUserJoined,     event::ChatUserParted,
    event::ChatUserRenamed,    event::ChatLine,           event::ChatTopic};

constexpr std::array<std::string_view, 3> Capabilities{capability::Events, capability::Replay, capability::Snapshot};

// Every area of the product is in this build now; the list stays for builds without some.
constexpr std::array<std::string_view, 0> UnavailableAreas{};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

std::span<const std::string_view> implemented_methods() noexcept { return Methods; }
std::span<const std::string_view> known_topics() noexcept { return Topics; }
std::span<const std::string_view> known_events() noexcept { return Events; }
std::span<const std::string_view> server_capabilities() noexcept { return Capabilities; }
std::span<const std::string_view> unavailable_areas() noexcept { return UnavailableAreas; }

bool is_implemented_method(std::string_view name) noexcept { return contains(Methods, name); }
bool is_known_topic(std::string_view name) noexcept { return contains(Topics, name); }

std::string_view area_of(std::string_view method_name) noexcept { return method_name.substr(0, method_name.find('.')); }

bool is_unavailable_area(std::string_view method_name) noexcept {
  return contains(UnavailableAreas, area_of(method_name));
}

bool is_valid_method_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > MaxMethodLength) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

}  // namespace wpn::ipc
