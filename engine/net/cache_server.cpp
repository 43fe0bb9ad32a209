#include "net/cache_server.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include <Poco/Logger.h>

#include "net/socket_io.h"

namespace wpn::net {

namespace {
Poco::Logger& logger() { return Poco::Logger::get("wpn.net"); }
constexpr auto Linger = std::chrono::seconds(1);
// A registration, optionally followed by a hub's request for link candidates and its
// report of link peers.
constexpr std::size_t RegistrationRead = protocol::CacheRegistrationLength;
constexpr std::size_t MaxRead = RegistrationRead + protocol::CandidateQueryLength + protocol::CandidateListHeadLength +
                                protocol::MaxLinkCandidates * protocol::CandidateEntryLength;
}  // namespace

CacheServer::CacheServer(EventLoop& loop, std::vector<protocol::NodeRecord> hubs, Poco::Net::SocketAddress listen,
                         HubSource live_hubs, overlay::PeerCacheConfig config)
    : loop_(loop),
      cache_(config),
      listen_address_(std::move(listen)),
      live_hubs_(std::move(live_hubs)),
      listener_(loop, "peer cache") {
  for (const auto& hub : hubs) cache_.put_hub(hub);
}

CacheServer::~CacheServer() {
  alive_.reset();
  stop();
}

bool CacheServer::start() {
  if (listening_) return true;
  const auto accepted = [this](Poco::Net::StreamSocket socket) { on_accept(std::move(socket)); };
  if (auto error = listener_.open(listen_address_, 64, accepted)) {
    logger().error(*error);
    return false;
  }
  port_ = listener_.port();
  listening_ = true;
  return true;
}

bool CacheServer::listen_also(const Poco::Net::SocketAddress& address) {
  if (!listening_) return false;
  auto listener = std::make_unique<Listener>(loop_, "peer cache");
  const auto accepted = [this](Poco::Net::StreamSocket socket) { on_accept(std::move(socket)); };
  if (auto error = listener->open(address, 64, accepted)) {
    logger().error(*error);
    return false;
  }
  more_listeners_.push_back(std::move(listener));
  return true;
}

void CacheServer::stop() {
  if (!listening_) return;
  listening_ = false;
  listener_.close();
  for (auto& listener : more_listeners_) listener->close();
  more_listeners_.clear();
  std::vector<int> fds;
  for (auto& [fd, client] : clients_) fds.push_back(fd);
  for (int fd : fds) finish(fd);
  std::vector<std::uint64_t> checks;
  for (auto& [id, check] : running_checks_) checks.push_back(id);
  for (auto id : checks) end_check(id, "cache stopped");
}

std::vector<protocol::NodeRecord> CacheServer::hubs() {
  if (live_hubs_) {
    for (const auto& hub : live_hubs_()) cache_.put_hub(hub);
  }
  cache_.expire(loop_millis(loop_));
  return cache_.hubs();
}

void CacheServer::on_accept(Poco::Net::StreamSocket socket) {
  (void)hubs();  // live hubs merged, silent ones aged out
  const auto reply = cache_.reply_bytes(random_);
  const int fd = static_cast<int>(socket.impl()->sockfd());
  // 149 bytes always fit an empty socket buffer: one write, as §3.5 asks.
  const ssize_t n = ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
  if (n != static_cast<ssize_t>(reply.size())) {
    logger().warning("peer cache could not send its list to %s",
                     peer_ip_of(socket));  // peerAddress() throws once the peer is gone
    return;
  }
  ++served_;
  Client client{std::move(socket), {}, {}, TimerId::None, {}, 0};
  try {
    client.source = ip4_of(client.socket.peerAddress()).value_or(protocol::Ip4{});
  } catch (const Poco::Exception&) {
  }
  std::weak_ptr<bool> alive = alive_;
  client.linger = loop_.add_timer(Linger, [this, alive, fd] {
    if (alive.expired()) return;
    auto it = clients_.find(fd);
    if (it == clients_.end()) return;
    it->second.linger = TimerId::None;
    finish(fd);
  });
  clients_.emplace(fd, std::move(client));
  loop_.watch(fd, true, false, [this, fd](IoReady) { on_client_io(fd); });
}

void CacheServer::on_client_io(int fd) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  auto& client = it->second;
  protocol::Byte buffer[64];
  const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  if (n > 0) {
    const auto room = MaxRead > client.received.size() ? MaxRead - client.received.size() : 0;
    client.received.insert(client.received.end(), buffer, buffer + std::min(room, static_cast<std::size_t>(n)));
  }
  if (!client.registered && client.received.size() >= RegistrationRead) {
    client.registered = registered(client);
    if (!client.registered) return finish(fd);  // not a hub of ours: nothing more to read
    client.parsed = RegistrationRead;
  }
  const bool done = client.registered && read_requests(fd, client);
  // Peer closed, failed, or sent all we read: we are done with it.
  if (done || n <= 0 || client.received.size() >= MaxRead) finish(fd);
}

