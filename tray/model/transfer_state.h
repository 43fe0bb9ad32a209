#pragma once
// The transfer tokens of PROTOCOL.md as the tray understands them: a closed table from
// token to meaning and text. A token newer than this tray is Unknown and shown as it is.

#include <string>
#include <string_view>

namespace wpn::tray {

enum class TransferPhase { Queued, Connecting, Transferring, Verifying, Finished, Failed, Unknown };

TransferPhase phase_of(std::string_view state_token) noexcept;
// Finished or failed: nothing more will happen to it.
bool is_over(TransferPhase phase) noexcept;
// "transferring" -> "Transferring"; an unknown token as it is.
std::string state_text(std::string_view state_token);
// Why it failed, for people: "not_shared" -> "the source does not share the file".
std::string fail_reason_text(std::string_view reason_token);

}  // namespace wpn::tray
