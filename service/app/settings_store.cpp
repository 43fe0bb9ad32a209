#include "service/app/settings_store.h"

#include <Poco/JSON/Stringifier.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <system_error>

namespace wpn::service {

std::string_view source_name(SettingSource source) noexcept {
  switch (source) {
    case SettingSource::File:
      return "file";
    case SettingSource::CommandLine:
      return "command_line";
    default:
      return "default";
  }
}

SettingsStore::SettingsStore(ServiceSettings defaults, std::filesystem::path file)
    : defaults_(std::move(defaults)),
      file_(std::move(file)),
      file_layer_(ipc::make_object()),
      command_line_values_(defaults_),
      effective_(defaults_) {}

SettingSource SettingsStore::source(const SettingField& field) const {
  const std::string key(field.key);
  if (command_line_keys_.contains(key)) return SettingSource::CommandLine;
  if (file_layer_->has(key)) return SettingSource::File;
  return SettingSource::Default;
}

LoadReport SettingsStore::load_file() {
  LoadReport report;
  std::error_code ec;
  if (!std::filesystem::exists(file_, ec)) {
    file_layer_ = ipc::make_object();
    recompute();
    return report;
  }
  report.found = true;
  std::ifstream in(file_, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    report.errors.push_back(file_.string() + ": cannot be read");
    return report;
  }
  auto object = ipc::parse_json_object(text.str());
  if (!object) {
    report.errors.push_back(file_.string() + ": " + object.error());
    return report;
  }
  ServiceSettings probe = defaults_;
  for (const auto& [key, value] : **object) {
    const SettingField* field = find_setting(key);
    if (field == nullptr) {
      report.warnings.push_back(file_.string() + ": unknown setting '" + key + "' ignored");
      continue;
    }
    if (auto error = set_value(probe, *field, value)) report.errors.push_back(file_.string() + ": " + *error);
  }
  if (!report.errors.empty()) return report;
  file_layer_ = *object;
  recompute();
  return report;
}

std::optional<std::string> SettingsStore::set_command_line(const SettingField& field, std::string_view text) {
  const bool repeated = command_line_keys_.contains(field.key);
  if (auto error = set_from_text(command_line_values_, field, text, repeated)) return error;
  command_line_keys_.emplace(field.key);
  recompute();
  return std::nullopt;
}

tl::expected<StoreChange, std::string> SettingsStore::set(const std::map<std::string, Poco::Dynamic::Var>& values) {
  ServiceSettings probe = effective_;
  for (const auto& [key, value] : values) {
    const SettingField* field = find_setting(key);
    if (field == nullptr) return tl::unexpected("unknown setting '" + key + "'");
    if (auto error = set_value(probe, *field, value)) return tl::unexpected(*error);
  }
  const ServiceSettings before = effective_;
  for (const auto& [key, value] : values) {
    const SettingField* field = find_setting(key);
    file_layer_->set(key, get_value(probe, *field));  // normalised (e.g. integers as UInt64)
  }
  recompute();
  StoreChange change;
  for (const auto& [key, value] : values) {
    const SettingField* field = find_setting(key);
    if (command_line_keys_.contains(key))
      change.overridden.push_back(field);
    else if (!same_value(before, effective_, *field))
      change.changed.push_back(field);
  }
  if (auto error = save()) return tl::unexpected(*error);
  return change;
}

std::optional<std::string> SettingsStore::save() const {
  std::error_code ec;
  std::filesystem::create_directories(file_.parent_path(), ec);
  if (ec) return "cannot create " + file_.parent_path().string() + ": " + ec.message();
  const auto temporary = file_.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    Poco::JSON::Stringifier::stringify(file_layer_, out, 2);
    out << '\n';
    out.flush();
    if (!out) return "cannot write " + temporary;
  }
  std::filesystem::rename(temporary, file_, ec);
  if (ec) return "cannot replace " + file_.string() + ": " + ec.message();
  return std::nullopt;
}

void SettingsStore::recompute() {
  ServiceSettings next = defaults_;
  for (const auto& [key, value] : *file_layer_)
    if (const SettingField* field = find_setting(key)) (void)set_value(next, *field, value);
  for (const auto& field : setting_fields())
    if (command_line_keys_.contains(field.key)) (void)set_value(next, field, get_value(command_line_values_, field));
  effective_ = std::move(next);
}

}  // namespace wpn::service
