#include "model/transfer_state.h"

#include <array>

namespace wpn::tray {
namespace {

struct PhaseToken {
  std::string_view token;
  TransferPhase phase;
  std::string_view text;
};

constexpr std::array<PhaseToken, 6> Phases{{
    {"queued", TransferPhase::Queued, "Queued"},
    {"connecting", TransferPhase::Connecting, "Connecting"},
    {"transferring", TransferPhase::Transferring, "Transferring"},
    {"verifying", TransferPhase::Verifying, "Verifying"},
    {"finished", TransferPhase::Finished, "Finished"},
    {"failed", TransferPhase::Failed, "Failed"},
}};

struct Text {
  std::string_view token;
  std::string_view text;
};

constexpr std::array<Text, 10> FailReasons{{
    {"not_shared", "the source does not share the file"},
    {"file_changed", "the source's file changed"},
    {"source_gone", "the source went offline"},
    {"name_not_requestable", "the file name cannot be requested"},
    {"content_mismatch", "the file's content differs from its hash"},
    {"local_error", "a local disk or file error"},
    {"banned", "the user is banned"},
    {"queue_full", "the upload queue is full"},
    {"user_queue_full", "the user has too many requests queued"},
    {"busy", "no free slot"},
}};

}  // namespace

TransferPhase phase_of(std::string_view state_token) noexcept {
  for (const auto& entry : Phases)
    if (entry.token == state_token) return entry.phase;
  return TransferPhase::Unknown;
}

bool is_over(TransferPhase phase) noexcept {
  switch (phase) {
    case TransferPhase::Finished:
    case TransferPhase::Failed:
      return true;
    case TransferPhase::Queued:
    case TransferPhase::Connecting:
    case TransferPhase::Transferring:
    case TransferPhase::Verifying:
    case TransferPhase::Unknown:
      return false;
  }
  return false;
}

std::string state_text(std::string_view state_token) {
  for (const auto& entry : Phases)
    if (entry.token == state_token) return std::string(entry.text);
  return std::string(state_token);
}

std::string fail_reason_text(std::string_view reason_token) {
  for (const auto& entry : FailReasons)
    if (entry.token == reason_token) return std::string(entry.text);
  return std::string(reason_token);
}

}  // namespace wpn::tray
