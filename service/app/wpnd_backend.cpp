#include "service/app/wpnd_backend.h"

#include <Poco/Logger.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "ipc/schema.h"
#include "service/app/engine_answer.h"
#include "service/app/log_setup.h"
#include "service/mapping/settings_mapping.h"
#include "service/mapping/share_mapping.h"

namespace wpn::service {

namespace {

using ipc::ErrorCode;
using ipc::ErrorInfo;

tl::unexpected<ErrorInfo> fail(ErrorCode code, std::string message) {
  return tl::unexpected(ErrorInfo{code, std::move(message)});
}

}  // namespace

WpndBackend::WpndBackend(SettingsStore& store, session::Engine& engine, std::string index_path, LogRing& ring,
                         EventHub& hub, ServiceIdentity identity, Poco::Logger& log)
    : store_(store),
      engine_(engine),
      index_path_(std::move(index_path)),
      ring_(ring),
      hub_(hub),
      identity_(std::move(identity)),
      log_(log),
      role_(session::role_name(store.effective().role)),
      name_(store.effective().name),
      running_(store.effective()) {}

ipc::StatusDto WpndBackend::status() {
  const auto snapshot = engine_.status();
  ipc::StatusDto status;
  status.role = role_;
  status.name = name_;
  status.version = identity_.version;
  status.instance = identity_.instance;
  status.pid = identity_.pid;
  status.uptime_s = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - identity_.started).count());
  const auto& shares = snapshot->shares;
  status.shares = shares.roots;
  status.files_shared = shares.files_shared;
  status.files_hashed = shares.files_hashed;
  status.files_total = shares.files_total;
  status.bytes_shared = shares.bytes_shared;
  status.bytes_to_hash = shares.bytes_to_hash;
  status.hashing = shares.hashing;
  status.connected = snapshot->network.connected();
  const auto& moving = snapshot->transfers;
  status.uploads_active = moving.uploads_active;
  status.downloads_active = moving.downloads_active;
  status.queue_length = moving.queue_length;
  status.upload_slots = moving.upload_slots;
  return status;
}

std::optional<session::ShareRootStatus> WpndBackend::find_root(const ipc::ShareRef& ref) const {
  for (const auto& root : engine_.status()->roots) {
    if (ref.id && root.id == *ref.id) return root;
    if (ref.path && (root.path == *ref.path || root.path + "/" == *ref.path)) return root;
  }
  return std::nullopt;
}

BackendResult<std::vector<ipc::ShareRootDto>> WpndBackend::list_shares() { return to_dto(engine_.status()->roots); }

tl::expected<void, ErrorInfo> WpndBackend::shares_editable_locked() const {
  if (store_.source(*find_setting("shares")) == SettingSource::CommandLine)
    return fail(ErrorCode::Conflict,
                "the shares were given on the command line (--share); restart wpnd without "
                "--share to manage them here");
  return {};
}

// The engine checks the path and overlaps and shares the root at once; the setting then
// records it (applying it again finds nothing to change), and the reply follows.
void WpndBackend::add_share(const ipc::SharesAddParams& params, BackendDone<ipc::ShareRootDto> done) {
  {
    std::lock_guard lock(mutex_);
    if (auto editable = shares_editable_locked(); !editable) return done(tl::unexpected(editable.error()));
  }
  engine_.add_share(params.path, [this, done](session::EngineResult<session::ShareRootStatus> root) {
    if (!root) return done(tl::unexpected(to_error(root.error())));
    std::lock_guard lock(mutex_);
    std::vector<std::string> shares = store_.effective().shares;
    shares.push_back(root->path);
    auto changed = change_locked({{"shares", ipc::to_json_array(shares)}},
                                 [done, dto = to_dto(*root)](const ipc::SettingsChangeDto&) { done(dto); });
    if (!changed) done(tl::unexpected(changed.error()));
  });
}

