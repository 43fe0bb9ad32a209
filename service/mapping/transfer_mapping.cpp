#include "service/mapping/transfer_mapping.h"

#include <array>
#include <utility>

#include "service/mapping/transfer_tokens.h"

namespace wpn::service {

namespace {

constexpr std::array<std::pair<session::TransferList, std::string_view>, 3> Lists{{
    {session::TransferList::Uploads, ipc::transfer_list::Uploads},
    {session::TransferList::Downloads, ipc::transfer_list::Downloads},
    {session::TransferList::Queue, ipc::transfer_list::Queue},
}};

}  // namespace

std::string_view direction_name(session::Direction direction) noexcept {
  return direction == session::Direction::Upload ? "upload" : "download";
}

std::string_view list_name(session::TransferList list) noexcept {
  for (const auto& [value, name] : Lists)
    if (value == list) return name;
  return {};
}

std::optional<session::TransferList> parse_list(std::string_view name) noexcept {
  for (const auto& [value, text] : Lists)
    if (text == name) return value;
  return std::nullopt;
}

ipc::TransferDto to_dto(const session::TransferRow& row) {
  ipc::TransferDto dto;
  dto.id = row.id;
  dto.direction = std::string(direction_name(row.direction));
  dto.state = std::string(token_of(row.phase));
  dto.peer = row.peer;
  dto.file = row.file;
  dto.key = row.key;
  dto.size = row.size;
  dto.done = row.done;
  dto.rate_bps = row.rate;
  dto.position = row.position;
  dto.wait_reason = std::string(token_of(row.wait));
  dto.fail_reason = std::string(token_of(row.fail));
  dto.error = !row.error.empty() ? row.error : std::string(display_text(row.fail));
  dto.local_path = row.local_path;
  return dto;
}

ipc::TransferPageDto to_dto(const session::TransferPage& page) {
  ipc::TransferPageDto dto;
  dto.list = std::string(list_name(page.list));
  dto.total = page.total;
  dto.revision = page.revision;
  dto.offset = page.offset;
  for (const auto& row : page.rows) dto.rows.push_back(to_dto(row));
  return dto;
}

ipc::TransfersSnapshotDto to_dto(const session::TransferLists& lists) {
  ipc::TransfersSnapshotDto dto;
  dto.uploads = to_dto(lists.uploads);
  dto.downloads = to_dto(lists.downloads);
  dto.queue = to_dto(lists.queue);
  return dto;
}

ipc::TransferRefusedDto to_dto(const session::TransferRefused& refused) {
  return {refused.peer, refused.file, std::string(token_of(refused.reason))};
}

ipc::BanListDto to_dto(const std::vector<session::BanEntry>& bans) {
  ipc::BanListDto list;
  for (const auto& ban : bans)
    list.bans.push_back(
        {ban.name, ban.match == session::BanMatch::BaseName ? "base_name" : "full_name", ban.until, ban.reason});
  return list;
}

}  // namespace wpn::service
