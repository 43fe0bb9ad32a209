#include "service/ipc/dispatcher.h"

#include <algorithm>

#include <array>
#include <exception>
#include <utility>

#include "ipc/hello.h"
#include "ipc/params.h"
#include "ipc/schema.h"

namespace wpn::service {

namespace {

using ipc::ErrorCode;
using ipc::Reply;

template <class T>
Reply from_result(ipc::RequestId id, const BackendResult<T>& result) {
  if (!result) return Reply::failure(id, result.error().code, result.error().message);
  return Reply::success(id, ipc::to_json(*result));
}

Reply invalid(ipc::RequestId id, const ipc::ErrorInfo& error) { return Reply::failure(id, error.code, error.message); }

std::vector<std::string> to_strings(std::span<const std::string_view> names) { return {names.begin(), names.end()}; }

}  // namespace

Dispatcher::Dispatcher(ServiceBackend& backend, EventHub& hub, std::string server_name)
    : backend_(backend), hub_(hub), server_name_(std::move(server_name)) {}

Dispatcher::Handler Dispatcher::find_handler(std::string_view method) {
  static constexpr std::array<std::pair<std::string_view, Handler>, 27> Handlers{{
      {ipc::method::Hello, &Dispatcher::hello},
      {ipc::method::Status, &Dispatcher::status},
      {ipc::method::SharesList, &Dispatcher::shares_list},
      {ipc::method::SharesAdd, &Dispatcher::shares_add},
      {ipc::method::SharesRemove, &Dispatcher::shares_remove},
      {ipc::method::SharesRescan, &Dispatcher::shares_rescan},
      {ipc::method::SharesProgress, &Dispatcher::shares_progress},
      {ipc::method::SharesFiles, &Dispatcher::shares_files},
      {ipc::method::SettingsGet, &Dispatcher::settings_get},
      {ipc::method::SettingsSet, &Dispatcher::settings_set},
      {ipc::method::LogsRecent, &Dispatcher::logs_recent},
      {ipc::method::EventsUnsubscribe, &Dispatcher::unsubscribe},
      {ipc::control::TransfersView, &Dispatcher::transfers_view},
      {ipc::control::TransfersCancel, &Dispatcher::transfers_cancel},
      {ipc::control::TransfersRetry, &Dispatcher::transfers_retry},
      {ipc::control::TransfersRemove, &Dispatcher::transfers_remove},
      {ipc::control::TransfersClear, &Dispatcher::transfers_clear},
      {ipc::control::QueueMove, &Dispatcher::queue_move},
      {ipc::control::QueueRemove, &Dispatcher::queue_remove},
      {ipc::control::PeersBan, &Dispatcher::peers_ban},
      {ipc::control::PeersUnban, &Dispatcher::peers_unban},
      {ipc::control::PeersBans, &Dispatcher::peers_bans},
      {ipc::control::SlotsSet, &Dispatcher::slots_set},
      {ipc::control::LimitsAlternate, &Dispatcher::limits_alternate},
      {ipc::control::SharingPause, &Dispatcher::sharing_pause},
      {ipc::control::SharingResume, &Dispatcher::sharing_resume},
      {ipc::control::ServiceStop, &Dispatcher::service_stop},
  }};
  for (const auto& [name, handler] : Handlers)
    if (name == method) return handler;
  return nullptr;
}

void Dispatcher::dispatch(ClientContext& client, const ipc::Request& request, const ReplyFn& reply) {
  const auto id = request.id;
  try {
    if (request.method != ipc::method::Hello && !client.hello_done)
      return reply(Reply::failure(id, ErrorCode::HelloRequired, "send \"hello\" first"));
    if (ipc::is_unavailable_area(request.method))
      return reply(
          Reply::failure(id, ErrorCode::NotAvailable,
                         std::string(ipc::area_of(request.method)) + " is not available in this build of wpnd"));
    if (request.method == ipc::method::EventsSubscribe) return subscribe(client, request, reply);
    if (auto answered = network(request)) return reply(*answered);
    if (rooms_waiting(client, request, reply)) return;
    const Handler handler = find_handler(request.method);
    if (handler == nullptr)
      return reply(Reply::failure(id, ErrorCode::UnknownMethod, "unknown method \"" + request.method + "\""));
    reply((this->*handler)(client, request));
  } catch (const std::exception& e) {
    reply(Reply::failure(id, ErrorCode::Internal, std::string("internal error: ") + e.what()));
  }
}

void Dispatcher::disconnected(const ClientContext& client) { hub_.remove(client.id); }

Reply Dispatcher::hello(ClientContext& client, const ipc::Request& request) {
  auto params = ipc::parse_hello_params(request.params);
  if (!params) return invalid(request.id, params.error());
  if (params->protocol != ipc::ProtocolVersion)
    return Reply::failure(request.id, ErrorCode::UnsupportedVersion,
                          "the client speaks IPC protocol " + std::to_string(params->protocol) + ", this wpnd speaks " +
                              std::to_string(ipc::ProtocolVersion));
  client.hello_done = true;
  client.client_name = params->client;
  ipc::HelloResult result;
  result.protocol = ipc::ProtocolVersion;
  result.server = server_name_;
  result.instance = hub_.instance();
  result.capabilities = to_strings(ipc::server_capabilities());
  result.methods = to_strings(ipc::implemented_methods());
  return Reply::success(request.id, ipc::to_json(result));
}

Reply Dispatcher::status(ClientContext&, const ipc::Request& request) {
  auto status = ipc::to_json(backend_.status());
  ipc::write_status_live(backend_.status_live(), status);
  return Reply::success(request.id, status);
}

Reply Dispatcher::shares_list(ClientContext&, const ipc::Request& request) {
  return from_result(request.id, backend_.list_shares());
}

Reply Dispatcher::shares_add(ClientContext&, const ipc::Request& request) {
  auto params = ipc::parse_shares_add(request.params);
  if (!params) return invalid(request.id, params.error());
  return from_result(request.id, backend_.add_share(*params));
}

Reply Dispatcher::shares_remove(ClientContext&, const ipc::Request& request) {
  auto root = ipc::parse_share_ref(request.params, true);
  if (!root) return invalid(request.id, root.error());
  return from_result(request.id, backend_.remove_share(*root));
}

Reply Dispatcher::shares_rescan(ClientContext&, const ipc::Request& request) {
  auto root = ipc::parse_share_ref(request.params, false);
  if (!root) return invalid(request.id, root.error());
  return from_result(request.id, backend_.rescan(*root));
}

Reply Dispatcher::shares_progress(ClientContext&, const ipc::Request& request) {
  return Reply::success(request.id, ipc::to_json(backend_.share_progress()));
}

Reply Dispatcher::shares_files(ClientContext&, const ipc::Request& request) {
  auto params = ipc::parse_shares_files(request.params);
  if (!params) return invalid(request.id, params.error());
  return from_result(request.id, backend_.share_files(*params));
}

Reply Dispatcher::settings_get(ClientContext&, const ipc::Request& request) {
  auto params = ipc::parse_settings_get(request.params);
  if (!params) return invalid(request.id, params.error());
  return from_result(request.id, backend_.settings(*params));
}

Reply Dispatcher::settings_set(ClientContext&, const ipc::Request& request) {
  auto params = ipc::parse_settings_set(request.params);
  if (!params) return invalid(request.id, params.error());
  return from_result(request.id, backend_.set_settings(*params));
}

Reply Dispatcher::logs_recent(ClientContext&, const ipc::Request& request) {
  auto params = ipc::parse_logs_recent(request.params);
  if (!params) return invalid(request.id, params.error());
  return from_result(request.id, backend_.recent_logs(*params));
}

Reply Dispatcher::unsubscribe(ClientContext& client, const ipc::Request& request) {
  auto params = ipc::parse_unsubscribe(request.params);
  if (!params) return invalid(request.id, params.error());
  hub_.unsubscribe(client.id, params->topics);
  return Reply::success(request.id, ipc::to_json_array({}));
}

ipc::JsonObject Dispatcher::snapshot(const std::vector<std::string>& topics) {
  auto snapshot = ipc::make_object();
  for (const auto& name : topics) {
    if (name == ipc::topic::Status) {
      auto status = ipc::to_json(backend_.status());
      ipc::write_status_live(backend_.status_live(), status);
      snapshot->set(name, status);
    } else if (name == ipc::topic::Transfers) {
      if (auto transfers = backend_.transfers_snapshot()) snapshot->set(name, ipc::to_json(*transfers));
    } else if (name == ipc::topic::Shares) {
      auto shares = ipc::make_object();
      if (auto roots = backend_.list_shares()) shares->set("roots", ipc::to_json(*roots));
      shares->set("progress", ipc::to_json(backend_.share_progress()));
      snapshot->set(name, shares);
    } else if (name == ipc::topic::Settings) {
      if (auto settings = backend_.settings({})) snapshot->set(name, ipc::to_json(*settings));
    } else if (name == ipc::topic::Logs) {
      if (auto lines = backend_.recent_logs({})) snapshot->set(name, ipc::to_json(*lines));
    }
  }
  return snapshot;
}

void Dispatcher::subscribe(ClientContext& client, const ipc::Request& request, const ReplyFn& reply) {
  auto params = ipc::parse_subscribe(request.params);
  if (!params) return reply(invalid(request.id, params.error()));
  if (!client.events) return reply(Reply::failure(request.id, ErrorCode::NotAvailable, "this transport has no events"));
  const auto& topics = params->topics;
  if (!backend_.has_transfers() && std::find(topics.begin(), topics.end(), ipc::topic::Transfers) != topics.end())
    return reply(Reply::failure(request.id, ErrorCode::InvalidParams, "this service has no transfers"));
  const ResumePoint from{params->since, params->instance};
  ipc::JsonObject state;
  // The snapshot is built outside the hub's lock (it reads the backend); if the buffer
  // moves on meanwhile, subscribe refuses and the second round has a snapshot.
  for (int round = 0; round < 2; ++round) {
    if (round == 1 || !hub_.can_replay(from)) state = snapshot(params->topics);
    const bool done = hub_.subscribe(client.id, params->topics, from, !state.isNull(), client.events,
                                     [&](const SubscribeOutcome& outcome) {
                                       ipc::SubscribeResult result;
                                       result.seq = outcome.seq;
                                       result.instance = hub_.instance();
                                       result.replayed = outcome.replay.size();
                                       if (!outcome.replayable) result.snapshot = state;
                                       reply(Reply::success(request.id, ipc::to_json(result)));
                                       for (const HubEvent* event : outcome.replay) client.events(*event);
                                     });
    if (done) return;
  }
  reply(Reply::failure(request.id, ErrorCode::Internal, "could not subscribe"));
}

}  // namespace wpn::service
