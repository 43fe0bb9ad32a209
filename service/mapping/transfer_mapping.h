#pragma once
// Transfer values -> IPC DTOs and the "transfers.*" event payloads.
//   transfers.added / transfers.updated  a TransferDto
//   transfers.progress                   {rows: [{id, done, rate_bps}]}
//   transfers.removed                    {id, direction}
//   transfers.queue_changed              {revision}
//   transfers.refused                    {user, file, reason}

#include <optional>
#include <string_view>
#include <vector>

#include "ipc/control_dto.h"
#include "ipc/transfer_dto.h"
#include "session/engine_events.h"
#include "session/engine_types.h"

namespace wpn::service {

std::string_view direction_name(session::Direction direction) noexcept;
std::string_view list_name(session::TransferList list) noexcept;
std::optional<session::TransferList> parse_list(std::string_view name) noexcept;

ipc::TransferDto to_dto(const session::TransferRow& row);
ipc::TransferPageDto to_dto(const session::TransferPage& page);
ipc::TransfersSnapshotDto to_dto(const session::TransferLists& lists);
ipc::TransferRefusedDto to_dto(const session::TransferRefused& refused);
ipc::BanListDto to_dto(const std::vector<session::BanEntry>& bans);

}  // namespace wpn::service
