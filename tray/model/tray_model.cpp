#include "model/tray_model.h"

#include <algorithm>
#include <array>
#include <utility>

#include "ipc/schema.h"
#include "ipc/transfer_dto.h"
#include "model/text_format.h"
#include "model/transfer_state.h"

namespace wpn::tray {

namespace {

constexpr std::size_t MaxTooltipProblems = 3;

bool is_finished(const std::string& state) { return phase_of(state) == TransferPhase::Finished; }

}  // namespace

std::string_view icon_state_name(IconState state) noexcept {
  switch (state) {
    case IconState::Offline:
      return "offline";
    case IconState::Connecting:
      return "connecting";
    case IconState::Idle:
      return "idle";
    case IconState::Transferring:
      return "transferring";
    case IconState::Paused:
      return "paused";
    case IconState::AlternateLimits:
      return "alternate";
    case IconState::Problem:
      return "problem";
  }
  return "offline";
}

TrayModel::TrayModel(ModelOptions options) : options_(options) {}

void TrayModel::on_connecting(double now) {
  if (link_ == LinkState::Up) down_since_ = now;
  link_ = LinkState::Connecting;
}

void TrayModel::on_disconnected(double now) {
  if (link_ == LinkState::Up) down_since_ = now;
  if (!ever_up_) failed_before_up_ = true;
  link_ = LinkState::Down;
}

void TrayModel::on_subscribed(const ipc::SubscribeResult& result, double now) {
  if (result.instance != instance_) {
    // Another run of the service: sequence numbers and transfer ids start over.
    instance_ = result.instance;
    last_seq_ = 0;
    reset_transfers();
    announced_downloads_.clear();
    announced_uploads_.clear();
  }
  link_ = LinkState::Up;
  ever_up_ = true;
  up_since_ = now;
  replay_until_ = result.seq;
  if (!result.snapshot.isNull()) {
    apply_snapshot(result.snapshot, now);
    last_seq_ = result.seq;
  }
}

bool TrayModel::on_event(const ipc::Event& event, double now) {
  if (event.seq != 0 && event.seq <= last_seq_) return false;
  last_seq_ = std::max(last_seq_, event.seq);
  const bool allowed = event.seq > replay_until_ && !quiet(now);
  const auto topic = event.topic();
  if (event.name == "status.changed") {
    apply_status(event.data, now, allowed);
  } else if (topic == ipc::topic::Shares) {
    shares_stale_ = true;
  } else if (topic == ipc::topic::Settings) {
    settings_stale_ = true;
  } else if (topic == ipc::control::TransfersTopic) {
    apply_transfer_event(event, allowed, now);
  }
  return true;
}

void TrayModel::on_status(const ipc::JsonObject& status, double now) {
  // The first status after connecting is the baseline: what was wrong before is no news.
  apply_status(status, now, have_status_ && !quiet(now));
}

void TrayModel::on_shares(std::vector<ipc::ShareRootDto> roots, ipc::ShareProgressDto progress) {
  roots_ = std::move(roots);
  share_progress_ = progress;
}

void TrayModel::on_settings(std::vector<ipc::SettingDto> settings) { settings_ = std::move(settings); }

void TrayModel::on_transfer_page(const ipc::TransferPageDto& page) {
  for (auto* window : {&uploads_, &downloads_, &queue_}) {
    if (page.list != list_name(window->kind())) continue;
    window->apply_page(page);
    // What is already finished when first seen is not news.
    for (const auto& row : page.rows)
      if (row.direction == "download" && is_finished(row.state)) announced_downloads_.insert(row.id);
  }
}

void TrayModel::on_transfer_page(const ipc::TransferPageDto& page, double now) {
  on_transfer_page(page);
  if (page.list == list_name(ListKind::Queue)) return;
  for (const auto& row : page.rows) rates_.sample(rate_key(row.id, row.direction == "download"), row.done, now);
}

void TrayModel::set_transfers_available(bool available) { transfers_available_ = available; }

IconState TrayModel::icon_state(double now) const {
  if (link_ != LinkState::Up) {
    if (!ever_up_) return failed_before_up_ ? IconState::Offline : IconState::Connecting;
    return now - down_since_ < options_.restart_grace_s ? IconState::Connecting : IconState::Offline;
  }
  if (!have_status_) return IconState::Connecting;
  // Woken from a suspend: the service is reconnecting; what fails meanwhile is not news yet.
  if (live_.resuming) return IconState::Connecting;
  for (const auto& problem : live_.problems) {
    if (problem.code != ipc::problem::NotConnected) return IconState::Problem;
    if (now - up_since_ >= options_.network_grace_s) return IconState::Problem;
  }
  if (!status_.connected) return IconState::Connecting;
  if (live_.sharing_paused) return IconState::Paused;
  if (live_.alternate_limits) return IconState::AlternateLimits;
  if (status_.uploads_active + status_.downloads_active > 0 || live_.upload_bps + live_.download_bps > 0)
    return IconState::Transferring;
  return IconState::Idle;
}

std::string TrayModel::state_text(double now) const {
  switch (icon_state(now)) {
    case IconState::Offline:
      return "OpenWPN: the service is not running";
    case IconState::Connecting:
      if (link_ != LinkState::Up) return "OpenWPN: connecting to the service";
      return live_.resuming ? "OpenWPN: resuming after sleep" : "OpenWPN: connecting to the network";
    case IconState::Problem: {
      const auto& first = live_.problems.front();
      return "OpenWPN: " + (first.text.empty() ? first.code : first.text);
    }
    case IconState::Paused:
      return "OpenWPN: sharing paused";
    case IconState::AlternateLimits:
      return "OpenWPN: alternate limits on";
    case IconState::Transferring:
      return "OpenWPN: transferring";
    case IconState::Idle:
      return "OpenWPN: online";
  }
  return "OpenWPN";
}

std::string TrayModel::tooltip(double now) const {
  std::string text = state_text(now);
  if (link_ != LinkState::Up || !have_status_) return text;
  text += "\nUp " + format_rate(live_.upload_bps) + ", down " + format_rate(live_.download_bps);
  text += "\nUpload slots: " + std::to_string(status_.uploads_active) + " of " + std::to_string(status_.upload_slots) +
          " in use, queue: " + std::to_string(status_.queue_length);
  if (status_.downloads_active > 0) text += "\nDownloads active: " + std::to_string(status_.downloads_active);
  if (!hub_.empty()) text += "\nHub: " + hub_;
  for (std::size_t i = 1; i < live_.problems.size() && i <= MaxTooltipProblems; ++i) {
    const auto& problem = live_.problems[i];
    text += "\n" + (problem.text.empty() ? problem.code : problem.text);
  }
  return text;
}

TransferWindow& TrayModel::window(ListKind kind) noexcept {
  return kind == ListKind::Uploads ? uploads_ : kind == ListKind::Downloads ? downloads_ : queue_;
}

const TransferWindow& TrayModel::window(ListKind kind) const noexcept {
  return kind == ListKind::Uploads ? uploads_ : kind == ListKind::Downloads ? downloads_ : queue_;
}

std::vector<Notification> TrayModel::take_notifications() { return std::exchange(notifications_, {}); }

std::vector<FetchRequest> TrayModel::take_transfer_fetches() {
  std::vector<FetchRequest> fetches;
  if (!transfers_available_ || link_ != LinkState::Up) return fetches;
  for (auto* window : {&uploads_, &downloads_, &queue_})
    if (auto fetch = window->take_fetch()) fetches.push_back(*fetch);
  return fetches;
}

std::optional<ipc::Sequence> TrayModel::resume_seq() const {
  if (instance_.empty()) return std::nullopt;
  return last_seq_;
}

bool TrayModel::quiet(double /*now*/) const noexcept { return link_ != LinkState::Up; }

void TrayModel::apply_status(const ipc::JsonObject& status, double now, bool allowed) {
  if (status.isNull()) return;
  status_ = ipc::status_from_json(status);
  live_ = ipc::status_live_from_json(status);
  have_status_ = true;
  std::set<std::string> codes;
  for (const auto& problem : live_.problems) {
    codes.insert(problem.code);
    if (problem_codes_.count(problem.code) != 0) continue;
    // The service reaches the network a while after it starts: not news until then.
    const bool early = problem.code == ipc::problem::NotConnected && now - up_since_ < options_.network_grace_s;
    notify({"OpenWPN problem", problem.text.empty() ? problem.code : problem.text, true},
           allowed && !early && !live_.resuming);
  }
  problem_codes_.clear();
  // Problems seen while resuming are told if they are still there once it is over.
  if (live_.resuming) return;
  for (const auto& code : codes)
    if (code != ipc::problem::NotConnected || now - up_since_ >= options_.network_grace_s) problem_codes_.insert(code);
}

void TrayModel::apply_snapshot(const ipc::JsonObject& snapshot, double now) {
  if (const auto status = ipc::get_object(snapshot, std::string(ipc::topic::Status)); !status.isNull())
    apply_status(status, now, false);
  else
    status_stale_ = true;
  if (const auto shares = ipc::get_object(snapshot, std::string(ipc::topic::Shares)); !shares.isNull())
    on_shares(ipc::share_roots_from_json(ipc::get_array(shares, "roots")),
              ipc::share_progress_from_json(ipc::get_object(shares, "progress")));
  else
    shares_stale_ = true;
  if (const auto settings = ipc::get_array(snapshot, std::string(ipc::topic::Settings)); !settings.isNull())
    on_settings(ipc::settings_from_json(settings));
  else
    settings_stale_ = true;
  if (const auto transfers = ipc::get_object(snapshot, std::string(ipc::control::TransfersTopic));
      !transfers.isNull()) {
    const auto pages = ipc::transfers_snapshot_from_json(transfers);
    reset_transfers();
    for (const auto* page : {&pages.uploads, &pages.downloads, &pages.queue}) on_transfer_page(*page, now);
  }
}

void TrayModel::apply_transfer_event(const ipc::Event& event, bool allowed, double now) {
  const auto what = std::string_view(event.name).substr(ipc::control::TransfersTopic.size());
  if (what == ".added" || what == ".updated") {
    apply_transfer(ipc::transfer_from_json(event.data), what == ".added", allowed, now);
  } else if (what == ".removed") {
    const auto removed = ipc::transfer_removed_from_json(event.data);
    announced_downloads_.erase(removed.id);  // ids are not reused, so the marks can go
    announced_uploads_.erase(removed.id);
    rates_.forget(rate_key(removed.id, removed.direction == "download"));
    if (removed.direction == "download") {
      downloads_.erase(removed.id);
    } else if (uploads_.find(removed.id) != nullptr) {
      uploads_.erase(removed.id);
    } else if (queue_.find(removed.id) != nullptr) {
      queue_.erase(removed.id);
    } else {
      uploads_.mark_stale();  // counted somewhere outside the windows
      queue_.mark_stale();
    }
  } else if (what == ".progress") {
    for (const auto& row : ipc::transfer_progress_from_json(event.data).rows) {
      for (auto* window : {&uploads_, &downloads_, &queue_}) {
        window->progress(row);
        if (window != &queue_ && window->find(row.id) != nullptr)
          rates_.sample(rate_key(row.id, window == &downloads_), row.done, now);
      }
    }
  } else if (what == ".queue_changed") {
    queue_.queue_changed(ipc::queue_changed_from_json(event.data).revision);
  }
}

void TrayModel::apply_transfer(const ipc::TransferDto& transfer, bool is_new, bool allowed, double now) {
  rates_.sample(rate_key(transfer.id, transfer.direction == "download"), transfer.done, now);
  const ListKind target = list_of(transfer);
  // Moving between the queue and the uploads is leaving one list and joining the other.
  bool moved = false;
  for (auto* window : {&uploads_, &downloads_, &queue_})
    if (window->kind() != target && window->find(transfer.id) != nullptr &&
        (transfer.direction == "download") == (window->kind() == ListKind::Downloads))
      moved = window->erase(transfer.id) || moved;
  window(target).upsert(transfer, is_new || moved);

  if (transfer.direction == "download" && is_finished(transfer.state) &&
      announced_downloads_.insert(transfer.id).second) {
    notify({"Download finished", leaf_name(transfer.file) + (transfer.peer.empty() ? "" : " from " + transfer.peer),
            false, true},
           allowed);
  }
  if (options_.notify_started_uploads && target == ListKind::Uploads && !is_over(phase_of(transfer.state)) &&
      announced_uploads_.insert(transfer.id).second) {
    notify({"Upload started", leaf_name(transfer.file) + (transfer.peer.empty() ? "" : " to " + transfer.peer)},
           allowed);
  }
}

void TrayModel::notify(Notification notification, bool allowed) {
  if (allowed) notifications_.push_back(std::move(notification));
}

void TrayModel::reset_transfers() {
  for (auto* window : {&uploads_, &downloads_, &queue_}) window->reset();
}

}  // namespace wpn::tray
