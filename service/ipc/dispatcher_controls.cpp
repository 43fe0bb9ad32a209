// The transfer views and the quick actions of controllers (the tray's menu, wpnctl).
#include "ipc/control_dto.h"
#include "ipc/transfer_dto.h"
#include "service/ipc/dispatcher.h"
#include "service/ipc/dispatcher_replies.h"

namespace wpn::service {

void Dispatcher::transfers_view(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  auto params = ipc::parse_transfers_view(request.params);
  if (!params) return reply(invalid_reply(request.id, params.error()));
  backend_.transfers_view(*params, reply_to<ipc::TransferPageDto>(request.id, reply));
}

void Dispatcher::transfer_action(const ipc::Request& request, TransferAction action, const ReplyFn& reply) {
  auto params = ipc::parse_transfer_id(request.params);
  if (!params) return reply(invalid_reply(request.id, params.error()));
  backend_.transfer_action(action, params->id, reply_to<void>(request.id, reply));
}

void Dispatcher::transfers_cancel(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  transfer_action(request, TransferAction::Cancel, reply);
}
void Dispatcher::transfers_retry(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  transfer_action(request, TransferAction::Retry, reply);
}
void Dispatcher::transfers_remove(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  transfer_action(request, TransferAction::Remove, reply);
}
void Dispatcher::transfers_clear(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  backend_.transfer_action(TransferAction::ClearFinished, 0, reply_to<void>(request.id, reply));
}
void Dispatcher::queue_remove(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  transfer_action(request, TransferAction::QueueRemove, reply);
}

void Dispatcher::queue_move(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  auto params = ipc::parse_queue_move(request.params);
  if (!params) return reply(invalid_reply(request.id, params.error()));
  backend_.queue_move(*params, reply_to<void>(request.id, reply));
}

void Dispatcher::peers_ban(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  auto params = ipc::parse_peers_ban(request.params);
  if (!params) return reply(invalid_reply(request.id, params.error()));
  backend_.ban(*params, reply_to<void>(request.id, reply));
}

void Dispatcher::peers_unban(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  auto params = ipc::parse_peers_unban(request.params);
  if (!params) return reply(invalid_reply(request.id, params.error()));
  backend_.unban(*params, reply_to<void>(request.id, reply));
}

void Dispatcher::peers_bans(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  backend_.bans(reply_to<ipc::BanListDto>(request.id, reply));
}

void Dispatcher::slots_set(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  auto params = ipc::parse_slots_set(request.params);
  if (!params) return reply(invalid_reply(request.id, params.error()));
  backend_.set_slots(*params, reply_to<void>(request.id, reply));
}

void Dispatcher::limits_alternate(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  auto params = ipc::parse_limits_alternate(request.params);
  if (!params) return reply(invalid_reply(request.id, params.error()));
  backend_.set_alternate(*params, reply_to<void>(request.id, reply));
}

void Dispatcher::sharing_pause(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  reply(reply_of(request.id, backend_.set_sharing_paused(true)));
}
void Dispatcher::sharing_resume(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  reply(reply_of(request.id, backend_.set_sharing_paused(false)));
}
void Dispatcher::service_stop(ClientContext&, const ipc::Request& request, const ReplyFn& reply) {
  reply(reply_of(request.id, backend_.stop_service()));
}

}  // namespace wpn::service
