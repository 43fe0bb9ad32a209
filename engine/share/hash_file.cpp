#include "share/hash_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <system_error>

#include "protocol/file_hash.h"
#include "share/file_reader.h"

namespace wpn::share {
namespace {

tl::unexpected<HashFileError> failure(std::string reason) { return tl::unexpected(HashFileError{std::move(reason)}); }

}  // namespace

tl::expected<protocol::FileKey, HashFileError> hash_file(const std::string& path) {
  auto reader = FileReader::open(path);
  if (!reader) return failure(reader.error().message());

  // fstat on the open descriptor: the file that is hashed is the file that was checked.
  struct stat before {};
  if (::fstat(reader->fd(), &before) != 0) return failure(std::error_code(errno, std::generic_category()).message());
  if (!S_ISREG(before.st_mode)) return failure("not a regular file");
  const auto size = static_cast<std::uint64_t>(before.st_size);

  const auto hash = protocol::hash_content(*reader, size);
  if (!hash)
    return failure(hash.error() == std::errc::io_error ? "file changed while it was read" : hash.error().message());

  struct stat after {};
  if (::fstat(reader->fd(), &after) != 0 || after.st_size != before.st_size ||
      after.st_mtim.tv_sec != before.st_mtim.tv_sec || after.st_mtim.tv_nsec != before.st_mtim.tv_nsec)
    return failure("file changed while it was read");

  const auto key = protocol::make_file_key(*hash, size);
  if (!key) return failure("too large for the network (4 GiB or more)");
  return *key;
}

}  // namespace wpn::share
