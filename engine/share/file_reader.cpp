#include "share/file_reader.h"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>

namespace wpn::share {

// O_NONBLOCK: opening a FIFO must not hang; regular-file reads ignore the flag.
tl::expected<FileReader, std::error_code> FileReader::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return tl::unexpected(std::error_code(errno, std::generic_category()));
  return FileReader(fd);
}

FileReader::FileReader(FileReader&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

FileReader& FileReader::operator=(FileReader&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

FileReader::~FileReader() {
  if (fd_ >= 0) ::close(fd_);
}

tl::expected<std::size_t, std::error_code> pread_fully(int fd, std::uint64_t offset, std::span<protocol::Byte> out) {
  std::size_t total = 0;
  while (total < out.size()) {
    const ssize_t got = ::pread(fd, out.data() + total, out.size() - total, static_cast<off_t>(offset + total));
    if (got < 0) {
      if (errno == EINTR) continue;
      return tl::unexpected(std::error_code(errno, std::generic_category()));
    }
    if (got == 0) break;
    total += static_cast<std::size_t>(got);
  }
  return total;
}

tl::expected<std::size_t, std::error_code> FileReader::read_at(std::uint64_t offset, std::span<protocol::Byte> out) {
  return pread_fully(fd_, offset, out);
}

}  // namespace wpn::share
