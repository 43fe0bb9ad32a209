#include "share/file_stat.h"

#include <sys/stat.h>

#include <cerrno>

namespace wpn::share {

StatIdentity to_stat_identity(const struct stat& st) noexcept {
  StatIdentity out;
  out.size = static_cast<std::uint64_t>(st.st_size);
  out.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  out.inode = static_cast<std::uint64_t>(st.st_ino);
  out.device = static_cast<std::uint64_t>(st.st_dev);
  return out;
}

tl::expected<StatIdentity, std::error_code> stat_regular_file(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return tl::unexpected(std::error_code(errno, std::generic_category()));
  if (!S_ISREG(st.st_mode)) return tl::unexpected(std::make_error_code(std::errc::invalid_argument));
  return to_stat_identity(st);
}

}  // namespace wpn::share
