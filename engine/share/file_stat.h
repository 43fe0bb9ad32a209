#pragma once
// stat() results in the index's terms: when size, mtime, inode and device are unchanged the
// file is not read again (filesharing.md §8.3).

#include <string>
#include <system_error>

#include <tl/expected.hpp>

#include "share/share_index.h"

struct stat;

namespace wpn::share {

StatIdentity to_stat_identity(const struct stat& st) noexcept;

// lstat: a symlink is reported as what it is, never followed. invalid_argument when the
// path is not a regular file.
tl::expected<StatIdentity, std::error_code> stat_regular_file(const std::string& path);

}  // namespace wpn::share
