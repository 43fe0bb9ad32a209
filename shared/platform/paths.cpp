#include "platform/paths.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace wpn::platform {

namespace {

std::optional<std::filesystem::path> absolute_var(const EnvLookup& env, std::string_view name) {
  auto value = env(name);
  if (!value || value->empty()) return std::nullopt;
  std::filesystem::path path(*value);
  if (!path.is_absolute()) return std::nullopt;
  return path;
}

std::filesystem::path home(const EnvLookup& env) {
  if (auto path = absolute_var(env, "HOME")) return *path;
  return "/";
}

std::optional<std::string> passwd_home() {
  long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(size > 0 ? static_cast<std::size_t>(size) : 16384);
  passwd entry{};
  passwd* found = nullptr;
  if (::getpwuid_r(::getuid(), &entry, buffer.data(), buffer.size(), &found) != 0 || found == nullptr)
    return std::nullopt;
  return std::string(entry.pw_dir);
}

}  // namespace

EnvLookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const std::string key(name);
    if (const char* value = std::getenv(key.c_str()); value != nullptr && *value != '\0') return std::string(value);
    if (name == "HOME") return passwd_home();
    return std::nullopt;
  };
}

std::filesystem::path config_dir(const EnvLookup& env) {
  if (auto base = absolute_var(env, "XDG_CONFIG_HOME")) return *base / ProductDirName;
  return home(env) / ".config" / ProductDirName;
}

std::filesystem::path data_dir(const EnvLookup& env) {
  if (auto base = absolute_var(env, "XDG_DATA_HOME")) return *base / ProductDirName;
  return home(env) / ".local" / "share" / ProductDirName;
}

std::filesystem::path runtime_dir(const EnvLookup& env, unsigned uid) {
  if (auto base = absolute_var(env, "XDG_RUNTIME_DIR")) return *base / ProductDirName;
  return std::filesystem::path("/tmp") / (std::string(ProductDirName) + "-" + std::to_string(uid));
}

std::filesystem::path default_share_dir(const EnvLookup& env) { return home(env) / DefaultShareFolderName; }
std::filesystem::path default_download_dir(const EnvLookup& env) { return home(env) / DefaultDownloadFolderName; }

std::filesystem::path control_socket_path(const std::string& runtime_dir_option) {
  if (!runtime_dir_option.empty()) return socket_path(runtime_dir_option);
  return socket_path(runtime_dir(process_environment(), ::getuid()));
}

}  // namespace wpn::platform
