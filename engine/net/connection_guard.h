#pragma once
// Caps on simultaneous data connections, in total and per remote address, so idle
// or slow peers cannot take every descriptor (filesharing.md §3.8, issue 4).
// A Ticket holds one place and gives it back when destroyed; it moves with the
// socket from the listener to whoever serves the connection. Loop thread only.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace wpn::net {

class ConnectionGuard {
 public:
  class Ticket {
   public:
    Ticket() = default;
    Ticket(Ticket&& other) noexcept : guard_(std::move(other.guard_)), ip_(std::move(other.ip_)) {}
    Ticket& operator=(Ticket&& other) noexcept;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket() { release(); }

    void release() noexcept;
    bool held() const noexcept { return !guard_.expired(); }

   private:
    friend class ConnectionGuard;
    Ticket(std::weak_ptr<ConnectionGuard*> guard, std::string ip) : guard_(std::move(guard)), ip_(std::move(ip)) {}
    std::weak_ptr<ConnectionGuard*> guard_;
    std::string ip_;
  };

  ConnectionGuard(std::uint32_t max_total, std::uint32_t max_per_ip)
      : self_(std::make_shared<ConnectionGuard*>(this)), max_total_(max_total), max_per_ip_(max_per_ip) {}
  ConnectionGuard(const ConnectionGuard&) = delete;
  ConnectionGuard& operator=(const ConnectionGuard&) = delete;

  // An empty ticket when a cap is reached.
  Ticket admit(const std::string& ip);
  void set_limits(std::uint32_t max_total, std::uint32_t max_per_ip) noexcept {
    max_total_ = max_total;
    max_per_ip_ = max_per_ip;
  }
  std::uint32_t total() const noexcept { return total_; }
  std::uint32_t count(const std::string& ip) const;

 private:
  void give_back(const std::string& ip) noexcept;

  std::shared_ptr<ConnectionGuard*> self_;  // tickets outliving the guard see it expired
  std::uint32_t max_total_;
  std::uint32_t max_per_ip_;
  std::uint32_t total_ = 0;
  std::map<std::string, std::uint32_t> per_ip_;
};

}  // namespace wpn::net
