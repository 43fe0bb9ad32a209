#pragma once
// The pid file in the runtime directory. It is held with an exclusive lock for the life of
// the process: a second wpnd on the same runtime directory is refused with the first one's
// pid, and a file left by a killed process is simply taken over.

#include <filesystem>
#include <string>

#include <tl/expected.hpp>

namespace wpn::service {

class PidFile {
 public:
  static tl::expected<PidFile, std::string> acquire(const std::filesystem::path& path);

  PidFile(PidFile&& other) noexcept;
  PidFile& operator=(PidFile&& other) noexcept;
  PidFile(const PidFile&) = delete;
  PidFile& operator=(const PidFile&) = delete;
  // Removes the file (clean stop).
  ~PidFile();

  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  PidFile(std::filesystem::path path, int fd) : path_(std::move(path)), fd_(fd) {}
  void release() noexcept;

  std::filesystem::path path_;
  int fd_ = -1;
};

}  // namespace wpn::service
