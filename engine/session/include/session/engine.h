#pragma once
// The engine's only public surface, in the shape of libtorrent's session_handle: one
// Engine owns the engine thread (transfers and the overlay node), the share library with
// its reader thread, and the wiring between them (0x1Fxx both ways, sources by hash search,
// queue status, login identity, share announcements, the sharing-pause switch).
//
// Calls post to the thread that owns the state and answer through a Completion (run on
// that thread; it must not block). status() never waits: it reads the snapshot the engine
// publishes on every change and every second. Events arrive at the one sink.
// Threads and the allowed cross-thread calls: docs/architecture.md, "Threads".

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "session/engine_events.h"
#include "session/engine_rooms.h"
#include "session/engine_settings.h"
#include "session/engine_types.h"

namespace wpn::session {

using EventSink = std::function<void(const EngineEvent&)>;

struct StartReport {
  std::optional<std::string> data_port_problem;  // transfers need the port unless passive
  std::uint16_t data_port = 0;                   // 0 = off
  std::string incomplete_dir;
  std::string queue_db;
};

class Engine {
 public:
  // Opens (creating or migrating) the share index. Fails with a readable reason.
  static EngineResult<std::unique_ptr<Engine>> open(EngineSettings settings, EventSink sink, SuspendClock clock = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Shares first (the configured roots are registered when it returns), then transfers,
  // then the overlay node. Blocks until they run; call before serving requests. A data
  // port that cannot be opened is reported, not an error; an overlay that cannot listen is.
  EngineResult<StartReport> start();
  // Saves the queue and commits hashed files; joins every engine thread.
  void stop();
  // Live settings: roots are added and removed one by one (only a new root is scanned);
  // the library is rebuilt only for hash threads, mode, hidden files and code page (and
  // the size cap, watching and rescan interval, which it cannot change live). `applied`
  // runs once the share part is in effect (the status snapshot shows the new roots).
  void apply(EngineSettings settings, Completion<void> applied = {});

  std::shared_ptr<const EngineStatus> status() const;

  // Shares.
  void add_share(std::string path, Completion<ShareRootStatus> done);
  void remove_share(std::string path, Completion<ShareRootStatus> done);
  void rescan(std::optional<std::string> root_path, Completion<std::vector<ShareRootStatus>> done);
  void share_files(FileQuery query, Completion<FilePage> done);
  // Paused: nothing is announced or served until resumed; the index and scans go on.
  void set_sharing_paused(bool paused);

  // Transfers, the queue, slots, limits, bans.
  void transfers(TransferList list, std::uint64_t offset, std::uint64_t limit, Completion<TransferPage> done);
  void transfer_lists(std::uint64_t rows_each, Completion<TransferLists> done);
  void transfer_command(TransferCommand command, TransferId id, Completion<void> done);
  void move_queued(TransferId id, std::uint64_t position, Completion<void> done);
  // A full name bans that user, a plain name every suffix; 0 seconds = forever. Bans are
  // kept in the queue store across restarts and apply to the queue, new requests and
  // search answers kept by the engine.
  void ban(std::string user, std::uint64_t seconds, Completion<void> done);
  void unban(std::string user, Completion<void> done);  // NotFound when no such ban
  void bans(Completion<std::vector<BanEntry>> done);    // the owner's bans in force
  // On until `until_unix` (0 = until turned off), or off; overrides the schedule until it flips.
  void set_alternate(bool on, std::uint64_t until_unix, Completion<void> done);
  void download(DownloadRequest request, Completion<TransferId> done);

  // The network.
  void connect(Completion<NetworkStatus> done);
  void disconnect(Completion<NetworkStatus> done);
  void hosts(Completion<HostList> done);
  void add_host(HostType type, Endpoint address, Completion<HostList> done);
  void import_hosts(std::string wsx_path, Completion<HostList> done);
  // Removes a saved host (NotFound; Conflict for one the settings name) and persists the list.
  void remove_host(HostType type, Endpoint address, Completion<HostList> done);
  // A secondary restarts its node and dials this listed host before the others.
  void connect_now(HostType type, Endpoint address, Completion<NetworkStatus> done);
  // A keyword search, or a hash search when `key_hex` is given; results are kept (bounded)
  // under the returned id.
  void search(std::string words, std::string key_hex, Completion<std::uint32_t> done);
  void search_results(std::uint32_t id, Completion<SearchResults> done);
  void browse(std::string user, std::string handle, Completion<std::uint32_t> done);
  void whois(std::string user, std::string handle, Completion<std::uint32_t> done);
  void answer(std::uint32_t id, Completion<PeerAnswer> done);
  void send_pm(std::string user, std::string handle, std::string text, Completion<void> done);

  // Rooms. ROOM arguments take the key a join was given, the listed name or HOST:PORT.
  // The hub's room list: 0x238D, then the 0x238E answers collected for `wait_ms`.
  void room_list(std::uint32_t wait_ms, Completion<std::vector<ListedRoom>> done);
  // A listed name ("base_IIIIIIIIPPPP"), a base name from the last list, or HOST:PORT.
  // Answers once the connection is set up; joined or rejected arrive as events.
  void join_room(std::string room, Completion<RoomInfo> done);
  void leave_room(std::string room, Completion<void> done);
  void say_in_room(std::string room, std::string text, bool action, Completion<void> done);
  void joined_rooms(Completion<std::vector<RoomInfo>> done);
  void room_users(std::string room, Completion<std::vector<RoomUser>> done);
  void room_history(std::string room, std::uint64_t after_seq, Completion<RoomHistory> done);
  // Hosting: rooms from the settings start with the engine; these add or remove at run time.
  void host_room(HostedRoomSettings room, Completion<HostedRoomInfo> done);
  void unhost_room(std::string name, Completion<void> done);
  void hosted_rooms(Completion<std::vector<HostedRoomInfo>> done);
  void room_kick(std::string room, std::string user, Completion<void> done);
  // 0 seconds = until lifted; kept across restarts.
  void room_ban(std::string room, std::string user, std::uint64_t seconds, Completion<void> done);
  void room_unban(std::string room, std::string user, Completion<void> done);
  void room_bans(Completion<std::vector<RoomBanEntry>> done);
  void room_set_topic(std::string room, std::string topic, Completion<void> done);
  void room_set_motd(std::string room, std::vector<std::string> lines, Completion<void> done);

  struct Impl;

 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  friend void post_to_engine_thread_for_test(Engine& engine, std::function<void()> task);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wpn::session
