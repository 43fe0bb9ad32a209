#pragma once
// One user's shared files ("browse", then "browse.results" until the answer is done): a
// folder tree with sizes, the files of the chosen folder with their media details, and the
// browse cap when the list was cut. Download a file, or a whole folder.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <wx/activityindicator.h>
#include <wx/frame.h>
#include <wx/listctrl.h>
#include <wx/stattext.h>
#include <wx/timer.h>
#include <wx/treectrl.h>

#include "app/controller.h"
#include "model/browse_tree.h"

namespace wpn::tray {

class BrowseFrame : public wxFrame {
 public:
  BrowseFrame(Controller& controller, std::string user, std::string handle);

  const std::string& user() const noexcept { return user_; }
  // Asks the user for the list again.
  void reload();
  // Downloads every file under a folder of the tree; how many downloads were asked.
  std::size_t download_folder(std::size_t folder);
  // For the self-test.
  const BrowseTree& tree() const noexcept { return tree_; }
  bool done() const noexcept { return done_; }
  wxTreeCtrl* folders() noexcept { return folders_; }
  wxListCtrl* files() noexcept { return files_; }
  wxStaticText* status() noexcept { return status_; }

 private:
  void poll();
  void show(const ipc::BrowseAnswerDto& answer);
  void add_folders(const wxTreeItemId& parent, std::size_t folder);
  void show_folder(std::size_t folder);
  std::optional<std::size_t> selected_folder() const;
  void download(const ipc::BrowseFileDto& file);
  void on_download_file();

  Controller& controller_;
  std::string user_;
  std::string handle_;
  BrowseTree tree_;
  std::vector<wxTreeItemId> items_;  // per folder of tree_
  std::optional<std::uint64_t> browse_id_;
  std::size_t shown_folder_ = BrowseTree::Root;
  bool done_ = false;
  bool in_flight_ = false;
  int polls_left_ = 0;
  std::uint64_t asked_ = 0;
  wxTreeCtrl* folders_ = nullptr;
  wxListCtrl* files_ = nullptr;
  wxStaticText* status_ = nullptr;
  wxActivityIndicator* busy_ = nullptr;
  wxTimer timer_;
};

}  // namespace wpn::tray
