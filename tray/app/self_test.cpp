#include "app/self_test.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include <wx/menu.h>
#include <wx/taskbar.h>

#include "app/self_test_dump.h"
#include "app/tray_app.h"
#include "app/tray_icon.h"
#include "json/json_value.h"
#include "views/bans_frame.h"
#include "views/browse_frame.h"
#include "views/chat_frame.h"
#include "views/chat_page.h"
#include "views/first_run_dialog.h"
#include "views/network_frame.h"
#include "views/quick_search_popup.h"
#include "views/search_frame.h"
#include "views/settings_dialog.h"
#include "views/shares_frame.h"
#include "views/transfers_frame.h"

namespace wpn::tray {

namespace {

constexpr double ReadyTimeoutS = 40;
constexpr double SettleS = 2;  // windows fetch their rows and paint

std::string text(const wxString& value) { return value.utf8_string(); }

void add_menu(json::JsonArray out, wxMenu* menu, const std::string& prefix) {
  for (auto* item : menu->GetMenuItems()) {
    if (item->IsSeparator()) continue;
    const std::string label = prefix + text(item->GetItemLabelText());
    auto entry = json::make_object();
    entry->set("label", label);
    entry->set("enabled", item->IsEnabled());
    out->add(entry);
    if (item->GetSubMenu() != nullptr) add_menu(out, item->GetSubMenu(), label + "/");
  }
}

// Written aside and renamed, so a reader never sees half a file.
void write_file(const std::string& path, const std::string& text) {
  const std::string temp = path + ".part";
  {
    std::ofstream file(temp, std::ios::trunc);
    file << text << "\n";
  }
  std::error_code ignored;
  std::filesystem::rename(temp, path, ignored);
}

}  // namespace

SelfTest::SelfTest(TrayApp& app, std::string out) : app_(app), out_(std::move(out)), timer_(this) {
  Bind(wxEVT_TIMER, &SelfTest::on_tick, this);
  timer_.Start(200);
}

bool SelfTest::ready() const {
  const auto& model = app_.model();
  if (model.link() != LinkState::Up || !model.have_status() || model.settings().empty()) return false;
  if (model.roots().size() != model.status().shares) return false;
  if (!model.transfers_available()) return true;
  for (ListKind kind : {ListKind::Uploads, ListKind::Downloads, ListKind::Queue})
    if (!model.window(kind).loaded()) return false;
  return true;
}

void SelfTest::on_tick(wxTimerEvent&) {
  const double now = app_.now();
  // No service: nothing more will load; report what the user sees now.
  const bool offline = app_.model().icon_state(now) == IconState::Offline;
  if (phase_ == 0 && (ready() || offline || now > ReadyTimeoutS)) {
    if (!ready()) {
      write(false);
      phase_ = 2;
      return;
    }
    app_.open_transfers();
    app_.open_shares();
    app_.open_network();
    app_.open_search("");
    app_.open_bans();
    app_.transfers_frame()->SetPosition(wxPoint(20, 40));
    app_.shares_frame()->SetPosition(wxPoint(20, 540));
    app_.network_frame()->SetPosition(wxPoint(620, 540));
    app_.search_frame()->SetPosition(wxPoint(300, 80));
    app_.bans_frame()->SetPosition(wxPoint(660, 300));
    phase_ = 1;
    phase_started_ = now;
  } else if (phase_ == 1 && now - phase_started_ > SettleS) {
    app_.refresh_soon();
    write(true);
    phase_ = 2;
  } else if (phase_ == 2) {
    run_requested_action();
    write_live();
  }
}

// RESULT.json.action holds an action for the test to drive: "slots+", "slots-", "pause",
// "resume", "rescan" (menu), "search WORDS", "quick-search" (the menu's "Search..." box),
// "quick-type WORDS" (typed into that box, and Enter), "download-first" (the first search row),
// "browse-first" (its first source), "bans" (reload the bans window), "unban-first",
// "import PATH" (a .wsx list, as a drop on the network window does), "network-remove
// HOST:PORT" / "network-connect HOST:PORT" (the network window's buttons on that row), "clear-finished",
// "close-windows" (as a person closes them: geometry is saved), "open-transfers", "chat"
// (the tray menu's entry), "chat-refresh" (F5), "chat-join NAME" (Enter on the room list's
// row with that name, or the name as typed), "chat-say TEXT" (typed into the tab in front
// and Enter), "chat-kick USER" / "chat-ban USER" (the user list's menu in a room hosted here),
// "chat-leave" (the Leave button of the tab in front).
void SelfTest::run_requested_action() {
  const std::string path = out_ + ".action";
  std::ifstream file(path);
  if (!file) return;
  std::string action;
  std::getline(file, action);
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  if (action == "slots+")
    app_.change_slots(+1);
  else if (action == "slots-")
    app_.change_slots(-1);
  else if (action == "pause")
    app_.set_sharing(false);
  else if (action == "resume")
    app_.set_sharing(true);
  else if (action == "rescan")
    app_.rescan();
  else if (action.rfind("search ", 0) == 0)
    app_.open_search(action.substr(7));
  else if (action == "quick-search")
    app_.open_quick_search();
  else if (action.rfind("quick-type ", 0) == 0 && app_.quick_search()) {
    app_.quick_search()->field()->ChangeValue(wxString::FromUTF8(action.substr(11)));
    app_.quick_search()->submit();
  } else if (action == "download-first" && app_.search_frame()) {
    app_.search_frame()->download_row(0);
    if (auto* frame = app_.transfers_frame()) {
      frame->notebook()->SetSelection(static_cast<std::size_t>(ListKind::Downloads));
      frame->Raise();
    }
  } else if (action == "browse-first" && app_.search_frame() && app_.search_frame()->results().row_count() > 0) {
    const auto& source = app_.search_frame()->results().row(0).sources.front();
    browsed_ = source.user;
    app_.open_browse(source.user, source.handle);
    if (auto* frame = app_.browse_frame(browsed_)) frame->SetPosition(wxPoint(560, 60));
  } else if (action == "bans")
    app_.open_bans();
  else if (action == "unban-first" && app_.bans_frame())
    app_.bans_frame()->unban(0);
  else if (action.rfind("import ", 0) == 0 && app_.network_frame())
    app_.network_frame()->import_file(action.substr(7));
  else if (action.rfind("network-remove ", 0) == 0 && app_.network_frame())
    app_.network_frame()->remove_row(app_.network_frame()->row_of(action.substr(15)));
  else if (action.rfind("network-connect ", 0) == 0 && app_.network_frame())
    app_.network_frame()->connect_now_row(app_.network_frame()->row_of(action.substr(16)));
  else if (action == "clear-finished" && app_.transfers_frame())
    app_.transfers_frame()->clear_finished();
  else if (action == "close-windows")
    app_.close_windows();
  else if (action == "open-transfers")
    app_.open_transfers();
  else if (action == "chat") {
    app_.open_chat();
    app_.chat_frame()->SetPosition(wxPoint(340, 120));
  } else if (action == "chat-refresh" && app_.chat_frame())
    app_.chat_frame()->reload_rooms();
  else if (action.rfind("chat-join ", 0) == 0 && app_.chat_frame())
    join_room(action.substr(10));
  else if (action.rfind("chat-say ", 0) == 0 && app_.chat_frame())
    say_in_chat(action.substr(9));
  else if (action.rfind("chat-kick ", 0) == 0 && app_.chat_frame())
    app_.chat_frame()->kick_or_ban(action.substr(10), false);
  else if (action == "chat-leave" && app_.chat_frame())
    app_.chat_frame()->close_current();
  else if (action.rfind("chat-ban ", 0) == 0 && app_.chat_frame())
    app_.chat_frame()->kick_or_ban(action.substr(9), true);
  else if (action.rfind("chat-", 0) == 0 && app_.chat_frame())
    host_in_chat(action.substr(5));
}

// "chat-host NAME PORT LIMIT TOPIC..." (the host dialog's fields), "chat-ban-for SECONDS
// USER" (the user menu's timed bans), and the room menu of the tab in front: "chat-topic
// TEXT", "chat-motd LINE|LINE...", "chat-unban USER", "chat-unhost".
void SelfTest::host_in_chat(const std::string& action) {
  auto* frame = app_.chat_frame();
  std::istringstream words(action);
  std::string verb;
  words >> verb;
  std::string rest;
  std::getline(words >> std::ws, rest);
  if (verb == "host") {
    ipc::RoomsHostParams params;
    std::istringstream fields(rest);
    fields >> params.name >> params.port >> params.limit;
    std::getline(fields >> std::ws, params.topic);
    frame->host_room(params);
  } else if (verb == "ban-for") {
    std::istringstream fields(rest);
    std::uint64_t seconds = 0;
    std::string user;
    fields >> seconds >> user;
    frame->kick_or_ban(user, true, seconds);
  } else if (verb == "topic") {
    frame->set_topic_current(rest);
  } else if (verb == "motd") {
    std::vector<std::string> lines;
    std::istringstream split(rest);
    for (std::string line; std::getline(split, line, '|');) lines.push_back(line);
    frame->set_motd_current(lines);
  } else if (verb == "unban") {
    frame->unban_current(rest);
  } else if (verb == "unhost") {
    frame->unhost_current();
  }
}

void SelfTest::join_room(const std::string& name) {
  auto* frame = app_.chat_frame();
  const auto& rooms = frame->shown_rooms();
  for (std::size_t row = 0; row < rooms.size(); ++row)
    if (rooms[row].base_name == name || rooms[row].name == name) return frame->join_row(static_cast<long>(row));
  frame->join(name);
}

void SelfTest::say_in_chat(const std::string& typed) {
  auto* frame = app_.chat_frame();
  const int selected = frame->notebook()->GetSelection();
  if (selected <= 0) return;
  auto* page = frame->page(static_cast<std::size_t>(selected - 1));
  page->input()->ChangeValue(wxString::FromUTF8(typed.c_str()));
  page->send_input();
}

void SelfTest::write_live() {
  const auto& model = app_.model();
  states_seen_.insert(std::string(icon_state_name(model.icon_state(app_.now()))));
  auto live = json::make_object();
  live->set("link", model.link() == LinkState::Up ? "up" : "down");
  live->set("icon", std::string(icon_state_name(model.icon_state(app_.now()))));
  live->set("instance", model.instance());
  live->set("notifications", app_.notifications_shown());
  std::vector<std::string> seen(states_seen_.begin(), states_seen_.end());
  live->set("states_seen", json::to_json_array(seen));
  live->set("tooltip", model.tooltip(app_.now()));
  add_windows(live);
  const std::string text = json::to_json_text(live);
  if (text == live_written_) return;
  live_written_ = text;
  write_file(out_ + ".live", text);
}

void SelfTest::add_windows(json::JsonObject out) {
  if (auto* frame = app_.transfers_frame()) {
    auto transfers = json::make_object();
    for (ListKind kind : {ListKind::Uploads, ListKind::Downloads, ListKind::Queue})
      transfers->set(std::string(list_name(kind)), dump_transfer_list(frame->list(kind)));
    out->set("lists", transfers);
  }
  if (auto* frame = app_.search_frame()) out->set("search", dump_search(frame));
  if (auto* frame = app_.network_frame()) out->set("network", dump_network(frame));
  if (auto* frame = app_.bans_frame()) out->set("bans", dump_bans(frame));
  if (auto* frame = app_.browse_frame(browsed_)) out->set("browse", dump_browse(frame));
  if (auto* frame = app_.chat_frame()) out->set("chat", dump_chat(frame));
  if (auto* popup = app_.quick_search()) {
    auto box = json::make_object();
    box->set("shown", popup->IsShown());
    box->set("focused", wxWindow::FindFocus() == popup->field());
    box->set("text", text(popup->field()->GetValue()));
    out->set("quick_search", box);
  }
}

void SelfTest::write(bool ready) {
  const auto& model = app_.model();
  const double now = app_.now();
  auto result = json::make_object();
  result->set("ready", ready);
  result->set("link", model.link() == LinkState::Up ? "up" : "down");
  auto icon = json::make_object();
  icon->set("state", std::string(icon_state_name(model.icon_state(now))));
  icon->set("tooltip", model.tooltip(now));
  icon->set("installed", app_.icon()->IsIconInstalled());
  icon->set("tray_available", wxTaskBarIcon::IsAvailable());
  result->set("icon", icon);

  auto menu_items = json::make_array();
  std::unique_ptr<wxMenu> menu(app_.icon()->build_menu());
  add_menu(menu_items, menu.get(), "");
  result->set("menu", menu_items);
  result->set("transfers_available", model.transfers_available());

  if (auto* frame = app_.transfers_frame()) {
    frame->refresh_from_model();
    auto transfers = json::make_object();
    transfers->set("title", text(frame->GetTitle()));
    transfers->set("summary", text(frame->summary()->GetLabel()));
    auto tabs = json::make_array();
    for (std::size_t page = 0; page < frame->notebook()->GetPageCount(); ++page) {
      auto tab = dump_transfer_list(frame->list(static_cast<ListKind>(page)));
      tab->set("label", text(wxStripMenuCodes(frame->notebook()->GetPageText(page))));
      tabs->add(tab);
    }
    transfers->set("tabs", tabs);
    result->set("transfers", transfers);
  }
  if (auto* frame = app_.shares_frame()) {
    frame->refresh_from_model();
    auto shares = dump_list(frame->roots());
    shares->set("title", text(frame->GetTitle()));
    shares->set("progress", text(frame->progress_label()->GetLabel()));
    shares->set("gauge", frame->gauge()->GetValue());
    result->set("shares", shares);
  }
  if (ready) {
    SettingsDialog dialog(app_);
    auto settings = json::make_object();
    settings->set("rows", static_cast<std::uint64_t>(dialog.rows()));
    settings->set("restart_marked", dialog.restart_marked());
    const auto changes = dialog.changes();
    settings->set("unchanged_on_open", changes.has_value() && changes->values.empty());
    result->set("settings", settings);
    add_windows(result);
    // The first-run setup as it would open now, and what it would send.
    FirstRunDialog first_run(app_);
    result->set("first_run_values", first_run.values());
    first_run.enter_host("hub", "127.0.0.9:7000");
    result->set("first_run_host", first_run.host_request());
  }

  write_file(out_, json::to_json_text(result));
  std::fprintf(stderr, "wpn-tray: self-test result written to %s\n", out_.c_str());
}

}  // namespace wpn::tray
