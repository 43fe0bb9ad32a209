#pragma once
// Several Hubs in memory, linked by hub links, with SecondarySessions on them. Frames
// travel (as encoded payloads) when pump() runs; every link frame is logged so tests can
// count, replay or forge them. DialHub actions are carried out when the target hub is
// up, and reported as failed when it is down.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "overlay/hub.h"
#include "overlay/secondary_session.h"
#include "overlay_test_support.h"
#include "protocol/codecs/hub_link.h"

namespace wpn::overlay::test {

struct LinkFrame {
  std::size_t from = 0;  // hub index
  ConnId conn = 0;       // the sender's link connection
  protocol::Frame frame;
};

class MeshLab {
 public:
  struct LabHub {
    std::unique_ptr<SequenceRandom> random;
    std::unique_ptr<Hub> hub;
    bool up = true;
  };
  struct End {  // one side of a link
    std::size_t hub = 0;
    ConnId peer_conn = 0;
    std::size_t peer_hub = 0;
    bool open = true;
  };

  std::size_t add_hub(protocol::Ip4 ip, MeshConfig mesh = {}) {
    HubConfig config;
    config.ip = ip;
    config.udp_port = 6257;
    config.tcp_port = 6699;
    config.link_port = 6700;
    config.mesh = std::move(mesh);
    auto& h = hubs.emplace_back();
    h.random = std::make_unique<SequenceRandom>(static_cast<std::uint32_t>(1000 + hubs.size()));
    h.hub = std::make_unique<Hub>(std::move(config), *h.random);
    return hubs.size() - 1;
  }
  Hub& hub(std::size_t i) { return *hubs.at(i).hub; }
  protocol::HubEndpoint endpoint(std::size_t i) { return hub(i).endpoint(); }

  // Hub a dials hub b, which has learned of a (as from a peer cache) unless `introduce`
  // is false; returns a's link connection.
  ConnId link(std::size_t a, std::size_t b, bool introduce = true) {
    const ConnId ca = next_conn_++;
    const ConnId cb = next_conn_++;
    ends[ca] = End{a, cb, b, true};
    ends[cb] = End{b, ca, a, true};
    if (introduce) hub(b).learn_hub(endpoint(a));
    // Both ends know the link before either Hello travels, as after a real handshake.
    auto accepted = hub(b).on_link_up(cb, std::nullopt, hub(a).config().ip, now);
    auto dialled = hub(a).on_link_up(ca, hub(b).handle(), hub(b).config().ip, now);
    apply(b, std::move(accepted));
    apply(a, std::move(dialled));
    pump();
    return ca;
  }

  // Closes both ends of every link of hub i and stops its secondaries: a hub that died.
  void kill(std::size_t i) {
    hubs.at(i).up = false;
    for (auto& [conn, end] : ends) {
      if (end.hub != i || !end.open) continue;
      end.open = false;
      auto& other = ends.at(end.peer_conn);
      if (other.open) {
        other.open = false;
        apply(other.hub, hub(other.hub).on_closed(end.peer_conn));
      }
    }
    for (auto& [conn, peer] : peers) {
      if (peer.hub == i) peer.closed = true;
    }
  }

  struct LabPeer {
    std::size_t hub = 0;
    ConnId conn = 0;
    std::unique_ptr<SecondarySession> session;
    std::vector<protocol::Frame> received;
    bool closed = false;
  };

  LabPeer& connect(std::size_t h, const std::string& base, protocol::Ip4 ip, std::vector<protocol::Bytes> shares = {},
                   std::uint16_t data_port = 6699) {
    const ConnId conn = next_conn_++;
    SecondaryConfig config;
    config.base_name = base;
    config.data_port = data_port;
    auto& peer = peers[conn];
    peer.hub = h;
    peer.conn = conn;
    peer.session = std::make_unique<SecondarySession>(config, [] { return protocol::QueueStatus{2, 3, 0}; });
    peer.session->set_shares(std::move(shares));
    apply(h, hub(h).on_accepted(conn, ip, now));
    peer.session->start(now);
    pump();
    return peer;
  }

