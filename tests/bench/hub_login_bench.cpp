// Hub benchmark: one HubServer on 127.0.0.2 and N simulated secondaries (200 sharing
// 1,000,000 files in total by default; --smoke: 4 x 50) connecting over real loopback
// sockets from 127.0.0.3 up, each doing the handshake, 0x03E9 login and its 0x0FA3
// share list. Reports
// - the time until every secondary is logged in and the hub indexed every file;
// - keyword search latency p50/p99 measured end to end by one more client (0x1771
//   sent -> its last expected 0x177A received), against an in-memory sqlite3 FTS5
//   table holding the same paths, queried with LIMIT 100 in the same invocation;
// - the hub's resident memory growth (VmRSS before clients / after publishing).
//
// Options: --smoke, --secondaries N, --files-per-secondary N, --queries N.

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/StreamSocket.h>

#include "bench_words.h"
#include "net/event_loop.h"
#include "net/hub_server.h"
#include "protocol/codecs/search.h"
#include "protocol/codecs/session.h"
#include "protocol/codecs/shares.h"
#include "protocol/frame_decoder.h"
#include "protocol/frame_encoder.h"
#include "protocol/key_block.h"
#include "protocol/message_types.h"

namespace {

namespace p = wpn::protocol;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

using wpn::bench::mix;
using wpn::bench::Words;

struct SimFile {
  std::string folder;
  p::ShareEntry entry;
};

std::vector<SimFile> files_of(const Words& words, std::size_t secondary, std::size_t count) {
  std::vector<SimFile> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint64_t h = mix(secondary * 1000003 + i);
    SimFile f;
    f.folder = "Artist " + std::to_string(secondary) + "\\Album " + std::to_string(i / 50);
    std::string name;
    const int n = 3 + static_cast<int>(h % 3);
    for (int k = 0; k < n; ++k) name += (k ? " " : "") + words.pick(mix(h + static_cast<std::uint64_t>(k)));
    f.entry.name = name + " " + std::to_string(i) + ".mp3";
    for (std::size_t b = 0; b < 16; ++b) f.entry.key.hash[b] = static_cast<p::Byte>(mix(h + b) & 0xFF);
    f.entry.size = f.entry.key.size = static_cast<std::uint32_t>(100000 + h % 5000000);
    f.entry.media = {128, 44100, static_cast<std::uint32_t>(h % 400)};
    out.push_back(std::move(f));
  }
  return out;
}

class RandomBytes : public p::RandomSource {
 public:
  void fill(std::span<p::Byte> out) override {
    for (auto& b : out) b = static_cast<p::Byte>(mix(++n_) & 0xFF);
  }

 private:
  std::uint64_t n_ = 0;
};

// A blocking secondary with just enough protocol to log in, publish and search.
struct SimClient {
  Poco::Net::StreamSocket socket;
  std::optional<p::FrameEncoder> encoder;
  std::optional<p::FrameDecoder> decoder;

  bool open(const std::string& bind_ip, std::uint16_t port, RandomBytes& random) {
    socket.impl()->bind(Poco::Net::SocketAddress(bind_ip, 0), false);
    socket.connect(Poco::Net::SocketAddress("127.0.0.2", port));
    socket.setReceiveTimeout(Poco::Timespan(10, 0));
    char greeting = 0;
    if (socket.receiveBytes(&greeting, 1) != 1 || greeting != '1') return false;
    const auto block = p::create_key_block(p::key_id::SecondaryClient, random);
    socket.sendBytes(block.data(), 16);
    p::KeyBlock reply{};
    for (int got = 0; got < 16;) {
      const int n = socket.receiveBytes(reply.data() + got, 16 - got);
      if (n <= 0) return false;
      got += n;
    }
    const auto keys = p::session_keys_from_server_block(reply);
    if (!keys) return false;
    encoder.emplace(p::TcpCipher(keys->client_to_server));
    decoder.emplace(p::TcpCipher(keys->server_to_client));
    return true;
  }
  void send(std::uint16_t type, const p::Bytes& payload) {
    p::Bytes out;
    (void)encoder->encode(type, payload, out);
    socket.sendBytes(out.data(), static_cast<int>(out.size()));
  }
  // Reads until `want` results of search `id` arrived; false on timeout.
  bool await_results(std::uint32_t id, std::size_t want) {
    std::size_t got = 0;
    std::vector<p::Frame> frames;
    char buffer[65536];
    while (got < want) {
      int n = 0;
      try {
        n = socket.receiveBytes(buffer, sizeof buffer);
      } catch (const Poco::Exception&) {
        return false;
      }
      if (n <= 0) return false;
      frames.clear();
      (void)decoder->feed(p::ByteView(reinterpret_cast<const p::Byte*>(buffer), static_cast<std::size_t>(n)), frames);
      for (const auto& f : frames) {
        if (f.type != p::msg::SearchResult) continue;
        auto r = p::decode_search_result(f.payload);
        if (r && r->search_id == id) ++got;
      }
    }
    return true;
  }
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

}  // namespace

