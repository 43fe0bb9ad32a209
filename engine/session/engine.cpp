#include "session/engine.h"

#include <Poco/Logger.h>

#include "net/overlay_host_list_file.h"
#include "session/engine_impl.h"
#include "session/engine_testing.h"
#include "session/user_base_name.h"

namespace wpn::session {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("wpn.engine"); }

}  // namespace

// ---- status board

StatusBoard::StatusBoard() : published_(std::make_shared<const EngineStatus>()) {}

void StatusBoard::publish_locked() {
  ++current_.revision;
  published_.store(std::make_shared<const EngineStatus>(current_));
}

void StatusBoard::set_engine_part(const TransferTotals& transfers, const NetworkStatus& network) {
  std::lock_guard lock(mutex_);
  if (current_.transfers == transfers && current_.network == network) return;
  current_.transfers = transfers;
  current_.network = network;
  publish_locked();
}

void StatusBoard::set_share_part(const ShareCounts& counts, std::vector<ShareRootStatus> roots,
                                 const ShareProgress& progress) {
  std::lock_guard lock(mutex_);
  if (current_.shares == counts && current_.roots == roots && current_.share_progress == progress) return;
  current_.shares = counts;
  current_.roots = std::move(roots);
  current_.share_progress = progress;
  publish_locked();
}

void StatusBoard::set_resuming(bool resuming) {
  std::lock_guard lock(mutex_);
  if (current_.resuming == resuming) return;
  current_.resuming = resuming;
  publish_locked();
}

void StatusBoard::set_paused(bool paused) {
  std::lock_guard lock(mutex_);
  current_.sharing_paused = paused;
  publish_locked();
}

// ---- lifecycle

Engine::Impl::Impl(EngineSettings settings, EventSink sink, std::unique_ptr<share::SqliteShareIndex> index)
    : sink_(std::move(sink)),
      data_dir_(settings.data_dir),
      engine_(std::make_unique<net::LoopThread>()),
      shares_(std::make_unique<net::LoopThread>()),
      engine_loop_(&engine_->loop()),
      shares_loop_(&shares_->loop()),
      index_(std::move(index)),
      share_config_(settings.shares),
      share_names_(to_share_code_page(settings.shares.code_page)),
      network_(settings.network),
      settings_(settings),
      names_(to_share_code_page(settings.shares.code_page)) {
  // Our own list: its raw-IP entries were allowed by the owner when they were imported.
  if (auto saved = net::read_saved_host_list(hosts_file())) saved_hosts_ = saved->entries;
}

Engine::Impl::~Impl() = default;

bool Engine::Impl::post_engine(std::function<void()> task) {
  std::lock_guard lock(threads_mutex_);
  if (!engine_) return false;
  engine_->loop().post(std::move(task));
  return true;
}

bool Engine::Impl::post_shares(std::function<void()> task) {
  std::lock_guard lock(threads_mutex_);
  if (!shares_) return false;
  shares_->loop().post(std::move(task));
  return true;
}

