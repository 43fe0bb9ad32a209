#pragma once
// The node on the WPN network: role, hub, since when the tray has seen it logged in, users
// and files seen (for a hub, its secondaries against its limit), the known caches and hubs
// (add, remove, connect now through one, import a .wsx file by dialog or by dropping it on
// the window), connect and disconnect.

#include <optional>

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/datetime.h>
#include <wx/frame.h>
#include <wx/listctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>

#include "app/controller.h"
#include "ipc/network_dto.h"
#include "ipc/network_params.h"

namespace wpn::tray {

class NetworkFrame : public wxFrame {
 public:
  explicit NetworkFrame(Controller& controller);

  void reload();
  // "network.import" of a .wsx file (also what a drop does).
  void import_file(const std::string& path);
  // The host of a row of the list: "network.remove", or "network.connect_now".
  void remove_row(long row);
  void connect_now_row(long row);
  // The row showing HOST:PORT, or -1.
  long row_of(const std::string& address) const;
  // For the self-test.
  wxListCtrl* hosts() noexcept { return hosts_; }
  wxStaticText* summary() noexcept { return summary_; }
  wxStaticText* message() noexcept { return message_; }
  bool loaded() const noexcept { return status_.has_value() && hosts_loaded_; }
  const std::optional<ipc::NetworkStatusDto>& status() const noexcept { return status_; }

 private:
  void show_status(const ipc::NetworkStatusDto& status);
  void show_hosts(const ipc::HostListDto& hosts);
  void on_add();
  void on_import();
  long selected_row() const;
  void host_menu(long row);
  // The params naming a row's host, or none for a row out of range or of another type.
  std::optional<ipc::NetworkAddParams> host_params(long row) const;
  void set_running(bool on);
  void say(const std::string& text);

  Controller& controller_;
  std::optional<ipc::NetworkStatusDto> status_;
  ipc::HostListDto shown_hosts_;
  bool hosts_loaded_ = false;
  wxDateTime logged_in_since_;
  wxStaticText* summary_ = nullptr;
  wxStaticText* message_ = nullptr;
  wxListCtrl* hosts_ = nullptr;
  wxChoice* type_ = nullptr;
  wxTextCtrl* address_ = nullptr;
  wxButton* connect_ = nullptr;
  wxButton* disconnect_ = nullptr;
  wxTimer timer_;
};

}  // namespace wpn::tray
