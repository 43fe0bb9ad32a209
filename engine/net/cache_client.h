#pragma once
// Fetches one node list from a peer cache (protocol.md §3.1): connect, read the 149
// bytes the cache sends unprompted, close. A secondary sends nothing (as the working
// clients); a hub registering itself (docs/hub-link.md §6) first sends its 17-byte
// "OWR1" record, without waiting for the reply, and a hub that links with others also
// asks for link candidates ("OWQ1", §6.1), which follow the reply, and reports the hubs
// it is linked with ("OWP1", §6.2).

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include "net/event_loop.h"
#include "protocol/codecs/cache.h"
#include "protocol/codecs/hub_link.h"

namespace wpn::net {

class CacheClient : public std::enable_shared_from_this<CacheClient> {
 public:
  // done runs once, on the loop thread: the reply, or nullopt on any failure.
  using Done = std::function<void(std::optional<protocol::CacheReply>)>;

  static std::shared_ptr<CacheClient> fetch(EventLoop& loop, const Poco::Net::SocketAddress& cache,
                                            const std::string& bind_ip, Done done);
  // As fetch, sending a registration as soon as the connection is up, built then from the connection's local address: a
  // hub listening on every interface advertises the address the cache sees it come from.
  using MakeRegistration = std::function<protocol::Bytes(const Poco::Net::SocketAddress& local)>;
  // With `candidates` set the registration asks for link candidates too; it runs once,
  // before done, with the list (empty when the cache sent none: an older cache).
  using CandidatesDone = std::function<void(protocol::LinkCandidates)>;
  // A hub asking for candidates also reports its live link peers (`links`, "OWP1",
  // §6.2), sent after "OWQ1" when not empty.
  static std::shared_ptr<CacheClient> announce(EventLoop& loop, const Poco::Net::SocketAddress& cache,
                                               const std::string& bind_ip, MakeRegistration make, Done done,
                                               CandidatesDone candidates = {}, protocol::LinkReport links = {});
  CacheClient(EventLoop& loop, Done done);
  ~CacheClient();
  CacheClient(const CacheClient&) = delete;
  CacheClient& operator=(const CacheClient&) = delete;

  void cancel();
  bool done() const noexcept { return finished_; }

 private:
  void on_io(IoReady ready);
  bool send_pending();
  void finish(std::optional<protocol::CacheReply> reply);
  // After the reply: true once the candidate list is complete or cannot come.
  bool read_candidates(protocol::ByteView more);

  EventLoop& loop_;
  Done done_;
  Poco::Net::StreamSocket socket_;
  int fd_ = -1;
  bool watched_ = false;
  protocol::CacheReplyReader reader_;
  MakeRegistration make_;    // until connected
  protocol::Bytes pending_;  // the registration, until sent
  CandidatesDone candidates_;
  protocol::LinkReport links_;  // until sent
  protocol::Bytes candidate_bytes_;
  TimerId timer_ = TimerId::None;
  bool finished_ = false;
};

}  // namespace wpn::net
