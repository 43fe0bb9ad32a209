#pragma once
// Positional reads of a local file, for the hash pipeline and uploads.

#include <cstdint>
#include <span>
#include <string>
#include <system_error>

#include <tl/expected.hpp>

#include "protocol/bytes.h"
#include "protocol/file_hash.h"

namespace wpn::share {

// Reads up to out.size() bytes of `fd` at offset (retrying short reads and EINTR); fewer
// only at end of file.
tl::expected<std::size_t, std::error_code> pread_fully(int fd, std::uint64_t offset, std::span<protocol::Byte> out);

class FileReader final : public protocol::BlockReader {
 public:
  static tl::expected<FileReader, std::error_code> open(const std::string& path);
  FileReader(FileReader&& other) noexcept;
  FileReader& operator=(FileReader&& other) noexcept;
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;
  ~FileReader() override;

  // Reads up to out.size() bytes at offset; fewer only at end of file.
  tl::expected<std::size_t, std::error_code> read_at(std::uint64_t offset, std::span<protocol::Byte> out) override;

  int fd() const noexcept { return fd_; }

 private:
  explicit FileReader(int fd) noexcept : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace wpn::share
