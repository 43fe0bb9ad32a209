#include "ipc/setting_dto.h"

namespace wpn::ipc {

JsonObject to_json(const SettingDto& setting) {
  auto object = make_object();
  object->set("key", setting.key);
  object->set("value", setting.value);
  object->set("default", setting.default_value);
  object->set("type", setting.type);
  object->set("apply", setting.apply);
  object->set("source", setting.source);
  if (!setting.choices.empty()) object->set("choices", to_json_array(setting.choices));
  object->set("description", setting.description);
  object->set("restart_pending", setting.restart_pending);
  return object;
}

SettingDto setting_from_json(const JsonObject& object) {
  SettingDto setting;
  setting.key = get_string(object, "key").value_or("");
  if (!object.isNull() && object->has("value")) setting.value = object->get("value");
  if (!object.isNull() && object->has("default")) setting.default_value = object->get("default");
  setting.type = get_string(object, "type").value_or("");
  setting.apply = get_string(object, "apply").value_or("");
  setting.source = get_string(object, "source").value_or("");
  setting.choices = get_string_list(object, "choices").value_or(std::vector<std::string>{});
  setting.description = get_string(object, "description").value_or("");
  setting.restart_pending = get_bool(object, "restart_pending").value_or(false);
  return setting;
}

JsonArray to_json(const std::vector<SettingDto>& settings) {
  auto array = make_array();
  for (const auto& setting : settings) array->add(to_json(setting));
  return array;
}

std::vector<SettingDto> settings_from_json(const JsonArray& array) {
  std::vector<SettingDto> settings;
  if (array.isNull()) return settings;
  for (std::size_t i = 0; i < array->size(); ++i)
    if (const auto item = as_object(array->get(static_cast<unsigned>(i))); !item.isNull())
      settings.push_back(setting_from_json(item));
  return settings;
}

JsonObject to_json(const SettingsChangeDto& change) {
  auto object = make_object();
  object->set("applied", to_json_array(change.applied));
  object->set("restart_required", to_json_array(change.restart_required));
  object->set("overridden", to_json_array(change.overridden));
  object->set("saved", change.saved);
  return object;
}

SettingsChangeDto settings_change_from_json(const JsonObject& object) {
  SettingsChangeDto change;
  change.applied = get_string_list(object, "applied").value_or(std::vector<std::string>{});
  change.restart_required = get_string_list(object, "restart_required").value_or(std::vector<std::string>{});
  change.overridden = get_string_list(object, "overridden").value_or(std::vector<std::string>{});
  change.saved = get_bool(object, "saved").value_or(false);
  return change;
}

}  // namespace wpn::ipc
