// Hub mesh benchmark, in process: H hubs (overlay::Hub, default 10) linked in a ring with
// chords (hub i also to i + H/2), S secondaries (default 200) logged in round robin and
// sharing F files each (default 5,000: 1,000,000 in all), link frames carried as encoded
// payloads through an in-memory queue. One more secondary on hub 0 searches. Reports
// - keyword search p50/p99: 0x1771 handed to hub 0 until the mesh is quiet, every hub's
//   work done one after the other on this thread (an upper bound of the real path, where
//   hubs work in parallel and sockets add their latency);
// - link Search messages per query against the minimum (one per other hub), and the
//   SearchHit messages carried;
// - results delivered to the searcher against what each hub's own index holds (a hub
//   answers at most its result limit, the origin forwards at most its result limit);
// - resident memory growth per indexed file while the hubs take the shares.
//
// Options: --smoke, --hubs N, --secondaries N, --files-per-secondary N, --queries N.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench_words.h"
#include "overlay/hub.h"
#include "protocol/codecs/hub_link.h"
#include "protocol/codecs/search.h"
#include "protocol/codecs/session.h"
#include "protocol/codecs/shares.h"
#include "protocol/message_types.h"

namespace {

namespace p = wpn::protocol;
namespace o = wpn::overlay;
using Clock = std::chrono::steady_clock;

using wpn::bench::mix;
using wpn::bench::Words;

// Share folders of one secondary: 50 files per album.
std::vector<p::Bytes> share_payloads(const Words& words, std::size_t secondary, std::size_t count) {
  std::vector<p::Bytes> out;
  std::vector<p::ShareEntry> album;
  const auto flush = [&](std::size_t index) {
    if (album.empty()) return;
    const std::string folder = "Artist " + std::to_string(secondary) + "\\Album " + std::to_string(index / 50);
    for (auto& payload : p::build_share_folder_payloads(folder, album).payloads) out.push_back(std::move(payload));
    album.clear();
  };
  for (std::size_t i = 0; i < count; ++i) {
    if (i % 50 == 0) flush(i - 1);
    const std::uint64_t h = mix(secondary * 1000003 + i);
    p::ShareEntry e;
    const int n = 3 + static_cast<int>(h % 3);
    for (int k = 0; k < n; ++k) e.name += (k ? " " : "") + words.pick(mix(h + static_cast<std::uint64_t>(k)));
    e.name += " " + std::to_string(i) + ".mp3";
    for (std::size_t b = 0; b < 16; ++b) e.key.hash[b] = static_cast<p::Byte>(mix(h + b) & 0xFF);
    e.size = e.key.size = static_cast<std::uint32_t>(100000 + h % 5000000);
    e.media = {128, 44100, static_cast<std::uint32_t>(h % 400)};
    album.push_back(std::move(e));
  }
  flush(count - 1);
  return out;
}

class RandomBytes : public p::RandomSource {
 public:
  explicit RandomBytes(std::uint64_t seed) : n_(seed) {}
  void fill(std::span<p::Byte> out) override {
    for (auto& b : out) b = static_cast<p::Byte>(mix(++n_) & 0xFF);
  }

 private:
  std::uint64_t n_;
};

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

// The hubs and an in-memory wire between them. Connection ids are global: a link end
// or a secondary belongs to exactly one hub.
class Mesh {
 public:
  explicit Mesh(std::size_t hubs, std::size_t files_per_user) {
    for (std::size_t i = 0; i < hubs; ++i) {
      o::HubConfig config;
      config.ip = {127, 0, 70, static_cast<p::Byte>(1 + i)};
      config.link_port = 6700;
      config.max_secondaries = 1000;
      config.max_files_per_user = files_per_user + 1;
      o::MeshConfig mesh;
      mesh.rates = {1e9, 1e9, 1e9};  // the bench measures work, not the per-link limits
      config.mesh = mesh;
      randoms_.push_back(std::make_unique<RandomBytes>(1000 + i));
      hubs_.push_back(std::make_unique<o::Hub>(config, *randoms_.back()));
    }
  }
  o::Hub& hub(std::size_t i) { return *hubs_[i]; }
  std::size_t size() const { return hubs_.size(); }

