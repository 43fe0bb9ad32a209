#include "app/tray_app.h"

#include "build_commit.h"

#include <unistd.h>

#include <cstdio>

#include <wx/fileconf.h>
#include <wx/msgdlg.h>
#include <wx/notifmsg.h>
#include <wx/utils.h>

#include "app/icon_painter.h"
#include "app/self_test.h"
#include "app/tray_icon.h"
#include "ipc/control_dto.h"
#include "ipc/schema.h"
#include "platform/paths.h"
#include "views/bans_frame.h"
#include "views/browse_frame.h"
#include "views/chat_frame.h"
#include "views/first_run_dialog.h"
#include "views/network_frame.h"
#include "views/quick_search_popup.h"
#include "views/search_frame.h"
#include "views/settings_dialog.h"
#include "views/shares_frame.h"
#include "views/transfers_frame.h"
#include "views/view_support.h"

namespace wpn::tray {

namespace {

constexpr int TickMs = 250;
constexpr double SharesRefetchS = 1.0;  // shares events come in bursts while scanning
constexpr const char* ServiceUnit = "wpnd";
constexpr std::size_t NotificationsKept = 8;
constexpr double BusyAfterS = 0.4;      // a reply slower than this shows the busy indicator
constexpr double NetworkRefetchS = 10;  // the hub in the tooltip
constexpr std::size_t PendingPmsKept = 100;

std::filesystem::path tray_config_file() {
  return platform::config_dir(platform::process_environment()) / "wpn-tray.ini";
}

}  // namespace

TrayApp::TrayApp() : timer_(this) {}
TrayApp::~TrayApp() = default;

double TrayApp::now() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

bool TrayApp::parse_options() {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i].ToStdString();
    if ((arg == "--runtime-dir" || arg == "--self-test") && i + 1 < argc) {
      (arg == "--runtime-dir" ? runtime_dir_ : self_test_out_) = argv[++i].ToStdString();
    } else if (arg == "--version") {
      std::printf("wpn-tray %s (commit %s)\n", WPN_VERSION, WPN_BUILD_COMMIT);
      return false;
    } else {
      std::printf("usage: wpn-tray [--runtime-dir DIR] [--self-test RESULT.json]\n");
      return false;
    }
  }
  return true;
}

bool TrayApp::OnInit() {
  if (!parse_options()) return false;
  SetAppName("wpn-tray");
  const auto socket = platform::control_socket_path(runtime_dir_);
  // One tray per user and service: the lock lives next to the socket it talks to.
  single_ = std::make_unique<wxSingleInstanceChecker>();
  const auto lock_dir = socket.parent_path();
  std::error_code ignored;
  std::filesystem::create_directories(lock_dir, ignored);
  single_->Create("wpn-tray.lock", utf8(lock_dir.string()));
  if (single_->IsAnotherRunning()) {
    std::fprintf(stderr, "wpn-tray is already running\n");
    return false;
  }

  icon_ = std::make_unique<TrayIcon>(*this);
  ipc::LoopCallbacks callbacks;
  callbacks.connecting = [this] {
    CallAfter([this] {
      model_.on_connecting(now());
      dirty_ = true;
    });
  };
  callbacks.disconnected = [this](const ipc::ClientError&) {
    CallAfter([this] {
      model_.on_disconnected(now());
      dirty_ = true;
    });
  };
  callbacks.subscribed = [this](const ipc::HelloResult& hello, const ipc::SubscribeResult& result) {
    CallAfter([this, result, instance = hello.instance] {
      if (!instance_.empty() && instance != instance_ && chat_) chat_->on_service_restarted();
      instance_ = instance;
      model_.on_subscribed(result, now());
      model_.set_transfers_available(true);
      dirty_ = true;
    });
  };
  callbacks.event = [this](ipc::Event event) {
    CallAfter([this, event = std::move(event)] {
      if (!model_.on_event(event, now())) return;
      dirty_ = true;
      route_chat(event);
    });
  };
  ipc::LoopOptions options;
  options.client = std::string("wpn-tray ") + WPN_VERSION;
  options.topics = {std::string(ipc::topic::Status), std::string(ipc::topic::Shares),
                    std::string(ipc::topic::Settings)};
  // The chat window's rooms and private messages come as events too.
  options.optional_topics = {std::string(ipc::control::TransfersTopic), std::string(ipc::topic::Chat),
                             std::string(ipc::topic::Network)};
  link_ = std::make_unique<ipc::LoopClient>(socket, std::move(callbacks), std::move(options));
  link_->start();

  Bind(wxEVT_TIMER, &TrayApp::on_tick, this);
  timer_.Start(TickMs);
  if (!self_test_out_.empty()) self_test_ = std::make_unique<SelfTest>(*this, self_test_out_);
  refresh();
  return true;
}

