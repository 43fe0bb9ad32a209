#include "support/other_filesystem.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace wpn::test {
namespace fs = std::filesystem;

namespace {

std::optional<dev_t> device_of(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return st.st_dev;
}

}  // namespace

TempDirUnder::TempDirUnder(const fs::path& parent) {
  std::string pattern = (parent / "openwpn-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed under " + parent.string());
  path_ = pattern;
}

TempDirUnder::~TempDirUnder() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::unique_ptr<TempDirUnder> folder_on_another_filesystem(const fs::path& than, std::string& tried) {
  const auto own = device_of(than);
  std::vector<fs::path> candidates{"/dev/shm", "/run/user/" + std::to_string(::getuid()), "/var/tmp",
                                   fs::current_path()};
  if (const char* home = std::getenv("HOME")) candidates.emplace_back(home);
  tried = than.string() + " (device " + (own ? std::to_string(*own) : "?") + ")";
  for (const auto& candidate : candidates) {
    const auto device = device_of(candidate);
    tried += "; " + candidate.string() + " (device " + (device ? std::to_string(*device) : "none") + ")";
    if (!own || !device || *device == *own || ::access(candidate.c_str(), W_OK) != 0) continue;
    try {
      return std::make_unique<TempDirUnder>(candidate);
    } catch (const std::exception&) {
      continue;
    }
  }
  return nullptr;
}

}  // namespace wpn::test
