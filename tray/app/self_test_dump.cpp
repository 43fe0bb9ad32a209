#include "app/self_test_dump.h"

#include "model/chat_lines.h"

#include "views/bans_frame.h"
#include "views/browse_frame.h"
#include "views/chat_frame.h"
#include "views/chat_page.h"
#include "views/network_frame.h"
#include "views/percent_gauge_renderer.h"
#include "views/search_frame.h"
#include "views/transfer_list.h"

namespace wpn::tray {

namespace {

constexpr std::size_t RowsReported = 20;

std::string text(const wxString& value) { return value.utf8_string(); }

}  // namespace

json::JsonObject dump_list(wxListCtrl* list) {
  auto object = json::make_object();
  auto columns = json::make_array();
  for (int c = 0; c < list->GetColumnCount(); ++c) {
    wxListItem item;
    item.SetMask(wxLIST_MASK_TEXT);
    list->GetColumn(c, item);
    columns->add(text(item.GetText()));
  }
  object->set("columns", columns);
  object->set("count", list->GetItemCount());
  auto rows = json::make_array();
  for (long r = 0; r < list->GetItemCount() && static_cast<std::size_t>(r) < RowsReported; ++r) {
    auto row = json::make_array();
    for (int c = 0; c < list->GetColumnCount(); ++c) row->add(text(list->GetItemText(r, c)));
    rows->add(row);
  }
  object->set("rows", rows);
  return object;
}

json::JsonObject dump_transfer_list(TransferList* list) {
  auto object = json::make_object();
  auto columns = json::make_array();
  auto renderers = json::make_array();
  for (unsigned c = 0; c < list->GetColumnCount(); ++c) {
    columns->add(text(list->GetColumn(c)->GetTitle()));
    const bool gauge = dynamic_cast<PercentGaugeRenderer*>(list->GetColumn(c)->GetRenderer()) != nullptr;
    renderers->add(gauge ? "gauge" : "text");
  }
  object->set("columns", columns);
  object->set("renderers", renderers);
  object->set("count", list->row_count());
  auto rows = json::make_array();
  auto gauges = json::make_array();
  auto gauge_texts = json::make_array();  // what the gauge renderer writes on each row's bar
  const auto* model = list->list_model();
  for (unsigned r = 0; r < list->row_count() && r < RowsReported; ++r) {
    auto row = json::make_array();
    for (unsigned c = 0; c < list->GetColumnCount(); ++c) {
      // What the renderer is given, as a person reads it: the gauge column as its percent.
      wxVariant value;
      model->GetValueByRow(value, r, c);
      row->add(value.GetType() == "long" ? std::to_string(value.GetLong()) + " %" : text(value.GetString()));
    }
    rows->add(row);
    gauges->add(model->gauge(r));
    for (unsigned c = 0; c < list->GetColumnCount(); ++c)
      if (auto* gauge = dynamic_cast<PercentGaugeRenderer*>(list->GetColumn(c)->GetRenderer())) {
        wxVariant value;
        model->GetValueByRow(value, r, c);
        gauge->SetValue(value);
        gauge_texts->add(text(gauge->label()));
      }
  }
  object->set("rows", rows);
  object->set("gauges", gauges);
  object->set("gauge_texts", gauge_texts);
  return object;
}

json::JsonObject dump_search(SearchFrame* frame) {
  auto object = dump_list(frame->list());
  object->set("title", text(frame->GetTitle()));
  object->set("progress", text(frame->progress_label()->GetLabel()));
  object->set("results", static_cast<std::uint64_t>(frame->results().result_count()));
  object->set("downloads_started", frame->downloads_started());
  return object;
}

json::JsonObject dump_browse(BrowseFrame* frame) {
  auto object = dump_list(frame->files());
  object->set("title", text(frame->GetTitle()));
  object->set("user", frame->user());
  object->set("done", frame->done());
  object->set("status", text(frame->status()->GetLabel()));
  object->set("files_total", static_cast<std::uint64_t>(frame->tree().files().size()));
  object->set("folders", static_cast<std::uint64_t>(frame->tree().folders().size() - 1));
  return object;
}

json::JsonObject dump_network(NetworkFrame* frame) {
  auto object = json::make_object();
  object->set("title", text(frame->GetTitle()));
  object->set("loaded", frame->loaded());
  object->set("summary", text(frame->summary()->GetLabel()));
  object->set("message", text(frame->message()->GetLabel()));
  object->set("hosts", dump_list(frame->hosts()));
  return object;
}

json::JsonObject dump_bans(BansFrame* frame) {
  auto object = dump_list(frame->list());
  object->set("title", text(frame->GetTitle()));
  object->set("loaded", frame->loaded());
  object->set("status", text(frame->status()->GetLabel()));
  return object;
}

json::JsonObject dump_chat(ChatFrame* frame) {
  auto object = json::make_object();
  object->set("title", text(frame->GetTitle()));
  object->set("loaded", frame->rooms_loaded());
  object->set("status", text(frame->status()->GetLabel()));
  object->set("rooms", dump_list(frame->room_list()));
  const int selected = frame->notebook()->GetSelection();
  object->set("selected",
              selected >= 0 ? text(frame->notebook()->GetPageText(static_cast<std::size_t>(selected))) : "");
  auto tabs = json::make_array();
  for (std::size_t i = 0; i < frame->tabs().size(); ++i) {
    const auto& tab = frame->tabs().tab(i);
    auto* page = frame->page(i);
    auto entry = json::make_object();
    entry->set("label", text(frame->notebook()->GetPageText(i + 1)));
    entry->set("kind", tab.kind == ChatTabKind::Room ? "room" : "private");
    entry->set("id", tab.id);
    entry->set("head", text(page->topic()->GetLabel()));
    entry->set("hosted_here", tab.kind == ChatTabKind::Room && frame->hosts(tab.id));
    if (const auto* room = frame->room(tab.id)) entry->set("state", room->state);
    if (page->users()) entry->set("users", dump_list(page->users()));
    // Each line as the pane holds it: the text of every span and the colour it is drawn in.
    auto lines = json::make_array();
    const auto& drawn = page->drawn();
    for (std::size_t l = drawn.size() > RowsReported ? drawn.size() - RowsReported : 0; l < drawn.size(); ++l) {
      auto spans = json::make_array();
      std::string whole;
      for (const auto& span : drawn[l]) {
        wxTextAttr style;
        page->text()->GetStyle(span.from, style);
        auto one = json::make_object();
        const std::string piece = text(page->text()->GetRange(span.from, span.to));
        one->set("text", piece);
        one->set("colour", style.HasTextColour() ? text(style.GetTextColour().GetAsString(wxC2S_HTML_SYNTAX)) : "");
        spans->add(one);
        whole += piece;
      }
      auto line = json::make_object();
      line->set("text", whole);
      line->set("spans", spans);
      lines->add(line);
    }
    // Lines of a hidden tab wait to be drawn when it is shown: their text as it will read.
    for (const auto& waiting : page->pending()) {
      std::string whole;
      for (const auto& span : line_spans(waiting)) whole += span.text;
      auto line = json::make_object();
      line->set("text", whole);
      line->set("pending", true);
      lines->add(line);
    }
    entry->set("lines", lines);
    tabs->add(entry);
  }
  object->set("tabs", tabs);
  object->set("room_menu", json::to_json_array(frame->room_menu_labels()));
  return object;
}

}  // namespace wpn::tray
