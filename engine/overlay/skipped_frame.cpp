#include "overlay/skipped_frame.h"

#include <algorithm>
#include <array>
#include <utility>

#include "protocol/message_types.h"

namespace wpn::overlay {

namespace p = protocol;

namespace {
namespace m = p::msg;
constexpr std::array AssignedTypes{
    m::Status,         m::FullName,       m::NameQueueNotice, m::NodeChange,      m::NodeList,        m::Login,
    m::LoginAccepted,  m::ShareFile,      m::UnshareFile,     m::ShareFolder,     m::UnshareFolder,   m::WhoisRequest,
    m::WhoisAnswer,    m::WhoisFailed,    m::PmSend,          m::PmDelivered,     m::PmIncoming,      m::PmReceived,
    m::Search,         m::HashSearch,     m::SearchStop,      m::SearchResult,    m::BrowseRequest,   m::BrowseEnd,
    m::BrowseEntry,    m::BrowseComplete, m::BrowseFailed,    m::DownloadRequest, m::PushRequest,     m::UploadRefused,
    m::UploadQueued,   m::UploadReady,    m::DownloadFailed,  m::UploadWithdrawn, m::UploadRequested, m::DownloadStart,
    m::DownloadQueued, m::UploadStart,    m::RoomListRequest, m::RoomListEntry,
};

struct Range {
  std::uint16_t first;
  std::uint16_t last;
};
constexpr std::array FamilyRanges{
    Range{m::Status, m::LoginAccepted},          Range{m::ShareFile, m::UnshareFolder},
    Range{m::WhoisRequest, m::PmReceived},       Range{m::Search, m::SearchResult},
    Range{m::BrowseRequest, m::BrowseFailed},    Range{m::DownloadRequest, m::UploadStart},
    Range{m::RoomListRequest, m::RoomListEntry},
};
}  // namespace

SkippedFrame make_skipped_frame(const p::Frame& frame, p::DecodeError error) {
  SkippedFrame skipped;
  skipped.type = frame.type;
  skipped.error = error;
  skipped.length = frame.payload.size();
  const auto kept = static_cast<std::ptrdiff_t>(std::min(frame.payload.size(), MaxSkippedPayloadCopy));
  skipped.payload.assign(frame.payload.begin(), frame.payload.begin() + kept);
  return skipped;
}

bool is_assigned_type(std::uint16_t type) noexcept {
  return std::find(AssignedTypes.begin(), AssignedTypes.end(), type) != AssignedTypes.end();
}

bool in_known_family(std::uint16_t type) noexcept {
  return std::any_of(FamilyRanges.begin(), FamilyRanges.end(),
                     [type](const Range& r) { return type >= r.first && type <= r.last; });
}

std::string SyncWatch::reason() {
  return "cipher lost sync: " + std::to_string(GarbledInARow) + " frames in a row of no known family and " +
         std::to_string(GarbledMinPayload) + "+ bytes";
}

}  // namespace wpn::overlay
