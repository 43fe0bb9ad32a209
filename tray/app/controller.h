#pragma once
// What the windows need from the app: the model, the clock, a way to ask the service, and
// a way to open the other windows.

#include <functional>
#include <string>
#include <string_view>

#include "ipc/client_session.h"
#include "model/tray_model.h"

namespace wpn::tray {

using ipc::CallResult;

class Controller {
 public:
  virtual ~Controller() = default;
  virtual TrayModel& model() = 0;
  virtual double now() const = 0;
  // Sends a request; `done` runs on the GUI thread. Without `done`, errors are shown.
  virtual void request(std::string_view method, ipc::JsonObject params,
                       std::function<void(const CallResult&)> done = {}) = 0;
  // Views call this after changing what they show (e.g. a new window range).
  virtual void refresh_soon() = 0;
  // A request has been waiting for its reply longer than a moment: windows say so.
  virtual bool busy() const = 0;
  // An unattended run (the self-test): no modal boxes, no programs started.
  virtual bool unattended() const = 0;

  virtual void open_bans() = 0;
  virtual void open_download_folder() = 0;
  virtual void open_search(const std::string& words) = 0;
  virtual void open_browse(const std::string& user, const std::string& handle) = 0;
};

}  // namespace wpn::tray
