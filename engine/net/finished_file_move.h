#pragma once
// Moves a verified part file into the download folder; run by the DownloadVerifier's worker,
// off the loop. On one filesystem a hard link does it at once. Across filesystems (EXDEV), or
// where hard links are refused, the bytes are copied to a hidden temporary file in the download
// folder, synced, then renamed to the final name: a stop, a cancel or a crash during the copy
// leaves the complete partial and never a short file under the final name. An existing file is
// never replaced (" (1)" and so on on a clash).
//
// `still_wanted` is asked with `lock` held between copied chunks and at the commit (the final
// name and the partial's removal, done under the lock): whoever takes the lock and makes it
// false either comes before the commit, and the partial stays, or after it, and the file is
// finished.

#include <functional>
#include <mutex>
#include <string>

#include <tl/expected.hpp>

namespace wpn::net {

struct FinishTarget {
  std::string download_dir;
  std::string name;  // one local file name (local_file_name)
};

inline constexpr const char* MoveCancelled = "cancelled";

// The final path, or why the partial stays where it is.
tl::expected<std::string, std::string> move_finished_file(const std::string& part_path, const std::string& meta_path,
                                                          const FinishTarget& target, std::mutex& lock,
                                                          const std::function<bool()>& still_wanted);

// The prefix of the temporary copies of a part file in the download folder.
std::string copy_temp_prefix(const std::string& part_path);

}  // namespace wpn::net
