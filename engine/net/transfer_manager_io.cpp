// TransferManager: the data connections (filesharing.md §3). Bytes in are parsed
// with the protocol's sans-IO parsers and handed to the machines; file bytes go out
// with sendfile(2) and come in with pwrite into the partial file.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>

#include <Poco/Exception.h>
#include <Poco/Logger.h>
#include <Poco/Net/SocketAddress.h>

#include "net/data_connection.h"
#include "net/socket_io.h"
#include "net/transfer_manager.h"

namespace wpn::net {
namespace {

Poco::Logger& logger() { return Poco::Logger::get("wpn.net"); }

constexpr std::size_t ReadChunk = 256 * 1024;
constexpr std::uint64_t ReportBytes = 16u << 20;
constexpr auto ReportInterval = std::chrono::milliseconds(250);

}  // namespace

DataConnection* TransferManager::connection(transfer::ConnectionId id) {
  const auto it = connections_.find(id);
  return it == connections_.end() ? nullptr : it->second.get();
}

DataConnection& TransferManager::add_connection(transfer::ConnectionId id, Poco::Net::StreamSocket socket,
                                                std::string peer_ip) {
  auto c = std::make_unique<DataConnection>();
  c->id = id;
  c->fd = socket.impl()->sockfd();
  c->socket = std::move(socket);
  c->peer_ip = std::move(peer_ip);
  auto& ref = *c;
  connections_[id] = std::move(c);
  loop_.watch(ref.fd, true, false, [this, id](IoReady ready) { on_io(id, ready); });
  return ref;
}

void TransferManager::set_phase_timer(DataConnection& c, std::chrono::milliseconds delay, const std::string& why) {
  loop_.cancel_timer(c.phase);
  const auto id = c.id;
  c.phase = loop_.add_timer(delay, [this, id, why] {
    if (auto* conn = connection(id)) {
      conn->phase = TimerId::None;
      logger().information("data connection " + std::to_string(id) + " from " + conn->peer_ip + ": " + why);
      if (conn->closing) {
        destroy(id);
      } else if ((conn->role == ConnectionRole::UploadGet && !conn->get_complete) ||
                 (conn->role == ConnectionRole::DownloadPush && conn->send_request)) {
        refuse(*conn, why);
      } else {
        lost(id, why, transfer::LossReason::Closed);
      }
    }
  });
}

// An inbound GET or SEND handed over by the listener.
void TransferManager::on_request(AcceptedRequest request) {
  const auto id = next_connection_++;
  auto& c = add_connection(id, std::move(request.socket), std::move(request.peer_ip));
  c.ticket = std::move(request.ticket);
  if (request.kind == protocol::DataRequestKind::Get) {
    c.role = ConnectionRole::UploadGet;
    c.get.emplace(protocol::RequestLimits{}, settings_.wire.segment_byte_order);
  } else {
    c.role = ConnectionRole::DownloadPush;
    c.send_request.emplace();
  }
  set_phase_timer(c, settings_.phases.request_line, "timed out waiting for the request line");
  process_input(c, protocol::ByteView(request.head.data(), request.head.size()));
}

void TransferManager::connect(const transfer::Connect& action, Machine machine) {
  const auto lose = [&](const std::string& why) {
    logger().information("data connection to " + protocol::ip4_text(action.ip) + ": " + why);
    if (machine == Machine::Upload) {
      apply(Machine::Upload, uploader_.on_connection_lost(action.connection, now()));
    } else {
      apply(Machine::Download, downloader_.on_connection_lost(action.connection, transfer::LossReason::Closed, now()));
    }
  };
  if (action.port == 0) {
    lose("no data port");
    return;
  }
  Poco::Net::StreamSocket socket;
  try {
    socket = Poco::Net::StreamSocket(Poco::Net::SocketAddress::IPv4);
    socket.setBlocking(false);
    // Our request line goes out as WinMX's does, command word first in its own
    // segment (wire audit D11): Nagle would hold the rest back or merge them.
    socket.setNoDelay(true);
    socket.connectNB(Poco::Net::SocketAddress(protocol::ip4_text(action.ip), action.port));
  } catch (const Poco::Exception& e) {
    lose("connect failed: " + e.displayText());
    return;
  }
  auto& c = add_connection(action.connection, std::move(socket), protocol::ip4_text(action.ip));
  c.role = machine == Machine::Upload ? ConnectionRole::UploadPush : ConnectionRole::DownloadGet;
  c.connecting = true;
  outbound_[c.id] = machine;
  update_interest(c);
  set_phase_timer(c, settings_.phases.connect, "timed out connecting");
}

void TransferManager::on_io(transfer::ConnectionId id, IoReady ready) {
  auto* c = connection(id);
  if (c == nullptr) return;
  if (c->closing && ready.error) {
    destroy(id);
    return;
  }
  if (c->connecting) {
    if (!ready.writable && !ready.error) return;
    on_connect_done(*c);
    return;
  }
  if (ready.writable) {
    write_output(*c);
    c = connection(id);
    if (c == nullptr) return;
  }
  if (ready.readable || ready.error) read_input(*c);
}

void TransferManager::on_connect_done(DataConnection& c) {
  int error = 0;
  socklen_t length = sizeof error;
  if (::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
  if (error != 0) {
    lost(c.id, "connect failed: " + errno_text(error), transfer::LossReason::Closed);
    return;
  }
  c.connecting = false;
  c.awaiting_greeting = true;
  update_interest(c);
}

void TransferManager::read_input(DataConnection& c) {
  if (c.read_paused) return;
  static thread_local std::array<std::uint8_t, ReadChunk> buffer{};
  const auto id = c.id;
  std::size_t want = buffer.size();
  const bool limited = c.receiving;
  if (limited) {
    // Download limits: read a quantum at once, with read interest off on one timer until the
    // buckets hold it; reading what each readable event's few microseconds earned spun the loop.
    const auto grant = limiter_.grant(transfer::Direction::Download, id, want, now());
    if (grant.bytes == 0) {
      c.read_paused = true;
      update_interest(c);
      c.throttle =
          loop_.add_timer(std::max(grant.retry_at - now(), Clock::duration(std::chrono::milliseconds(1))), [this, id] {
            auto* conn = connection(id);
            if (conn == nullptr || conn->closing) return;
            conn->throttle = TimerId::None;
            conn->read_paused = false;
            // Read at once: when it pauses again the loop's interest never changed.
            read_input(*conn);
            if (auto* again = connection(id)) update_interest(*again);
          });
      return;
    }
    want = static_cast<std::size_t>(grant.bytes);
  }
  const auto got = ::recv(c.fd, buffer.data(), want, 0);
  if (got == 0) {
    if (c.closing) {
      destroy(id);
      return;
    }
    // A SEND reply or OpenNap offset without more bytes ends at the close.
    if (c.send_reply) {
      on_silence(id);
      if (connection(id) == nullptr) return;
    }
    lost(id, "peer closed", transfer::LossReason::Closed);
    return;
  }
  if (got < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
    lost(id, "read failed: " + errno_text(errno), transfer::LossReason::Closed);
    return;
  }
  // Only what arrived counts against the limits.
  if (limited) limiter_.take(transfer::Direction::Download, id, static_cast<std::uint64_t>(got), now());
  if (c.closing) return;  // a refused peer's further bytes are ignored
  process_input(c, protocol::ByteView(buffer.data(), static_cast<std::size_t>(got)));
}

void TransferManager::process_input(DataConnection& c, protocol::ByteView input) {
  const auto id = c.id;
  if (c.awaiting_greeting) {
    if (input.empty()) return;
    if (input[0] != '1') {
      lost(id, "no greeting", transfer::LossReason::ProtocolError);
      return;
    }
    input = input.subspan(1);
    c.awaiting_greeting = false;
    loop_.cancel_timer(c.phase);
    c.phase = TimerId::None;
    if (c.role == ConnectionRole::UploadPush) {
      c.send_reply.emplace(settings_.wire.segment_byte_order);
      apply(Machine::Upload, uploader_.on_connected(id, now()));
    } else {
      c.size_reply.emplace(key_of_connection(id).size);
      apply(Machine::Download, downloader_.on_connected(id, now()));
    }
  }
  auto* conn = connection(id);
  if (conn == nullptr || input.empty()) return;
  switch (conn->role) {
    case ConnectionRole::UploadGet:
      feed_get(*conn, input);
      return;
    case ConnectionRole::UploadPush:
      feed_send_reply(*conn, input);
      return;
    case ConnectionRole::DownloadGet:
      feed_size_reply(*conn, input);
      if ((conn = connection(id)) != nullptr && !input.empty()) receive(*conn, input);
      return;
    case ConnectionRole::DownloadPush:
      feed_send_request(*conn, input);
      if ((conn = connection(id)) != nullptr && !input.empty()) receive(*conn, input);
      return;
  }
}

void TransferManager::refuse(DataConnection& c, const std::string& why) {
  logger().warning("data connection " + std::to_string(c.id) + " from " + c.peer_ip + " refused: " + why);
  const auto text = protocol::refusal_text(protocol::Refusal::InvalidRequest);
  c.out.insert(c.out.end(), text.begin(), text.end());
  const auto id = c.id;
  if (c.role == ConnectionRole::UploadGet) {
    apply(Machine::Upload, uploader_.on_connection_lost(id, now()));
  } else {
    apply(Machine::Download, downloader_.on_connection_lost(id, transfer::LossReason::ProtocolError, now()));
  }
  close_connection(id, true);
}

void TransferManager::feed_get(DataConnection& c, protocol::ByteView input) {
  const auto id = c.id;
  while (!input.empty()) {
    auto* conn = connection(id);
    if (conn == nullptr || conn->closing) return;
    if (conn->get_complete) {
      // Another WPN segment on the same connection (§3.3 [P]).
      const auto take = std::min(input.size(), protocol::SegmentSize - conn->segment.size());
      conn->segment.insert(conn->segment.end(), input.begin(), input.begin() + static_cast<std::ptrdiff_t>(take));
      input = input.subspan(take);
      if (conn->segment.size() < protocol::SegmentSize) return;
      const auto segment = protocol::decode_segment(protocol::ByteView(conn->segment.data(), conn->segment.size()),
                                                    settings_.wire.segment_byte_order);
      conn->segment.clear();
      if (!segment) {
        refuse(*conn, "bad segment");
        return;
      }
      after_waiting_steps(
          id, [this, id, segment = *segment] { apply(Machine::Upload, uploader_.on_segment(id, segment, now())); });
      continue;
    }
    const auto progress = conn->get->feed(input);
    if (!progress) {
      refuse(*conn, "malformed GET line: " + protocol::to_string(progress.error()));
      return;
    }
    const auto request = conn->get->request();
    switch (*progress) {
      case protocol::GetProgress::NeedMore:
        if (conn->get->awaiting_digits()) {
          loop_.cancel_timer(conn->silence);
          conn->silence = loop_.add_timer(settings_.phases.digits_silence, [this, id] { on_silence(id); });
        }
        return;
      case protocol::GetProgress::LineComplete:
        // The request-line timer runs on while the name is looked up.
        when_looked_up(id, request.file, [this, id, request] {
          if (auto* held = connection(id)) {
            loop_.cancel_timer(held->phase);
            held->phase = TimerId::None;
          }
          apply(Machine::Upload, uploader_.on_get_line(id, request, now()));
        });
        break;
      case protocol::GetProgress::Complete:
        loop_.cancel_timer(conn->silence);
        conn->silence = TimerId::None;
        conn->get_complete = true;
        if (request.form == protocol::RequestForm::OpenNap) {
          when_looked_up(id, request.file, [this, id, request] {
            if (auto* held = connection(id)) {
              loop_.cancel_timer(held->phase);
              held->phase = TimerId::None;
            }
            apply(Machine::Upload, uploader_.on_get_line(id, request, now()));
          });
        } else {
          after_waiting_steps(id, [this, id, request] {
            if (auto* held = connection(id)) {
              loop_.cancel_timer(held->phase);
              held->phase = TimerId::None;
            }
            apply(Machine::Upload, uploader_.on_segment(id,
                                                        {static_cast<std::uint32_t>(request.start),
                                                         static_cast<std::uint32_t>(request.end.value_or(0))},
                                                        now()));
          });
        }
        break;
    }
  }
}

// A number without terminator ends when the peer goes quiet (§3.4, §3.7).
void TransferManager::on_silence(transfer::ConnectionId id) {
  auto* c = connection(id);
  if (c == nullptr) return;
  c->silence = TimerId::None;
  if (c->get && !c->get_complete && c->get->awaiting_digits()) {
    const auto done = c->get->finish();
    if (!done || *done != protocol::GetProgress::Complete) {
      refuse(*c, "unfinished GET line");
      return;
    }
    c->get_complete = true;
    when_looked_up(id, c->get->request().file, [this, id, request = c->get->request()] {
      if (auto* conn = connection(id)) {
        loop_.cancel_timer(conn->phase);
        conn->phase = TimerId::None;
      }
      apply(Machine::Upload, uploader_.on_get_line(id, request, now()));
    });
  } else if (c->send_reply) {
    const auto done = c->send_reply->finish();
    const auto reply = c->send_reply->reply();
    c->send_reply.reset();
    if (!done) {
      lost(id, "unreadable SEND reply", transfer::LossReason::ProtocolError);
      return;
    }
    apply(Machine::Upload, uploader_.on_send_reply(id, reply, now()));
  } else if (c->send_request && c->send_request->awaiting_digits()) {
    const auto done = c->send_request->finish();
    if (!done || !*done) {
      refuse(*c, "unfinished SEND line");
      return;
    }
    const auto request = c->send_request->request();
    c->send_request.reset();
    loop_.cancel_timer(c->phase);
    c->phase = TimerId::None;
    apply(Machine::Download, downloader_.on_send_request(id, request, now()));
  }
}

void TransferManager::feed_send_reply(DataConnection& c, protocol::ByteView input) {
  const auto id = c.id;
  if (!c.send_reply) return;  // data after the reply: not expected from a downloader
  auto result = c.send_reply->feed(input);
  if (!result) {
    lost(id, "unreadable SEND reply", transfer::LossReason::ProtocolError);
    return;
  }
  if (*result) {
    const auto reply = c.send_reply->reply();
    c.send_reply.reset();
    loop_.cancel_timer(c.silence);
    c.silence = TimerId::None;
    apply(Machine::Upload, uploader_.on_send_reply(id, reply, now()));
    return;
  }
  loop_.cancel_timer(c.silence);
  c.silence = loop_.add_timer(settings_.phases.digits_silence, [this, id] { on_silence(id); });
}

void TransferManager::feed_size_reply(DataConnection& c, protocol::ByteView& input) {
  if (!c.size_reply) return;
  const auto id = c.id;
  auto result = c.size_reply->feed(input);
  if (!result) {
    const bool mismatch = result.error().code == protocol::DecodeErrc::BadValue;
    lost(id, mismatch ? "size reply differs from the key" : "unreadable size reply",
         mismatch ? transfer::LossReason::SizeMismatch : transfer::LossReason::ProtocolError);
    return;
  }
  if (!*result) return;
  const auto reply = c.size_reply->reply();
  c.size_reply.reset();
  if (!input.empty()) {
    // The WPN form sends nothing after the digits: more means a longer size.
    lost(id, "size reply longer than the key's size", transfer::LossReason::SizeMismatch);
    input = {};
    return;
  }
  apply(Machine::Download, downloader_.on_size_reply(id, reply, now()));
}

void TransferManager::feed_send_request(DataConnection& c, protocol::ByteView& input) {
  if (!c.send_request) return;
  const auto id = c.id;
  auto result = c.send_request->feed(input);
  if (!result) {
    refuse(c, "malformed SEND line: " + protocol::to_string(result.error()));
    input = {};
    return;
  }
  if (!*result) {
    if (c.send_request->awaiting_digits()) {
      loop_.cancel_timer(c.silence);
      c.silence = loop_.add_timer(settings_.phases.digits_silence, [this, id] { on_silence(id); });
    }
    return;
  }
  const auto request = c.send_request->request();
  c.send_request.reset();
  loop_.cancel_timer(c.phase);
  loop_.cancel_timer(c.silence);
  c.phase = c.silence = TimerId::None;
  apply(Machine::Download, downloader_.on_send_request(id, request, now()));
}

void TransferManager::receive(DataConnection& c, protocol::ByteView input) {
  if (!c.receiving || c.recv_at >= c.recv_end) return;  // beyond the range we asked for: dropped
  const auto id = c.id;
  const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(input.size(), c.recv_end - c.recv_at));
  const auto key = c.key;
  if (auto written = storage_.write(key, c.recv_at, input.first(take)); !written) {
    close_connection(id, false);
    if (const auto d = download_id(key)) fail_download(*d, key, written.error());
    return;
  }
  c.recv_at += take;
  apply(Machine::Download, downloader_.on_data(id, take, now()));
}

void TransferManager::write_output(DataConnection& c) {
  const auto id = c.id;
  if (c.connecting) return;
  while (c.out_at < c.out.size()) {
    const auto n = ::send(c.fd, c.out.data() + c.out_at, c.out.size() - c.out_at, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (errno == EINTR) continue;
      lost(id, "write failed: " + errno_text(errno), transfer::LossReason::Closed);
      return;
    }
    c.out_at += static_cast<std::size_t>(n);
  }
  if (c.out_at == c.out.size()) {
    c.out.clear();
    c.out_at = 0;
    if (c.closing) {
      destroy(id);
      return;
    }
  }
  if (c.out.empty() && c.file_fd >= 0 && c.file_at < c.file_end && c.throttle == TimerId::None) {
    const auto wanted = std::min<std::uint64_t>(c.file_end - c.file_at, settings_.send_chunk);
    const auto grant = limiter_.grant(transfer::Direction::Upload, id, wanted, now());
    if (grant.bytes > 0) {
      auto offset = static_cast<off_t>(c.file_at);
      const auto n = ::sendfile(c.fd, c.file_fd, &offset, static_cast<std::size_t>(grant.bytes));
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        lost(id, "sendfile failed: " + errno_text(errno), transfer::LossReason::Closed);
        return;
      }
      if (n == 0) {
        logger().warning("upload: file shorter than announced");
        apply(Machine::Upload, uploader_.on_file_error(id, now()));
        return;
      }
      if (n > 0) {
        // Only what went counts against the limits: a short send keeps the rest for later.
        limiter_.take(transfer::Direction::Upload, id, static_cast<std::uint64_t>(n), now());
        c.file_at += static_cast<std::uint64_t>(n);
        c.unreported += static_cast<std::uint64_t>(n);
        // The machine's work per event grows with its queue, so progress is told in batches.
        if (c.file_at == c.file_end || c.unreported >= ReportBytes || now() - c.reported_at >= ReportInterval) {
          const auto count = c.unreported;
          c.unreported = 0;
          c.reported_at = now();
          apply(Machine::Upload, uploader_.on_bytes_sent(id, count, now()));
        }
      }
    }
  }
  if (auto* conn = connection(id)) {
    throttle_upload(*conn);
    update_interest(*conn);
  }
}

