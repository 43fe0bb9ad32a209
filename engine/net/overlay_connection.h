#pragma once
// One encrypted WPN connection on the event loop (protocol.md §4, §5): the '1' + key-block
// handshake in either role, then, with the stream keys of the accepting side's block,
// frames through FrameDecoder / FrameEncoder or the primaries' 17-byte records of a
// primary-client link (chat.md §9.2). Owned by a shared_ptr; every call happens on the
// loop thread. Handlers run on the loop thread; on_closed runs once, posted, so an owner
// may drop its pointer there.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include "net/event_loop.h"
#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/codecs/primary_records.h"
#include "protocol/frame.h"
#include "protocol/frame_decoder.h"
#include "protocol/frame_encoder.h"
#include "protocol/key_block.h"
#include "protocol/random_source.h"

namespace wpn::net {

// Bytes from getrandom(2), for key blocks, cache headers and client ids.
class SystemRandom : public protocol::RandomSource {
 public:
  void fill(std::span<protocol::Byte> out) override;
};

// Milliseconds of the loop's clock, the time base of the overlay state machines.
std::uint64_t loop_millis(const EventLoop& loop);
// "127.0.0.2" -> its 4 wire bytes; nullopt for anything but a dotted IPv4.
std::optional<protocol::Ip4> ip4_of(const Poco::Net::SocketAddress& address);

// Which handshake a connection speaks: the greeting the acceptor sends and the client's
// key id (the server answers with protocol::server_id_for of it), and what the ciphered
// stream carries after it. WPN secondaries: '1', 0x52, frames. The OpenWPN hub link:
// "OWL1", 0x5C, frames. A room host's primary-client link: '1', 0x50, records.
struct HandshakeFlavor {
  enum class Stream { Frames, PrimaryRecords };
  std::vector<protocol::Byte> greeting;
  std::uint8_t client_id = 0;
  Stream stream = Stream::Frames;
  std::chrono::seconds timeout{5};  // protocol.md §4: ~5 s per step

  static HandshakeFlavor secondary();
  static HandshakeFlavor hub_link();
  static HandshakeFlavor primary_client();
};

class OverlayConnection : public std::enable_shared_from_this<OverlayConnection> {
 public:
  enum class Role { Acceptor, Connector };
  struct Handlers {
    std::function<void()> on_ready;  // handshake done
    std::function<void(const protocol::Frame&)> on_frame;
    std::function<void(const protocol::PrimaryRecord&)> on_record;  // Stream::PrimaryRecords
    std::function<void(const std::string& reason)> on_closed;
    // Acceptor only: a client that says 0x50 (a room host's primary-client link, chat.md
    // §9.2) is handed over here, greeted and with its key block read; on_closed follows.
    // Unset: 0x50 is refused like any other unexpected id.
    std::function<void(Poco::Net::StreamSocket)> on_primary_client;
  };

  // An accepted socket: answers 0x52 only (we serve secondaries).
  static std::shared_ptr<OverlayConnection> accept(EventLoop& loop, Poco::Net::StreamSocket socket,
                                                   protocol::RandomSource& random, Handlers handlers,
                                                   HandshakeFlavor flavor = HandshakeFlavor::secondary());
  // A socket another listener accepted, greeted with '1' and read `already_read` from
  // (the start of the peer's key block): the data port hands WPN sessions over this way.
  static std::shared_ptr<OverlayConnection> adopt(EventLoop& loop, Poco::Net::StreamSocket socket,
                                                  std::vector<protocol::Byte> already_read,
                                                  protocol::RandomSource& random, Handlers handlers);
  // Connects (non-blocking) from bind_ip (empty: any) to target as a secondary (0x52).
  static std::shared_ptr<OverlayConnection> connect(EventLoop& loop, const Poco::Net::SocketAddress& target,
                                                    const std::string& bind_ip, protocol::RandomSource& random,
                                                    Handlers handlers,
                                                    HandshakeFlavor flavor = HandshakeFlavor::secondary());
  // The rest of a primary-client link a hub connection handed over (Handlers::on_primary_client)
  // after reading the client's block: sends our 0x51 block and is ready on return.
  static std::shared_ptr<OverlayConnection> answer_primary_client(EventLoop& loop, Poco::Net::StreamSocket socket,
                                                                  protocol::RandomSource& random, Handlers handlers);

  OverlayConnection(EventLoop& loop, Poco::Net::StreamSocket socket, Role role, protocol::RandomSource& random,
                    Handlers handlers, HandshakeFlavor flavor = HandshakeFlavor::secondary());
  ~OverlayConnection();
  OverlayConnection(const OverlayConnection&) = delete;
  OverlayConnection& operator=(const OverlayConnection&) = delete;

  // Queues one frame or record (whichever the stream carries); false (and nothing sent) if
  // the payload is too large, the stream carries the other kind or we are closed.
  bool send(std::uint16_t type, protocol::ByteView payload);
  bool send(const protocol::PrimaryRecord& record);
  void close(const std::string& reason);
  // The connecting side's key ID: 0x52 (secondary) unless changed, 0x57 for a chat
  // room (chat.md §3); the accepting side answers with its pair. Set before the handshake.
  void set_client_key_id(std::uint8_t id) noexcept { client_key_id_ = id; }

  bool ready() const noexcept { return stage_ == Stage::Ready; }
  // Bytes queued and not yet written to the socket (a sender paces itself on this).
  std::size_t unsent() const noexcept { return out_.size() - out_sent_; }
  bool closed() const noexcept { return stage_ == Stage::Closed; }
  const Poco::Net::SocketAddress& peer() const noexcept { return peer_; }
  // Our end's address (getsockname): the one the peer sees; a wildcard when unknown.
  Poco::Net::SocketAddress local() const;

 private:
  enum class Stage { Connecting, AwaitGreeting, AwaitBlock, Ready, Closed };
  void begin(bool greet = true);
  void on_io(IoReady ready);
  void read_some();
  void consume(protocol::ByteView data);
  void read_stream(protocol::ByteView data);
  void handshake_block(const protocol::KeyBlock& block);
  void answer_client();
  void start_stream(const protocol::SessionKeys& keys);
  void hand_over_primary_client();
  bool queued();
  void flush();
  void update_watch();

  EventLoop& loop_;
  Poco::Net::StreamSocket socket_;
  int fd_ = -1;
  Role role_;
  protocol::RandomSource& random_;
  Handlers handlers_;
  HandshakeFlavor flavor_;
  std::size_t greeting_seen_ = 0;
  Stage stage_;
  Poco::Net::SocketAddress peer_;
  protocol::KeyBlock pending_block_{};
  std::size_t pending_filled_ = 0;
  std::optional<protocol::FrameDecoder> decoder_;
  std::optional<protocol::FrameEncoder> encoder_;
  struct RecordStream {  // Stream::PrimaryRecords: the ciphers FrameDecoder/Encoder hold for frames
    protocol::TcpCipher in;
    protocol::TcpCipher out;
    protocol::PrimaryRecordReader reader;
  };
  std::optional<RecordStream> records_;
  protocol::Bytes out_;
  std::size_t out_sent_ = 0;
  bool watching_write_ = false;
  bool watched_ = false;
  TimerId handshake_timer_ = TimerId::None;
  std::uint8_t client_key_id_ = protocol::key_id::SecondaryClient;
};

}  // namespace wpn::net
