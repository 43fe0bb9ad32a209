#include "model/browse_tree.h"

#include <algorithm>
#include <cstdio>

#include "model/text_format.h"

namespace wpn::tray {

void BrowseTree::reset() {
  folders_.assign(1, BrowseFolder{});
  files_.clear();
}

std::size_t BrowseTree::child(std::size_t parent, const std::string& name) {
  for (auto index : folders_[parent].folders)
    if (folders_[index].name == name) return index;
  BrowseFolder folder;
  folder.name = name;
  folder.parent = parent;
  folders_.push_back(std::move(folder));
  const auto index = folders_.size() - 1;
  folders_[parent].folders.push_back(index);
  return index;
}

void BrowseTree::build(std::vector<ipc::BrowseFileDto> files) {
  reset();
  files_ = std::move(files);
  for (std::size_t f = 0; f < files_.size(); ++f) {
    const std::string& name = files_[f].file;
    std::size_t at = Root;
    std::size_t start = 0;
    for (auto sep = name.find('\\'); sep != std::string::npos; sep = name.find('\\', start)) {
      if (sep > start) at = child(at, name.substr(start, sep - start));  // "a\\b" has no empty folder
      start = sep + 1;
    }
    folders_[at].files.push_back(f);
    for (std::size_t up = at;; up = folders_[up].parent) {
      folders_[up].bytes += files_[f].size;
      ++folders_[up].file_count;
      if (up == Root) break;
    }
  }
  for (auto& folder : folders_) {
    std::sort(folder.folders.begin(), folder.folders.end(),
              [this](std::size_t a, std::size_t b) { return folders_[a].name < folders_[b].name; });
    std::sort(folder.files.begin(), folder.files.end(),
              [this](std::size_t a, std::size_t b) { return leaf_name(files_[a].file) < leaf_name(files_[b].file); });
  }
}

std::string BrowseTree::path_of(std::size_t folder) const {
  std::string path;
  for (std::size_t at = folder; at != Root; at = folders_.at(at).parent)
    path = folders_[at].name + (path.empty() ? "" : "\\" + path);
  return path;
}

std::vector<const ipc::BrowseFileDto*> BrowseTree::files_under(std::size_t folder) const {
  std::vector<const ipc::BrowseFileDto*> out;
  std::vector<std::size_t> stack{folder};
  while (!stack.empty()) {
    const auto at = stack.back();
    stack.pop_back();
    for (auto f : folders_.at(at).files) out.push_back(&files_[f]);
    const auto& subs = folders_[at].folders;
    for (auto it = subs.rbegin(); it != subs.rend(); ++it) stack.push_back(*it);
  }
  return out;
}

std::string media_text(std::uint64_t bitrate, std::uint64_t frequency, std::uint64_t duration) {
  std::string text;
  auto add = [&text](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
  if (bitrate > 0) add(std::to_string(bitrate) + " kbit/s");
  if (frequency > 0) {
    char khz[32];
    std::snprintf(khz, sizeof khz, "%.1f kHz", static_cast<double>(frequency) / 1000.0);
    add(khz);
  }
  if (duration > 0) {
    char length[32];
    std::snprintf(length, sizeof length, "%llu:%02llu", static_cast<unsigned long long>(duration / 60),
                  static_cast<unsigned long long>(duration % 60));
    add(length);
  }
  return text;
}

std::string browse_status_text(const ipc::BrowseAnswerDto& answer) {
  if (!answer.done) return "Asking the user for the list of files\u2026";
  std::uint64_t bytes = 0;
  for (const auto& file : answer.files) bytes += file.size;
  std::string text =
      std::to_string(answer.files.size()) + (answer.files.size() == 1 ? " file, " : " files, ") + format_bytes(bytes);
  if (!answer.complete)
    text +=
        ". The list was cut short: WinMX shows at most 5,000 files (3,000 from a secondary) in a browse; "
        "a search finds the others.";
  return text;
}

}  // namespace wpn::tray