int TrayApp::OnExit() {
  timer_.Stop();
  if (link_) link_->stop();
  if (icon_) icon_->RemoveIcon();
  icon_.reset();
  return wxApp::OnExit();
}

void TrayApp::request(std::string_view method, ipc::JsonObject params, std::function<void(const CallResult&)> done) {
  if (!link_) return;
  const std::string name(method);
  const auto number = next_request_++;
  in_flight_[number] = now();
  link_->call(name, std::move(params), [this, name, number, done = std::move(done)](ipc::CallOutcome outcome) {
    // No reply (no service, or none in time) reads as the service going away.
    CallResult result =
        outcome ? std::move(*outcome)
                : CallResult(tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::ShuttingDown, outcome.error().message}));
    CallAfter([this, name, number, done, result = std::move(result)] {
      in_flight_.erase(number);
      if (done) {
        done(result);
      } else if (!result) {
        show_error(utf8(name), result.error());
      }
      dirty_ = true;
    });
  });
}

void TrayApp::route_chat(const ipc::Event& event) {
  const bool pm = event.name == ipc::event::NetworkPm;
  if (!pm && event.topic() != ipc::topic::Chat) return;
  if (chat_) return chat_->on_event(event);
  if (!pm) return;  // a room's lines wait in its history
  pending_pms_.push_back(event);
  while (pending_pms_.size() > PendingPmsKept) pending_pms_.pop_front();
}

bool TrayApp::busy() const {
  const double t = now();
  for (const auto& [number, sent] : in_flight_)
    if (t - sent > BusyAfterS) return true;
  return false;
}

void TrayApp::show_error(const wxString& what, const ipc::ErrorInfo& error) {
  if (self_test_) return;  // no modal boxes in unattended runs
  wxString text = error.code == ipc::ErrorCode::NotAvailable ? "This version of the service does not offer it yet."
                                                             : utf8(error.message);
  wxMessageBox(text, "OpenWPN: " + what, wxOK | wxICON_WARNING);
}

void TrayApp::on_tick(wxTimerEvent&) {
  fetch_what_is_stale();
  refresh();
}

void TrayApp::refresh() {
  const double t = now();
  const IconState state = model_.icon_state(t);
  const std::string tip = model_.tooltip(t);
  if (!icon_set_ || state != shown_state_ || tip != shown_tooltip_) {
    icon_->SetIcon(paint_state_icon(state), utf8(tip));
    icon_set_ = true;
    shown_state_ = state;
    shown_tooltip_ = tip;
  }
  show_notifications();
  // The transfers lists follow scrolling too: their window of rows moves with the view.
  if (transfers_ && (dirty_ || transfers_->IsShown())) transfers_->refresh_from_model();
  if (dirty_) {
    dirty_ = false;
    if (shares_) shares_->refresh_from_model();
  }
  if (state == IconState::Offline && !offered_start_ && !self_test_) {
    offered_start_ = true;  // once per run: the menu keeps the offer
    wxNotificationMessage note("OpenWPN", "The OpenWPN service is not running. Click the tray icon to start it.");
    note.Show();
  }
  maybe_first_run();
}