  void link(std::size_t a, std::size_t b) {
    const o::ConnId ca = next_++, cb = next_++;
    owner_[ca] = a;
    owner_[cb] = b;
    peer_[ca] = cb;
    peer_[cb] = ca;
    hub(b).learn_hub(hub(a).endpoint());
    apply(hub(b).on_link_up(cb, std::nullopt, hub(a).config().ip, now_));
    apply(hub(a).on_link_up(ca, hub(b).handle(), hub(b).config().ip, now_));
    pump();
  }
  o::ConnId login(std::size_t h, const std::string& name) {
    const o::ConnId conn = next_++;
    owner_[conn] = h;
    apply(hub(h).on_accepted(conn, {10, 1, static_cast<p::Byte>(conn >> 8), static_cast<p::Byte>(conn)}, now_));
    p::Bytes login;
    p::encode(p::Login{name, p::LineType::Dsl, 6699}, login);
    frame(conn, p::msg::Login, std::move(login));
    return conn;
  }
  void frame(o::ConnId conn, std::uint16_t type, p::Bytes payload) {
    apply(hub(owner_.at(conn)).on_frame(conn, p::Frame{type, std::move(payload)}, now_));
    pump();
  }
  void pump() {
    while (!wire_.empty()) {
      auto [conn, frame] = std::move(wire_.front());
      wire_.pop_front();
      apply(hub(owner_.at(conn)).on_frame(conn, frame, now_));
    }
  }
  void advance(o::Millis ms) { now_ += ms; }

  std::map<std::uint16_t, std::size_t> link_frames;  // by type
  std::map<o::ConnId, std::size_t> results;          // 0x177A frames per secondary

 private:
  void apply(std::vector<o::HubAction> actions) {
    for (auto& action : actions) {
      auto* send = std::get_if<o::SendFrame>(&action);
      if (send == nullptr) continue;
      if (auto peer = peer_.find(send->conn); peer != peer_.end()) {
        ++link_frames[send->type];
        wire_.emplace_back(peer->second, p::Frame{send->type, std::move(send->payload)});
      } else if (send->type == p::msg::SearchResult) {
        ++results[send->conn];
      }
    }
  }

  std::vector<std::unique_ptr<RandomBytes>> randoms_;
  std::vector<std::unique_ptr<o::Hub>> hubs_;
  std::map<o::ConnId, std::size_t> owner_;
  std::map<o::ConnId, o::ConnId> peer_;
  std::deque<std::pair<o::ConnId, p::Frame>> wire_;
  o::ConnId next_ = 1;
  o::Millis now_ = 1000;
};

}  // namespace

