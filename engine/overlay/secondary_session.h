#pragma once
// One secondary's session with its parent primary (protocol.md §6, §9, §10), as an
// events-in / actions-out object. The socket adapter calls start() once the key
// blocks are exchanged, feeds every decoded frame and a periodic tick, and after each
// call drains take_frames() (to send, in order), take_events() (for the owner) and
// close_reason() (close the connection and reconnect elsewhere).
//
// It logs in (0x03E9), waits for 0x0460 while keeping any early 0x03A1 (§6.2),
// then sends 0x0384 and 0x038D (in the order of wire.full_name_before_status) and
// the share payloads. It answers every 0x03A1 with a 0x0384 built from the owner's
// queue numbers, and resends it at least every 60 s but never twice within 10 s
// unless the text changed (§10). Every 0x13F6 gets its 0x144F (§9.6). A browse it
// asked for is closed with 0x1B5A once answered.
//
// A frame it cannot decode is skipped, never fatal (skipped_frame.h): it becomes a
// SkippedFrame event and counts in skipped_frames(). Only a garbled stream (SyncWatch)
// or a login timeout closes the session.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "overlay/overlay_types.h"
#include "overlay/skipped_frame.h"
#include "protocol/codecs/browse.h"
#include "protocol/codecs/private_message.h"
#include "protocol/codecs/rooms.h"
#include "protocol/codecs/search.h"
#include "protocol/codecs/session.h"
#include "protocol/codecs/transfer_notices.h"
#include "protocol/codecs/transfer_requests.h"
#include "protocol/codecs/whois.h"
#include "protocol/frame.h"
#include "protocol/wire_options.h"

namespace wpn::overlay {

struct SecondaryConfig {
  std::string base_name = "openwpn100";
  protocol::LineType line_type = protocol::LineType::Dsl;
  std::uint16_t data_port = 6699;
  bool passive = false;  // announce wire.passive_data_port instead (§6.2)
  std::string pm_reply = std::string(protocol::PmReplySent);
  Millis login_timeout = 30000;
  Millis status_interval = 60000;
  Millis status_min_gap = 10000;
  std::size_t max_results_per_search = 500;
  protocol::WireOptions wire = protocol::default_wire_options();
};

struct LoggedIn {
  std::string full_name;
  std::uint16_t client_id = 0;
};
struct NodeListReceived {
  std::vector<protocol::NodeRecord> records;
};
struct SearchHit {
  protocol::SearchResult result;
};
using SecondaryEvent =
    std::variant<LoggedIn, NodeListReceived, SearchHit, protocol::BrowseEntry, protocol::BrowseComplete,
                 protocol::BrowseFailed, protocol::WhoisAnswer, protocol::WhoisFailed, protocol::PmIncoming,
                 protocol::PmDelivered, protocol::TransferNoticeMessage, SkippedFrame, protocol::RoomListEntry>;

class SecondarySession {
 public:
  using StatusSource = std::function<protocol::QueueStatus()>;

  SecondarySession(SecondaryConfig config, StatusSource status);

  enum class State { Idle, AwaitingAccept, LoggedIn, Closed };

  void start(Millis now);
  void on_frame(const protocol::Frame& frame, Millis now);
  void on_tick(Millis now);

  // The 0x0FA3 payloads of the whole share list. Sent after login; a changed list while
  // logged in is sent at once (re-announce, filesharing.md §6.3), an unchanged one not again.
  void set_shares(std::vector<protocol::Bytes> payloads);
  // The owner's queue numbers changed: send 0x0384 if the text differs.
  void status_changed(Millis now);

  // Requests; ignored (returning 0 / false) unless logged in.
  std::uint32_t search(std::string_view words, protocol::FileType type = protocol::FileType::Any);
  std::uint32_t search_hash(const protocol::ContentHash& hash, protocol::FileType type = protocol::FileType::Any);
  void stop_search(std::uint32_t search_id);
  bool browse(const protocol::NodeHandle& handle, std::string_view name);
  bool whois(const protocol::NodeHandle& handle, std::string_view name);
  bool send_pm(const protocol::NodeHandle& handle, std::string_view name, std::string_view text);
  bool send_transfer(const protocol::TransferRequestMessage& message);
  // The room list (secondary_session_rooms.cpp): 0x238D; each 0x238E answer becomes a
  // RoomListEntry event. There is no end marker: the owner stops listening on a timer.
  bool request_rooms();

  std::vector<protocol::Frame> take_frames() { return std::exchange(frames_, {}); }
  std::vector<SecondaryEvent> take_events() { return std::exchange(events_, {}); }
  const std::optional<std::string>& close_reason() const noexcept { return close_reason_; }
  // Frames skipped since start() because they did not decode.
  std::uint64_t skipped_frames() const noexcept { return skipped_; }

  State state() const noexcept { return state_; }
  const std::string& full_name() const noexcept { return full_name_; }
  std::uint16_t client_id() const noexcept { return client_id_; }
  // The last 0x03A1 list, for the next reconnect (§3.3).
  const std::vector<protocol::NodeRecord>& node_list() const noexcept { return node_list_; }
  // Results collected so far for a search (de-duplicated by user and path).
  const std::vector<protocol::SearchResult>* results(std::uint32_t search_id) const;

 private:
  template <class M>
  void send(const M& message);
  template <class Request>
  std::uint32_t open_search(Request request);
  void fail(std::string reason);
  void skip(const protocol::Frame& frame, protocol::DecodeError error);
  void logged_in(const protocol::LoginAccepted& accepted, Millis now);
  void send_status(Millis now, bool forced);
  void send_shares();
  void dispatch(const protocol::Frame& frame, Millis now);
  void collect(protocol::SearchResult result);
  void end_browse(std::uint16_t type, const protocol::BrowseMessage& message);
  void on_room_entry(const protocol::Frame& frame);

  SecondaryConfig config_;
  StatusSource status_;
  State state_ = State::Idle;
  Millis login_deadline_ = 0;
  Millis last_status_at_ = 0;
  std::string last_status_;
  std::string full_name_;
  std::uint16_t client_id_ = 0;
  std::vector<protocol::NodeRecord> node_list_;
  std::vector<protocol::Bytes> shares_;
  std::uint32_t next_search_id_ = 1;
  std::map<std::uint32_t, std::vector<protocol::SearchResult>> searches_;
  std::vector<protocol::BrowseEnd> open_browses_;  // answered with 0x1B5A when they complete
  std::vector<protocol::Frame> frames_;
  std::vector<SecondaryEvent> events_;
  std::optional<std::string> close_reason_;
  SyncWatch sync_;
  std::uint64_t skipped_ = 0;
};

}  // namespace wpn::overlay