EngineResult<std::unique_ptr<Engine>> Engine::open(EngineSettings settings, EventSink sink, SuspendClock clock) {
  // One base name, digits included, for the network, the rooms and the node handle.
  settings.network.name = settle_user_base_name(settings.network.name, settings.data_dir);
  share::SqliteIndexOptions options;
  options.code_page = to_share_code_page(settings.shares.code_page);
  auto index = share::SqliteShareIndex::open(settings.index_path, options);
  if (!index) return fail(EngineErrc::Internal, "share index " + settings.index_path + ": " + index.error().message);
  auto impl = std::make_unique<Impl>(std::move(settings), std::move(sink), std::move(*index));
  auto reader = impl->index_->open_reader();
  if (!reader) return fail(EngineErrc::Internal, "share index: " + reader.error().message);
  impl->share_reader_ = std::move(*reader);
  auto lookup_reader = impl->index_->open_reader();
  if (!lookup_reader) return fail(EngineErrc::Internal, "share index for uploads: " + lookup_reader.error().message);
  impl->lookup_reader_ = std::move(*lookup_reader);
  impl->lookup_ = std::make_unique<share::ShareLookup>(*impl->lookup_reader_);
  impl->logind_bus_ = std::move(clock.logind_bus);
  impl->suspend_ = std::make_unique<SuspendWatch>(std::move(clock));
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Engine::~Engine() { stop(); }

EngineResult<StartReport> Engine::start() {
  Impl& impl = *impl_;
  EngineResult<void> shares;
  impl.shares_->call([&] { shares = impl.start_library(); });
  if (!shares) return tl::unexpected(shares.error());

  StartReport report;
  std::optional<std::string> node_error;
  impl.engine_->call([&] {
    report.data_port_problem = impl.start_transfers();
    if (impl.manager_) {
      report.data_port = impl.manager_->data_port();
      report.incomplete_dir = impl.manager_->settings().incomplete_dir;
      report.queue_db = impl.manager_->settings().queue_db;
    }
    node_error = impl.start_node();
    impl.start_rooms();
    impl.engine_tick();
  });
  impl.start_logind_watch(impl.logind_bus_);
  if (node_error) return fail(EngineErrc::Internal, *node_error);
  return report;
}

void Engine::stop() {
  Impl& impl = *impl_;
  impl.logind_.reset();  // its thread posts to the engine loop
  std::unique_ptr<net::LoopThread> engine;
  std::unique_ptr<net::LoopThread> shares;
  {
    std::lock_guard lock(impl.threads_mutex_);
    engine = std::move(impl.engine_);
    shares = std::move(impl.shares_);
  }
  if (engine) {
    engine->call([&] {
      for (auto* timer : {&impl.flush_timer_, &impl.engine_timer_})
        if (*timer != net::TimerId::None) engine->loop().cancel_timer(*timer);
      impl.stop_rooms();
      impl.stop_node();
      if (impl.manager_) impl.manager_->stop();  // saves the queue
      impl.manager_.reset();
    });
    engine.reset();
  }
  if (shares) {
    shares->call([&] {
      if (impl.shares_timer_ != net::TimerId::None) shares->loop().cancel_timer(impl.shares_timer_);
      impl.stop_library();  // commits what was hashed
    });
    shares.reset();
  }
}

void Engine::apply(EngineSettings settings, Completion<void> applied) {
  // The engine part, then the share part: `applied` runs when both are in the snapshot.
  auto done = std::make_shared<Completion<void>>(applied ? std::move(applied) : [](EngineResult<void>) {});
  const bool posted = impl_->post_engine([impl = impl_.get(), settings = std::move(settings), done] {
    impl->apply_engine(settings);
    if (impl->rooms_) impl->rooms_->apply(settings.rooms);
    impl->on_shares<void>(std::move(*done), [impl, shares = settings.shares]() -> EngineResult<void> {
      impl->apply_shares(shares);
      return {};
    });
  });
  if (!posted) (*done)(fail(EngineErrc::NotAvailable, "the engine is not running"));
}

std::shared_ptr<const EngineStatus> Engine::status() const { return impl_->board_.get(); }

void Engine::set_sharing_paused(bool paused) {
  Impl& impl = *impl_;
  if (impl.paused_.exchange(paused) == paused) return;
  impl.board_.set_paused(paused);
  logger().notice(paused ? "sharing paused" : "sharing resumed");
  impl.post_shares([&impl, paused] {
    if (impl.library_) impl.library_->set_sharing_paused(paused);
  });
  // A hub keeps announced files until the session ends (no unshare packets by default), so
  // pausing logs in again with an empty list; resuming announces everything.
  impl.post_engine([&impl, paused] {
    if (impl.manager_) impl.manager_->set_share_lookup(paused ? nullptr : impl.lookup_.get());
    if (paused)
      impl.restart_node();
    else
      impl.request_announcement();
  });
}

void post_to_engine_thread_for_test(Engine& engine, std::function<void()> task) {
  engine.impl_->post_engine(std::move(task));
}

}  // namespace wpn::session