int main(int argc, char** argv) {
  std::size_t hubs = 10, secondaries = 200, per_secondary = 5000, queries = 300;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--smoke") {
      hubs = 4;
      secondaries = 8;
      per_secondary = 50;
      queries = 20;
    } else if (arg == "--hubs" && i + 1 < argc) {
      hubs = std::stoul(argv[++i]);
    } else if (arg == "--secondaries" && i + 1 < argc) {
      secondaries = std::stoul(argv[++i]);
    } else if (arg == "--files-per-secondary" && i + 1 < argc) {
      per_secondary = std::stoul(argv[++i]);
    } else if (arg == "--queries" && i + 1 < argc) {
      queries = std::stoul(argv[++i]);
    }
  }
  hubs = std::clamp<std::size_t>(hubs, 2, 200);
  const Words words;
  Mesh mesh(hubs, per_secondary);
  for (std::size_t i = 0; i < hubs; ++i) mesh.link(i, (i + 1) % hubs);
  for (std::size_t i = 0; i < hubs / 2 && hubs >= 6; ++i) mesh.link(i, i + hubs / 2);

  // Shares go in one secondary at a time; only the hubs' growth is counted.
  long grown_kib = 0;
  const auto t0 = Clock::now();
  for (std::size_t s = 0; s < secondaries; ++s) {
    auto payloads = share_payloads(words, s, per_secondary);
    const long before = rss_kib();
    const auto conn = mesh.login(s % hubs, "sim" + std::to_string(100 + s));
    for (auto& payload : payloads) mesh.frame(conn, p::msg::ShareFolder, std::move(payload));
    grown_kib += rss_kib() - before;
  }
  const double publish_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::size_t total = 0;
  for (std::size_t i = 0; i < hubs; ++i) total += mesh.hub(i).shared_files();

  const auto searcher = mesh.login(0, "searcher1");
  std::vector<double> ms;
  std::vector<double> searches_per_query, hits_per_query, delivered_share;
  for (std::uint64_t q = 0; q < queries; ++q) {
    const std::uint64_t h = mix(q + 424242);
    p::Search search;
    search.search_id = static_cast<std::uint32_t>(q + 1);
    search.query = words.pick(h);
    if (h % 2) search.query += " " + words.pick(mix(h));
    // What the hubs hold: each answers at most its limit, the origin forwards at most its limit.
    std::size_t local = 0, remote = 0;
    for (std::size_t i = 0; i < hubs; ++i) {
      const auto found = mesh.hub(i).index().search({search.query, p::FileType::Any, std::nullopt, 100}).size();
      (i == 0 ? local : remote) += found;
    }
    const std::size_t expected = std::min<std::size_t>(local, 100) + std::min<std::size_t>(remote, 100);
    const auto searches_before = mesh.link_frames[p::link::Search];
    const auto hits_before = mesh.link_frames[p::link::SearchHit];
    const auto results_before = mesh.results[searcher];
    p::Bytes payload;
    p::encode(search, payload);
    const auto q0 = Clock::now();
    mesh.frame(searcher, p::msg::Search, std::move(payload));
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - q0).count());
    searches_per_query.push_back(static_cast<double>(mesh.link_frames[p::link::Search] - searches_before));
    hits_per_query.push_back(static_cast<double>(mesh.link_frames[p::link::SearchHit] - hits_before));
    if (expected > 0)
      delivered_share.push_back(static_cast<double>(mesh.results[searcher] - results_before) /
                                static_cast<double>(expected));
    mesh.advance(100);
  }

  double searches = 0, hits = 0, delivered = 0;
  for (double v : searches_per_query) searches += v;
  for (double v : hits_per_query) hits += v;
  for (double v : delivered_share) delivered += v;
  const double n = static_cast<double>(std::max<std::size_t>(queries, 1));
  std::printf("hub_mesh_bench: %zu hubs (ring + %zu chords), %zu secondaries, %zu files indexed\n", hubs,
              hubs >= 6 ? hubs / 2 : 0, secondaries, total);
  std::printf("  shares taken in %.2f s (%.0f files/s)\n", publish_s, static_cast<double>(total) / publish_s);
  std::printf(
      "  keyword search through the whole mesh, one thread, %zu queries: p50 %.3f ms, p99 %.3f ms (goal <= 20 ms)\n",
      ms.size(), percentile(ms, 0.5), percentile(ms, 0.99));
  std::printf("  link Search messages per query: %.2f; minimum %zu (one per other hub); ratio %.2f (goal <= 2)\n",
              searches / n, hubs - 1, searches / n / static_cast<double>(hubs - 1));
  std::printf("  link SearchHit messages per query: %.1f\n", hits / n);
  std::printf("  results delivered / results held within the limits: %.3f over %zu queries with results\n",
              delivered_share.empty() ? 0.0 : delivered / static_cast<double>(delivered_share.size()),
              delivered_share.size());
  std::printf(
      "  hub memory: %.1f MiB for %zu files, %.0f bytes per indexed file, %.1f MiB per hub (goal <= 150 B/file)\n",
      static_cast<double>(grown_kib) / 1024.0, total,
      static_cast<double>(grown_kib) * 1024.0 / static_cast<double>(std::max<std::size_t>(total, 1)),
      static_cast<double>(grown_kib) / 1024.0 / static_cast<double>(hubs));
  return ms.empty() || total == 0 ? 1 : 0;
}
