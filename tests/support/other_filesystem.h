#pragma once
// Two folders on different filesystems (different st_dev), for tests of moves that need a copy.
// Nothing is mounted: the candidates are folders that usually exist on their own filesystem
// (/dev/shm, /run/user/<uid>, /var/tmp, the working directory, $HOME).

#include <filesystem>
#include <memory>
#include <string>

namespace wpn::test {

// A fresh folder under `parent` that removes itself.
class TempDirUnder {
 public:
  explicit TempDirUnder(const std::filesystem::path& parent);
  ~TempDirUnder();
  TempDirUnder(const TempDirUnder&) = delete;
  TempDirUnder& operator=(const TempDirUnder&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

// A writable temporary folder on another filesystem than `than`, or null; `tried` names the
// candidates and their devices, for the failure message.
std::unique_ptr<TempDirUnder> folder_on_another_filesystem(const std::filesystem::path& than, std::string& tried);

}  // namespace wpn::test
