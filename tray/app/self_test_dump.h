#pragma once
// What the self-test reports of each window: the texts and values a person would read
// (titles, columns, rows, gauges, status lines), taken from the widgets themselves.

#include <wx/listctrl.h>

#include "json/json_value.h"

namespace wpn::tray {

class TransferList;
class SearchFrame;
class BrowseFrame;
class NetworkFrame;
class BansFrame;
class ChatFrame;

json::JsonObject dump_list(wxListCtrl* list);
json::JsonObject dump_transfer_list(TransferList* list);
json::JsonObject dump_search(SearchFrame* frame);
json::JsonObject dump_browse(BrowseFrame* frame);
json::JsonObject dump_network(NetworkFrame* frame);
json::JsonObject dump_bans(BansFrame* frame);
// The room list and every tab: topic line, users, and the last lines with the colour of
// each span as the text pane holds it.
json::JsonObject dump_chat(ChatFrame* frame);

}  // namespace wpn::tray
