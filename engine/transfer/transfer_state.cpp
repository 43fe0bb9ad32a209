#include "transfer/transfer_state.h"

namespace wpn::transfer {

std::string_view upload_state_name(UploadState state) noexcept {
  switch (state) {
    case UploadState::AwaitingSlot:
      return "queued";
    case UploadState::AwaitingGet:
      return "awaiting request";
    case UploadState::AwaitingPushConnect:
      return "connecting";
    case UploadState::AwaitingSendReply:
      return "awaiting send reply";
    case UploadState::AwaitingSegment:
      return "awaiting segment";
    case UploadState::AwaitingDrain:
      return "uploading";
    case UploadState::AwaitingNextSegment:
      return "awaiting next segment";
  }
  return "";
}

std::string_view source_state_name(SourceState state) noexcept {
  switch (state) {
    case SourceState::LocalQueued:
      return "locally queued";
    case SourceState::Requesting:
      return "waiting for network reply";
    case SourceState::RemotelyQueued:
      return "remotely queued";
    case SourceState::Connecting:
      return "connecting";
    case SourceState::Negotiating:
      return "requesting file";
    case SourceState::WaitPush:
      return "waiting for incoming connection";
    case SourceState::Transferring:
      return "transferring";
    case SourceState::RetryWait:
      return "waiting to retry";
    case SourceState::Standby:
      return "standing by";
    case SourceState::Complete:
      return "complete";
    case SourceState::FailedNotShared:
      return "file not shared";
    case SourceState::FailedFileChanged:
      return "file changed";
    case SourceState::FailedGone:
      return "source gone";
    case SourceState::FailedInvalid:
      return "name not requestable";
  }
  return "";
}

std::string_view download_state_name(DownloadState state) noexcept {
  switch (state) {
    case DownloadState::LocalQueued:
      return "locally queued";
    case DownloadState::Active:
      return "active";
    case DownloadState::Verifying:
      return "verifying";
    case DownloadState::Complete:
      return "complete";
    case DownloadState::FailedCorrupt:
      return "failed: content mismatch";
  }
  return "";
}

FailReason fail_reason_of(SourceState state) noexcept {
  switch (state) {
    case SourceState::FailedNotShared:
      return FailReason::NotShared;
    case SourceState::FailedFileChanged:
      return FailReason::FileChanged;
    case SourceState::FailedGone:
      return FailReason::SourceGone;
    case SourceState::FailedInvalid:
      return FailReason::NameNotRequestable;
    case SourceState::LocalQueued:
    case SourceState::Requesting:
    case SourceState::RemotelyQueued:
    case SourceState::Connecting:
    case SourceState::Negotiating:
    case SourceState::WaitPush:
    case SourceState::Transferring:
    case SourceState::RetryWait:
    case SourceState::Standby:
    case SourceState::Complete:
      return FailReason::None;
  }
  return FailReason::None;
}

bool is_failed(SourceState state) noexcept { return fail_reason_of(state) != FailReason::None; }

TransferPhase phase_of(UploadState state) noexcept {
  switch (state) {
    case UploadState::AwaitingSlot:
      return TransferPhase::Queued;
    case UploadState::AwaitingGet:
    case UploadState::AwaitingPushConnect:
    case UploadState::AwaitingSendReply:
      return TransferPhase::Connecting;
    case UploadState::AwaitingSegment:
    case UploadState::AwaitingDrain:
    case UploadState::AwaitingNextSegment:
      return TransferPhase::Transferring;
  }
  return TransferPhase::Connecting;
}

}  // namespace wpn::transfer
