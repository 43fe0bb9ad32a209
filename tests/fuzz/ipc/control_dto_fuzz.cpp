// The transfer, control, network and share event DTO readers (transfers.view results,
// transfers.* event data, status members, network replies and events, shares.* event data)
// and the params parsers of the actions and network methods on hostile JSON. The input is the text of one JSON object.
// Checks: nothing throws or crashes; whatever is read writes to JSON that reads back equal.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ipc/control_dto.h"
#include "ipc/network_dto.h"
#include "ipc/network_params.h"
#include "ipc/share_event_dto.h"
#include "ipc/transfer_dto.h"

namespace {

using namespace wpn::ipc;

[[noreturn]] void mismatch() { __builtin_trap(); }

JsonObject reparse(const JsonObject& object) {
  auto again = parse_json_object(to_json_text(object));
  if (!again) mismatch();
  return *again;
}

template <class Read>
void check_dto(const JsonObject& object, Read read) {
  const auto first = read(object);
  const auto second = read(reparse(to_json(first)));
  if (!(second == first)) mismatch();
}

template <class Parse>
void check_params(const JsonObject& object, Parse parse) {
  const auto first = parse(object);
  if (!first) return;
  const std::string text = to_json_text(to_json(*first));
  const auto second = parse(reparse(to_json(*first)));
  if (!second || to_json_text(to_json(*second)) != text) mismatch();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parsed = parse_json_object(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed) return 0;
  const JsonObject& object = *parsed;
  check_dto(object, transfer_from_json);
  check_dto(object, transfer_page_from_json);
  check_dto(object, transfers_snapshot_from_json);
  check_dto(object, transfer_removed_from_json);
  check_dto(object, transfer_progress_from_json);
  check_dto(object, queue_changed_from_json);
  check_dto(object, transfer_refused_from_json);

  const auto live = status_live_from_json(object);
  auto written = make_object();
  write_status_live(live, written);
  if (!(status_live_from_json(reparse(written)) == live)) mismatch();

  check_params(object, parse_transfers_view);
  check_params(object, parse_transfer_id);
  check_params(object, parse_queue_move);
  check_params(object, parse_peers_ban);
  check_params(object, parse_slots_set);
  check_params(object, parse_limits_alternate);

  check_dto(object, network_status_from_json);
  check_dto(object, host_list_from_json);
  check_dto(object, request_id_from_json);
  check_dto(object, search_results_from_json);
  check_dto(object, browse_answer_from_json);
  check_dto(object, whois_answer_from_json);
  check_dto(object, logged_in_from_json);
  check_dto(object, pm_event_from_json);
  check_dto(object, pm_delivered_from_json);
  check_dto(object, scan_started_from_json);
  check_dto(object, scan_progress_from_json);
  check_dto(object, scan_finished_from_json);
  check_dto(object, hash_progress_from_json);
  check_dto(object, share_file_event_from_json);
  check_dto(object, file_removed_from_json);
  check_dto(object, file_refused_from_json);
  check_dto(object, watch_event_from_json);
  check_dto(object, roots_changed_from_json);

  check_params(object, parse_network_add);
  check_params(object, parse_network_import);
  check_params(object, parse_search);
  check_params(object, parse_request_id);
  check_params(object, parse_peer);
  check_params(object, parse_pm_send);
  check_params(object, parse_download);
  return 0;
}
