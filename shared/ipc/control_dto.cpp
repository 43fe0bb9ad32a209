#include "ipc/control_dto.h"

#include "ipc/dto_fields.h"
#include "ipc/transfer_dto.h"

namespace wpn::ipc {

namespace {

constexpr std::size_t MaxProblems = 64;
constexpr std::size_t MaxUserName = 256;
constexpr std::uint64_t MaxSlots = 1000;
constexpr std::uint64_t MaxHours = 24 * 365;

tl::unexpected<ErrorInfo> invalid(std::string message) {
  return tl::unexpected(ErrorInfo{ErrorCode::InvalidParams, std::move(message)});
}

ParamsResult<std::uint64_t> required_uint(const JsonObject& params, const std::string& key, std::uint64_t min,
                                          std::uint64_t max) {
  const auto value = get_uint(params, key);
  if (!value || *value < min || *value > max)
    return invalid("\"" + key + "\" must be an integer " + std::to_string(min) + ".." + std::to_string(max));
  return *value;
}

ParamsResult<std::uint64_t> optional_uint(const JsonObject& params, const std::string& key, std::uint64_t fallback,
                                          std::uint64_t max) {
  if (params.isNull() || !params->has(key)) return fallback;
  return required_uint(params, key, 0, max);
}

constexpr auto ViewFields = std::to_array<DtoField<TransfersViewParams>>({
    {"list", &TransfersViewParams::list},
    {"offset", &TransfersViewParams::offset},
    {"limit", &TransfersViewParams::limit},
});
constexpr auto IdFields = std::to_array<DtoField<TransferIdParams>>({{"id", &TransferIdParams::id}});
constexpr auto MoveFields = std::to_array<DtoField<QueueMoveParams>>({
    {"id", &QueueMoveParams::id},
    {"position", &QueueMoveParams::position},
});
constexpr auto BanFields = std::to_array<DtoField<PeersBanParams>>({
    {"user", &PeersBanParams::user},
    {"hours", &PeersBanParams::hours},
    {"seconds", &PeersBanParams::seconds},
});
constexpr auto BanRuleFields = std::to_array<DtoField<BanDto>>({
    {"name", &BanDto::name},
    {"match", &BanDto::match},
    {"until", &BanDto::until},
    {"reason", &BanDto::reason},
});
constexpr std::size_t MaxBansRead = 10000;
constexpr auto SlotsFields = std::to_array<DtoField<SlotsSetParams>>({{"upload_slots", &SlotsSetParams::upload_slots}});
constexpr auto AlternateFields = std::to_array<DtoField<LimitsAlternateParams>>({
    {"on", &LimitsAlternateParams::on},
    {"hours", &LimitsAlternateParams::hours},
});

}  // namespace

void write_status_live(const StatusLiveDto& live, JsonObject status) {
  status->set("upload_bps", live.upload_bps);
  status->set("download_bps", live.download_bps);
  status->set("alternate_limits", live.alternate_limits);
  status->set("alternate_until", live.alternate_until);
  status->set("sharing_paused", live.sharing_paused);
  status->set("resuming", live.resuming);
  auto problems = make_array();
  for (const auto& problem : live.problems) {
    auto item = make_object();
    item->set("code", problem.code);
    item->set("text", problem.text);
    problems->add(item);
  }
  status->set("problems", problems);
}

StatusLiveDto status_live_from_json(const JsonObject& status) {
  StatusLiveDto live;
  live.upload_bps = get_uint(status, "upload_bps").value_or(0);
  live.download_bps = get_uint(status, "download_bps").value_or(0);
  live.alternate_limits = get_bool(status, "alternate_limits").value_or(false);
  live.alternate_until = get_uint(status, "alternate_until").value_or(0);
  live.sharing_paused = get_bool(status, "sharing_paused").value_or(false);
  live.resuming = get_bool(status, "resuming").value_or(false);
  if (const auto problems = get_array(status, "problems"); !problems.isNull()) {
    for (std::size_t i = 0; i < problems->size() && live.problems.size() < MaxProblems; ++i) {
      const auto item = as_object(problems->get(static_cast<unsigned>(i)));
      if (item.isNull()) continue;
      ProblemDto problem{get_string(item, "code").value_or(""), get_string(item, "text").value_or("")};
      if (!problem.code.empty()) live.problems.push_back(std::move(problem));
    }
  }
  return live;
}

ParamsResult<TransfersViewParams> parse_transfers_view(const JsonObject& params) {
  TransfersViewParams view;
  view.list = get_string(params, "list").value_or("");
  if (view.list != transfer_list::Uploads && view.list != transfer_list::Downloads && view.list != transfer_list::Queue)
    return invalid("\"list\" must be uploads, downloads or queue");
  auto offset = optional_uint(params, "offset", 0, MaxSafeInteger);
  if (!offset) return tl::unexpected(offset.error());
  auto limit = optional_uint(params, "limit", view.limit, control::MaxViewRows);
  if (!limit) return tl::unexpected(limit.error());
  view.offset = *offset;
  view.limit = *limit;
  return view;
}

ParamsResult<TransferIdParams> parse_transfer_id(const JsonObject& params) {
  auto id = required_uint(params, "id", 0, MaxSafeInteger);
  if (!id) return tl::unexpected(id.error());
  return TransferIdParams{*id};
}

ParamsResult<QueueMoveParams> parse_queue_move(const JsonObject& params) {
  auto id = required_uint(params, "id", 0, MaxSafeInteger);
  if (!id) return tl::unexpected(id.error());
  auto position = required_uint(params, "position", 1, MaxSafeInteger);
  if (!position) return tl::unexpected(position.error());
  return QueueMoveParams{*id, *position};
}

ParamsResult<PeersBanParams> parse_peers_ban(const JsonObject& params) {
  auto user = get_string(params, "user");
  if (!user || user->empty() || user->size() > MaxUserName) return invalid("\"user\" must be a user's full name");
  auto hours = optional_uint(params, "hours", 0, MaxHours);
  if (!hours) return tl::unexpected(hours.error());
  auto seconds = optional_uint(params, "seconds", 0, MaxHours * 3600);
  if (!seconds) return tl::unexpected(seconds.error());
  return PeersBanParams{std::move(*user), *hours, *seconds};
}

ParamsResult<PeersUnbanParams> parse_peers_unban(const JsonObject& params) {
  auto user = get_string(params, "user");
  if (!user || user->empty() || user->size() > MaxUserName) return invalid("\"user\" must be a user's name");
  return PeersUnbanParams{std::move(*user)};
}

ParamsResult<SlotsSetParams> parse_slots_set(const JsonObject& params) {
  auto slots = required_uint(params, "upload_slots", 0, MaxSlots);
  if (!slots) return tl::unexpected(slots.error());
  return SlotsSetParams{*slots};
}

ParamsResult<LimitsAlternateParams> parse_limits_alternate(const JsonObject& params) {
  const auto on = get_bool(params, "on");
  if (!on) return invalid("\"on\" must be true or false");
  auto hours = optional_uint(params, "hours", 0, MaxHours);
  if (!hours) return tl::unexpected(hours.error());
  return LimitsAlternateParams{*on, *hours};
}

JsonObject to_json(const TransfersViewParams& params) { return fields_to_json(params, ViewFields); }
JsonObject to_json(const TransferIdParams& params) { return fields_to_json(params, IdFields); }
JsonObject to_json(const QueueMoveParams& params) { return fields_to_json(params, MoveFields); }
JsonObject to_json(const PeersBanParams& params) { return fields_to_json(params, BanFields); }
JsonObject to_json(const PeersUnbanParams& params) {
  auto object = make_object();
  object->set("user", params.user);
  return object;
}

JsonObject to_json(const BanListDto& list) {
  auto array = make_array();
  for (const auto& ban : list.bans) array->add(fields_to_json(ban, BanRuleFields));
  auto object = make_object();
  object->set("bans", array);
  return object;
}

BanListDto ban_list_from_json(const JsonObject& object) {
  BanListDto list;
  const auto array = get_array(object, "bans");
  if (array.isNull()) return list;
  for (std::size_t i = 0; i < array->size() && list.bans.size() < MaxBansRead; ++i) {
    const auto item = as_object(array->get(static_cast<unsigned>(i)));
    if (item.isNull()) continue;
    BanDto ban;
    read_fields(ban, item, BanRuleFields);
    list.bans.push_back(std::move(ban));
  }
  return list;
}

JsonObject to_json(const SlotsSetParams& params) { return fields_to_json(params, SlotsFields); }
JsonObject to_json(const LimitsAlternateParams& params) { return fields_to_json(params, AlternateFields); }

}  // namespace wpn::ipc
