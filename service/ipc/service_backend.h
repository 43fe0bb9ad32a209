#pragma once
// What the IPC dispatcher needs from the rest of the service. The application implements
// it on top of the share library, settings and log ring; tests implement it with plain
// values. Called from the IPC thread only.

#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "ipc/error_code.h"
#include "ipc/log_dto.h"
#include "ipc/params.h"
#include "ipc/setting_dto.h"
#include "ipc/share_dto.h"
#include "ipc/status_dto.h"

namespace wpn::service {

template <class T>
using BackendResult = tl::expected<T, ipc::ErrorInfo>;

class ServiceBackend {
 public:
  virtual ~ServiceBackend() = default;

  virtual ipc::StatusDto status() = 0;

  virtual BackendResult<std::vector<ipc::ShareRootDto>> list_shares() = 0;
  virtual BackendResult<ipc::ShareRootDto> add_share(const ipc::SharesAddParams& params) = 0;
  virtual BackendResult<ipc::ShareRootDto> remove_share(const ipc::ShareRef& root) = 0;
  // Starts rescanning one root (or all when `root` is empty); returns the roots affected.
  virtual BackendResult<std::vector<ipc::ShareRootDto>> rescan(const ipc::ShareRef& root) = 0;
  virtual ipc::ShareProgressDto share_progress() = 0;
  virtual BackendResult<ipc::FilePageDto> share_files(const ipc::SharesFilesParams& params) = 0;

  virtual BackendResult<std::vector<ipc::SettingDto>> settings(const ipc::SettingsGetParams& params) = 0;
  virtual BackendResult<ipc::SettingsChangeDto> set_settings(const ipc::SettingsSetParams& params) = 0;

  virtual BackendResult<std::vector<ipc::LogLineDto>> recent_logs(const ipc::LogsRecentParams& params) = 0;
};

}  // namespace wpn::service