  // A frame from a secondary as its client would send it.
  void send(LabPeer& peer, std::uint16_t type, protocol::Bytes payload) {
    apply(peer.hub, hub(peer.hub).on_frame(peer.conn, protocol::Frame{type, std::move(payload)}, now));
    pump();
  }
  // A frame arriving on hub h's link connection `conn` (forged, replayed or flooded).
  void inject(std::size_t h, ConnId conn, std::uint16_t type, protocol::Bytes payload) {
    apply(h, hub(h).on_frame(conn, protocol::Frame{type, std::move(payload)}, now));
    pump();
  }

  void pump() {
    for (int round = 0; round < 100000; ++round) {
      bool moved = false;
      while (!in_flight_.empty()) {  // link frames in the order they were sent
        auto [conn, frame] = std::move(in_flight_.front());
        in_flight_.pop_front();
        const auto& end = ends.at(conn);
        if (end.open) apply(end.hub, hub(end.hub).on_frame(conn, frame, now));
      }
      for (auto& [conn, peer] : peers) {
        if (peer.closed) continue;
        for (auto& frame : peer.session->take_frames()) {
          moved = true;
          apply(peer.hub, hub(peer.hub).on_frame(conn, frame, now));
        }
        peer.session->take_events();
      }
      if (!moved) return;
    }
  }

  void tick(Millis advance) {
    now += advance;
    for (std::size_t i = 0; i < hubs.size(); ++i) {
      if (hubs[i].up) apply(i, hub(i).on_tick(now));
    }
    for (auto& [conn, peer] : peers) {
      if (!peer.closed) peer.session->on_tick(now);
    }
    pump();
  }

  void apply(std::size_t from, std::vector<HubAction> actions) {
    for (auto& action : actions) {
      if (auto* send = std::get_if<SendFrame>(&action)) {
        deliver(from, *send);
      } else if (auto* close = std::get_if<CloseConnection>(&action)) {
        closes.push_back(close->reason);
        if (auto end = ends.find(close->conn); end != ends.end() && end->second.open) {
          end->second.open = false;
          auto& other = ends.at(end->second.peer_conn);
          if (other.open) {
            other.open = false;
            apply(other.hub, hub(other.hub).on_closed(end->second.peer_conn));
          }
        } else if (auto peer = peers.find(close->conn); peer != peers.end() && !peer->second.closed) {
          peer->second.closed = true;
          apply(from, hub(from).on_closed(close->conn));
        }
      } else if (auto* refused = std::get_if<TraceLinkDrop>(&action)) {
        refusals.push_back(refused->reason);
      } else if (auto* dial = std::get_if<DialHub>(&action)) {
        dials.push_back(dial->hub);
        const auto target = find_hub(dial->hub.hub);
        if (target && hubs[*target].up) {
          link(from, *target);
        } else {
          hub(from).on_dial_failed(dial->hub.hub, now);
        }
      }
    }
  }

  std::size_t link_frames_of(std::uint16_t type) const {
    std::size_t n = 0;
    for (const auto& f : link_log) n += f.frame.type == type ? 1 : 0;
    return n;
  }

  std::vector<LabHub> hubs;
  std::map<ConnId, End> ends;
  std::map<ConnId, LabPeer> peers;
  std::vector<LinkFrame> link_log;
  std::vector<protocol::HubEndpoint> dials;
  std::vector<std::string> closes;
  std::vector<std::string> refusals;
  Millis now = 1000;

 private:
  std::optional<std::size_t> find_hub(const protocol::NodeHandle& handle) {
    for (std::size_t i = 0; i < hubs.size(); ++i) {
      if (hubs[i].hub->handle() == handle) return i;
    }
    return std::nullopt;
  }

  void deliver(std::size_t from, const SendFrame& send) {
    protocol::Frame frame{send.type, send.payload};
    if (auto end = ends.find(send.conn); end != ends.end()) {
      if (!end->second.open) return;
      link_log.push_back({from, send.conn, frame});
      in_flight_.emplace_back(end->second.peer_conn, std::move(frame));
      return;
    }
    auto peer = peers.find(send.conn);
    if (peer == peers.end() || peer->second.closed) return;
    peer->second.received.push_back(frame);
    peer->second.session->on_frame(frame, now);
  }

  std::deque<std::pair<ConnId, protocol::Frame>> in_flight_;  // by receiving connection
  ConnId next_conn_ = 1;
};

}  // namespace wpn::overlay::test
