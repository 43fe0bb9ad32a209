#include "service/mapping/event_mapping.h"

#include "ipc/schema.h"
#include "service/mapping/network_mapping.h"
#include "service/mapping/room_mapping.h"
#include "service/mapping/share_mapping.h"
#include "service/mapping/transfer_mapping.h"

namespace wpn::service {

namespace {

using namespace session;

std::optional<std::pair<std::string, ipc::JsonObject>> map_transfer_event(const EngineEvent& event) {
  if (const auto* added = std::get_if<TransferAdded>(&event))
    return std::pair{std::string("transfers.added"), ipc::to_json(to_dto(added->row))};
  if (const auto* updated = std::get_if<TransferUpdated>(&event))
    return std::pair{std::string("transfers.updated"), ipc::to_json(to_dto(updated->row))};
  if (const auto* progress = std::get_if<TransfersProgressed>(&event)) {
    ipc::TransferProgressDto dto;
    for (const auto& row : progress->rows) dto.rows.push_back({row.id, row.done, row.rate});
    return std::pair{std::string("transfers.progress"), ipc::to_json(dto)};
  }
  if (const auto* removed = std::get_if<TransferRemoved>(&event)) {
    ipc::TransferRemovedDto dto;
    dto.id = removed->id;
    if (removed->direction) dto.direction = std::string(direction_name(*removed->direction));
    return std::pair{std::string("transfers.removed"), ipc::to_json(dto)};
  }
  if (const auto* changed = std::get_if<QueueChanged>(&event)) {
    ipc::QueueChangedDto dto;
    dto.revision = changed->revision;
    return std::pair{std::string("transfers.queue_changed"), ipc::to_json(dto)};
  }
  if (const auto* refused = std::get_if<TransferRefused>(&event))
    return std::pair{std::string(ipc::event::TransfersRefused), ipc::to_json(to_dto(*refused))};
  return std::nullopt;
}

}  // namespace

std::pair<std::string, ipc::JsonObject> map_event(const EngineEvent& event) {
  if (auto mapped = map_share_event(event)) return std::move(*mapped);
  if (auto mapped = map_transfer_event(event)) return std::move(*mapped);
  if (auto mapped = map_network_event(event)) return std::move(*mapped);
  if (auto mapped = map_room_event(event)) return std::move(*mapped);
  return {"engine.unknown", ipc::make_object()};
}

}  // namespace wpn::service
