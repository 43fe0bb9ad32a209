#pragma once
// "settings.get" returns one SettingDto per setting: its value and everything a client
// needs to present it (type, default, where the value came from, live or restart).
// "settings.set" takes {"values": {key: value, ...}} and returns a SettingsChangeDto.

#include <string>
#include <vector>

#include "json/json_value.h"

namespace wpn::ipc {

struct SettingDto {
  std::string key;
  JsonValue value;                   // in effect now
  JsonValue default_value;           // built in
  std::string type;                  // string | bool | integer | list | choice
  std::string apply;                 // live | restart
  std::string source;                // default | file | command_line
  std::vector<std::string> choices;  // for type choice
  std::string description;
  // A value saved to the file that takes effect only at the next start.
  bool restart_pending = false;
};

struct SettingsChangeDto {
  std::vector<std::string> applied;           // in effect now
  std::vector<std::string> restart_required;  // saved, take effect at the next start
  std::vector<std::string> overridden;        // saved, but the command line wins in this run
  bool saved = false;                         // written to the configuration file
};

JsonObject to_json(const SettingDto& setting);
SettingDto setting_from_json(const JsonObject& object);
JsonArray to_json(const std::vector<SettingDto>& settings);
std::vector<SettingDto> settings_from_json(const JsonArray& array);

JsonObject to_json(const SettingsChangeDto& change);
SettingsChangeDto settings_change_from_json(const JsonObject& object);

}  // namespace wpn::ipc
