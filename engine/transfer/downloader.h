#pragma once
// The downloader side of WPN transfers (filesharing.md §4.4, §3.3, §3.7,
// §5.2, §5.4). Downloads are keyed by the 20-byte file key and may have many
// sources; each source runs the §4.4 machine (SourceState) and fetches the
// segment plan_segment assigns it, so resume and multi-source are the same
// thing. Events in, Actions out; no socket, file or clock is touched.
//
// Source paths:
//   Requesting --0x1FC2 port!=0--> Connecting --greeting--> Negotiating (GET sent)
//              --size reply--> Transferring (8-byte segment sent)
//   Requesting --0x1FC2 port 0, or connect failed--> 0x1F4A, WaitPush
//              --SEND matching (name, file)--> Transferring (offset reply)
//   Requesting --0x1FCC--> RemotelyQueued(n) --0x1FC2--> as above
//   RemotelyQueued --no word for the queue refresh time--> Requesting (option 1)
//   0x1FA4 busy after option 0, n <= AEQ --> option 1 once --> Requesting
//   0x1FA4 busy again / timed out / other, errors, timeouts --> RetryWait
//   RetryWait --60 s, 120 s, 300 s, then the AFS interval--> Requesting
//   0x1FA4 "File Not Shared" --> FailedNotShared
//   a new login --> every source waiting on the primary's relay asks again
//
// The adapter feeds parsed data-connection input: on_size_reply once the
// SizeReplyParser (expected = the key's size) finished, on_data for file bytes
// written, on_send_request for an inbound SEND line.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "protocol/codecs/transfer_notices.h"
#include "protocol/data_reply.h"
#include "protocol/data_request.h"
#include "protocol/file_key.h"
#include "protocol/wire_options.h"
#include "transfer/download.h"
#include "transfer/partial_meta.h"
#include "transfer/transfer_actions.h"

namespace wpn::transfer {

// What a new download starts from: a search or browse result, or a sidecar.
struct DownloadSpec {
  protocol::FileKey key;
  std::string name;
  protocol::MediaInfo media;
  std::vector<protocol::TransferAddress> sources;
  RangeSet have;  // already received (resume)
};

DownloadSpec spec_from(const PartialMeta& meta);

// How a data connection ended, as the adapter saw it.
enum class LossReason {
  Closed,         // peer closed, connect failed, socket error
  ProtocolError,  // unparsable reply
  SizeMismatch,   // the size reply differs from the key (file changed)
};

class Downloader {
 public:
  class Mediator {
   public:
    virtual ~Mediator() = default;
    // Our own full WPN name, sent on every GET line.
    virtual std::string own_name() const = 0;
  };

  Downloader(const Downloader&) = delete;
  Downloader& operator=(const Downloader&) = delete;

  // `ids` may be shared with the Uploader; without it the downloader numbers its own.
  // Segments are written in wire.segment_byte_order, like the Uploader reads them.
  Downloader(Mediator& mediator, DownloadSettings settings, TransferIds* ids = nullptr,
             const protocol::WireOptions& wire = protocol::default_wire_options());

  // A new download, or more sources for a key already known. `reuse`: a download started again
  // keeps its id (when no other has it); none: a new one.
  Actions add_download(DownloadSpec spec, TimePoint now, std::optional<TransferId> reuse = std::nullopt);
  Actions add_source(const protocol::FileKey& key, const protocol::TransferAddress& source, TimePoint now);

  // Management packets from our primary. `connection` is the id the adapter
  // will use if the answer is to connect.
  Actions on_download_start(const protocol::DownloadStart& message, ConnectionId connection, TimePoint now);
  Actions on_download_queued(const protocol::DownloadQueued& message, TimePoint now);
  Actions on_download_failed(const protocol::DownloadFailed& message, TimePoint now);
  // The source went offline ("purge inactive sources").
  Actions on_source_gone(const protocol::TransferAddress& source, TimePoint now);
  // We logged in (again) under a new name: requests, queue places and pushes asked for
  // under the old one are answered to nobody, so every waiting source asks again, and
  // sources are searched for (their holders may have new names too).
  Actions on_logged_in(TimePoint now);

