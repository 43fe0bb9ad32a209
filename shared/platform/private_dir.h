#pragma once
// The runtime directory holds the IPC socket: it must belong to the user and be closed to
// everyone else, or another account could plant a socket there.

#include <filesystem>
#include <string>

#include <tl/expected.hpp>

namespace wpn::platform {

// Creates the directory (mode 0700, parents as needed) or, when it exists and belongs to
// the caller, removes group and other permissions. Fails with a readable reason when it
// belongs to someone else or is not a directory.
tl::expected<void, std::string> ensure_private_dir(const std::filesystem::path& dir);

// Checks without changing anything (for clients): a directory owned by the caller with no
// group or other permissions.
tl::expected<void, std::string> verify_private_dir(const std::filesystem::path& dir);

}  // namespace wpn::platform
