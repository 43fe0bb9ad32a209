// The transfer views and the quick actions of controllers (the tray's menu, wpnctl).
#include "ipc/control_dto.h"
#include "ipc/transfer_dto.h"
#include "service/ipc/dispatcher.h"

namespace wpn::service {

namespace {

using ipc::Reply;

Reply done(ipc::RequestId id, const BackendResult<void>& result) {
  if (!result) return Reply::failure(id, result.error().code, result.error().message);
  return Reply::success(id, ipc::make_object());
}

Reply invalid(ipc::RequestId id, const ipc::ErrorInfo& error) { return Reply::failure(id, error.code, error.message); }

}  // namespace

Reply Dispatcher::transfers_view(ClientContext&, const ipc::Request& request) {
  auto params = ipc::parse_transfers_view(request.params);
  if (!params) return invalid(request.id, params.error());
  auto page = backend_.transfers_view(*params);
  if (!page) return Reply::failure(request.id, page.error().code, page.error().message);
  return Reply::success(request.id, ipc::to_json(*page));
}

Reply Dispatcher::transfer_action(const ipc::Request& request, TransferAction action) {
  auto params = ipc::parse_transfer_id(request.params);
  if (!params) return invalid(request.id, params.error());
  return done(request.id, backend_.transfer_action(action, params->id));
}

Reply Dispatcher::transfers_cancel(ClientContext&, const ipc::Request& request) {
  return transfer_action(request, TransferAction::Cancel);
}
Reply Dispatcher::transfers_retry(ClientContext&, const ipc::Request& request) {
  return transfer_action(request, TransferAction::Retry);
}
Reply Dispatcher::transfers_remove(ClientContext&, const ipc::Request& request) {
  return transfer_action(request, TransferAction::Remove);
}
Reply Dispatcher::transfers_clear(ClientContext&, const ipc::Request& request) {
  return done(request.id, backend_.transfer_action(TransferAction::ClearFinished, 0));
}
Reply Dispatcher::queue_remove(ClientContext&, const ipc::Request& request) {
  return transfer_action(request, TransferAction::QueueRemove);
}

Reply Dispatcher::queue_move(ClientContext&, const ipc::Request& request) {
  auto params = ipc::parse_queue_move(request.params);
  if (!params) return invalid(request.id, params.error());
  return done(request.id, backend_.queue_move(*params));
}

Reply Dispatcher::peers_ban(ClientContext&, const ipc::Request& request) {
  auto params = ipc::parse_peers_ban(request.params);
  if (!params) return invalid(request.id, params.error());
  return done(request.id, backend_.ban(*params));
}

Reply Dispatcher::peers_unban(ClientContext&, const ipc::Request& request) {
  auto params = ipc::parse_peers_unban(request.params);
  if (!params) return invalid(request.id, params.error());
  return done(request.id, backend_.unban(*params));
}

Reply Dispatcher::peers_bans(ClientContext&, const ipc::Request& request) {
  auto list = backend_.bans();
  if (!list) return Reply::failure(request.id, list.error().code, list.error().message);
  return Reply::success(request.id, ipc::to_json(*list));
}

Reply Dispatcher::slots_set(ClientContext&, const ipc::Request& request) {
  auto params = ipc::parse_slots_set(request.params);
  if (!params) return invalid(request.id, params.error());
  return done(request.id, backend_.set_slots(*params));
}

Reply Dispatcher::limits_alternate(ClientContext&, const ipc::Request& request) {
  auto params = ipc::parse_limits_alternate(request.params);
  if (!params) return invalid(request.id, params.error());
  return done(request.id, backend_.set_alternate(*params));
}

Reply Dispatcher::sharing_pause(ClientContext&, const ipc::Request& request) {
  return done(request.id, backend_.set_sharing_paused(true));
}
Reply Dispatcher::sharing_resume(ClientContext&, const ipc::Request& request) {
  return done(request.id, backend_.set_sharing_paused(false));
}
Reply Dispatcher::service_stop(ClientContext&, const ipc::Request& request) {
  return done(request.id, backend_.stop_service());
}

}  // namespace wpn::service