void WpndBackend::remove_share(const ipc::ShareRef& ref, BackendDone<ipc::ShareRootDto> done) {
  auto found = find_root(ref);
  if (!found) return done(fail(ErrorCode::NotFound, "no such share"));
  {
    std::lock_guard lock(mutex_);
    if (auto editable = shares_editable_locked(); !editable) return done(tl::unexpected(editable.error()));
  }
  engine_.remove_share(found->path, [this, done](session::EngineResult<session::ShareRootStatus> root) {
    if (!root) return done(tl::unexpected(to_error(root.error())));
    std::lock_guard lock(mutex_);
    std::vector<std::string> shares = store_.effective().shares;
    std::erase_if(shares, [&](const std::string& path) { return path == root->path; });
    auto changed = change_locked({{"shares", ipc::to_json_array(shares)}},
                                 [done, dto = to_dto(*root)](const ipc::SettingsChangeDto&) { done(dto); });
    if (!changed) done(tl::unexpected(changed.error()));
  });
}

void WpndBackend::rescan(const ipc::ShareRef& ref, BackendDone<std::vector<ipc::ShareRootDto>> done) {
  std::optional<std::string> path;
  if (!ref.empty()) {
    const auto root = find_root(ref);
    if (!root) return done(fail(ErrorCode::NotFound, "no such share"));
    path = root->path;
  }
  engine_.rescan(
      path, answer_with<std::vector<session::ShareRootStatus>>(
                std::move(done), [](const std::vector<session::ShareRootStatus>& roots) { return to_dto(roots); }));
}

ipc::ShareProgressDto WpndBackend::share_progress() { return to_dto(engine_.status()->share_progress); }

void WpndBackend::share_files(const ipc::SharesFilesParams& params, BackendDone<ipc::FilePageDto> done) {
  engine_.share_files(
      to_query(params),
      answer_with<session::FilePage>(std::move(done), [](const session::FilePage& page) { return to_dto(page); }));
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

// The reply waits for the share part of the change, so a change of roots lists them.
void WpndBackend::set_settings(const ipc::SettingsSetParams& params, BackendDone<ipc::SettingsChangeDto> done) {
  std::lock_guard lock(mutex_);
  auto changed = change_locked(params.values, [done](const ipc::SettingsChangeDto& result) { done(result); });
  if (!changed) done(tl::unexpected(changed.error()));
}

BackendResult<ipc::SettingsChangeDto> WpndBackend::change_locked(
    const std::map<std::string, Poco::Dynamic::Var>& values, Applied applied) {
  for (const auto& [key, value] : values)
    if (find_setting(key) == nullptr) return fail(ErrorCode::NotFound, "unknown setting '" + key + "'");
  if (values.contains("shares"))
    if (auto editable = shares_editable_locked(); !editable) return tl::unexpected(editable.error());
  auto change = store_.set(values);
  if (!change) return fail(ErrorCode::InvalidParams, change.error());
  return apply_locked(*change, std::move(applied));
}

ipc::SettingsChangeDto WpndBackend::apply_locked(const StoreChange& change, Applied applied) {
  ipc::SettingsChangeDto result;
  result.saved = true;
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
    log_.information("setting " + key + " changed to " + value);
  }
  for (const SettingField* field : change.overridden) {
    result.overridden.emplace_back(field->key);
    log_.notice("setting " + std::string(field->key) + " saved; the command line overrides it in this run");
  }
  std::vector<std::string> keys = result.applied;
  keys.insert(keys.end(), result.restart_required.begin(), result.restart_required.end());
  if (!keys.empty()) {
    auto data = ipc::make_object();
    data->set("keys", ipc::to_json_array(keys));
    hub_.publish(ipc::event::SettingsChanged, data);
  }
  if (!result.applied.empty()) {
    engine_.apply(to_engine_settings(running_, index_path_),
                  [this, applied = std::move(applied), result](session::EngineResult<void> done) {
                    if (!done) log_.error("settings not applied: " + to_error(done.error()).message);
                    if (applied) applied(result);
                  });
  } else if (applied) {
    applied(result);
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
  apply_locked(change);
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
  hub_.publish(ipc::event::StatusChanged, data);
}

}  // namespace wpn::service
