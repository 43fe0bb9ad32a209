#pragma once
// A whole network on loopback: peer cache on 127.0.0.1, hub on 127.0.0.2, secondaries
// bound to 127.0.0.3 and up, each on its own LoopThread, sharing real temp folders
// indexed by the share library.

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "net/cache_server.h"
#include "net/event_loop.h"
#include "net/hub_server.h"
#include "net/secondary_client.h"
#include "share/share_announce.h"
#include "share/share_library.h"
#include "share/sqlite_share_index.h"
#include "support/eventually.h"
#include "support/temp_dir.h"

namespace wpn::overlay::test {

using namespace std::chrono_literals;

using wpn::test::eventually;

struct Node {
  std::string ip;
  wpn::test::TempDir dir;
  std::unique_ptr<share::SqliteShareIndex> index;
  std::unique_ptr<net::LoopThread> thread;
  std::unique_ptr<net::SecondaryClient> client;
  std::mutex mutex;
  std::vector<SecondaryEvent> events;

  template <class E>
  std::vector<E> events_of() {
    std::lock_guard lock(mutex);
    std::vector<E> out;
    for (const auto& e : events) {
      if (auto* x = std::get_if<E>(&e)) out.push_back(*x);
    }
    return out;
  }
  template <class F>
  auto on_loop(F f) {
    using R = decltype(f());
    if constexpr (std::is_void_v<R>) {
      thread->call([&] { f(); });
    } else {
      R result{};
      thread->call([&] { result = f(); });
      return result;
    }
  }
};

inline void write_file(const std::filesystem::path& path, std::size_t size, unsigned seed) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  for (std::size_t i = 0; i < size; ++i) out.put(static_cast<char>((i * 31 + seed * 7) & 0xFF));
}

class OverlayNetwork {
 public:
  explicit OverlayNetwork(HubConfig hub_config = {}) : hub_config_(std::move(hub_config)) {
    hub_config_.ip = {127, 0, 0, 2};
    cache_thread_ = std::make_unique<net::LoopThread>();
    hub_thread_ = std::make_unique<net::LoopThread>();
    start_hub(0);
    cache_thread_->call([&] {
      protocol::NodeRecord record;
      record.ip = {127, 0, 0, 2};
      record.udp_port = hub_config_.udp_port;
      record.tcp_port = hub_port_;
      record.free_secondary = 10;
      cache_ = std::make_unique<net::CacheServer>(cache_thread_->loop(), std::vector{record},
                                                  Poco::Net::SocketAddress("127.0.0.1", 0));
      cache_->start();
    });
  }

  ~OverlayNetwork() {
    for (auto& node : nodes_) node->on_loop([&] { node->client.reset(); });
    hub_thread_->call([&] { hub_.reset(); });
    cache_thread_->call([&] { cache_.reset(); });
  }

  void start_hub(std::uint16_t port) {
    hub_thread_->call([&] {
      hub_ = std::make_unique<net::HubServer>(hub_thread_->loop(), hub_config_,
                                              Poco::Net::SocketAddress("127.0.0.2", port));
      hub_->start();
      hub_port_ = hub_->port();
    });
  }
  void stop_hub() {
    hub_thread_->call([&] { hub_.reset(); });
  }

  template <class F>
  auto on_hub(F f) {
    using R = decltype(f(*hub_->hub()));
    R result{};
    hub_thread_->call([&] {
      if (hub_ && hub_->hub()) result = f(*hub_->hub());
    });
    return result;
  }

  // files: relative path -> size. Indexes them, then starts the secondary.
  Node& add_secondary(const std::string& base, const std::vector<std::pair<std::string, std::size_t>>& files) {
    auto node = std::make_unique<Node>();
    node->ip = "127.0.0." + std::to_string(3 + nodes_.size());
    unsigned seed = static_cast<unsigned>(nodes_.size() * 100);
    for (const auto& [name, size] : files) write_file(node->dir / "share" / name, size, seed++);
    auto index = share::SqliteShareIndex::open((node->dir / "index.db").string());
    if (!index) throw std::runtime_error("index: " + index.error().message);
    node->index = std::move(*index);
    share::ShareSettings settings;
    settings.roots = {{(node->dir / "share").string(), "Shared"}};
    settings.mode = share::ShareMode::All;
    settings.watch = false;
    {
      share::ShareLibrary library(settings, *node->index, {});
      if (!library.start() || !library.wait_idle(20s)) throw std::runtime_error("share library did not finish");
    }
    std::vector<protocol::Bytes> payloads;
    (void)share::for_each_share_payload(*node->index, std::nullopt, [&](const protocol::Bytes& payload) {
      payloads.push_back(payload);
      return true;
    });
    node->thread = std::make_unique<net::LoopThread>();
    net::SecondaryClientConfig config;
    config.session.base_name = base;
    config.session.data_port = static_cast<std::uint16_t>(7000 + nodes_.size());
    config.caches = {{"127.0.0.1", cache_port()}};
    config.bind_ip = node->ip;
    config.backoff = {200, 1000};
    Node* raw = node.get();
    node->on_loop([&] {
      raw->client = std::make_unique<net::SecondaryClient>(raw->thread->loop(), config, [] {
        return protocol::QueueStatus{1, 2, 0};
      });
      raw->client->set_event_handler([raw](const SecondaryEvent& e) {
        std::lock_guard lock(raw->mutex);
        raw->events.push_back(e);
      });
      raw->client->set_shares(payloads);
      raw->client->start();
    });
    nodes_.push_back(std::move(node));
    return *nodes_.back();
  }

  std::uint16_t cache_port() {
    std::uint16_t port = 0;
    cache_thread_->call([&] { port = cache_->port(); });
    return port;
  }
  std::uint16_t hub_port() const { return hub_port_; }
  protocol::NodeHandle hub_handle() const { return {{127, 0, 0, 2}, hub_config_.udp_port}; }

 private:
  HubConfig hub_config_;
  std::unique_ptr<net::LoopThread> cache_thread_;
  std::unique_ptr<net::LoopThread> hub_thread_;
  std::unique_ptr<net::CacheServer> cache_;
  std::unique_ptr<net::HubServer> hub_;
  std::uint16_t hub_port_ = 0;
  std::vector<std::unique_ptr<Node>> nodes_;
};

}  // namespace wpn::overlay::test
