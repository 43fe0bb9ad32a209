#include "transfer/transfer_actions.h"

namespace wpn::transfer {

std::string_view close_reason_name(CloseReason reason) noexcept {
  switch (reason) {
    case CloseReason::Completed:
      return "completed";
    case CloseReason::NotShared:
      return "file not shared";
    case CloseReason::InvalidRequest:
      return "invalid request";
    case CloseReason::Timeout:
      return "timed out";
    case CloseReason::Cancelled:
      return "cancelled";
    case CloseReason::Withdrawn:
      return "withdrawn";
    case CloseReason::FileError:
      return "file error";
    case CloseReason::Refused:
      return "refused by peer";
    case CloseReason::FileChanged:
      return "file changed";
    case CloseReason::NotNeeded:
      return "not needed";
  }
  return "unknown";
}

}  // namespace wpn::transfer
