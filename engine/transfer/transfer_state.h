#pragma once
// The closed vocabulary of transfer states and reasons. Machines keep their own state
// enums; every row and event also carries a TransferPhase (what a person or a client
// asks first: is it waiting, moving, done?) and, where they apply, why it waits and why
// it failed. Text exists only for logs (the *_name functions) and at the IPC boundary,
// which maps each value to a documented token. Append values only; every value is in
// the All* list after its enum, which the mapping tests walk.

#include <array>
#include <string_view>
#include <variant>

namespace wpn::transfer {

// Each upload request, named for what it waits for.
enum class UploadState {
  AwaitingSlot,         // queued
  AwaitingGet,          // slot granted (0x1F68 sent), waiting for the GET
  AwaitingPushConnect,  // 0x1FD6: connecting to the downloader
  AwaitingSendReply,    // SEND line sent, waiting for the offset or segment
  AwaitingSegment,      // size sent (WPN form), waiting for the 8-byte range
  AwaitingDrain,        // a range is being sent
  AwaitingNextSegment,  // a range ending before EOF was served; another may follow
};

// Per-source states of a download, named as in filesharing.md §4.4. Each waits for:
enum class SourceState {
  LocalQueued,        // a local download slot
  Requesting,         // an answer to 0x1F41 (0x1FC2, 0x1FCC or 0x1FA4)
  RemotelyQueued,     // the uploader's 0x1FC2 while in its queue
  Connecting,         // TCP connect and the greeting byte
  Negotiating,        // the size reply to our GET (the first part of TRANSFERRING)
  WaitPush,           // the uploader's SEND after our 0x1F4A
  Transferring,       // the bytes of the assigned segment
  RetryWait,          // the back-off to run out
  Standby,            // work: every missing byte is held by another source
  Complete,           // nothing: the file is complete
  FailedNotShared,    // dropped: "File Not Shared"
  FailedFileChanged,  // dropped: the size differs from the key
  FailedGone,         // dropped: the source went offline
  FailedInvalid,      // dropped: the name cannot be requested on a GET line
};

enum class DownloadState {
  LocalQueued,    // waits for a local download slot
  Active,         // sources work on it
  Verifying,      // every byte held; the adapter recomputes the key
  Complete,       // verified and moved into place
  FailedCorrupt,  // the key did not match after every restart
};

// The summary every row carries. Cancelled and finished uploads leave their lists
// (TransferRemoved), so they have no phase of their own.
enum class TransferPhase { Queued, Connecting, Transferring, Verifying, Finished, Failed };
inline constexpr std::array AllTransferPhases{TransferPhase::Queued,       TransferPhase::Connecting,
                                              TransferPhase::Transferring, TransferPhase::Verifying,
                                              TransferPhase::Finished,     TransferPhase::Failed};

// Why a queued transfer is not served yet.
enum class WaitReason {
  None,
  NoFreeSlot,    // every slot is taken (uploads), or every local download slot
  PerUserLimit,  // the user holds their per-user share of slots
  Banned,        // the user is banned (the entry is about to leave the queue)
  Bandwidth,     // the upload bandwidth is used up
  RemoteQueue,   // waiting in the source's queue (0x1FCC)
  RetryWait,     // every source backs off before asking again
  NoSource,      // no source left; the download searches for more
};
inline constexpr std::array AllWaitReasons{WaitReason::None,      WaitReason::NoFreeSlot, WaitReason::PerUserLimit,
                                           WaitReason::Banned,    WaitReason::Bandwidth,  WaitReason::RemoteQueue,
                                           WaitReason::RetryWait, WaitReason::NoSource};

// Why a transfer, a source or a request failed or was refused.
enum class FailReason {
  None,
  NotShared,           // the source does not share the file ("File Not Shared")
  FileChanged,         // the source's file has another size than the key
  SourceGone,          // the source went offline
  NameNotRequestable,  // the file name cannot be sent on a GET line
  ContentMismatch,     // the finished file's hash differs from the key
  LocalError,          // the disk or the partial file failed us (detail says how)
  Banned,              // refused: the requester is banned
  QueueFull,           // refused: the upload queue is full
  UserQueueFull,       // refused: the requester has as many entries queued as allowed
  Busy,                // refused: no free slot and the request did not ask to queue
};
inline constexpr std::array AllFailReasons{FailReason::None,
                                           FailReason::NotShared,
                                           FailReason::FileChanged,
                                           FailReason::SourceGone,
                                           FailReason::NameNotRequestable,
                                           FailReason::ContentMismatch,
                                           FailReason::LocalError,
                                           FailReason::Banned,
                                           FailReason::QueueFull,
                                           FailReason::UserQueueFull,
                                           FailReason::Busy};

// The state of the machine behind a row or an event.
using MachineState = std::variant<UploadState, DownloadState>;

// For logs only.
std::string_view upload_state_name(UploadState state) noexcept;
std::string_view source_state_name(SourceState state) noexcept;
std::string_view download_state_name(DownloadState state) noexcept;

bool is_failed(SourceState state) noexcept;
FailReason fail_reason_of(SourceState state) noexcept;  // None for the states that are no failure
TransferPhase phase_of(UploadState state) noexcept;

}  // namespace wpn::transfer