bool CacheServer::read_requests(int fd, Client& client) {
  for (;;) {
    const auto rest = protocol::ByteView(client.received).subspan(client.parsed);
    if (rest.size() < protocol::CandidateQueryLength) return false;
    if (std::equal(protocol::CandidateQueryMagic.begin(), protocol::CandidateQueryMagic.end(), rest.begin())) {
      if (client.parsed != RegistrationRead) return true;  // asked twice: not ours
      answer_candidates(fd, client);
      client.parsed += protocol::CandidateQueryLength;
      continue;
    }
    if (!std::equal(protocol::LinkReportMagic.begin(), protocol::LinkReportMagic.end(), rest.begin())) return true;
    const auto length = protocol::link_candidates_length(rest);  // the same layout
    if (!length || (rest.size() < *length && rest[4] <= protocol::MaxLinkCandidates)) return false;
    if (const auto report = protocol::decode_link_report(rest.first(std::min(*length, rest.size())))) {
      check_reported(*client.registered, *report);
    } else {
      logger().warning("peer cache: bad link report from %s: %s", protocol::ip4_text(client.source),
                       protocol::to_string(report.error()));
    }
    return true;  // the report is the last thing a hub sends
  }
}

std::optional<protocol::NodeHandle> CacheServer::registered(const Client& client) {
  const auto registration =
      protocol::decode_cache_registration(protocol::ByteView(client.received).first(protocol::CacheRegistrationLength));
  if (!registration) return std::nullopt;  // a client's key block or other bytes: not ours to read
  const auto ip = protocol::ip4_text(registration->hub.hub.ip);
  if (!cache_.register_hub(*registration, client.source, loop_millis(loop_))) {
    logger().warning("peer cache refused a registration for %s from %s", ip, protocol::ip4_text(client.source));
    return std::nullopt;
  }
  ++registrations_;
  logger().debug("peer cache: hub %s:%hu registered", ip, registration->hub.tcp_port);
  return registration->hub.hub;
}

// Only a hub that registered and then asked gets the list: a WinMX client never sees it.
void CacheServer::answer_candidates(int fd, const Client& client) {
  protocol::Bytes answer;
  const auto candidates = cache_.link_candidates(*client.registered);
  protocol::encode(candidates, answer);
  // At most 125 bytes after the 149 of the reply: they fit the socket buffer at once.
  const ssize_t n = ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
  if (n != static_cast<ssize_t>(answer.size())) {
    logger().warning("peer cache could not send link candidates to %s", protocol::ip4_text(client.source));
    return;
  }
  ++candidate_answers_;
  logger().debug("peer cache: %z link candidate(s) to %s", candidates.hubs.size(),
                 protocol::ip4_text(client.registered->ip));
}

void CacheServer::finish(int fd) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  loop_.unwatch(fd);
  if (it->second.linger != TimerId::None) loop_.cancel_timer(it->second.linger);
  try {
    it->second.socket.close();
  } catch (const Poco::Exception&) {
  }
  clients_.erase(it);
}

}  // namespace wpn::net
