#include "ipc/schema.h"

#include "ipc/control_dto.h"

#include <algorithm>
#include <array>

namespace wpn::ipc {

namespace {

constexpr std::array<std::string_view, 42> Methods{method::Hello,
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
                                                   control::PeersBans};

constexpr std::array<std::string_view, 6> Topics{topic::Status, topic::Shares,    topic::Settings,
                                                 topic::Logs,   topic::Transfers, topic::Network};

constexpr std::array<std::string_view, 22> Events{
    event::StatusChanged,      event::SharesScanStarted,     event::SharesScanProgress, event::SharesScanFinished,
    event::SharesHashProgress, event::SharesFileAdded,       event::SharesFileChanged,  event::SharesFileRemoved,
    event::SharesFileRefused,  event::SharesWatch,           event::SharesRootsChanged, event::SettingsChanged,
    event::LogsLine,           event::TransfersAdded,        event::TransfersUpdated,   event::TransfersRemoved,
    event::TransfersProgress,  event::TransfersQueueChanged, event::TransfersRefused,   event::NetworkLoggedIn,
    event::NetworkPm,          event::NetworkPmDelivered};

constexpr std::array<std::string_view, 3> Capabilities{capability::Events, capability::Replay, capability::Snapshot};

constexpr std::array<std::string_view, 1> UnavailableAreas{"rooms"};

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
