#include "transfer_fixture.h"

#include <sys/stat.h>

#include <array>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>

#include "share/file_stat.h"
#include "share/hash_file.h"
#include "support/eventually.h"

namespace wpn::test {

void write_random_file(const std::filesystem::path& path, std::uint64_t size, std::uint64_t seed) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::vector<char> block(1 << 20);
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  std::uint64_t left = size;
  while (left > 0) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, block.size()));
    for (std::size_t i = 0; i < n; ++i) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      block[i] = static_cast<char>(x & 0xFF);
    }
    out.write(block.data(), static_cast<std::streamsize>(n));
    left -= n;
  }
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string sha256_of_file(const std::filesystem::path& path) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  std::ifstream in(path, std::ios::binary);
  if (!in) return "missing";
  std::vector<char> block(1 << 20);
  while (in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    engine.update(block.data(), static_cast<unsigned>(in.gcount()));
  }
  return Poco::DigestEngine::digestToHex(engine.digest());
}

protocol::Ip4 ip4(const std::string& dotted) {
  protocol::Ip4 ip{};
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (std::sscanf(dotted.c_str(), "%u.%u.%u.%u", &a, &b, &c, &d) != 4) throw std::runtime_error("bad ip " + dotted);
  ip = {static_cast<std::uint8_t>(a), static_cast<std::uint8_t>(b), static_cast<std::uint8_t>(c),
        static_cast<std::uint8_t>(d)};
  return ip;
}

SharedFiles::SharedFiles(const std::filesystem::path& dir) : root_(dir / "share") {
  std::filesystem::create_directories(root_);
  root_ = std::filesystem::canonical(root_);
  auto index = share::SqliteShareIndex::open((dir / "index.db").string());
  if (!index) throw std::runtime_error("index: " + index.error().message);
  index_ = std::move(*index);
  auto root = index_->ensure_root(share::ShareRoot{0, root_.string(), "Share", true, 0});
  if (!root) throw std::runtime_error("root: " + root.error().message);
  root_id_ = *root;
  generation_ = index_->begin_generation(root_id_).value();
  lookup_ = std::make_unique<share::ShareLookup>(*index_);
}

std::string SharedFiles::add(const std::string& name) {
  const auto path = (root_ / name).string();
  const auto stat = share::stat_regular_file(path);
  if (!stat) throw std::runtime_error("stat " + path);
  const auto scanned = index_->record_scanned(share::ScanEntry{root_id_, path, "Share", name, *stat}, generation_);
  if (!scanned) throw std::runtime_error("record: " + scanned.error().message);
  const auto key = share::hash_file(path);
  if (!key) throw std::runtime_error("hash: " + key.error().reason);
  if (!index_->set_hash(scanned->id, *stat, *key, {}).value_or(false)) throw std::runtime_error("set_hash");
  return "Share\\" + name;
}

protocol::FileKey SharedFiles::key_of(const std::string& name) const {
  return share::hash_file((root_ / name).string()).value();
}

NodeSettings node_settings(const std::filesystem::path& dir, const std::string& name, const std::string& ip) {
  NodeSettings s;
  s.identity.own_name = name;
  s.identity.advertised_ip = ip4(ip);
  s.listener.bind_address = ip;
  s.listener.ephemeral = true;
  s.incomplete_dir = (dir / (name + "-incomplete")).string();
  s.download_dir = (dir / (name + "-downloads")).string();
  s.queue_db = (dir / (name + "-queue.db")).string();
  return s;
}

TransferWorld::~TransferWorld() {
  thread_.call([this] { managers_.clear(); });
  thread_.stop();
}

net::TransferManager& TransferWorld::add_node(const NodeSettings& settings, const share::ShareLookup* lookup) {
  net::TransferManager* made = nullptr;
  std::optional<std::string> error;
  thread_.call([&] {
    auto manager = std::make_unique<net::TransferManager>(thread_.loop(), settings, lookup);
    manager->set_identity(settings.identity);
    const auto& name = settings.identity.own_name;
    protocol::NodeHandle handle{settings.identity.advertised_ip, 6257};
    relay_.attach(thread_.loop(), *manager, name, handle, settings.identity.advertised_ip);
    handles_[name] = handle;
    error = manager->start();
    made = manager.get();
    managers_[name] = std::move(manager);
  });
  if (error) throw std::runtime_error(*error);
  return *made;
}

void TransferWorld::remove_node(const std::string& name) {
  thread_.call([&] { managers_.erase(name); });
}

bool TransferWorld::wait_for(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  return eventually(
      [&] {
        bool ok = false;
        thread_.call([&] { ok = done(); });
        return ok;
      },
      timeout);
}

protocol::TransferAddress TransferWorld::address_of(const std::string& name, const std::string& file) const {
  return {handles_.at(name), name, file};
}

}  // namespace wpn::test