void TrayApp::fetch_what_is_stale() {
  if (model_.link() != LinkState::Up) return;
  for (const auto& fetch : model_.take_transfer_fetches()) {
    ipc::TransfersViewParams params{std::string(list_name(fetch.list)), fetch.offset, fetch.limit};
    request(ipc::control::TransfersView, ipc::to_json(params), [this, kind = fetch.list](const CallResult& result) {
      if (result) {
        model_.on_transfer_page(ipc::transfer_page_from_json(ipc::as_object(*result)), now());
      } else if (result.error().code == ipc::ErrorCode::NotAvailable ||
                 result.error().code == ipc::ErrorCode::UnknownMethod) {
        model_.set_transfers_available(false);
      } else {
        model_.window(kind).fetch_failed();
      }
    });
  }
  if (now() - last_network_fetch_ >= NetworkRefetchS) {
    last_network_fetch_ = now();
    request(ipc::method::NetworkStatus, ipc::make_object(), [this](const CallResult& result) {
      if (!result) return;  // a service without the network methods: no hub to show
      const auto status = ipc::network_status_from_json(ipc::as_object(*result));
      model_.set_hub(status.logged_in ? status.parent : "");
    });
  }
  if (model_.take_status_stale())
    request(ipc::method::Status, ipc::make_object(), [this](const CallResult& result) {
      if (result) model_.on_status(ipc::as_object(*result), now());
    });
  if (model_.take_settings_stale())
    request(ipc::method::SettingsGet, ipc::make_object(), [this](const CallResult& result) {
      if (result) model_.on_settings(ipc::settings_from_json(ipc::as_array(*result)));
    });
  if (!shares_in_flight_ && now() - last_shares_fetch_ >= SharesRefetchS && model_.take_shares_stale()) {
    shares_in_flight_ = true;
    last_shares_fetch_ = now();
    request(ipc::method::SharesList, ipc::make_object(), [this](const CallResult& roots) {
      request(ipc::method::SharesProgress, ipc::make_object(), [this, roots](const CallResult& progress) {
        shares_in_flight_ = false;
        if (roots && progress)
          model_.on_shares(ipc::share_roots_from_json(ipc::as_array(*roots)),
                           ipc::share_progress_from_json(ipc::as_object(*progress)));
      });
    });
  }
}

void TrayApp::show_notifications() {
  for (const auto& note : model_.take_notifications()) {
    // Kept alive for a while: a click arrives after Show() has returned.
    auto message = std::make_unique<wxNotificationMessage>(utf8(note.title), utf8(note.text));
    message->SetFlags(note.warning ? wxICON_WARNING : wxICON_INFORMATION);
    if (note.opens_folder)
      message->Bind(wxEVT_NOTIFICATION_MESSAGE_CLICK, [this](wxCommandEvent&) { open_download_folder(); });
    message->Show();
    notes_.push_back(std::move(message));
    while (notes_.size() > NotificationsKept) notes_.pop_front();
    ++notifications_shown_;
  }
}

void TrayApp::maybe_first_run() {
  if (first_run_checked_ || self_test_ || model_.link() != LinkState::Up || model_.settings().empty()) return;
  first_run_checked_ = true;
  wxFileConfig config("wpn-tray", wxEmptyString, utf8(tray_config_file().string()), wxEmptyString,
                      wxCONFIG_USE_LOCAL_FILE);
  if (config.ReadBool("setup_done", false)) return;
  FirstRunDialog dialog(*this);
  if (dialog.ShowModal() != wxID_OK) return;  // asked again at the next start
  request(ipc::method::SettingsSet, dialog.values(), {});
  if (const auto host = dialog.host_request(); !host.isNull()) request(ipc::method::NetworkAdd, host, {});
  std::error_code ignored;
  std::filesystem::create_directories(tray_config_file().parent_path(), ignored);
  config.Write("setup_done", true);
  config.Flush();
}

void TrayApp::set_sharing(bool on) {
  request(on ? ipc::control::SharingResume : ipc::control::SharingPause, ipc::make_object(), {});
}

void TrayApp::set_alternate(bool on, unsigned hours) {
  request(ipc::control::LimitsAlternate, ipc::to_json(ipc::LimitsAlternateParams{on, hours}), {});
}

