#include "net/connection_guard.h"

namespace wpn::net {

ConnectionGuard::Ticket& ConnectionGuard::Ticket::operator=(Ticket&& other) noexcept {
  if (this != &other) {
    release();
    guard_ = std::move(other.guard_);
    ip_ = std::move(other.ip_);
  }
  return *this;
}

void ConnectionGuard::Ticket::release() noexcept {
  if (const auto guard = guard_.lock()) (*guard)->give_back(ip_);
  guard_.reset();
}

ConnectionGuard::Ticket ConnectionGuard::admit(const std::string& ip) {
  auto& used = per_ip_[ip];
  if (total_ >= max_total_ || used >= max_per_ip_) {
    if (used == 0) per_ip_.erase(ip);
    return {};
  }
  ++used;
  ++total_;
  return Ticket(self_, ip);
}

std::uint32_t ConnectionGuard::count(const std::string& ip) const {
  const auto it = per_ip_.find(ip);
  return it == per_ip_.end() ? 0 : it->second;
}

void ConnectionGuard::give_back(const std::string& ip) noexcept {
  const auto it = per_ip_.find(ip);
  if (it == per_ip_.end()) return;
  if (--it->second == 0) per_ip_.erase(it);
  if (total_ > 0) --total_;
}

}  // namespace wpn::net
