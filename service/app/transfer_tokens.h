#pragma once
// The IPC boundary of the transfer vocabulary: every phase, wait reason and failure reason
// as the token PROTOCOL.md lists (a closed set clients may switch on) and as display text
// (for people, in English). The engine speaks only enums; nothing else makes these strings.

#include <string_view>

#include "transfer/transfer_state.h"

namespace wpn::service {

std::string_view token_of(transfer::TransferPhase phase) noexcept;
std::string_view token_of(transfer::WaitReason reason) noexcept;  // "" for None
std::string_view token_of(transfer::FailReason reason) noexcept;  // "" for None

std::string_view display_text(transfer::TransferPhase phase) noexcept;
std::string_view display_text(transfer::WaitReason reason) noexcept;
std::string_view display_text(transfer::FailReason reason) noexcept;

}  // namespace wpn::service
