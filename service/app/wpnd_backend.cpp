#include "service/app/wpnd_backend.h"

#include <Poco/Logger.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "ipc/schema.h"
#include "service/app/log_setup.h"

namespace wpn::service {

namespace {

using ipc::ErrorCode;
using ipc::ErrorInfo;

tl::unexpected<ErrorInfo> fail(ErrorCode code, std::string message) {
  return tl::unexpected(ErrorInfo{code, std::move(message)});
}

bool is_share_setting(std::string_view key) {
  return key == "shares" || key == "share_mode" || key == "include_hidden" || key == "max_file_size" ||
         key == "hash_threads" || key == "hash_rate_limit" || key == "watch" || key == "rescan_interval_s";
}

bool inside(const std::string& path, const std::string& dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

}  // namespace

WpndBackend::WpndBackend(SettingsStore& store, ShareHost& shares, LogRing& ring, EventHub& hub,
                         ServiceIdentity identity, Poco::Logger& log)
    : store_(store),
      shares_(shares),
      ring_(ring),
      hub_(hub),
      identity_(std::move(identity)),
      log_(log),
      running_(store.effective()) {}

ipc::StatusDto WpndBackend::status() {
  ipc::StatusDto status;
  {
    std::lock_guard lock(mutex_);
    status.role = running_.role;
    status.name = running_.name;
    status.upload_slots = running_.upload_slots;
  }
  status.version = identity_.version;
  status.instance = identity_.instance;
  status.pid = identity_.pid;
  status.uptime_s = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - identity_.started).count());
  const ShareTotals totals = shares_.totals();
  status.shares = totals.roots;
  status.files_shared = totals.files_shared;
  status.files_hashed = totals.files_hashed;
  status.files_total = totals.files_total;
  status.bytes_shared = totals.bytes_shared;
  status.bytes_to_hash = totals.bytes_to_hash;
  status.hashing = totals.hashing;
  if (OverlayHost* overlay = overlay_.load()) status.connected = overlay->connected();
  if (TransferHost* transfers = transfers_.load()) {
    const TransferTotals moving = transfers->totals();
    status.uploads_active = moving.uploads_active;
    status.downloads_active = moving.downloads_active;
    status.queue_length = moving.queue_length;
    status.upload_slots = moving.upload_slots;
  }
  return status;
}

BackendResult<std::vector<ipc::ShareRootDto>> WpndBackend::list_shares() { return shares_.roots(); }

BackendResult<ipc::ShareRootDto> WpndBackend::add_share(const ipc::SharesAddParams& params) {
  const std::filesystem::path requested(params.path);
  if (!requested.is_absolute()) return fail(ErrorCode::InvalidParams, "\"" + params.path + "\" is not an absolute path");
  std::error_code ec;
  if (!std::filesystem::is_directory(requested, ec))
    return fail(ErrorCode::NotFound, "no such directory: " + params.path);
  const std::string path = std::filesystem::canonical(requested, ec).string();
  if (ec) return fail(ErrorCode::NotFound, params.path + ": " + ec.message());
  std::lock_guard lock(mutex_);
  std::vector<std::string> shares = store_.effective().shares;
  for (const auto& existing : shares) {
    if (existing == path) return fail(ErrorCode::AlreadyExists, path + " is already shared");
    if (inside(path, existing)) return fail(ErrorCode::Conflict, path + " is already shared as part of " + existing);
    if (inside(existing, path)) return fail(ErrorCode::Conflict, path + " contains the share " + existing + "; remove that first");
  }
  shares.push_back(path);
  auto changed = change_locked({{"shares", ipc::to_json_array(shares)}});
  if (!changed) return tl::unexpected(changed.error());
  if (auto root = shares_.find_root(ipc::ShareRef{path, std::nullopt})) return *root;
  return fail(ErrorCode::Internal, "the share was saved but the share library did not register it");
}

BackendResult<ipc::ShareRootDto> WpndBackend::remove_share(const ipc::ShareRef& ref) {
  auto root = shares_.find_root(ref);
  if (!root) return fail(ErrorCode::NotFound, "no such share");
  std::lock_guard lock(mutex_);
  std::vector<std::string> shares = store_.effective().shares;
  std::erase_if(shares, [&](const std::string& path) { return path == root->path; });
  auto changed = change_locked({{"shares", ipc::to_json_array(shares)}});
  if (!changed) return tl::unexpected(changed.error());
  return *root;
}

BackendResult<std::vector<ipc::ShareRootDto>> WpndBackend::rescan(const ipc::ShareRef& ref) {
  if (ref.empty()) {
    shares_.rescan(std::nullopt);
    return shares_.roots();
  }
  auto root = shares_.find_root(ref);
  if (!root || !shares_.rescan(root->path)) return fail(ErrorCode::NotFound, "no such share");
  return std::vector<ipc::ShareRootDto>{*root};
}

ipc::ShareProgressDto WpndBackend::share_progress() { return shares_.progress(); }

BackendResult<ipc::FilePageDto> WpndBackend::share_files(const ipc::SharesFilesParams& params) {
  return shares_.files(params);
}

ipc::SettingDto WpndBackend::describe_locked(const SettingField& field) const {
  ipc::SettingDto setting;
  setting.key = std::string(field.key);
  setting.value = get_value(store_.effective(), field);
  setting.default_value = get_value(store_.defaults(), field);
  setting.type = std::string(type_name(field));
  setting.apply = std::string(apply_name(field.apply));
  setting.source = std::string(source_name(store_.source(field)));
  for (const auto choice : field.choices) setting.choices.emplace_back(choice);
  setting.description = std::string(field.description);
  setting.restart_pending = !same_value(store_.effective(), running_, field);
  return setting;
}

