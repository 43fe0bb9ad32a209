#pragma once
// Texts of the transfers window's columns that need more than a format call.

#include <cstdint>
#include <optional>
#include <string>

#include "ipc/transfer_dto.h"

namespace wpn::tray {

// A download's `peer` names its sources joined by ", "; an upload has one peer.
std::size_t source_count(const ipc::TransferDto& transfer);
// "3 min 20 s" or "" when there is no honest estimate.
std::string eta_text(std::optional<std::uint64_t> eta_s);
// The queue column: "#3 (remote queue)" for a place in a source's queue, "#2" in ours, "".
std::string queue_text(const ipc::TransferDto& transfer);
// A ban's end for people: "forever", "in 3 h 00 min", "expired".
std::string ban_until_text(std::uint64_t until_unix, std::uint64_t now_unix);

}  // namespace wpn::tray
