#include "service/app/share_host.h"

#include <algorithm>

#include "service/app/share_mapping.h"

namespace wpn::service {

namespace {

constexpr auto ProgressEventInterval = std::chrono::milliseconds(250);

share::CodePage code_page_of(const std::string& name) {
  return share::parse_code_page(name).value_or(share::CodePage::Cp1252);
}

bool same_roots(const share::ShareSettings& a, const share::ShareSettings& b) {
  return std::equal(a.roots.begin(), a.roots.end(), b.roots.begin(), b.roots.end(),
                    [](const auto& x, const auto& y) { return x.path == y.path && x.display_name == y.display_name; });
}

// Everything but the rate cap needs a new library.
bool needs_rebuild(const share::ShareSettings& a, const share::ShareSettings& b) {
  return !same_roots(a, b) || a.include_hidden != b.include_hidden || a.mode != b.mode ||
         a.max_file_size != b.max_file_size || a.hash_threads != b.hash_threads || a.watch != b.watch ||
         a.fallback_rescan_interval != b.fallback_rescan_interval || a.code_page != b.code_page;
}

}  // namespace

share::ShareSettings to_share_settings(const ServiceSettings& settings) {
  share::ShareSettings out;
  for (const auto& path : settings.shares) out.roots.push_back(share::ShareRootConfig{path, {}});
  out.include_hidden = settings.include_hidden;
  out.mode = settings.share_mode == "all" ? share::ShareMode::All : share::ShareMode::Media;
  out.max_file_size = settings.max_file_size;
  out.hash_threads = static_cast<unsigned>(settings.hash_threads);
  out.hash_rate_limit_bytes_per_s = settings.hash_rate_limit;
  out.watch = settings.watch;
  out.fallback_rescan_interval = std::chrono::seconds(settings.rescan_interval_s);
  out.code_page = settings.code_page;
  return out;
}

tl::expected<std::unique_ptr<ShareHost>, std::string> ShareHost::open(const std::string& index_path,
                                                                      const ServiceSettings& settings,
                                                                      ShareEventPublisher publish) {
  share::SqliteIndexOptions options;
  options.code_page = code_page_of(settings.code_page);
  auto index = share::SqliteShareIndex::open(index_path, options);
  if (!index) return tl::unexpected("share index " + index_path + ": " + index.error().message);
  auto reader = (*index)->open_reader();
  if (!reader) return tl::unexpected("share index " + index_path + ": " + reader.error().message);
  return std::unique_ptr<ShareHost>(
      new ShareHost(std::move(*index), std::move(*reader), settings, std::move(publish)));
}

ShareHost::ShareHost(std::unique_ptr<share::SqliteShareIndex> index, std::unique_ptr<share::SqliteShareReader> reader,
                     const ServiceSettings& settings, ShareEventPublisher publish)
    : index_(std::move(index)),
      publish_(std::move(publish)),
      settings_(to_share_settings(settings)),
      reader_(std::move(reader)),
      encoder_(code_page_of(settings.code_page)) {}

ShareHost::~ShareHost() { stop(); }

std::unique_ptr<share::ShareLibrary> ShareHost::make_library() {
  auto library = std::make_unique<share::ShareLibrary>(settings_, *index_,
                                                       [this](const share::ShareEvent& event) { on_event(event); });
  library->set_sharing_paused(paused_.load());
  return library;
}

tl::expected<void, std::string> ShareHost::start() {
  std::lock_guard lock(library_mutex_);
  library_ = make_library();
  const auto started = library_->start();
  ++index_changes_;  // roots no longer configured were dropped
  if (!started) return tl::unexpected("share library: " + started.error().message);
  return {};
}

tl::expected<void, std::string> ShareHost::apply(const ServiceSettings& settings) {
  const share::ShareSettings next = to_share_settings(settings);
  std::lock_guard lock(library_mutex_);
  const bool rebuild = needs_rebuild(settings_, next);
  const bool rate_changed = settings_.hash_rate_limit_bytes_per_s != next.hash_rate_limit_bytes_per_s;
  settings_ = next;
  if (!library_) return {};
  if (!rebuild) {
    if (rate_changed) library_->set_hash_rate_limit(next.hash_rate_limit_bytes_per_s);
    return {};
  }
  library_->stop();
  library_.reset();
  library_ = make_library();
  const auto started = library_->start();
  ++index_changes_;
  if (!started) return tl::unexpected("share library: " + started.error().message);
  return {};
}

void ShareHost::stop() {
  std::lock_guard lock(library_mutex_);
  if (library_) library_->stop();
  library_.reset();
}

void ShareHost::on_event(const share::ShareEvent& event) {
  if (!std::holds_alternative<share::ScanProgress>(event) && !std::holds_alternative<share::HashProgress>(event))
    ++index_changes_;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(progress_mutex_);
    if (const auto* progress = std::get_if<share::ScanProgress>(&event)) {
      scan_progress_ = *progress;
      if (now - last_scan_event_ < ProgressEventInterval) return;
      last_scan_event_ = now;
    } else if (const auto* started = std::get_if<share::ScanStarted>(&event)) {
      scan_progress_ = share::ScanProgress{started->root, 0, 0, 0};
    } else if (const auto* hashing = std::get_if<share::HashProgress>(&event)) {
      const bool finished = hashing->files_done >= hashing->files_total;
      if (!finished && now - last_hash_event_ < ProgressEventInterval) return;
      last_hash_event_ = now;
    }
  }
  auto [name, data] = map_share_event(event);
  if (publish_) publish_(name, data);
}

