#pragma once
// One accepted IPC client: its socket, frame decoder, bounded write queue and the requests
// it has waiting for an answer. The queue is filled from the IPC thread (replies), and
// from any thread (events, late replies); only the IPC thread reads, writes and closes the
// socket.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "ipc/frame_codec.h"
#include "service/ipc/dispatcher.h"

namespace wpn::service {

enum class IoStatus { Ok, WouldBlock, Closed, Failed };

class ClientConnection {
 public:
  ClientConnection(int fd, SubscriberId id, std::size_t max_frame_bytes, std::size_t max_queue_bytes);
  ~ClientConnection();
  ClientConnection(const ClientConnection&) = delete;
  ClientConnection& operator=(const ClientConnection&) = delete;

  int fd() const noexcept { return fd_; }
  ClientContext& context() noexcept { return context_; }
  ipc::FrameDecoder& decoder() noexcept { return decoder_; }

  // Frames and queues a reply. Replies are always queued: the server stops reading
  // requests once the queue is backlogged, so at most one reply lands beyond that mark.
  void enqueue_reply(std::string_view payload);
  // Frames and queues an event. Beyond the cap the connection is marked overflowed and the
  // event dropped: the server then closes it. Thread-safe.
  void enqueue_event(std::string_view payload);
  bool overflowed() const;
  bool has_output() const;
  // Above half the cap the server stops reading requests until the client catches up.
  bool backlogged() const;
  std::size_t queued_bytes() const;

  // A request handed to the dispatcher: its reply is due by `deadline`. Returns a ticket.
  std::uint64_t begin_request(ipc::RequestId id, std::chrono::steady_clock::time_point deadline);
  // Queues the reply of a pending request and forgets it; false (nothing queued) when it
  // was answered already, e.g. by the timeout. Thread-safe.
  bool finish_request(std::uint64_t ticket, std::string_view payload);
  // Answers every request past its deadline with `reply_for(id)`; returns how many.
  std::size_t expire_requests(std::chrono::steady_clock::time_point now,
                              const std::function<std::string(ipc::RequestId)>& reply_for);
  std::size_t requests_in_flight() const;
  std::optional<std::chrono::steady_clock::time_point> next_request_deadline() const;
  // A reply from another thread that ends the connection: the IPC thread closes it.
  void request_close() noexcept { close_requested_ = true; }
  bool close_requested() const noexcept { return close_requested_; }

  // Reads what is available into the decoder (bounded per call).
  IoStatus read_available();
  // Writes queued bytes until the socket would block or the queue is empty.
  IoStatus write_queued();

  // After an error that ends the connection: stop reading, flush, then close.
  void close_after_flush(std::chrono::steady_clock::time_point deadline, const char* reason);
  bool closing() const noexcept { return closing_; }
  const char* close_reason() const noexcept { return close_reason_; }
  std::chrono::steady_clock::time_point close_deadline() const noexcept { return close_deadline_; }

 private:
  int fd_;
  void enqueue(std::string_view payload, bool capped);

  ClientContext context_;
  ipc::FrameDecoder decoder_;
  const std::size_t max_queue_bytes_;
  mutable std::mutex mutex_;
  std::deque<std::string> queue_;
  std::size_t front_offset_ = 0;
  std::size_t queued_bytes_ = 0;
  bool overflowed_ = false;
  struct PendingRequest {
    ipc::RequestId id = 0;
    std::chrono::steady_clock::time_point deadline;
  };
  std::map<std::uint64_t, PendingRequest> pending_;  // by ticket, so also by deadline
  std::uint64_t next_ticket_ = 1;
  std::atomic<bool> close_requested_{false};
  bool closing_ = false;
  const char* close_reason_ = "";
  std::chrono::steady_clock::time_point close_deadline_{};
};

}  // namespace wpn::service
