#pragma once
// wpn-tray's application: one instance per user, the link to wpnd, the model, the icon and
// the windows. Everything here runs on the GUI thread; the link's callbacks are moved onto
// it with CallAfter.

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include <wx/app.h>
#include <wx/notifmsg.h>
#include <wx/snglinst.h>
#include <wx/timer.h>
#include <wx/weakref.h>

#include "app/controller.h"
#include "ipc_client/loop_client.h"
#include "model/tray_model.h"

namespace wpn::tray {

class TrayIcon;
class TransfersFrame;
class SharesFrame;
class SearchFrame;
class QuickSearchPopup;
class BrowseFrame;
class NetworkFrame;
class BansFrame;
class ChatFrame;
class SelfTest;

class TrayApp : public wxApp, public Controller {
 public:
  TrayApp();
  ~TrayApp() override;

  bool OnInit() override;
  int OnExit() override;

  // Controller
  TrayModel& model() override { return model_; }
  double now() const override;
  void request(std::string_view method, ipc::JsonObject params, std::function<void(const CallResult&)> done) override;
  void refresh_soon() override { dirty_ = true; }
  bool busy() const override;
  bool unattended() const override { return self_test_ != nullptr; }
  void open_bans() override;
  void open_download_folder() override;
  void open_search(const std::string& words) override;
  void open_browse(const std::string& user, const std::string& handle) override;

  // Quick actions (menu)
  void set_sharing(bool on);
  void set_alternate(bool on, unsigned hours);
  void change_slots(int delta);
  void rescan();
  void open_transfers();
  void open_shares();
  void open_network();
  void open_chat();
  // The menu's "Search...": a small box for the words, then the search window.
  void open_quick_search();
  void open_settings();
  void start_service();
  void offer_start_service();
  void stop_service();
  // Closes every window as a person would (each saves its geometry and columns).
  void close_windows();
  void quit();

  TrayIcon* icon() noexcept { return icon_.get(); }
  TransfersFrame* transfers_frame() noexcept { return transfers_; }
  SharesFrame* shares_frame() noexcept { return shares_; }
  SearchFrame* search_frame() noexcept { return search_; }
  NetworkFrame* network_frame() noexcept { return network_; }
  BansFrame* bans_frame() noexcept { return bans_; }
  ChatFrame* chat_frame() noexcept { return chat_; }
  QuickSearchPopup* quick_search() noexcept { return quick_search_; }
  BrowseFrame* browse_frame(const std::string& user);
  int notifications_shown() const noexcept { return notifications_shown_; }

 private:
  bool parse_options();
  void on_tick(wxTimerEvent& event);
  void refresh();
  void fetch_what_is_stale();
  void show_notifications();
  void maybe_first_run();
  void show_error(const wxString& what, const ipc::ErrorInfo& error);
  void route_chat(const ipc::Event& event);

  TrayModel model_;
  std::unique_ptr<ipc::LoopClient> link_;
  std::unique_ptr<wxSingleInstanceChecker> single_;
  std::unique_ptr<TrayIcon> icon_;
  std::unique_ptr<SelfTest> self_test_;
  wxWeakRef<TransfersFrame> transfers_;
  wxWeakRef<SharesFrame> shares_;
  wxWeakRef<SearchFrame> search_;
  wxWeakRef<QuickSearchPopup> quick_search_;
  wxWeakRef<NetworkFrame> network_;
  wxWeakRef<BansFrame> bans_;
  wxWeakRef<ChatFrame> chat_;
  // Private messages that came while the chat window was closed: it shows them when it opens.
  std::deque<ipc::Event> pending_pms_;
  std::string instance_;  // the service's, to see it restart
  std::map<std::string, wxWeakRef<BrowseFrame>> browse_;
  std::deque<std::unique_ptr<wxNotificationMessage>> notes_;
  std::map<std::uint64_t, double> in_flight_;  // request number -> when sent
  std::uint64_t next_request_ = 0;
  double last_network_fetch_ = -100;
  wxTimer timer_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::string runtime_dir_;
  std::string self_test_out_;
  IconState shown_state_ = IconState::Offline;
  std::string shown_tooltip_;
  bool icon_set_ = false;
  int notifications_shown_ = 0;
  bool dirty_ = true;
  bool shares_in_flight_ = false;
  bool offered_start_ = false;
  bool first_run_checked_ = false;
  double last_shares_fetch_ = -10;
};

}  // namespace wpn::tray
