#pragma once
// Runs wpn_transfer_peer as a child process and joins it to a TestRelay: its PKT
// lines are routed like an in-process node's packets, notices for it are written
// to its stdin.

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "transfer_fixture.h"

namespace wpn::test {

class PeerProcess {
 public:
  PeerProcess(TransferWorld& world, const std::string& exe, const std::string& name, const std::string& ip,
              const std::string& dir, const std::vector<std::string>& extra = {});
  ~PeerProcess();
  PeerProcess(const PeerProcess&) = delete;
  PeerProcess& operator=(const PeerProcess&) = delete;

  std::uint16_t port() const noexcept { return port_; }
  void kill_hard();  // SIGKILL, then reaps it
  // A command line for the child's stdin (see wpn_transfer_peer).
  void send(const std::string& line);
  // Whether the child printed this line (besides PORT and PKT).
  bool printed(const std::string& line) const;

 private:
  void read_output();

  TransferWorld& world_;
  std::string name_;
  int pid_ = -1;
  std::shared_ptr<std::atomic<int>> to_child_ = std::make_shared<std::atomic<int>>(-1);
  int from_child_ = -1;
  std::atomic<std::uint16_t> port_{0};
  mutable std::mutex mutex_;
  std::set<std::string> printed_;  // guarded by mutex_
  std::thread reader_;
};

}  // namespace wpn::test
