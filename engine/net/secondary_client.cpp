#include "net/secondary_client.h"

#include <chrono>

#include <Poco/Logger.h>

namespace wpn::net {

namespace p = protocol;

namespace {
Poco::Logger& logger() { return Poco::Logger::get("wpn.net"); }
constexpr auto TickInterval = std::chrono::seconds(1);
}  // namespace

SecondaryClient::SecondaryClient(EventLoop& loop, SecondaryClientConfig config,
                                 overlay::SecondarySession::StatusSource status)
    : loop_(loop),
      config_(std::move(config)),
      status_(std::move(status)),
      planner_(config_.caches, config_.hubs, config_.backoff),
      resolver_(loop, config_.resolve) {}

SecondaryClient::~SecondaryClient() {
  alive_.reset();
  stop();
}

void SecondaryClient::start() {
  if (running_) return;
  running_ = true;
  if (planner_.empty()) {
    logger().information("secondary: no peer cache or hub configured; staying offline");
    return;
  }
  std::weak_ptr<bool> alive = alive_;
  tick_timer_ = loop_.add_timer(TickInterval, [this, alive] {
    if (!alive.expired()) tick();
  });
  try_next();
}

void SecondaryClient::stop() {
  running_ = false;
  if (retry_timer_ != TimerId::None) loop_.cancel_timer(retry_timer_);
  if (tick_timer_ != TimerId::None) loop_.cancel_timer(tick_timer_);
  retry_timer_ = tick_timer_ = TimerId::None;
  resolver_.cancel(resolving_);
  resolving_ = ResolveId::None;
  if (cache_fetch_) cache_fetch_->cancel();
  cache_fetch_.reset();
  if (conn_) conn_->close("stopping");
  conn_.reset();
  session_.reset();
}

void SecondaryClient::schedule_next(overlay::Millis delay) {
  std::weak_ptr<bool> alive = alive_;
  if (retry_timer_ != TimerId::None) loop_.cancel_timer(retry_timer_);
  retry_timer_ = loop_.add_timer(std::chrono::milliseconds(delay), [this, alive] {
    if (alive.expired()) return;
    retry_timer_ = TimerId::None;
    try_next();
  });
}

void SecondaryClient::try_next() {
  if (!running_ || conn_ || cache_fetch_ || resolving_ != ResolveId::None) return;
  auto target = planner_.next();
  if (!target) {
    const overlay::Millis delay = planner_.start_round();
    logger().information("secondary: no parent found; next round in %s ms", std::to_string(delay));
    return schedule_next(delay);
  }
  if (target->kind == overlay::BootstrapTarget::Kind::Hub) return connect_hub(*target);
  resolve_then(target->endpoint, "peer cache", [this](const Poco::Net::SocketAddress& address) {
    std::weak_ptr<bool> alive = alive_;
    const auto fetched = [this, alive](std::optional<p::CacheReply> reply) {
      if (alive.expired()) return;
      cache_fetch_.reset();
      if (reply && !planner_.on_cache_reply(reply->records)) {
        logger().information("secondary: peer cache list unusable");
      }
      loop_.post([this, alive] {
        if (!alive.expired()) try_next();
      });
    };
    cache_fetch_ = CacheClient::fetch(loop_, address, config_.bind_ip, fetched);
  });
}

void SecondaryClient::resolve_then(const overlay::Endpoint& endpoint, const char* what,
                                   std::function<void(const Poco::Net::SocketAddress&)> connect) {
  // The answer comes back posted, so this never recurses into try_next.
  auto resolved = [this, what, host = endpoint.host, connect = std::move(connect)](ResolveResult result) {
    resolving_ = ResolveId::None;
    if (!running_) return;
    if (result) return connect(*result);
    // an unknown name from a (downloaded) host list
    logger().warning("secondary: bad %s address %s: %s", std::string(what), host, result.error());
    parent_.reset();
    try_next();
  };
  resolving_ = resolver_.resolve(endpoint.host, endpoint.port, std::move(resolved));
}

void SecondaryClient::connect_hub(const overlay::BootstrapTarget& target) {
  std::weak_ptr<bool> alive = alive_;
  OverlayConnection::Handlers handlers;
  handlers.on_ready = [this, alive] {
    if (alive.expired() || !conn_) return;
    session_ = std::make_unique<overlay::SecondarySession>(config_.session, status_);
    session_->set_shares(shares_);
    session_->start(loop_millis(loop_));
    flush();
  };
  handlers.on_frame = [this, alive](const p::Frame& frame) {
    if (alive.expired() || !session_) return;
    session_->on_frame(frame, loop_millis(loop_));
    flush();
  };
  handlers.on_closed = [this, alive](const std::string& reason) {
    if (!alive.expired()) on_closed(reason);
  };
  parent_ = target.endpoint;
  parent_handle_.reset();
  if (target.record) parent_handle_ = p::NodeHandle{target.record->ip, target.record->udp_port};
  resolve_then(target.endpoint, "hub", [this, handlers = std::move(handlers)](const Poco::Net::SocketAddress& address) {
    conn_ = OverlayConnection::connect(loop_, address, config_.bind_ip, random_, handlers);
  });
}

void SecondaryClient::on_closed(const std::string& reason) {
  const bool was_logged_in = session_ && session_->state() == overlay::SecondarySession::State::LoggedIn;
  logger().information("secondary: parent connection closed: %s", reason);
  conn_.reset();
  session_.reset();
  parent_.reset();
  if (!running_) return;
  // After a lost parent, start over from the stored list (after the backoff).
  if (was_logged_in) return schedule_next(planner_.start_round());
  try_next();
}

void SecondaryClient::flush() {
  if (!session_ || !conn_) return;
  for (const auto& frame : session_->take_frames()) conn_->send(frame.type, frame.payload);
  for (auto& event : session_->take_events()) {
    if (auto* in = std::get_if<overlay::LoggedIn>(&event)) {
      planner_.on_logged_in();
      ++logins_;
      logger().information("secondary: logged in as %s", in->full_name);
    } else if (auto* list = std::get_if<overlay::NodeListReceived>(&event)) {
      planner_.remember_node_list(list->records);
      if (!list->records.empty() && list->records[0].usable()) {
        parent_handle_ = p::NodeHandle{list->records[0].ip, list->records[0].udp_port};
      }
    } else if (auto* skipped = std::get_if<overlay::SkippedFrame>(&event)) {
      const std::string from = conn_->peer().toString();
      for (const auto& line : trace_.on_skipped(*skipped, from, loop_millis(loop_))) logger().warning(line);
    } else if (auto* notice = std::get_if<p::TransferNoticeMessage>(&event)) {
      if (on_notice_) {
        on_notice_(*notice);
      } else {
        logger().debug("secondary: 0x%x notice dropped (no transfer manager)", unsigned{p::type_of(*notice)});
      }
    }
    if (on_event_) on_event_(event);
    if (!session_ || !conn_) return;  // a handler may have stopped us
  }
  if (session_->close_reason()) conn_->close(*session_->close_reason());
}

void SecondaryClient::tick() {
  for (const auto& line : trace_.on_tick(loop_millis(loop_))) logger().warning(line);
  if (session_) {
    session_->on_tick(loop_millis(loop_));
    flush();
  }
  if (!running_) return;
  std::weak_ptr<bool> alive = alive_;
  tick_timer_ = loop_.add_timer(TickInterval, [this, alive] {
    if (!alive.expired()) tick();
  });
}

void SecondaryClient::set_shares(std::vector<p::Bytes> payloads) {
  shares_ = std::move(payloads);
  if (session_) {
    session_->set_shares(shares_);
    flush();
  }
}

void SecondaryClient::status_changed() {
  if (!session_) return;
  session_->status_changed(loop_millis(loop_));
  flush();
}

std::uint32_t SecondaryClient::search(std::string_view words, p::FileType type) {
  if (!session_) return 0;
  const auto id = session_->search(words, type);
  flush();
  return id;
}

std::uint32_t SecondaryClient::search_hash(const p::ContentHash& hash) {
  if (!session_) return 0;
  const auto id = session_->search_hash(hash);
  flush();
  return id;
}

bool SecondaryClient::browse(const p::NodeHandle& handle, std::string_view name) {
  const bool ok = session_ && session_->browse(handle, name);
  flush();
  return ok;
}

bool SecondaryClient::whois(const p::NodeHandle& handle, std::string_view name) {
  const bool ok = session_ && session_->whois(handle, name);
  flush();
  return ok;
}

bool SecondaryClient::send_pm(const p::NodeHandle& handle, std::string_view name, std::string_view text) {
  const bool ok = session_ && session_->send_pm(handle, name, text);
  flush();
  return ok;
}

bool SecondaryClient::request_rooms() {
  const bool ok = session_ && session_->request_rooms();
  flush();
  return ok;
}

bool SecondaryClient::send_transfer(const p::TransferRequestMessage& message) {
  const bool ok = session_ && session_->send_transfer(message);
  flush();
  return ok;
}

bool SecondaryClient::logged_in() const noexcept {
  return session_ && session_->state() == overlay::SecondarySession::State::LoggedIn;
}

std::string SecondaryClient::full_name() const { return logged_in() ? session_->full_name() : std::string(); }

std::optional<p::NodeHandle> SecondaryClient::parent_handle() const {
  return logged_in() ? parent_handle_ : std::nullopt;
}

const std::vector<p::SearchResult>* SecondaryClient::results(std::uint32_t search_id) const {
  return session_ ? session_->results(search_id) : nullptr;
}

}  // namespace wpn::net
