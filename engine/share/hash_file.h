#pragma once
// The WPN key of one local file, read through the protocol's sampled hash.

#include <string>

#include <tl/expected.hpp>

#include "protocol/file_key.h"

namespace wpn::share {

struct HashFileError {
  std::string reason;  // "No such file or directory", "not a regular file", ...
};

// Fails for anything but a readable regular file below 4 GiB (the wire size is u32),
// and when the file changes size while it is read.
tl::expected<protocol::FileKey, HashFileError> hash_file(const std::string& path);

}  // namespace wpn::share