BackendResult<std::vector<ipc::SettingDto>> WpndBackend::settings(const ipc::SettingsGetParams& params) {
  std::lock_guard lock(mutex_);
  std::vector<ipc::SettingDto> settings;
  if (params.keys.empty()) {
    for (const auto& field : setting_fields()) settings.push_back(describe_locked(field));
    return settings;
  }
  for (const auto& key : params.keys) {
    const SettingField* field = find_setting(key);
    if (field == nullptr) return fail(ErrorCode::NotFound, "unknown setting '" + key + "'");
    settings.push_back(describe_locked(*field));
  }
  return settings;
}

BackendResult<ipc::SettingsChangeDto> WpndBackend::set_settings(const ipc::SettingsSetParams& params) {
  std::lock_guard lock(mutex_);
  return change_locked(params.values);
}

BackendResult<ipc::SettingsChangeDto> WpndBackend::change_locked(
    const std::map<std::string, Poco::Dynamic::Var>& values) {
  for (const auto& [key, value] : values)
    if (find_setting(key) == nullptr) return fail(ErrorCode::NotFound, "unknown setting '" + key + "'");
  if (values.contains("shares") && store_.source(*find_setting("shares")) == SettingSource::CommandLine)
    return fail(ErrorCode::Conflict, "the shares were given on the command line (--share); restart wpnd without "
                                     "--share to manage them here");
  const ServiceSettings before = store_.effective();
  auto change = store_.set(values);
  if (!change) return fail(ErrorCode::InvalidParams, change.error());
  return apply_locked(before, *change);
}

ipc::SettingsChangeDto WpndBackend::apply_locked(const ServiceSettings& before, const StoreChange& change) {
  ipc::SettingsChangeDto result;
  result.saved = true;
  bool shares_changed = false;
  for (const SettingField* field : change.changed) {
    const std::string key(field->key);
    const std::string value = ipc::to_json_text(get_value(store_.effective(), *field));
    if (field->apply == Apply::Restart) {
      result.restart_required.push_back(key);
      log_.notice("setting " + key + " changed to " + value + "; it takes effect at the next start");
      continue;
    }
    result.applied.push_back(key);
    std::visit([&](auto member) { running_.*member = store_.effective().*member; }, field->member);
    if (key == "log_level") set_log_level(running_.log_level);
    if (is_share_setting(key)) shares_changed = true;
    log_.information("setting " + key + " changed to " + value);
  }
  for (const SettingField* field : change.overridden) {
    result.overridden.emplace_back(field->key);
    log_.notice("setting " + std::string(field->key) + " saved; the command line overrides it in this run");
  }
  if (TransferHost* transfers = transfers_.load(); transfers != nullptr && !result.applied.empty())
    transfers->apply(running_);
  if (OverlayHost* overlay = overlay_.load(); overlay != nullptr && !result.applied.empty()) overlay->apply(running_);
  if (shares_changed) {
    if (auto applied = shares_.apply(running_); !applied) log_.error(applied.error());
    if (before.shares != running_.shares) {
      auto data = ipc::make_object();
      data->set("roots", ipc::to_json(shares_.roots()));
      hub_.publish("shares.roots_changed", data);
    }
  }
  std::vector<std::string> keys = result.applied;
  keys.insert(keys.end(), result.restart_required.begin(), result.restart_required.end());
  if (!keys.empty()) {
    auto data = ipc::make_object();
    data->set("keys", ipc::to_json_array(keys));
    hub_.publish("settings.changed", data);
  }
  return result;
}

BackendResult<std::vector<ipc::LogLineDto>> WpndBackend::recent_logs(const ipc::LogsRecentParams& params) {
  int priority = Poco::Message::PRIO_TRACE;
  if (!params.min_level.empty()) {
    priority = log_priority_from_name(params.min_level);
    if (priority == 0) return fail(ErrorCode::InvalidParams, "unknown log level \"" + params.min_level + "\"");
  }
  return ring_.recent(params.limit, priority);
}

void WpndBackend::reload() {
  std::lock_guard lock(mutex_);
  const ServiceSettings before = store_.effective();
  const LoadReport report = store_.load_file();
  for (const auto& warning : report.warnings) log_.warning(warning);
  if (!report.errors.empty()) {
    for (const auto& error : report.errors) log_.error(error);
    log_.error("configuration not reloaded; the previous settings stay in effect");
    return;
  }
  StoreChange change;
  for (const auto& field : setting_fields())
    if (!same_value(before, store_.effective(), field)) change.changed.push_back(&field);
  apply_locked(before, change);
  log_.information("configuration reloaded from " + store_.file().string() + " (" +
                   std::to_string(change.changed.size()) + " changed)");
}

void WpndBackend::publish_status_if_changed() {
  ipc::StatusDto current = status();
  const ipc::StatusLiveDto live = status_live();
  auto data = ipc::to_json(current);
  ipc::write_status_live(live, data);
  current.uptime_s = 0;  // not a change worth an event
  std::lock_guard lock(status_mutex_);
  if (current == last_status_ && live == last_live_) return;
  last_status_ = current;
  last_live_ = live;
  hub_.publish("status.changed", data);
}

}  // namespace wpn::service
