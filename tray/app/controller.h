#pragma once
// What the windows need from the app: the model, the clock and a way to ask the service.

#include <functional>
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
};

}  // namespace wpn::tray
