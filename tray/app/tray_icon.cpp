#include "app/tray_icon.h"

#include "app/tray_app.h"
#include "model/text_format.h"
#include "views/view_support.h"

namespace wpn::tray {

namespace {

enum MenuId : int {
  IdState = wxID_HIGHEST + 1,
  IdSpeeds,
  IdPause,
  IdResume,
  IdAlternateOff,
  IdAlternate1,
  IdAlternate2,
  IdAlternate4,
  IdAlternate8,
  IdAlternateOn,
  IdSlotsUp,
  IdSlotsDown,
  IdRescan,
  IdSearch,
  IdTransfers,
  IdNetwork,
  IdChat,
  IdShares,
  IdSettings,
  IdStartService,
  IdStopService,
  IdQuit
};

}  // namespace

TrayIcon::TrayIcon(TrayApp& app) : app_(app) {
  Bind(wxEVT_MENU, &TrayIcon::on_menu, this);
  Bind(wxEVT_TASKBAR_LEFT_UP, &TrayIcon::on_left_click, this);
}

wxMenu* TrayIcon::build_menu() {
  const auto& model = app_.model();
  const double now = app_.now();
  const bool up = model.link() == LinkState::Up;
  auto* menu = new wxMenu;
  menu->Append(IdState, utf8(model.state_text(now)))->Enable(false);
  if (up && model.have_status()) {
    const auto& live = model.live();
    menu->Append(IdSpeeds, utf8("Up " + format_rate(live.upload_bps) + ", down " + format_rate(live.download_bps)))
        ->Enable(false);
  }
  menu->AppendSeparator();
  if (model.live().sharing_paused)
    menu->Append(IdResume, "&Resume sharing")->Enable(up);
  else
    menu->Append(IdPause, "&Pause sharing")->Enable(up);

  auto* alternate = new wxMenu;
  alternate->Append(IdAlternate1, "For 1 hour");
  alternate->Append(IdAlternate2, "For 2 hours");
  alternate->Append(IdAlternate4, "For 4 hours");
  alternate->Append(IdAlternate8, "For 8 hours");
  alternate->Append(IdAlternateOn, "Until turned off");
  alternate->AppendSeparator();
  alternate->Append(IdAlternateOff, "Turn off")->Enable(model.live().alternate_limits);
  menu->AppendSubMenu(alternate, model.live().alternate_limits ? "&Alternate limits (on)" : "&Alternate limits")
      ->Enable(up);

  const auto slots = model.status().upload_slots;
  menu->Append(IdSlotsUp, wxString::Format("Upload slots + (now %llu)", static_cast<unsigned long long>(slots)))
      ->Enable(up);
  menu->Append(IdSlotsDown, wxString::Format(L"Upload slots \u2212 (now %llu)", static_cast<unsigned long long>(slots)))
      ->Enable(up && slots > 0);
  menu->Append(IdRescan, "Re&scan shares")->Enable(up);
  menu->AppendSeparator();
  menu->Append(IdSearch, L"Sear&ch\u2026")->Enable(up);
  menu->Append(IdTransfers, L"Open &transfers\u2026");
  menu->Append(IdNetwork, L"Open &network\u2026")->Enable(up);
  menu->Append(IdChat, L"Chat\u2026")->Enable(up);
  menu->Append(IdShares, L"Open s&hares\u2026");
  menu->Append(IdSettings, L"S&ettings\u2026")->Enable(up);
  menu->AppendSeparator();
  if (model.icon_state(now) == IconState::Offline)
    menu->Append(IdStartService, "Start the service");
  else
    menu->Append(IdStopService, "Stop the service")->Enable(up);
  menu->Append(IdQuit, "&Quit tray");
  return menu;
}

void TrayIcon::on_menu(wxCommandEvent& event) {
  switch (event.GetId()) {
    case IdPause:
      app_.set_sharing(false);
      break;
    case IdResume:
      app_.set_sharing(true);
      break;
    case IdAlternate1:
      app_.set_alternate(true, 1);
      break;
    case IdAlternate2:
      app_.set_alternate(true, 2);
      break;
    case IdAlternate4:
      app_.set_alternate(true, 4);
      break;
    case IdAlternate8:
      app_.set_alternate(true, 8);
      break;
    case IdAlternateOn:
      app_.set_alternate(true, 0);
      break;
    case IdAlternateOff:
      app_.set_alternate(false, 0);
      break;
    case IdSlotsUp:
      app_.change_slots(+1);
      break;
    case IdSlotsDown:
      app_.change_slots(-1);
      break;
    case IdRescan:
      app_.rescan();
      break;
    case IdSearch:
      app_.open_quick_search();
      break;
    case IdTransfers:
      app_.open_transfers();
      break;
    case IdNetwork:
      app_.open_network();
      break;
    case IdChat:
      app_.open_chat();
      break;
    case IdShares:
      app_.open_shares();
      break;
    case IdSettings:
      app_.open_settings();
      break;
    case IdStartService:
      app_.start_service();
      break;
    case IdStopService:
      app_.stop_service();
      break;
    case IdQuit:
      app_.quit();
      break;
    default:
      event.Skip();
  }
}

void TrayIcon::on_left_click(wxTaskBarIconEvent&) {
  if (app_.model().icon_state(app_.now()) == IconState::Offline)
    app_.offer_start_service();
  else
    app_.open_transfers();
}

}  // namespace wpn::tray