void TrayApp::change_slots(int delta) {
  const auto current = static_cast<long long>(model_.status().upload_slots);
  const auto slots = static_cast<std::uint64_t>(std::max(0LL, current + delta));
  request(ipc::control::SlotsSet, ipc::to_json(ipc::SlotsSetParams{slots}), [this, slots](const CallResult& result) {
    if (result || result.error().code != ipc::ErrorCode::NotAvailable) {
      if (!result) show_error("upload slots", result.error());
      return;
    }
    // A service without slots.set still has the live setting.
    ipc::SettingsSetParams params;
    params.values["upload_slots"] = slots;
    request(ipc::method::SettingsSet, ipc::to_json(params), {});
  });
}

void TrayApp::rescan() { request(ipc::method::SharesRescan, ipc::make_object(), {}); }

void TrayApp::open_transfers() {
  if (!transfers_) transfers_ = new TransfersFrame(*this);
  transfers_->Show();
  transfers_->Raise();
  transfers_->refresh_from_model();
}

void TrayApp::open_shares() {
  if (!shares_) shares_ = new SharesFrame(*this);
  model_.take_shares_stale();
  last_shares_fetch_ = -10;
  shares_->Show();
  shares_->Raise();
  shares_->refresh_from_model();
}

void TrayApp::open_network() {
  if (!network_) network_ = new NetworkFrame(*this);
  network_->Show();
  network_->Raise();
}

void TrayApp::open_chat() {
  if (!chat_) {
    chat_ = new ChatFrame(*this);
    for (const auto& event : pending_pms_) chat_->on_event(event);
    pending_pms_.clear();
  }
  chat_->Show();
  chat_->Raise();
}

void TrayApp::open_bans() {
  if (!bans_) bans_ = new BansFrame(*this);
  bans_->Show();
  bans_->Raise();
  bans_->reload();
}

void TrayApp::open_search(const std::string& words) {
  if (!search_) search_ = new SearchFrame(*this);
  search_->Show();
  search_->Raise();
  if (!words.empty()) search_->start_search(words);
}

void TrayApp::open_quick_search() {
  if (!quick_search_) quick_search_ = new QuickSearchPopup([this](const std::string& words) { open_search(words); });
  quick_search_->show_by_pointer();
}

void TrayApp::open_browse(const std::string& user, const std::string& handle) {
  auto& frame = browse_[user];
  if (!frame) frame = new BrowseFrame(*this, user, handle);
  frame->Show();
  frame->Raise();
}

BrowseFrame* TrayApp::browse_frame(const std::string& user) {
  const auto it = browse_.find(user);
  return it == browse_.end() ? nullptr : it->second.get();
}

void TrayApp::open_download_folder() {
  std::string folder;
  for (const auto& setting : model_.settings())
    if (setting.key == "download_dir") folder = ipc::as_string(setting.value).value_or("");
  if (folder.empty() || self_test_) return;
  wxLaunchDefaultApplication(utf8(folder));
}

void TrayApp::open_settings() {
  SettingsDialog dialog(*this);
  dialog.ShowModal();
}

void TrayApp::start_service() {
  wxExecute(wxString("systemctl --user start ") + ServiceUnit, wxEXEC_ASYNC | wxEXEC_HIDE_CONSOLE);
  if (link_) link_->reconnect_now();
}

void TrayApp::offer_start_service() {
  const int answer =
      wxMessageBox("The OpenWPN service (wpnd) is not running.\nStart it now?", "OpenWPN", wxYES_NO | wxICON_QUESTION);
  if (answer == wxYES) start_service();
}

void TrayApp::stop_service() {
  const int answer = wxMessageBox("Stop the OpenWPN service? Sharing stops until it is started again.", "OpenWPN",
                                  wxYES_NO | wxICON_QUESTION);
  if (answer == wxYES) request(ipc::control::ServiceStop, ipc::make_object(), {});
}

void TrayApp::close_windows() {
  // Closed, not destroyed: each window saves its geometry and columns as it closes.
  for (wxWindow* frame :
       std::initializer_list<wxWindow*>{transfers_, shares_, search_, network_, bans_, chat_, quick_search_})
    if (frame) frame->Close(true);
  for (auto& [user, frame] : browse_)
    if (frame) frame->Close(true);
}

void TrayApp::quit() {
  close_windows();
  if (icon_) icon_->RemoveIcon();
  ExitMainLoop();
}

}  // namespace wpn::tray

wxIMPLEMENT_APP(wpn::tray::TrayApp);
