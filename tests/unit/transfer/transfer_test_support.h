#pragma once
// Fakes and small helpers shared by the transfer tests: mediators built from
// plain maps and sets, fixed peers, and action filters.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "support/fake_clock.h"
#include "transfer/ban_list.h"
#include "transfer/transfer_actions.h"
#include "transfer/transfer_types.h"
#include "transfer/upload_policy.h"
#include "transfer/uploader.h"

namespace wpn::transfer::test {

using namespace std::chrono_literals;

inline const protocol::NodeHandle HandleA{{0x51, 0x40, 0xD1, 0x49}, 6257};
inline const protocol::NodeHandle HandleB{{10, 0, 0, 7}, 6257};
inline const TimePoint T0{};

inline Peer peer(const std::string& name, const protocol::NodeHandle& handle = HandleA) { return {handle, name}; }
inline RequestKey request(const std::string& name, const std::string& file = "Music\\song.mp3") {
  return {peer(name), file};
}

struct FakeUploadMediator : Uploader::Mediator {
  std::set<std::string> friends;
  bool bandwidth = true;
  std::map<std::string, std::uint64_t> shared;  // virtual name -> size
  std::string name = "Uploader_00001";
  BanList bans;
  const wpn::test::FakeClock* clock = nullptr;  // the wall time bans are judged at; none: the epoch

  std::string group_of(const Peer& p) const override { return friends.contains(p.name) ? "friends" : "default"; }
  bool upload_bandwidth_available() const override { return bandwidth; }
  std::optional<Uploader::SharedFile> find_shared(std::string_view file) const override {
    const auto it = shared.find(std::string(file));
    if (it == shared.end()) return std::nullopt;
    return Uploader::SharedFile{it->second};
  }
  std::string own_name() const override { return name; }
  bool is_banned(const Peer& p) const override {
    return bans.is_banned(p.name, clock ? clock->wall_now() : WallTime{});
  }
};

// Every action of type T, in order.
template <class T>
std::vector<T> all_of(const Actions& actions) {
  std::vector<T> out;
  for (const auto& a : actions)
    if (const auto* x = std::get_if<T>(&a)) out.push_back(*x);
  return out;
}

// The 0x1Fxx packets of type T among SendPacket actions.
template <class T>
std::vector<T> packets_of(const Actions& actions) {
  std::vector<T> out;
  for (const auto& p : all_of<SendPacket>(actions))
    if (const auto* x = std::get_if<T>(&p.message)) out.push_back(*x);
  return out;
}

// Published events of type T.
template <class T>
std::vector<T> events_of(const Actions& actions) {
  std::vector<T> out;
  for (const auto& p : all_of<Publish>(actions))
    if (const auto* x = std::get_if<T>(&p.event)) out.push_back(*x);
  return out;
}

inline std::string text_of(const protocol::Bytes& bytes) { return {bytes.begin(), bytes.end()}; }

}  // namespace wpn::transfer::test
