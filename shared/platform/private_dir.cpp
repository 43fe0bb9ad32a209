#include "platform/private_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace wpn::platform {

namespace {

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

tl::expected<struct stat, std::string> stat_dir(const std::filesystem::path& dir) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) return tl::unexpected(dir.string() + ": " + std::strerror(errno));
  if (!S_ISDIR(st.st_mode)) return tl::unexpected(dir.string() + ": not a directory");
  if (st.st_uid != ::getuid())
    return tl::unexpected(dir.string() + ": owned by uid " + std::to_string(st.st_uid) + ", not by uid " +
                          std::to_string(::getuid()));
  return st;
}

}  // namespace

tl::expected<void, std::string> ensure_private_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    if (dir.has_parent_path()) std::filesystem::create_directories(dir.parent_path(), ec);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
      return tl::unexpected("cannot create " + dir.string() + ": " + std::strerror(errno));
  }
  auto st = stat_dir(dir);
  if (!st) return tl::unexpected(st.error());
  if ((st->st_mode & 077) != 0 && ::chmod(dir.c_str(), 0700) != 0)
    return tl::unexpected("cannot restrict " + dir.string() + " (mode " + octal_mode(st->st_mode) +
                          ") to 0700: " + std::strerror(errno));
  return {};
}

tl::expected<void, std::string> verify_private_dir(const std::filesystem::path& dir) {
  auto st = stat_dir(dir);
  if (!st) return tl::unexpected(st.error());
  if ((st->st_mode & 077) != 0)
    return tl::unexpected(dir.string() + ": mode " + octal_mode(st->st_mode) + " lets other users in (expected 0700)");
  return {};
}

}  // namespace wpn::platform
