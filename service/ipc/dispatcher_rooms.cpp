// The chat-room methods: params parsed with room_params.h (bad ones refused with
// invalid_params before the backend sees them), backend calls that answer through a
// completion, DTO replies.
#include <array>
#include <chrono>
#include <future>
#include <memory>
#include <utility>

#include "ipc/room_dto.h"
#include "ipc/room_params.h"
#include "service/ipc/dispatcher.h"

namespace wpn::service {

namespace {

using ipc::Reply;

// rooms.list waits up to 30 s for the hub's answers; a little more for the rest.
constexpr auto LongestRoomsAnswer = std::chrono::seconds(40);

template <class T>
BackendDone<T> replying(ipc::RequestId id, const ReplyFn& reply) {
  return [id, reply](BackendResult<T> result) {
    if (!result) return reply(Reply::failure(id, result.error().code, result.error().message));
    if constexpr (std::is_void_v<T>)
      reply(Reply::success(id, ipc::make_object()));
    else
      reply(Reply::success(id, ipc::to_json(*result)));
  };
}

template <class Params, class Call>
void parsed(const ipc::Request& request, const ReplyFn& reply,
            ipc::ParamsResult<Params> (*parse)(const ipc::JsonObject&), Call call) {
  auto params = parse(request.params);
  if (!params) return reply(Reply::failure(request.id, params.error().code, params.error().message));
  call(*params);
}

using RoomsHandler = void (*)(ServiceBackend&, const ipc::Request&, const ReplyFn&);

constexpr auto RoomsHandlers = std::to_array<std::pair<std::string_view, RoomsHandler>>({
    {ipc::rooms_method::List,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_rooms_list,
              [&](const auto& p) { b.rooms_list(p, replying<ipc::RoomListDto>(r.id, reply)); });
     }},
    {ipc::rooms_method::Join,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_room_ref,
              [&](const auto& p) { b.rooms_join(p, replying<ipc::RoomDto>(r.id, reply)); });
     }},
    {ipc::rooms_method::Leave,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_room_ref, [&](const auto& p) { b.rooms_leave(p, replying<void>(r.id, reply)); });
     }},
    {ipc::rooms_method::Say,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_rooms_say, [&](const auto& p) { b.rooms_say(p, replying<void>(r.id, reply)); });
     }},
    {ipc::rooms_method::Joined,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       b.rooms_joined(replying<ipc::RoomsDto>(r.id, reply));
     }},
    {ipc::rooms_method::Users,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_room_ref,
              [&](const auto& p) { b.rooms_users(p, replying<ipc::RoomUsersDto>(r.id, reply)); });
     }},
    {ipc::rooms_method::History,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_rooms_history,
              [&](const auto& p) { b.rooms_history(p, replying<ipc::RoomHistoryDto>(r.id, reply)); });
     }},
    {ipc::rooms_method::Host,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_rooms_host,
              [&](const auto& p) { b.rooms_host(p, replying<ipc::HostedRoomDto>(r.id, reply)); });
     }},
    {ipc::rooms_method::Unhost,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_room_ref, [&](const auto& p) { b.rooms_unhost(p, replying<void>(r.id, reply)); });
     }},
    {ipc::rooms_method::Hosted,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       b.rooms_hosted(replying<ipc::HostedRoomsDto>(r.id, reply));
     }},
    {ipc::rooms_method::Kick,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_room_user, [&](const auto& p) { b.rooms_kick(p, replying<void>(r.id, reply)); });
     }},
    {ipc::rooms_method::Ban,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_room_user, [&](const auto& p) { b.rooms_ban(p, replying<void>(r.id, reply)); });
     }},
    {ipc::rooms_method::Unban,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_room_user, [&](const auto& p) { b.rooms_unban(p, replying<void>(r.id, reply)); });
     }},
    {ipc::rooms_method::Bans,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       b.rooms_bans(replying<ipc::RoomBansDto>(r.id, reply));
     }},
    {ipc::rooms_method::Topic,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_rooms_topic, [&](const auto& p) { b.rooms_topic(p, replying<void>(r.id, reply)); });
     }},
    {ipc::rooms_method::Motd,
     [](ServiceBackend& b, const ipc::Request& r, const ReplyFn& reply) {
       parsed(r, reply, &ipc::parse_rooms_motd, [&](const auto& p) { b.rooms_motd(p, replying<void>(r.id, reply)); });
     }},
});

}  // namespace

bool Dispatcher::rooms(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  for (const auto& [name, handler] : RoomsHandlers) {
    if (name != request.method) continue;
    handler(backend_, request, reply);
    return true;
  }
  return false;
}

bool Dispatcher::rooms_waiting(ClientContext& client, const ipc::Request& request, const ReplyFn& reply) {
  auto answer = std::make_shared<std::promise<Reply>>();
  auto once = std::make_shared<std::once_flag>();
  auto future = answer->get_future();
  const ReplyFn keep = [answer, once](const Reply& r) { std::call_once(*once, [&] { answer->set_value(r); }); };
  if (!rooms(client, request, keep)) return false;
  if (future.wait_for(LongestRoomsAnswer) != std::future_status::ready)
    reply(Reply::failure(request.id, ipc::ErrorCode::Internal, "the rooms did not answer in time"));
  else
    reply(future.get());
  return true;
}

}  // namespace wpn::service
