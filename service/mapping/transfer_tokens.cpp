#include "service/mapping/transfer_tokens.h"

#include <algorithm>
#include <array>

namespace wpn::service {
namespace {

template <class E>
struct Entry {
  E value;
  std::string_view token;
  std::string_view text;
};

template <class E, std::size_t N>
const Entry<E>* find(const std::array<Entry<E>, N>& table, E value) noexcept {
  const auto it = std::find_if(table.begin(), table.end(), [&](const Entry<E>& e) { return e.value == value; });
  return it == table.end() ? nullptr : &*it;
}

using session::FailReason;
using session::RemovalReason;
using session::TransferPhase;
using session::WaitReason;

constexpr std::array<Entry<TransferPhase>, 6> Phases{{
    {TransferPhase::Queued, "queued", "queued"},
    {TransferPhase::Connecting, "connecting", "connecting"},
    {TransferPhase::Transferring, "transferring", "transferring"},
    {TransferPhase::Verifying, "verifying", "verifying"},
    {TransferPhase::Finished, "finished", "finished"},
    {TransferPhase::Failed, "failed", "failed"},
}};

constexpr std::array<Entry<WaitReason>, 8> WaitReasons{{
    {WaitReason::None, "", ""},
    {WaitReason::NoFreeSlot, "no_free_slot", "waiting for a free slot"},
    {WaitReason::PerUserLimit, "per_user_limit", "the user's per-user limit is reached"},
    {WaitReason::Banned, "banned", "the user is banned"},
    {WaitReason::Bandwidth, "bandwidth", "held back by the bandwidth limit"},
    {WaitReason::RemoteQueue, "remote_queue", "queued at the source"},
    {WaitReason::RetryWait, "retry_wait", "waiting to ask the sources again"},
    {WaitReason::NoSource, "no_source", "no source online"},
}};

constexpr std::array<Entry<FailReason>, 11> FailReasons{{
    {FailReason::None, "", ""},
    {FailReason::NotShared, "not_shared", "the source does not share the file"},
    {FailReason::FileChanged, "file_changed", "the source's file changed"},
    {FailReason::SourceGone, "source_gone", "the source went offline"},
    {FailReason::NameNotRequestable, "name_not_requestable", "the file name cannot be requested"},
    {FailReason::ContentMismatch, "content_mismatch", "the file's content differs from its hash"},
    {FailReason::LocalError, "local_error", "a local disk or file error"},
    {FailReason::Banned, "banned", "the user is banned"},
    {FailReason::QueueFull, "queue_full", "the upload queue is full"},
    {FailReason::UserQueueFull, "user_queue_full", "the user has too many requests queued"},
    {FailReason::Busy, "busy", "no free slot and the request did not ask to queue"},
}};

constexpr std::array<Entry<RemovalReason>, 12> RemovalReasons{{
    {RemovalReason::Completed, "completed", "finished"},
    {RemovalReason::Cancelled, "cancelled", "cancelled"},
    {RemovalReason::Withdrawn, "withdrawn", "the requester withdrew the request"},
    {RemovalReason::Banned, "banned", "the user is banned"},
    {RemovalReason::SlotUnused, "slot_unused", "the granted slot was not used in time"},
    {RemovalReason::NotShared, "not_shared", "the file is no longer shared"},
    {RemovalReason::InvalidRequest, "invalid_request", "an invalid request"},
    {RemovalReason::Timeout, "timeout", "timed out"},
    {RemovalReason::PeerClosed, "peer_closed", "the peer closed the connection"},
    {RemovalReason::ConnectFailed, "connect_failed", "the connection to the peer failed"},
    {RemovalReason::FileError, "file_error", "the local file could not be read"},
    {RemovalReason::Refused, "refused", "the peer refused"},
}};

template <class E, std::size_t N>
std::string_view token_in(const std::array<Entry<E>, N>& table, E value) noexcept {
  const auto* entry = find(table, value);
  return entry == nullptr ? std::string_view() : entry->token;
}

template <class E, std::size_t N>
std::string_view text_in(const std::array<Entry<E>, N>& table, E value) noexcept {
  const auto* entry = find(table, value);
  return entry == nullptr ? std::string_view() : entry->text;
}

}  // namespace

std::string_view token_of(TransferPhase phase) noexcept { return token_in(Phases, phase); }
std::string_view token_of(WaitReason reason) noexcept { return token_in(WaitReasons, reason); }
std::string_view token_of(FailReason reason) noexcept { return token_in(FailReasons, reason); }
std::string_view token_of(RemovalReason reason) noexcept { return token_in(RemovalReasons, reason); }

std::string_view display_text(TransferPhase phase) noexcept { return text_in(Phases, phase); }
std::string_view display_text(WaitReason reason) noexcept { return text_in(WaitReasons, reason); }
std::string_view display_text(FailReason reason) noexcept { return text_in(FailReasons, reason); }
std::string_view display_text(RemovalReason reason) noexcept { return text_in(RemovalReasons, reason); }

}  // namespace wpn::service
