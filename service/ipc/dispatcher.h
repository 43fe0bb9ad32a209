#pragma once
// The transport-agnostic request dispatcher: a parsed request and a reply callback in, one
// reply out (and, for subscriptions, events through the client's sink). The socket server
// and in-process tests drive it the same way. Requests the engine answers complete later,
// from the engine's thread: the reply callback must be safe to call from any thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "ipc/message.h"
#include "service/ipc/event_hub.h"
#include "service/ipc/service_backend.h"

namespace wpn::service {

// Per-connection state, owned by the transport.
struct ClientContext {
  SubscriberId id = 0;
  bool hello_done = false;
  std::string client_name;
  // Receives events for this client from any thread; must only enqueue.
  EventSink events;
  // Cleared by Dispatcher::disconnected; a subscription completing later checks it.
  std::shared_ptr<std::atomic<bool>> open = std::make_shared<std::atomic<bool>>(true);
};

// Safe to call from any thread. The dispatcher calls the one it is given at most once.
using ReplyFn = std::function<void(const ipc::Reply&)>;

class Dispatcher {
 public:
  // `server_name` is reported in the hello reply, e.g. "wpnd 0.1.0".
  Dispatcher(ServiceBackend& backend, EventHub& hub, std::string server_name);

  // Calls `reply` once: before returning for most methods, later (from another thread,
  // possibly after the client went away) for those the engine answers. Replies may
  // therefore arrive in another order than the requests; their ids match them up. A
  // subscription whose client left before the engine's snapshot came is not answered.
  void dispatch(ClientContext& client, const ipc::Request& request, ReplyFn reply);
  // Forgets the client's subscriptions.
  void disconnected(const ClientContext& client);
  // How long a method waits on purpose before it answers (rooms.list collects the hub's
  // answers for wait_ms); the transport adds it to the request's deadline.
  static std::chrono::milliseconds waits_on_purpose(const ipc::Request& request);

 private:
  using Handler = void (Dispatcher::*)(ClientContext&, const ipc::Request&, const ReplyFn&);

  void hello(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void status(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void shares_list(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void shares_add(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void shares_remove(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void shares_rescan(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void shares_progress(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void shares_files(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void settings_get(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void settings_set(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void logs_recent(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void unsubscribe(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  // dispatcher_controls.cpp: transfers, queue and quick actions.
  void transfers_view(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void transfers_cancel(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void transfers_retry(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void transfers_remove(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void transfers_clear(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void queue_move(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void queue_remove(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void peers_ban(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void peers_unban(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void peers_bans(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void slots_set(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void limits_alternate(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void sharing_pause(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void sharing_resume(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void service_stop(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  void transfer_action(const ipc::Request& request, TransferAction action, const ReplyFn& reply);
  void subscribe(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);

  static Handler find_handler(std::string_view method);
  // network: dispatcher_network.cpp, the WPN network methods; false for other methods.
  bool network(const ipc::Request& request, const ReplyFn& reply);
  // Subscribes once the transfers snapshot (if asked for) is in; runs on any thread.
  void complete_subscribe(SubscriberId client, const std::shared_ptr<std::atomic<bool>>& open, EventSink events,
                          const ipc::Request& request, const ipc::SubscribeParams& params,
                          const std::optional<ipc::TransfersSnapshotDto>& transfers, const ReplyFn& reply);
  ipc::JsonObject snapshot(const std::vector<std::string>& topics,
                           const std::optional<ipc::TransfersSnapshotDto>& transfers);
  // rooms: dispatcher_rooms.cpp, the chat-room methods; false for other methods. Replies
  // exactly once, possibly later and from another thread.
  bool rooms(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);

  ServiceBackend& backend_;
  EventHub& hub_;
  std::string server_name_;
};

}  // namespace wpn::service
