#pragma once
// An in-memory network for the overlay state machines: one Hub and several
// SecondarySessions whose frames are carried (as encoded payloads) by pump().

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "overlay/hub.h"
#include "overlay/secondary_session.h"
#include "protocol/codecs/shares.h"
#include "protocol/random_source.h"

namespace wpn::overlay::test {

// Deterministic bytes (a linear congruential sequence) so ids are repeatable.
class SequenceRandom : public protocol::RandomSource {
 public:
  explicit SequenceRandom(std::uint32_t seed = 12345) : state_(seed) {}
  void fill(std::span<protocol::Byte> out) override {
    for (auto& b : out) {
      state_ = state_ * 1103515245u + 12345u;
      b = static_cast<protocol::Byte>(state_ >> 16);
    }
  }

 private:
  std::uint32_t state_;
};

inline protocol::FileKey key_of(std::uint8_t seed, std::uint32_t size) {
  protocol::FileKey key;
  for (std::size_t i = 0; i < key.hash.size(); ++i) key.hash[i] = static_cast<protocol::Byte>(seed + i);
  key.size = size;
  return key;
}

inline std::vector<protocol::Bytes> share_payloads(const std::string& folder,
                                                   const std::vector<protocol::ShareEntry>& entries) {
  return protocol::build_share_folder_payloads(folder, entries).payloads;
}

struct Peer {
  ConnId conn = 0;
  protocol::Ip4 ip{};
  std::unique_ptr<SecondarySession> session;
  std::vector<SecondaryEvent> events;
  std::vector<protocol::Frame> received;  // every frame the hub sent this peer
  bool closed = false;
  std::string close_reason;
};

class MiniNet {
 public:
  explicit MiniNet(HubConfig config = {}) : hub(std::move(config), random) {}

  Peer& connect(const std::string& base, protocol::Ip4 ip, std::uint16_t data_port = 6699,
                std::vector<protocol::Bytes> shares = {}) {
    const ConnId conn = next_conn_++;
    SecondaryConfig config;
    config.base_name = base;
    config.data_port = data_port;
    auto& peer = peers[conn];
    peer.conn = conn;
    peer.ip = ip;
    peer.session = std::make_unique<SecondarySession>(config, [] { return protocol::QueueStatus{2, 3, 0}; });
    peer.session->set_shares(std::move(shares));
    apply(hub.on_accepted(conn, ip, now));
    peer.session->start(now);
    pump();
    return peer;
  }

  // Delivers queued frames in both directions until nothing moves.
  void pump() {
    for (int round = 0; round < 100; ++round) {
      bool moved = false;
      for (auto& [conn, peer] : peers) {
        if (peer.closed) continue;
        for (auto& frame : peer.session->take_frames()) {
          moved = true;
          apply(hub.on_frame(conn, frame, now));
        }
        for (auto& e : peer.session->take_events()) peer.events.push_back(std::move(e));
      }
      if (!moved) return;
    }
  }

  void apply(std::vector<HubAction> actions) {
    for (auto& action : actions) {
      if (auto* send = std::get_if<SendFrame>(&action)) {
        auto& peer = peers.at(send->conn);
        if (peer.closed) continue;
        protocol::Frame frame{send->type, send->payload};
        peer.received.push_back(frame);
        peer.session->on_frame(frame, now);
      } else if (auto* close = std::get_if<CloseConnection>(&action)) {
        auto& peer = peers.at(close->conn);
        if (peer.closed) continue;
        peer.closed = true;
        peer.close_reason = close->reason;
        apply(hub.on_closed(close->conn));
      } else if (auto* trace = std::get_if<TraceSkippedFrame>(&action)) {
        traces.push_back(*trace);
      }
    }
  }

  void tick(Millis advance) {
    now += advance;
    apply(hub.on_tick(now));
    for (auto& [conn, peer] : peers) {
      if (!peer.closed) peer.session->on_tick(now);
    }
    pump();
  }

  // Raw frame from a connection, as a hostile or foreign client would send it.
  void raw(ConnId conn, std::uint16_t type, protocol::Bytes payload) {
    apply(hub.on_frame(conn, protocol::Frame{type, std::move(payload)}, now));
    pump();
  }

  template <class E>
  std::vector<E> events_of(const Peer& peer) const {
    std::vector<E> out;
    for (const auto& e : peer.events) {
      if (auto* x = std::get_if<E>(&e)) out.push_back(*x);
    }
    return out;
  }

  SequenceRandom random;
  Hub hub;
  std::map<ConnId, Peer> peers;
  std::vector<TraceSkippedFrame> traces;  // every skipped frame the hub reported
  Millis now = 1000;

 private:
  ConnId next_conn_ = 1;
};

}  // namespace wpn::overlay::test