int main(int argc, char** argv) {
  std::size_t secondaries = 200, per_secondary = 5000, queries = 300;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--smoke") {
      secondaries = 4;
      per_secondary = 50;
      queries = 20;
    } else if (arg == "--secondaries" && i + 1 < argc) {
      secondaries = std::stoul(argv[++i]);
    } else if (arg == "--files-per-secondary" && i + 1 < argc) {
      per_secondary = std::stoul(argv[++i]);
    } else if (arg == "--queries" && i + 1 < argc) {
      queries = std::stoul(argv[++i]);
    }
  }
  secondaries = std::clamp<std::size_t>(secondaries, 1, 240);
  const Words words;
  RandomBytes random;

  wpn::net::LoopThread hub_thread;
  std::unique_ptr<wpn::net::HubServer> hub;
  wpn::overlay::HubConfig config;
  config.ip = {127, 0, 0, 2};
  config.max_secondaries = secondaries + 1;
  config.max_files_per_user = per_secondary + 1;
  hub_thread.call([&] {
    hub = std::make_unique<wpn::net::HubServer>(hub_thread.loop(), config, Poco::Net::SocketAddress("127.0.0.2", 0));
    hub->start();
  });
  const auto hub_state = [&] {
    std::pair<std::size_t, std::size_t> s;
    hub_thread.call([&] {
      if (const auto* h = hub->hub()) s = {h->logged_in(), h->shared_files()};
    });
    return s;
  };

  // Payloads are built before the clock starts: the benchmark times the hub, not the generator.
  std::vector<std::vector<p::Bytes>> payloads(secondaries);
  std::vector<std::string> all_paths;
  for (std::size_t s = 0; s < secondaries; ++s) {
    auto files = files_of(words, s, per_secondary);
    std::size_t start = 0;
    while (start < files.size()) {
      std::size_t end = start;
      std::vector<p::ShareEntry> entries;
      while (end < files.size() && files[end].folder == files[start].folder) entries.push_back(files[end++].entry);
      auto built = p::build_share_folder_payloads(files[start].folder, entries);
      for (auto& payload : built.payloads) payloads[s].push_back(std::move(payload));
      start = end;
    }
    for (const auto& f : files) all_paths.push_back(f.folder + "\\" + f.entry.name);
  }
  const long rss_before = rss_kib();

  const auto t0 = Clock::now();
  std::vector<SimClient> clients(secondaries);
  for (std::size_t s = 0; s < secondaries; ++s) {
    if (!clients[s].open("127.0.0." + std::to_string(3 + s), hub->port(), random)) {
      std::fprintf(stderr, "client %zu failed its handshake\n", s);
      return 1;
    }
    p::Bytes login;
    p::encode(p::Login{"sim" + std::to_string(100 + s), p::LineType::Dsl, 6699}, login);
    clients[s].send(p::msg::Login, login);
    for (const auto& payload : payloads[s]) clients[s].send(p::msg::ShareFolder, payload);
  }
  const std::size_t total = secondaries * per_secondary;
  while (hub_state() != std::pair<std::size_t, std::size_t>{secondaries, total}) {
    if (Clock::now() - t0 > 600s) {
      std::fprintf(stderr, "hub did not index everything in time\n");
      return 1;
    }
    std::this_thread::sleep_for(5ms);
  }
  const double publish_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const long rss_after = rss_kib();
  payloads.clear();
  payloads.shrink_to_fit();

  // The reference: the same paths in an in-memory FTS5 table.
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  sqlite3_exec(db, "CREATE VIRTUAL TABLE f USING fts5(path); BEGIN;", nullptr, nullptr, nullptr);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO f(path) VALUES (?)", -1, &insert, nullptr);
  for (const auto& path : all_paths) {
    sqlite3_bind_text(insert, 1, path.c_str(), static_cast<int>(path.size()), SQLITE_STATIC);
    sqlite3_step(insert);
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  sqlite3_exec(db, "COMMIT;", nullptr, nullptr, nullptr);
  sqlite3_stmt* query = nullptr;
  sqlite3_prepare_v2(db, "SELECT rowid FROM f WHERE f MATCH ? LIMIT 100", -1, &query, nullptr);

  SimClient searcher;
  if (!searcher.open("127.0.0.250", hub->port(), random)) return 1;
  p::Bytes login;
  p::encode(p::Login{"searcher1", p::LineType::Dsl, 6699}, login);
  searcher.send(p::msg::Login, login);
  std::vector<double> hub_ms, fts_ms, index_ms;
  std::size_t checked = 0;
  for (std::uint64_t q = 0; checked < queries && q < queries * 20; ++q) {
    const std::uint64_t h = mix(q + 424242);
    std::string words_text = words.pick(h);
    if (h % 2) words_text += " " + words.pick(mix(h));
    const std::string match = "\"" + (h % 2 ? words.pick(h) + "\" \"" + words.pick(mix(h)) : words_text) + "\"";
    const auto f0 = Clock::now();
    sqlite3_bind_text(query, 1, match.c_str(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
    std::size_t expected = 0;
    while (sqlite3_step(query) == SQLITE_ROW) ++expected;
    sqlite3_reset(query);
    const double fts = std::chrono::duration<double, std::milli>(Clock::now() - f0).count();
    if (expected == 0) continue;  // nothing marks the end of zero results on the wire
    p::Search search;
    search.search_id = static_cast<std::uint32_t>(q + 1);
    search.query = words_text;
    p::Bytes payload;
    p::encode(search, payload);
    const auto h0 = Clock::now();
    searcher.send(p::msg::Search, payload);
    if (!searcher.await_results(search.search_id, expected)) {
      std::fprintf(stderr, "query '%s': fewer than %zu results from the hub\n", words_text.c_str(), expected);
      return 1;
    }
    hub_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - h0).count());
    // The same lookup inside the hub thread, without sockets, encoding or scheduling.
    hub_thread.call([&] {
      const auto* state = hub->hub();
      if (state == nullptr) return;
      const auto i0 = Clock::now();
      const auto hits = state->index().search({words_text, p::FileType::Any, std::nullopt, 100});
      index_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - i0).count());
      if (hits.size() != expected) std::fprintf(stderr, "index found %zu, FTS %zu\n", hits.size(), expected);
    });
    fts_ms.push_back(fts);
    ++checked;
  }
  sqlite3_finalize(query);
  sqlite3_close(db);

  const double hub_p99 = percentile(hub_ms, 0.99), fts_p99 = percentile(fts_ms, 0.99);
  std::printf("hub_login_bench: %zu secondaries, %zu files\n", secondaries, total);
  std::printf("  login + publish: %.2f s (%.0f files/s)\n", publish_s, static_cast<double>(total) / publish_s);
  std::printf("  keyword search over the socket, %zu queries: p50 %.3f ms, p99 %.3f ms (goal <= 10 ms)\n",
              hub_ms.size(), percentile(hub_ms, 0.5), hub_p99);
  const double index_p99 = percentile(index_ms, 0.99);
  std::printf("  hub index lookup in process, same queries: p50 %.3f ms, p99 %.3f ms\n", percentile(index_ms, 0.5),
              index_p99);
  std::printf("  sqlite3 FTS5 in memory, same queries: p50 %.3f ms, p99 %.3f ms; index/FTS p99 ratio %.2f\n",
              percentile(fts_ms, 0.5), fts_p99, fts_p99 > 0 ? index_p99 / fts_p99 : 0.0);
  std::printf("  hub resident memory growth: %.1f MiB (%.0f bytes per file)\n",
              static_cast<double>(rss_after - rss_before) / 1024.0,
              static_cast<double>(rss_after - rss_before) * 1024.0 / static_cast<double>(total));
  clients.clear();
  hub_thread.call([&] { hub.reset(); });
  return hub_ms.empty() ? 1 : 0;
}
