#pragma once
// The layered configuration: built-in defaults < the configuration file < the command
// line. Clients change the file layer (it is saved at once); the command line still wins
// for the run it was given to. The file keeps only what was set explicitly, plus any key
// this version does not know (written by a newer one).

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <Poco/Dynamic/Var.h>
#include <tl/expected.hpp>

#include "json/json_value.h"
#include "service/app/service_settings.h"

namespace wpn::service {

enum class SettingSource { Default, File, CommandLine };
std::string_view source_name(SettingSource source) noexcept;

struct LoadReport {
  bool found = false;                 // the file exists
  std::vector<std::string> errors;    // the file cannot be used (each names file and key)
  std::vector<std::string> warnings;  // unknown keys, kept but ignored
};

struct StoreChange {
  std::vector<const SettingField*> changed;     // the effective value changed
  std::vector<const SettingField*> overridden;  // saved, but the command line wins this run
};

class SettingsStore {
 public:
  SettingsStore(ServiceSettings defaults, std::filesystem::path file);

  const std::filesystem::path& file() const noexcept { return file_; }
  const ServiceSettings& defaults() const noexcept { return defaults_; }
  const ServiceSettings& effective() const noexcept { return effective_; }
  SettingSource source(const SettingField& field) const;

  // (Re)reads the file. On errors nothing changes; the report lists them all.
  LoadReport load_file();
  // One command-line value; list settings accumulate over repeated flags.
  std::optional<std::string> set_command_line(const SettingField& field, std::string_view text);

  // A client's change: every value is checked first, then all are stored and the file is
  // saved. Unknown keys and invalid values reject the whole change.
  tl::expected<StoreChange, std::string> set(const std::map<std::string, Poco::Dynamic::Var>& values);

  // Writes the file layer (atomically: temporary file, then rename).
  std::optional<std::string> save() const;

 private:
  void recompute();

  ServiceSettings defaults_;
  std::filesystem::path file_;
  ipc::JsonObject file_layer_;
  ServiceSettings command_line_values_;
  std::set<std::string, std::less<>> command_line_keys_;
  ServiceSettings effective_;
};

}  // namespace wpn::service