  // Data connections.
  Actions on_connected(ConnectionId connection, TimePoint now);
  Actions on_size_reply(ConnectionId connection, const protocol::SizeReply& reply, TimePoint now);
  Actions on_data(ConnectionId connection, std::uint64_t count, TimePoint now);
  Actions on_connection_lost(ConnectionId connection, LossReason reason, TimePoint now);
  Actions on_send_request(ConnectionId connection, const protocol::SendRequest& request, TimePoint now);

  // The adapter recomputed the key of a complete partial file.
  Actions on_verified(const protocol::FileKey& key, bool matches, TimePoint now);

  Actions tick(TimePoint now);
  Actions cancel(TransferId transfer, TimePoint now);
  // Forgets a download (finished ones too); nothing is sent.
  Actions remove(TransferId transfer, TimePoint now);
  Actions reconfigure(DownloadSettings settings, TimePoint now);

  const Download* find(TransferId transfer) const;
  const Download* find(const protocol::FileKey& key) const;
  std::optional<PartialMeta> partial_meta(TransferId transfer) const;
  std::size_t size() const noexcept { return downloads_.size(); }

 private:
  using Slot = std::pair<Download*, DownloadSource*>;

  // downloader.cpp
  Download& create(DownloadSpec spec, std::optional<TransferId> id, Actions& out);
  void attach_source(Download& d, const protocol::TransferAddress& address, TimePoint now, Actions& out);
  void activate_waiting(TimePoint now, Actions& out);
  void set_state(Download& d, DownloadState state, Actions& out);
  void set_source(Download& d, DownloadSource& s, SourceState state, Actions& out);
  void request(Download& d, DownloadSource& s, protocol::DownloadOption option, TimePoint now, Actions& out);
  void retry_later(Download& d, DownloadSource& s, std::string detail, TimePoint now, Actions& out);
  void drop(Download& d, DownloadSource& s, SourceState failed, std::string detail, Actions& out);
  void on_deadline(Download& d, DownloadSource& s, TimePoint now, Actions& out);
  void search_sources(Download& d, TimePoint now, Actions& out);
  void search_soon(Download& d, TimePoint now);
  Actions done(Actions out, TimePoint now);
  Slot by_address(const protocol::TransferAddress& address);
  Slot answering(const protocol::TransferAddress& holder);  // downloader_notices.cpp
  Slot by_connection(ConnectionId connection);

  // downloader_notices.cpp
  void start_connect(Download& d, DownloadSource& s, const protocol::DownloadStart& message, ConnectionId connection,
                     TimePoint now, Actions& out);
  void ask_push(Download& d, DownloadSource& s, TimePoint now, Actions& out);
  void on_refusal(Download& d, DownloadSource& s, const std::string& status, TimePoint now, Actions& out);

  // downloader_data.cpp
  void bind(Download& d, DownloadSource& s, ConnectionId connection);
  void unbind(DownloadSource& s);
  bool has_work(const Download& d, const DownloadSource& s) const;
  std::optional<ByteRange> assign_segment(Download& d, DownloadSource& s, Actions& out);
  void begin_segment(Download& d, DownloadSource& s, ByteRange range, TimePoint now, Actions& out);
  void segment_done(Download& d, DownloadSource& s, TimePoint now, Actions& out);
  void after_segment(Download& d, DownloadSource& s, TimePoint now, Actions& out);
  void lose_segment(Download& d, DownloadSource& s, std::string detail, TimePoint now, Actions& out);
  void wake_standby(Download& d, TimePoint now, Actions& out);
  void begin_verify(Download& d, Actions& out);
  void publish_progress(Download& d, TimePoint now, bool force, Actions& out);
  // SavePartial of what `d` holds now; a checkpoint is not synced (SavePartial::checkpoint).
  void save(Download& d, TimePoint now, Actions& out, bool checkpoint = false);
  void refuse_send(ConnectionId connection, CloseReason reason, Actions& out);

  Mediator& mediator_;
  DownloadSettings settings_;
  protocol::WireOptions wire_;
  std::map<TransferId, Download> downloads_;
  std::map<ConnectionId, std::pair<TransferId, SourceId>> connections_;
  TransferIds own_ids_;
  TransferIds& ids_;
  std::optional<TimePoint> armed_;
};

}  // namespace wpn::transfer
