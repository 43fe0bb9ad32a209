#pragma once
// A browsed user's files as a folder tree: announced names are split at '\', folders hold
// their total size and file count, and a folder can be downloaded as every file under it.

#include <cstdint>
#include <string>
#include <vector>

#include "ipc/network_dto.h"

namespace wpn::tray {

struct BrowseFolder {
  std::string name;  // "" for the root
  std::size_t parent = 0;
  std::vector<std::size_t> folders;  // indexes into BrowseTree::folders()
  std::vector<std::size_t> files;    // indexes into BrowseTree::files()
  std::uint64_t bytes = 0;           // everything under it
  std::uint64_t file_count = 0;      // everything under it
};

class BrowseTree {
 public:
  static constexpr std::size_t Root = 0;

  BrowseTree() { reset(); }
  void build(std::vector<ipc::BrowseFileDto> files);
  const std::vector<BrowseFolder>& folders() const noexcept { return folders_; }
  const std::vector<ipc::BrowseFileDto>& files() const noexcept { return files_; }
  const BrowseFolder& folder(std::size_t index) const { return folders_.at(index); }
  // "Music\Album" for a folder (the root is "").
  std::string path_of(std::size_t folder) const;
  // Every file under a folder, depth first in name order.
  std::vector<const ipc::BrowseFileDto*> files_under(std::size_t folder) const;

 private:
  void reset();
  std::size_t child(std::size_t parent, const std::string& name);

  std::vector<BrowseFolder> folders_;
  std::vector<ipc::BrowseFileDto> files_;
};

// "192 kbit/s, 44.1 kHz, 3:25"; parts that are 0 are left out.
std::string media_text(std::uint64_t bitrate, std::uint64_t frequency, std::uint64_t duration);
// The browse status line: waiting, the count, and the cap notice when the list was cut.
std::string browse_status_text(const ipc::BrowseAnswerDto& answer);

}  // namespace wpn::tray
