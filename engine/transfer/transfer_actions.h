#pragma once
// What the transfer state machines ask their adapter to do. Event methods
// return a short list of these, in the order they must be carried out. The
// machines never touch a socket, file or clock themselves.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/codecs/transfer_requests.h"
#include "protocol/file_key.h"
#include "transfer/partial_meta.h"
#include "transfer/transfer_events.h"
#include "transfer/transfer_types.h"

namespace wpn::transfer {

// Why a data connection is closed (for logs and events).
enum class CloseReason {
  Completed,       // the whole requested range went through
  NotShared,       // FILE NOT SHARED was sent
  InvalidRequest,  // INVALID REQUEST was sent (malformed, unsolicited, bad range)
  Timeout,         // a phase timeout ran out
  Cancelled,       // the owner cancelled
  Withdrawn,       // the peer's primary withdrew the request (0x1FAE)
  FileError,       // the local file could not be opened or read
  Refused,         // the peer refused (error text instead of a size or offset)
  FileChanged,     // the peer's size differs from the 20-byte key
  NotNeeded,       // a download needs nothing more from this connection
};

std::string_view close_reason_name(CloseReason reason) noexcept;

// A 0x1Fxx packet for our primary (0x1F41, 0x1F4A, 0x1F54, 0x1F5E, 0x1F68).
struct SendPacket {
  protocol::TransferRequestMessage message;
};

// Raw bytes on a data connection: size reply, refusal text, GET/SEND line,
// offset reply, binary segment.
struct SendData {
  ConnectionId connection = 0;
  protocol::Bytes bytes;
};

// Open a connection to a peer's data port; report on_connected once the
// greeting byte 0x31 was read, or the loss.
struct Connect {
  ConnectionId connection = 0;
  protocol::Ip4 ip{};
  std::uint16_t port = 0;
};

// Uploads: resolve the virtual name through the share map and open the file
// for this connection (report a failure as a file error).
struct OpenFile {
  ConnectionId connection = 0;
  std::string file;
};

// Uploads: send file bytes [start, end) on the connection, reporting progress.
struct SendRange {
  ConnectionId connection = 0;
  std::uint64_t start = 0;
  std::uint64_t end = 0;
};

// Downloads: write what arrives on the connection to the partial file of
// `key`, from `start`, at most up to `end`.
struct ReceiveRange {
  ConnectionId connection = 0;
  protocol::FileKey key;
  std::uint64_t start = 0;
  std::uint64_t end = 0;
};

// Downloads: another source took over the tail; stop writing at `end`.
struct LimitRange {
  ConnectionId connection = 0;
  std::uint64_t end = 0;
};

struct CloseConnection {
  ConnectionId connection = 0;
  CloseReason reason = CloseReason::Completed;
};

// Call tick() at this time (a later ArmTimer replaces an earlier one).
struct ArmTimer {
  TimePoint deadline{};
};

// Downloads: search the network for more sources of this key (AFS).
struct FindSources {
  protocol::FileKey key;
};

// Downloads: write the sidecar of a partial file.
struct SavePartial {
  PartialMeta meta;
  // A periodic save while bytes arrive: it must survive the process being killed, not the
  // machine losing power, so it is written without syncing (a sync of the part file on the
  // engine thread would stall every transfer). Sidecars written at a segment's end are synced.
  bool checkpoint = false;
};

// Downloads: every byte is held; recompute the key of the partial file and
// report on_verified.
struct VerifyFile {
  protocol::FileKey key;
};

// Downloads: verified; move the partial file into the download folder.
struct FinishFile {
  protocol::FileKey key;
  std::string name;  // the virtual name it was found under
};

struct Publish {
  TransferEvent event;
};

using Action = std::variant<SendPacket, SendData, Connect, OpenFile, SendRange, ReceiveRange, LimitRange,
                            CloseConnection, ArmTimer, FindSources, SavePartial, VerifyFile, FinishFile, Publish>;
using Actions = std::vector<Action>;

}  // namespace wpn::transfer