// A limited upload without a quantum's worth of tokens sleeps on one timer until it has
// one, with write interest off, instead of waking for every writable event.
void TransferManager::throttle_upload(DataConnection& c) {
  if (!c.out.empty() || c.file_fd < 0 || c.file_at >= c.file_end || c.throttle != TimerId::None) return;
  const auto wanted = std::min<std::uint64_t>(c.file_end - c.file_at, settings_.send_chunk);
  const auto grant = limiter_.grant(transfer::Direction::Upload, c.id, wanted, now());
  if (grant.bytes > 0) return;
  const auto id = c.id;
  c.throttle =
      loop_.add_timer(std::max(grant.retry_at - now(), Clock::duration(std::chrono::milliseconds(1))), [this, id] {
        if (auto* conn = connection(id)) {
          conn->throttle = TimerId::None;
          write_output(*conn);
        }
      });
}

void TransferManager::update_interest(DataConnection& c) {
  const bool read = !c.connecting && !c.read_paused;
  const bool write = c.want_write();
  if (read == c.watching_read && write == c.watching_write) return;  // one epoll_ctl per change only
  c.watching_read = read;
  c.watching_write = write;
  loop_.modify(c.fd, read, write);
}

// The machine learns of a connection that broke under it.
void TransferManager::lost(transfer::ConnectionId id, const std::string& why, transfer::LossReason reason) {
  auto* c = connection(id);
  if (c == nullptr) return;
  const auto role = c->role;
  logger().information("data connection " + std::to_string(id) + " (" + c->peer_ip + "): " + why);
  destroy(id);
  if (role == ConnectionRole::UploadGet || role == ConnectionRole::UploadPush) {
    apply(Machine::Upload, uploader_.on_connection_lost(id, now()));
  } else {
    apply(Machine::Download, downloader_.on_connection_lost(id, reason, now()));
  }
}

