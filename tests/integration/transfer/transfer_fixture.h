#pragma once
// Real transfer setups for tests: a shared folder in a real SQLite share index,
// TransferManagers on one loop thread on 127.0.0.x, wired by a TestRelay.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/event_loop.h"
#include "net/transfer_manager.h"
#include "share/share_lookup.h"
#include "share/sqlite_share_index.h"
#include "support/temp_dir.h"
#include "test_relay.h"

namespace wpn::test {

// Pseudo-random content (xorshift), so files are not trivially compressible.
void write_random_file(const std::filesystem::path& path, std::uint64_t size, std::uint64_t seed);
// Hex SHA-256 of a whole file, read independently of the code under test.
std::string sha256_of_file(const std::filesystem::path& path);

protocol::Ip4 ip4(const std::string& dotted);

// Files under <dir>/share announced as "Share\<name>".
class SharedFiles {
 public:
  explicit SharedFiles(const std::filesystem::path& dir);
  // Indexes and hashes a file already written under root(); its announced name.
  std::string add(const std::string& name);
  protocol::FileKey key_of(const std::string& name) const;
  const std::filesystem::path& root() const noexcept { return root_; }
  const share::ShareLookup& lookup() const noexcept { return *lookup_; }

 private:
  std::filesystem::path root_;
  std::unique_ptr<share::SqliteShareIndex> index_;
  std::unique_ptr<share::ShareLookup> lookup_;
  share::RootId root_id_ = 0;
  share::Generation generation_ = 0;
};

// Settings for one node with folders under `dir`, listening on ip, ephemeral port.
// A test node's configuration and the identity the relay knows it by.
struct NodeSettings : net::TransferSettings {
  net::TransferIdentity identity;
};
NodeSettings node_settings(const std::filesystem::path& dir, const std::string& name, const std::string& ip);

class TransferWorld {
 public:
  TransferWorld() = default;
  ~TransferWorld();
  TransferWorld(const TransferWorld&) = delete;
  TransferWorld& operator=(const TransferWorld&) = delete;

  // Creates and starts a manager on the loop; handle derived from ip.
  net::TransferManager& add_node(const NodeSettings& settings, const share::ShareLookup* lookup);
  void remove_node(const std::string& name);
  void call(const std::function<void()>& task) { thread_.call(task); }
  // Polls `done` on the loop thread until it holds or the timeout passes.
  bool wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout);
  net::EventLoop& loop() { return thread_.loop(); }
  TestRelay& relay() { return relay_; }
  protocol::TransferAddress address_of(const std::string& name, const std::string& file) const;

 private:
  net::LoopThread thread_;
  TestRelay relay_;
  std::map<std::string, std::unique_ptr<net::TransferManager>> managers_;
  std::map<std::string, protocol::NodeHandle> handles_;
};

// The usual test setup: alice shares files, bob downloads them.
struct TwoNodes {
  TempDir dir;
  SharedFiles shared{dir.path()};
  TransferWorld world;
  net::TransferManager* uploader = nullptr;
  net::TransferManager* downloader = nullptr;
};

}  // namespace wpn::test
