// The chat-room side of wpnd's IPC backend: each method one engine call whose completion
// (on the engine thread) answers the request; params arrive parsed by the dispatcher.
#include "service/app/wpnd_backend.h"
#include "service/mapping/error_mapping.h"
#include "service/mapping/room_mapping.h"

namespace wpn::service {

namespace {

// The engine's answer, mapped to its DTO, handed to `done`.
template <class Dto, class T>
session::Completion<T> answering(BackendDone<Dto> done) {
  return [done = std::move(done)](session::EngineResult<T> result) {
    if (!result) return done(tl::unexpected(to_error(result.error())));
    if constexpr (std::is_void_v<T>)
      done({});
    else
      done(to_dto(*result));
  };
}

}  // namespace

void WpndBackend::rooms_list(const ipc::RoomsListParams& params, BackendDone<ipc::RoomListDto> done) {
  engine_.room_list(static_cast<std::uint32_t>(params.wait_ms),
                    answering<ipc::RoomListDto, std::vector<session::ListedRoom>>(std::move(done)));
}

void WpndBackend::rooms_join(const ipc::RoomRefParams& params, BackendDone<ipc::RoomDto> done) {
  engine_.join_room(params.room, answering<ipc::RoomDto, session::RoomInfo>(std::move(done)));
}

void WpndBackend::rooms_leave(const ipc::RoomRefParams& params, BackendDone<void> done) {
  engine_.leave_room(params.room, answering<void, void>(std::move(done)));
}

void WpndBackend::rooms_say(const ipc::RoomsSayParams& params, BackendDone<void> done) {
  engine_.say_in_room(params.room, params.text, params.action, answering<void, void>(std::move(done)));
}

void WpndBackend::rooms_joined(BackendDone<ipc::RoomsDto> done) {
  engine_.joined_rooms(answering<ipc::RoomsDto, std::vector<session::RoomInfo>>(std::move(done)));
}

void WpndBackend::rooms_users(const ipc::RoomRefParams& params, BackendDone<ipc::RoomUsersDto> done) {
  engine_.room_users(params.room, [room = params.room, done = std::move(done)](auto result) {
    if (!result) return done(tl::unexpected(to_error(result.error())));
    ipc::RoomUsersDto dto{room, {}};
    for (const auto& user : *result) dto.users.push_back(to_dto(user));
    done(std::move(dto));
  });
}

void WpndBackend::rooms_history(const ipc::RoomsHistoryParams& params, BackendDone<ipc::RoomHistoryDto> done) {
  engine_.room_history(params.room, params.after,
                       answering<ipc::RoomHistoryDto, session::RoomHistory>(std::move(done)));
}

void WpndBackend::rooms_host(const ipc::RoomsHostParams& params, BackendDone<ipc::HostedRoomDto> done) {
  engine_.host_room(to_hosted_settings(params),
                    answering<ipc::HostedRoomDto, session::HostedRoomInfo>(std::move(done)));
}

void WpndBackend::rooms_unhost(const ipc::RoomRefParams& params, BackendDone<void> done) {
  engine_.unhost_room(params.room, answering<void, void>(std::move(done)));
}

void WpndBackend::rooms_hosted(BackendDone<ipc::HostedRoomsDto> done) {
  engine_.hosted_rooms(answering<ipc::HostedRoomsDto, std::vector<session::HostedRoomInfo>>(std::move(done)));
}

void WpndBackend::rooms_kick(const ipc::RoomUserParams& params, BackendDone<void> done) {
  engine_.room_kick(params.room, params.user, answering<void, void>(std::move(done)));
}

void WpndBackend::rooms_ban(const ipc::RoomUserParams& params, BackendDone<void> done) {
  engine_.room_ban(params.room, params.user, params.seconds, answering<void, void>(std::move(done)));
}

void WpndBackend::rooms_unban(const ipc::RoomUserParams& params, BackendDone<void> done) {
  engine_.room_unban(params.room, params.user, answering<void, void>(std::move(done)));
}

void WpndBackend::rooms_bans(BackendDone<ipc::RoomBansDto> done) {
  engine_.room_bans(answering<ipc::RoomBansDto, std::vector<session::RoomBanEntry>>(std::move(done)));
}

void WpndBackend::rooms_topic(const ipc::RoomsTopicParams& params, BackendDone<void> done) {
  engine_.room_set_topic(params.room, params.topic, answering<void, void>(std::move(done)));
}

void WpndBackend::rooms_motd(const ipc::RoomsMotdParams& params, BackendDone<void> done) {
  engine_.room_set_motd(params.room, params.lines, answering<void, void>(std::move(done)));
}

}  // namespace wpn::service