void TransferManager::close_connection(transfer::ConnectionId id, bool flush) {
  auto* c = connection(id);
  if (c == nullptr) return;
  if (flush && c->out_at < c->out.size()) {
    c->closing = true;
    c->read_paused = true;
    c->file_end = c->file_at;
    set_phase_timer(*c, settings_.phases.close_flush, "could not finish writing");
    update_interest(*c);
    return;
  }
  destroy(id);
}

void TransferManager::destroy(transfer::ConnectionId id) {
  const auto it = connections_.find(id);
  if (it == connections_.end()) return;
  auto& c = *it->second;
  loop_.unwatch(c.fd);
  loop_.cancel_timer(c.phase);
  loop_.cancel_timer(c.silence);
  loop_.cancel_timer(c.throttle);
  if (c.file_fd >= 0) ::close(c.file_fd);
  // A waiting, cancelled or failed download holds no descriptor; the next write reopens it.
  if (c.role == ConnectionRole::DownloadGet || c.role == ConnectionRole::DownloadPush) storage_.release(c.key);
  limiter_.forget(id);
  c.socket.close();
  outbound_.erase(id);
  held_.erase(id);  // a lookup answering later finds nothing to resume
  connections_.erase(it);
}

protocol::FileKey TransferManager::key_of_connection(transfer::ConnectionId id) const {
  for (const auto& [tid, key] : download_keys_)
    if (const auto* d = downloader_.find(key))
      for (const auto& s : d->sources)
        if (s.connection == id) return key;
  return {};
}

}  // namespace wpn::net
