#pragma once
// Private to the engine: the rooms area behind the facade's "Rooms." calls, on the
// engine thread. Rooms we are in (engine_rooms.cpp): one ChatClientConnection each,
// a history that outlives reconnects, back-off after a drop but never after a kick, a
// ban or a rejection. Rooms we host (engine_rooms_host.cpp): one ChatRoomServer each,
// bans in a small SQLite file (engine_rooms_bans.cpp), registration with our hub. The
// room list (engine_rooms_list.cpp): 0x238D through the secondary, answers collected on
// a timer, or our own hub's table.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Net/SocketAddress.h>

#include "chat/chat_history.h"
#include "chat/chat_room_host.h"
#include "net/chat_client_connection.h"
#include "net/chat_room_lister.h"
#include "net/chat_room_query_link.h"
#include "net/chat_room_server.h"
#include "net/chat_room_udp.h"
#include "net/event_loop.h"
#include "net/overlay_node.h"
#include "net/resolver.h"
#include "protocol/codecs/rooms.h"
#include "session/engine.h"
#include "share/name_encoding.h"

namespace wpn::session {

// Who we are in a room: the name, our primary's handle and our file count (0x0064).
struct RoomIdentity {
  std::string name;
  protocol::Ip4 node_ip{};
  std::uint16_t node_port = 0;
  std::uint32_t files = 0;
};

class RoomBanStore;

class RoomsArea {
 public:
  struct Context {
    net::EventLoop& loop;
    std::function<void(const EngineEvent&)> emit;
    std::function<RoomIdentity()> identity;
    std::function<net::OverlayNode*()> node;
    const share::NameEncoder& names;
    std::string data_dir;               // rooms.db (bans)
    std::string bind_ip;                // hosted rooms listen here; rooms are joined from here
    net::ResolveFunction resolve = {};  // HOST:PORT joins; empty: the system's resolver
  };

  explicit RoomsArea(Context context);
  ~RoomsArea();
  RoomsArea(const RoomsArea&) = delete;
  RoomsArea& operator=(const RoomsArea&) = delete;

  void start(const std::vector<HostedRoomSettings>& hosted);
  void stop();
  // New settings: rooms added, removed or changed start, stop or restart.
  void apply(const std::vector<HostedRoomSettings>& hosted);

  // ---- joined rooms (engine_rooms.cpp)
  EngineResult<RoomInfo> join(const std::string& room);
  EngineResult<void> leave(const std::string& room);
  EngineResult<void> say(const std::string& room, const std::string& text, bool action);
  std::vector<RoomInfo> joined() const;
  EngineResult<std::vector<RoomUser>> users(const std::string& room) const;
  EngineResult<RoomHistory> history(const std::string& room, std::uint64_t after_seq) const;

  // Our secondary (re)logged in to a hub: the hub hears of our rooms at once (after a
  // restart its table is empty), and the rooms we are in learn our full name and handle.
  void on_logged_in();

  // ---- the room list (engine_rooms_list.cpp)
  void list(std::uint32_t wait_ms, Completion<std::vector<ListedRoom>> done);
  void on_listed(const protocol::RoomListEntry& entry);

  // ---- hosted rooms (engine_rooms_host.cpp)
  EngineResult<HostedRoomInfo> host(const HostedRoomSettings& settings);
  EngineResult<void> unhost(const std::string& name);
  std::vector<HostedRoomInfo> hosted() const;
  EngineResult<void> kick(const std::string& room, const std::string& user);
  EngineResult<void> ban(const std::string& room, const std::string& user, std::uint64_t seconds);
  EngineResult<void> unban(const std::string& room, const std::string& user);
  std::vector<RoomBanEntry> bans() const;
  EngineResult<void> set_topic(const std::string& room, const std::string& topic);
  EngineResult<void> set_motd(const std::string& room, const std::vector<std::string>& lines);

 private:
  struct Joined {
    std::string key;
    std::string listed;
    Poco::Net::SocketAddress address;
    std::unique_ptr<net::ChatClientConnection> connection;
    chat::ChatHistory history{500};
    RoomState state = RoomState::Connecting;
    std::uint32_t reconnects = 0;
    std::uint32_t failures = 0;  // in a row, for the back-off
    net::TimerId retry = net::TimerId::None;
    std::string last_end;
    std::string last_text;
    std::optional<std::string> redirected_from;
    bool redirected = false;                          // a redirect is followed once
    bool entered = false;                             // the current connection got into the room
    net::ResolveId resolving = net::ResolveId::None;  // a HOST:PORT join waiting for its address
  };
  struct Hosted;
  class BanMediator;

  Joined* find(const std::string& room);
  const Joined* find(const std::string& room) const;
  void connect(Joined& room);
  void on_resolved(const std::string& key, std::uint16_t port, net::ResolveResult address);
  void on_event(const std::string& key, const chat::ChatClientEvent& event);
  void on_ended(const std::string& key, const chat::ChatEnd& end);
  RoomInfo info(const Joined& room) const;
  RoomUser to_user(const protocol::ChatUser& user) const;
  RoomLine to_line(const chat::HistoryLine& line) const;
  std::string utf8(std::string_view text) const;

  Hosted* find_hosted(const std::string& room);
  HostedRoomInfo hosted_info(const Hosted& room) const;
  EngineResult<void> start_hosted(Hosted& room);
  void register_hosted();
  void listen_for_announcements(std::uint16_t udp_port);
  std::vector<protocol::RoomAnnouncement> announcements(std::uint32_t request_id) const;
  void keep_primary_link(const net::SecondaryClient& secondary);
  void answer_query(const net::ChatRoomLister::Query& query);
  void accept_query_link(Poco::Net::StreamSocket socket);
  void query_hosts();
  protocol::Ip4 host_ip() const;

  void finish_list();

  Context context_;
  std::map<std::string, std::unique_ptr<Joined>> joined_;
  std::map<std::string, std::unique_ptr<Hosted>> hosted_;
  std::unique_ptr<RoomBanStore> bans_;
  net::TimerId register_timer_ = net::TimerId::None;
  std::unique_ptr<net::ChatRoomUdp> udp_;  // a hub's 0x47 listener, a host's sender
  bool udp_listen_tried_ = false;
  // A hosting secondary's 0x50 link to its hub, answering 0x4E queries (chat.md §9.2).
  std::unique_ptr<net::ChatRoomLister> lister_;
  std::optional<std::string> lister_refused_by_;  // not retried before the next login
  // A hub's links from RoboServ-style hosts: asked with 0x4E at once and on each renewal.
  std::map<std::uint64_t, std::unique_ptr<net::ChatRoomQueryLink>> query_links_;
  std::uint64_t next_query_link_ = 0;
  bool query_links_offered_ = false;
  std::vector<ListedRoom> last_list_;
  std::vector<ListedRoom> collecting_;
  std::vector<Completion<std::vector<ListedRoom>>> list_waiters_;
  net::TimerId list_timer_ = net::TimerId::None;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  net::Resolver resolver_;
};

}  // namespace wpn::session