std::vector<ipc::ShareRootDto> ShareHost::roots() {
  std::vector<share::RootStatus> statuses;
  bool watching = true;
  {
    std::lock_guard lock(library_mutex_);
    if (library_) statuses = library_->status().roots;
    watching = settings_.watch;
  }
  std::vector<ipc::ShareRootDto> roots;
  std::lock_guard lock(reader_mutex_);
  const auto& counts = root_counts_locked();
  for (const auto& status : statuses) {
    ipc::ShareRootDto root;
    root.id = status.root.id;
    root.path = status.root.local_path;
    root.name = status.root.display_name;
    root.enabled = status.root.enabled;
    root.scanning = status.scanning;
    root.watch = watching ? std::string(watch_state_name(status.watch)) : std::string("off");
    root.watch_reason = status.watch_reason;
    if (status.last_scan) root.error = status.last_scan->error;
    if (counts)
      for (const auto& count : *counts)
        if (count.root_id == status.root.id) {
          root.files = count.files;
          root.files_hashed = count.hashed;
          root.bytes = count.bytes;
        }
    roots.push_back(std::move(root));
  }
  std::sort(roots.begin(), roots.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return roots;
}

std::optional<ipc::ShareRootDto> ShareHost::find_root(const ipc::ShareRef& ref) {
  for (auto& root : roots()) {
    if (ref.id && root.id == *ref.id) return root;
    if (ref.path && (root.path == *ref.path || root.path + "/" == *ref.path)) return root;
  }
  return std::nullopt;
}

ipc::ShareProgressDto ShareHost::progress() {
  share::LibraryStatus status;
  {
    std::lock_guard lock(library_mutex_);
    if (library_) status = library_->status();
  }
  ipc::ShareProgressDto progress;
  progress.scanning = status.scans_queued > 0 ||
                      std::any_of(status.roots.begin(), status.roots.end(), [](const auto& r) { return r.scanning; });
  {
    std::lock_guard lock(progress_mutex_);
    progress.folders_seen = scan_progress_.folders_seen;
    progress.files_seen = scan_progress_.files_seen;
    progress.files_queued = scan_progress_.files_queued;
  }
  const auto& hashing = status.hashing;
  progress.hashing = hashing.files_done < hashing.files_total;
  progress.hash_files_done = hashing.files_done;
  progress.hash_files_total = hashing.files_total;
  progress.hash_bytes_done = hashing.bytes_done;
  progress.hash_bytes_total = hashing.bytes_total;
  progress.hash_bytes_per_s = hashing.bytes_per_s;
  progress.hash_eta_s = static_cast<std::uint64_t>(std::max<std::int64_t>(0, hashing.eta.count()));
  progress.hash_paused = hashing.paused;
  return progress;
}

ShareTotals ShareHost::totals() {
  ShareTotals totals;
  {
    std::lock_guard lock(library_mutex_);
    if (library_) {
      const auto status = library_->status();
      totals.hashing = status.hashing.files_done < status.hashing.files_total;
    }
  }
  std::lock_guard lock(reader_mutex_);
  if (const auto& counts = counts_locked()) {
    totals.roots = counts->roots;
    totals.files_total = counts->files;
    totals.files_shared = counts->announced;
    totals.files_hashed = counts->hashed;
    totals.bytes_shared = counts->bytes_total;
    totals.bytes_to_hash = counts->bytes_to_hash;
  }
  return totals;
}

const std::optional<share::IndexCounts>& ShareHost::counts_locked() {
  const auto changes = index_changes_.load();
  if (counts_at_ != changes) {
    counts_ = std::nullopt;
    if (auto fresh = reader_->counts()) counts_ = *fresh;
    counts_at_ = changes;
  }
  return counts_;
}

const std::optional<std::vector<share::RootCounts>>& ShareHost::root_counts_locked() {
  const auto changes = index_changes_.load();
  if (root_counts_at_ != changes) {
    root_counts_ = std::nullopt;
    if (auto fresh = reader_->root_counts()) root_counts_ = std::move(*fresh);  // one grouped query
    root_counts_at_ = changes;
  }
  return root_counts_;
}

tl::expected<ipc::FilePageDto, ipc::ErrorInfo> ShareHost::files(const ipc::SharesFilesParams& params) {
  std::optional<share::RootId> root;
  ipc::FilePageDto page;
  page.offset = params.offset;
  if (!params.root.empty()) {
    const auto found = find_root(params.root);
    if (!found) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::NotFound, "no such share"});
    root = found->id;
    page.total = found->enabled ? found->files_hashed : 0;
  }
  std::lock_guard lock(reader_mutex_);
  if (!root) page.total = counts_locked() ? counts_locked()->announced : 0;
  auto found = reader_->announced_files(root, static_cast<share::FileId>(params.after), params.offset, static_cast<std::size_t>(params.limit));
  if (!found) return tl::unexpected(ipc::ErrorInfo{ipc::ErrorCode::Internal, "share index: " + found.error().message});
  for (const auto& record : *found) page.files.push_back(to_shared_file(record, encoder_));
  return page;
}

bool ShareHost::rescan(const std::optional<std::string>& root_path) {
  std::lock_guard lock(library_mutex_);
  if (!library_) return false;
  if (!root_path) {
    library_->rescan_all();
    return true;
  }
  return library_->rescan(*root_path);
}

tl::expected<std::unique_ptr<share::SqliteShareReader>, std::string> ShareHost::open_reader() {
  auto reader = index_->open_reader();
  if (!reader) return tl::unexpected("cannot open the share index for uploads: " + reader.error().message);
  return std::move(*reader);
}

void ShareHost::set_sharing_paused(bool paused) {
  paused_.store(paused);
  std::lock_guard lock(library_mutex_);
  if (library_) library_->set_sharing_paused(paused);
}

}  // namespace wpn::service
