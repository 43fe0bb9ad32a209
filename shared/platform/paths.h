#pragma once
// Where wpnd keeps its files and where clients find it, following the XDG base directory
// specification. Both sides resolve the same names from the same environment.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace wpn::platform {

inline constexpr std::string_view ProductDirName = "openwpn";
inline constexpr std::string_view ConfigFileName = "wpnd.json";
inline constexpr std::string_view SocketFileName = "wpnd.sock";
inline constexpr std::string_view PidFileName = "wpnd.pid";
inline constexpr std::string_view IndexFileName = "shares.sqlite";
inline constexpr std::string_view LogFileName = "wpnd.log";
inline constexpr std::string_view DefaultShareFolderName = "OpenWPN Shared";
inline constexpr std::string_view DefaultDownloadFolderName = "OpenWPN Downloads";

// Looks up an environment variable; nullopt when unset. Injected so tests need no setenv.
using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;

// The real environment; HOME falls back to the password database.
EnvLookup process_environment();

// $XDG_CONFIG_HOME/openwpn, else $HOME/.config/openwpn. Relative XDG values are ignored, as
// the specification requires.
std::filesystem::path config_dir(const EnvLookup& env);
// $XDG_DATA_HOME/openwpn, else $HOME/.local/share/openwpn.
std::filesystem::path data_dir(const EnvLookup& env);
// $XDG_RUNTIME_DIR/openwpn, else /tmp/openwpn-<uid> (checked for ownership before use).
std::filesystem::path runtime_dir(const EnvLookup& env, unsigned uid);
// $HOME/OpenWPN Shared: the folder shared when nothing else is configured.
std::filesystem::path default_share_dir(const EnvLookup& env);
// $HOME/OpenWPN Downloads: where finished downloads go unless configured.
std::filesystem::path default_download_dir(const EnvLookup& env);

inline std::filesystem::path config_file(const std::filesystem::path& config_directory) {
  return config_directory / ConfigFileName;
}
inline std::filesystem::path socket_path(const std::filesystem::path& runtime_directory) {
  return runtime_directory / SocketFileName;
}
// The socket clients talk to: DIR/wpnd.sock for a --runtime-dir DIR option, else the one
// in the runtime directory of this process's environment and user.
std::filesystem::path control_socket_path(const std::string& runtime_dir_option);

inline std::filesystem::path pid_file(const std::filesystem::path& runtime_directory) {
  return runtime_directory / PidFileName;
}

}  // namespace wpn::platform
