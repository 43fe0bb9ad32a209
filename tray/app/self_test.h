#pragma once
// `wpn-tray --self-test RESULT.json`: an unattended run for the GUI tests. Once the tray
// has the service's state it opens the transfers, shares and settings windows and writes
// what a person would see (icon state, tooltip, menu entries, tab and column labels, row
// counts and texts, gauges) to RESULT.json; the search, network and bans windows open too (the
// chat window when an action asks for it). It keeps running so the test
// can take screenshots, and keeps RESULT.json.live current (link, icon, service instance, the icon states seen since,
// notifications shown) so a test can restart the service and watch the tray reconnect.

#include <set>
#include <string>

#include <wx/timer.h>

#include "json/json_value.h"

namespace wpn::tray {

class TrayApp;

class SelfTest : public wxEvtHandler {
 public:
  SelfTest(TrayApp& app, std::string out);

 private:
  void on_tick(wxTimerEvent& event);
  bool ready() const;
  void write(bool ready);
  void write_live();
  void run_requested_action();
  void add_windows(json::JsonObject out);
  void join_room(const std::string& name);
  void say_in_chat(const std::string& typed);
  void host_in_chat(const std::string& action);

  TrayApp& app_;
  std::string out_;
  wxTimer timer_;
  int phase_ = 0;
  double phase_started_ = 0;
  std::set<std::string> states_seen_;
  std::string live_written_;
  std::string browsed_;  // the user of the browse window the test opened
};

}  // namespace wpn::tray
