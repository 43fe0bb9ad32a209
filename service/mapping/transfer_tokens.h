#pragma once
// The IPC boundary of the transfer vocabulary: every phase, wait reason and failure reason
// as the token PROTOCOL.md lists (a closed set clients may switch on) and as display text
// (for people, in English). The engine speaks only enums; nothing else makes these strings.

#include <string_view>

#include "session/engine_types.h"

namespace wpn::service {

std::string_view token_of(session::TransferPhase phase) noexcept;
std::string_view token_of(session::WaitReason reason) noexcept;  // "" for None
std::string_view token_of(session::FailReason reason) noexcept;  // "" for None
std::string_view token_of(session::RemovalReason reason) noexcept;

std::string_view display_text(session::TransferPhase phase) noexcept;
std::string_view display_text(session::WaitReason reason) noexcept;
std::string_view display_text(session::FailReason reason) noexcept;
std::string_view display_text(session::RemovalReason reason) noexcept;

}  // namespace wpn::service
