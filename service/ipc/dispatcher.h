#pragma once
// The transport-agnostic request dispatcher: a parsed request and a reply callback in, one
// reply out (and, for subscriptions, events through the client's sink). The socket server
// and in-process tests drive it the same way.

#include <cstdint>
#include <functional>
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
};

using ReplyFn = std::function<void(const ipc::Reply&)>;

class Dispatcher {
 public:
  // `server_name` is reported in the hello reply, e.g. "wpnd 0.1.0".
  Dispatcher(ServiceBackend& backend, EventHub& hub, std::string server_name);

  // Calls `reply` exactly once, before returning.
  void dispatch(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  // Forgets the client's subscriptions.
  void disconnected(const ClientContext& client);

 private:
  using Handler = ipc::Reply (Dispatcher::*)(ClientContext&, const ipc::Request&);

  ipc::Reply hello(ClientContext& client, const ipc::Request& request);
  ipc::Reply status(ClientContext& client, const ipc::Request& request);
  ipc::Reply shares_list(ClientContext& client, const ipc::Request& request);
  ipc::Reply shares_add(ClientContext& client, const ipc::Request& request);
  ipc::Reply shares_remove(ClientContext& client, const ipc::Request& request);
  ipc::Reply shares_rescan(ClientContext& client, const ipc::Request& request);
  ipc::Reply shares_progress(ClientContext& client, const ipc::Request& request);
  ipc::Reply shares_files(ClientContext& client, const ipc::Request& request);
  ipc::Reply settings_get(ClientContext& client, const ipc::Request& request);
  ipc::Reply settings_set(ClientContext& client, const ipc::Request& request);
  ipc::Reply logs_recent(ClientContext& client, const ipc::Request& request);
  ipc::Reply unsubscribe(ClientContext& client, const ipc::Request& request);
  // dispatcher_controls.cpp: transfers, queue and quick actions.
  ipc::Reply transfers_view(ClientContext& client, const ipc::Request& request);
  ipc::Reply transfers_cancel(ClientContext& client, const ipc::Request& request);
  ipc::Reply transfers_retry(ClientContext& client, const ipc::Request& request);
  ipc::Reply transfers_remove(ClientContext& client, const ipc::Request& request);
  ipc::Reply transfers_clear(ClientContext& client, const ipc::Request& request);
  ipc::Reply queue_move(ClientContext& client, const ipc::Request& request);
  ipc::Reply queue_remove(ClientContext& client, const ipc::Request& request);
  ipc::Reply peers_ban(ClientContext& client, const ipc::Request& request);
  ipc::Reply peers_unban(ClientContext& client, const ipc::Request& request);
  ipc::Reply peers_bans(ClientContext& client, const ipc::Request& request);
  ipc::Reply slots_set(ClientContext& client, const ipc::Request& request);
  ipc::Reply limits_alternate(ClientContext& client, const ipc::Request& request);
  ipc::Reply sharing_pause(ClientContext& client, const ipc::Request& request);
  ipc::Reply sharing_resume(ClientContext& client, const ipc::Request& request);
  ipc::Reply service_stop(ClientContext& client, const ipc::Request& request);
  ipc::Reply transfer_action(const ipc::Request& request, TransferAction action);
  void subscribe(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);

  static Handler find_handler(std::string_view method);
  // network: dispatcher_network.cpp, the WPN network methods; nullopt for other methods.
  std::optional<ipc::Reply> network(const ipc::Request& request);
  ipc::JsonObject snapshot(const std::vector<std::string>& topics);
  // rooms: dispatcher_rooms.cpp, the chat-room methods; false for other methods. Replies
  // exactly once, possibly later and from another thread.
  bool rooms(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);
  // Until the transport takes replies from other threads: waits for rooms()'s reply.
  bool rooms_waiting(ClientContext& client, const ipc::Request& request, const ReplyFn& reply);

  ServiceBackend& backend_;
  EventHub& hub_;
  std::string server_name_;
};

}  // namespace wpn::service
