#pragma once
// Search the network: words or a pasted HASH> key. Results stream in (the window polls
// "search.results" while the search listens), grouped by file key in a virtual list that
// reads the model's sorted, filtered rows. Enter or a double-click downloads; the context
// menu also browses the user, asks whois, sends a private message or copies the HASH> key.

#include <cstdint>
#include <optional>
#include <string>

#include <wx/activityindicator.h>
#include <wx/choice.h>
#include <wx/frame.h>
#include <wx/listctrl.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>

#include "app/controller.h"
#include "model/search_results.h"

namespace wpn::tray {

class SearchList : public wxListCtrl {
 public:
  SearchList(wxWindow* parent, const SearchResults& results);
  // The row count and the rows on screen after the results changed.
  void sync();

 protected:
  wxString OnGetItemText(long item, long column) const override;

 private:
  const SearchResults& results_;
};

class SearchFrame : public wxFrame {
 public:
  explicit SearchFrame(Controller& controller);

  // Starts a search for what the box would hold (words or a HASH> key); false with the
  // reason shown when the text is neither.
  bool start_search(const std::string& text);
  // Downloads the row's file from its first source.
  void download_row(long row);
  // For the self-test.
  const SearchResults& results() const noexcept { return results_; }
  SearchList* list() noexcept { return list_; }
  wxStaticText* progress_label() noexcept { return progress_; }
  std::uint64_t downloads_started() const noexcept { return downloads_started_; }

 private:
  void poll();
  void apply_filter();
  void update_progress();
  long selected_row() const;
  std::string selected_key() const;
  void resync(const std::string& selected_key);
  void context_menu(long row);
  void whois(const ipc::SearchResultDto& source);
  void poll_whois();
  void send_pm(const ipc::SearchResultDto& source);
  void say(const std::string& text);

  Controller& controller_;
  SearchResults results_;
  SearchPolling polling_;
  std::optional<std::uint64_t> search_id_;
  std::uint64_t generation_ = 0;  // replies of an older search are dropped
  bool poll_in_flight_ = false;
  std::uint64_t downloads_started_ = 0;
  std::string message_;
  wxTextCtrl* query_ = nullptr;
  wxChoice* type_ = nullptr;
  wxSpinCtrl* min_size_ = nullptr;
  wxChoice* min_bitrate_ = nullptr;
  SearchList* list_ = nullptr;
  wxStaticText* progress_ = nullptr;
  wxActivityIndicator* busy_ = nullptr;
  wxTimer timer_;
  std::optional<std::uint64_t> whois_id_;
  int whois_left_ = 0;
  bool whois_in_flight_ = false;
  wxTimer whois_timer_;
};

}  // namespace wpn::tray
