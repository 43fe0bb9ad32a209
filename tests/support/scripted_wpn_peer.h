#pragma once
// A hand-driven WPN control connection over a blocking loopback socket, for replaying
// frames a real node never would: either side of the '1' + key-block handshake, then
// encrypted frames of any size up to the u16 limit. Not thread-safe; one test thread.
// Header-only: a test using it links Poco::Net and wpn_protocol.

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "protocol/frame_decoder.h"
#include "protocol/frame_encoder.h"
#include "protocol/key_block.h"

namespace wpn::test {

class ScriptedWpnPeer {
 public:
  // As a secondary: connects from from_ip, waits for '1', sends a 0x52 block, keys from the 0x53 reply.
  static std::optional<ScriptedWpnPeer> connect_to(const std::string& from_ip, const std::string& ip,
                                                   std::uint16_t port) {
    ScriptedWpnPeer peer;
    try {
      peer.socket_.impl()->bind(Poco::Net::SocketAddress(from_ip, 0), false);
      peer.socket_.connect(Poco::Net::SocketAddress(ip, port), Poco::Timespan(5, 0));
      peer.socket_.setReceiveTimeout(Poco::Timespan(5, 0));
      char greeting = 0;
      if (peer.socket_.receiveBytes(&greeting, 1) != 1 || greeting != '1') return std::nullopt;
      DeviceRandom random;
      const auto block = protocol::create_key_block(protocol::key_id::SecondaryClient, random);
      peer.socket_.sendBytes(block.data(), static_cast<int>(block.size()));
      protocol::KeyBlock reply{};
      if (!peer.read_exactly(reply.data(), reply.size())) return std::nullopt;
      const auto keys = protocol::session_keys_from_server_block(reply);
      if (!keys) return std::nullopt;
      peer.encoder_.emplace(protocol::TcpCipher(keys->client_to_server), protocol::ReceivePayloadCap);
      peer.decoder_.emplace(protocol::TcpCipher(keys->server_to_client));
    } catch (const Poco::Exception&) {
      return std::nullopt;
    }
    return peer;
  }

  // As a primary: accepts one connection within `limit`, greets with '1', reads the 0x52
  // block and answers with a fresh 0x53 block whose keys both sides use. As a chat room
  // host: the same with client_id 0x57 (answered with 0x58).
  static std::optional<ScriptedWpnPeer> accept_from(Poco::Net::ServerSocket& server, std::chrono::seconds limit,
                                                    std::uint8_t client_id = protocol::key_id::SecondaryClient) {
    ScriptedWpnPeer peer;
    try {
      if (!server.poll(Poco::Timespan(static_cast<long>(limit.count()), 0), Poco::Net::Socket::SELECT_READ))
        return std::nullopt;
      peer.socket_ = server.acceptConnection();
      peer.socket_.setBlocking(true);
      peer.socket_.setReceiveTimeout(Poco::Timespan(5, 0));
      peer.socket_.sendBytes("1", 1);
      protocol::KeyBlock client_block{};
      if (!peer.read_exactly(client_block.data(), client_block.size())) return std::nullopt;
      const auto id = protocol::decode_key_block_id(client_block);
      if (!id || *id != client_id) return std::nullopt;
      DeviceRandom random;
      const auto block = protocol::create_key_block(protocol::server_id_for(client_id).value_or(0), random);
      peer.socket_.sendBytes(block.data(), static_cast<int>(block.size()));
      const auto keys = protocol::session_keys_from_server_block(block);
      if (!keys) return std::nullopt;
      peer.encoder_.emplace(protocol::TcpCipher(keys->server_to_client), protocol::ReceivePayloadCap);
      peer.raw_out_.emplace(keys->server_to_client);
      peer.decoder_.emplace(protocol::TcpCipher(keys->client_to_server));
    } catch (const Poco::Exception&) {
      return std::nullopt;
    }
    return peer;
  }

  // Ciphered bytes without the 4-byte frame header, for a stream that is not framed (a
  // primary's 0x50 link). An accepted peer only; do not mix with send().
  bool send_raw(protocol::Bytes bytes) {
    raw_out_->encrypt(bytes);
    return write_all(bytes);
  }

  bool send(std::uint16_t type, const protocol::Bytes& payload) {
    protocol::Bytes out;
    if (!encoder_->encode(type, payload, out)) return false;
    return write_all(out);
  }

 private:
  bool write_all(const protocol::Bytes& out) {
    try {
      std::size_t sent = 0;
      while (sent < out.size()) {
        const int n = socket_.sendBytes(out.data() + sent, static_cast<int>(out.size() - sent));
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
      }
    } catch (const Poco::Exception&) {
      return false;
    }
    return true;
  }

 public:
  // The next frame of `type` within `limit` (others are passed over); nullopt on timeout or close.
  std::optional<protocol::Frame> wait_for(std::uint16_t type, std::chrono::milliseconds limit) {
    return wait_until([type](const protocol::Frame& f) { return f.type == type; }, limit);
  }
  template <class Pred>
  std::optional<protocol::Frame> wait_until(Pred pred, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (true) {
      while (!frames_.empty()) {
        protocol::Frame f = std::move(frames_.front());
        frames_.erase(frames_.begin());
        if (pred(f)) return f;
      }
      if (closed_ || std::chrono::steady_clock::now() >= end) return std::nullopt;
      read_more(std::chrono::milliseconds(100));
    }
  }

  // True once the other side has closed; reads (and keeps) frames for up to `limit` to find out.
  bool closed_within(std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!closed_ && std::chrono::steady_clock::now() < end) read_more(std::chrono::milliseconds(100));
    return closed_;
  }
  bool closed() const noexcept { return closed_; }

 private:
  class DeviceRandom : public protocol::RandomSource {
   public:
    void fill(std::span<protocol::Byte> out) override {
      for (auto& b : out) b = static_cast<protocol::Byte>(device_());
    }

   private:
    std::random_device device_;
  };

  ScriptedWpnPeer() = default;

  bool read_exactly(protocol::Byte* out, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
      const int n = socket_.receiveBytes(out + got, static_cast<int>(size - got));
      if (n <= 0) return false;
      got += static_cast<std::size_t>(n);
    }
    return true;
  }

  void read_more(std::chrono::milliseconds wait) {
    try {
      if (!socket_.poll(Poco::Timespan(0, static_cast<long>(wait.count()) * 1000), Poco::Net::Socket::SELECT_READ))
        return;
      protocol::Byte buffer[16384];
      const int n = socket_.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) {
        closed_ = true;
        return;
      }
      if (!decoder_->feed(protocol::ByteView(buffer, static_cast<std::size_t>(n)), frames_)) closed_ = true;
    } catch (const Poco::Exception&) {
      closed_ = true;  // reset by the peer
    }
  }

  Poco::Net::StreamSocket socket_;
  std::optional<protocol::FrameEncoder> encoder_;
  std::optional<protocol::TcpCipher> raw_out_;
  std::optional<protocol::FrameDecoder> decoder_;
  std::vector<protocol::Frame> frames_;
  bool closed_ = false;
};

}  // namespace wpn::test
