#pragma once
// One data connection as TransferManager drives it: the socket, what is still to be
// written, the file range being sent (uploads) or received (downloads), and the
// parser of the phase it is in.

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/Net/StreamSocket.h>

#include "net/connection_guard.h"
#include "net/event_loop.h"
#include "protocol/bytes.h"
#include "protocol/data_reply.h"
#include "protocol/data_request.h"
#include "protocol/file_key.h"
#include "transfer/transfer_types.h"

namespace wpn::net {

enum class ConnectionRole {
  UploadGet,     // inbound GET: we serve a file
  UploadPush,    // outbound after 0x1FD6: we connected and send SEND
  DownloadGet,   // outbound after 0x1FC2: we send GET
  DownloadPush,  // inbound SEND we asked for with 0x1F4A
};

struct DataConnection {
  transfer::ConnectionId id = 0;
  ConnectionRole role = ConnectionRole::UploadGet;
  Poco::Net::StreamSocket socket;
  int fd = -1;
  std::string peer_ip;
  ConnectionGuard::Ticket ticket;
  bool connecting = false;         // outbound: connect() in progress
  bool awaiting_greeting = false;  // outbound: waiting for '1'
  bool closing = false;            // flush `out`, then close
  bool read_paused = false;
  bool watching_read = true;  // the interest the loop holds for fd
  bool watching_write = false;

  protocol::Bytes out;
  std::size_t out_at = 0;

  // Uploads: the open file and the range being sent.
  int file_fd = -1;
  std::uint64_t file_at = 0;
  std::uint64_t file_end = 0;
  std::uint64_t unreported = 0;  // sent but not yet told to the Uploader
  Clock::time_point reported_at{};
  std::optional<protocol::GetRequestParser> get;
  bool get_complete = false;  // the first request done; later segments come raw
  protocol::Bytes segment;
  std::optional<protocol::SendReplyParser> send_reply;

  // Downloads.
  std::optional<protocol::SizeReplyParser> size_reply;
  std::optional<protocol::SendRequestParser> send_request;
  bool receiving = false;
  protocol::FileKey key;
  std::uint64_t recv_at = 0;
  std::uint64_t recv_end = 0;

  TimerId phase = TimerId::None;
  TimerId silence = TimerId::None;
  TimerId throttle = TimerId::None;

  bool want_write() const noexcept {
    return connecting || out_at < out.size() || (file_fd >= 0 && file_at < file_end && throttle == TimerId::None);
  }
};

}  // namespace wpn::net
