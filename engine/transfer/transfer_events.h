#pragma once
// What the transfer layer tells the service and the tray. Plain structs, each
// with a stable numeric id that mappings and logs may persist; never renumber,
// only append. Transfer ids are stable for the life of a transfer.

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>

#include "transfer/transfer_state.h"
#include "transfer/transfer_types.h"

namespace wpn::transfer {

// A sub-source of a download; ids are unique within their download.
using SourceId = std::uint32_t;

struct TransferAdded {
  static constexpr std::uint16_t Id = 1;
  TransferId transfer = 0;
  Direction direction = Direction::Upload;
  std::string peer;  // uploads: the requester's full name; downloads: empty
  std::string file;  // virtual name
  std::uint64_t size = 0;
};

struct TransferProgress {
  static constexpr std::uint16_t Id = 2;
  TransferId transfer = 0;
  std::uint64_t done = 0;  // bytes sent (uploads) or held (downloads)
  std::uint64_t size = 0;
};

struct TransferStateChanged {
  static constexpr std::uint16_t Id = 3;
  TransferId transfer = 0;
  TransferPhase phase = TransferPhase::Queued;
  MachineState state;
  std::uint32_t position = 0;  // queue position where it applies, else 0
  WaitReason wait = WaitReason::None;
  FailReason fail = FailReason::None;
  std::string detail;  // failure text in the words of whoever failed (the disk, the peer), or empty
};

// Why a transfer left its list (a closed set; the service maps it to PROTOCOL.md tokens).
enum class RemovalReason {
  Completed,       // every byte asked for went through
  Cancelled,       // the owner cancelled or removed it
  Withdrawn,       // the requester's side withdrew the request
  Banned,          // the requester is banned
  SlotUnused,      // a granted slot was not taken up in time
  NotShared,       // the file is no longer shared (or changed since it was hashed)
  InvalidRequest,  // a malformed, unexpected or out-of-range request
  Timeout,         // a phase timeout ran out
  PeerClosed,      // the peer closed the connection
  ConnectFailed,   // the connection to the peer could not be made
  FileError,       // the local file could not be opened or read
  Refused,         // the peer refused
};
inline constexpr std::array AllRemovalReasons{
    RemovalReason::Completed,  RemovalReason::Cancelled,     RemovalReason::Withdrawn,      RemovalReason::Banned,
    RemovalReason::SlotUnused, RemovalReason::NotShared,     RemovalReason::InvalidRequest, RemovalReason::Timeout,
    RemovalReason::PeerClosed, RemovalReason::ConnectFailed, RemovalReason::FileError,      RemovalReason::Refused};

struct TransferRemoved {
  static constexpr std::uint16_t Id = 4;
  TransferId transfer = 0;
  RemovalReason reason = RemovalReason::Completed;
};

struct SourceStateChanged {
  static constexpr std::uint16_t Id = 5;
  TransferId transfer = 0;
  SourceId source = 0;
  std::string peer;
  SourceState state = SourceState::LocalQueued;
  std::uint32_t position = 0;          // remote queue position (RemotelyQueued)
  FailReason fail = FailReason::None;  // set in the Failed* states
  std::string detail;                  // the source's last status text ("busy", "File Not Shared", "no reply")
};

struct QueueChanged {
  static constexpr std::uint16_t Id = 6;
  std::uint32_t queue_length = 0;
  std::uint32_t slots_in_use = 0;
  std::uint32_t slots_total = 0;
};

// A request answered with a refusal (or, for a silent ban, not answered): no transfer exists.
struct RequestRefused {
  static constexpr std::uint16_t Id = 7;
  std::string peer;  // the requester's full name
  std::string file;  // virtual name
  FailReason reason = FailReason::None;
};

using TransferEvent = std::variant<TransferAdded, TransferProgress, TransferStateChanged, TransferRemoved,
                                   SourceStateChanged, QueueChanged, RequestRefused>;

inline std::uint16_t event_id(const TransferEvent& event) noexcept {
  return std::visit([](const auto& e) { return std::remove_cvref_t<decltype(e)>::Id; }, event);
}

}  // namespace wpn::transfer
