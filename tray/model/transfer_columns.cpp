#include "model/transfer_columns.h"

#include "model/text_format.h"

namespace wpn::tray {

std::size_t source_count(const ipc::TransferDto& transfer) {
  if (transfer.peer.empty()) return 0;
  if (transfer.direction != "download") return 1;
  std::size_t count = 1;
  for (auto at = transfer.peer.find(", "); at != std::string::npos; at = transfer.peer.find(", ", at + 2)) ++count;
  return count;
}

std::string eta_text(std::optional<std::uint64_t> eta_s) { return eta_s ? format_duration(*eta_s) : ""; }

std::string queue_text(const ipc::TransferDto& transfer) {
  if (transfer.position == 0) return "";
  std::string text = "#" + std::to_string(transfer.position);
  if (transfer.wait_reason == "remote_queue") text += " (remote queue)";
  return text;
}

std::string ban_until_text(std::uint64_t until_unix, std::uint64_t now_unix) {
  if (until_unix == 0) return "forever";
  if (until_unix <= now_unix) return "expired";
  return "in " + format_duration(until_unix - now_unix);
}

}  // namespace wpn::tray
