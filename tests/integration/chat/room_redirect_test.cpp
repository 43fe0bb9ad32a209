// A redirect (0x0190, chat.md §7.8) from real room hosts on loopback, followed once by
// the engine's rooms area: host A sends the client to host B, which is joined with
// 0x13EE naming A; B's own redirect to C is shown, not followed, and C never hears from
// the client. The hosts are scripted sockets speaking the chat handshake (0x57/0x58).
#include <boost/test/unit_test.hpp>

#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "net/chat_room_server.h"
#include "protocol/codecs/chat_message.h"
#include "protocol/codecs/rooms.h"
#include "session/engine_rooms_area.h"
#include "support/eventually.h"
#include "support/scripted_wpn_peer.h"

namespace n = wpn::net;
namespace p = wpn::protocol;
namespace s = wpn::session;
using namespace std::chrono_literals;

namespace {

constexpr p::Ip4 HostIp{127, 0, 0, 2};

// One room host: accepts one client, answers its join and, when told to, redirects it.
class ScriptedRoomHost {
 public:
  ScriptedRoomHost(std::string base, std::optional<std::string> redirect_to)
      : server_(Poco::Net::SocketAddress("127.0.0.2", 0)),
        base_(std::move(base)),
        redirect_to_(std::move(redirect_to)),
        thread_([this] { serve(); }) {}
  ~ScriptedRoomHost() {
    stop_ = true;
    thread_.join();
  }
  std::string listed() const { return p::listed_room_name(base_, HostIp, server_.address().port()); }
  bool accepted() const { return accepted_; }
  std::optional<std::string> joined_as_room() const {
    std::lock_guard lock(mutex_);
    return joined_room_;
  }
  std::optional<std::string> redirected_from() const {
    std::lock_guard lock(mutex_);
    return redirected_from_;
  }

 private:
  template <class M>
  static p::Bytes payload_of(const M& message) {
    p::Bytes out;
    p::encode(p::ChatServerMessage{message}, out);
    return out;
  }

  void serve() {
    std::optional<wpn::test::ScriptedWpnPeer> peer;
    while (!stop_ && !peer) peer = wpn::test::ScriptedWpnPeer::accept_from(server_, 1s, p::key_id::ChatClient);
    if (!peer) return;
    accepted_ = true;
    std::optional<p::ChatJoin> join;
    const auto frame = peer->wait_until(
        [&](const p::Frame& f) {
          const auto message = p::decode_chat_client_message(f.type, f.payload);
          if (!message) return false;
          if (const auto* from = std::get_if<p::ChatRedirectedFrom>(&*message)) {
            std::lock_guard lock(mutex_);
            redirected_from_ = from->text;
          } else if (const auto* asked = std::get_if<p::ChatJoin>(&*message)) {
            join = *asked;
          }
          return join.has_value();
        },
        10s);
    if (!frame || !join) return;
    {
      std::lock_guard lock(mutex_);
      joined_room_ = join->room;
    }
    const p::ChatUser self{join->name, join->node_ip, join->node_port, join->line_type, join->files};
    peer->send(p::chat_msg::Joined, {0x31});
    peer->send(p::chat_msg::ServerSpeaks353, {0x31});
    peer->send(p::chat_msg::UserJoined, payload_of(p::ChatUserJoined{self}));
    if (redirect_to_) peer->send(p::chat_msg::Redirect, payload_of(p::ChatRedirect{*redirect_to_}));
    while (!stop_ && !peer->closed_within(200ms)) {
    }
  }

  Poco::Net::ServerSocket server_;
  std::string base_;
  std::optional<std::string> redirect_to_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> accepted_{false};
  mutable std::mutex mutex_;
  std::optional<std::string> joined_room_;
  std::optional<std::string> redirected_from_;
  std::thread thread_;
};

struct Area {
  n::LoopThread thread;
  wpn::share::NameEncoder names;
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("wpn_room_redirect_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  std::unique_ptr<s::RoomsArea> area;
  std::mutex mutex;
  std::vector<s::RoomLeft> left;

  Area() {
    std::filesystem::create_directories(dir);
    thread.call([&] {
      area = std::make_unique<s::RoomsArea>(
          s::RoomsArea::Context{thread.loop(),
                                [this](const s::EngineEvent& event) {
                                  std::lock_guard lock(mutex);
                                  if (const auto* gone = std::get_if<s::RoomLeft>(&event)) left.push_back(*gone);
                                },
                                [] {
                                  return s::RoomIdentity{"alice123_12345", {127, 0, 0, 3}, 6257, 4};
                                },
                                [] { return nullptr; }, names, dir.string(), "127.0.0.3"});
    });
  }
  ~Area() {
    thread.call([&] { area.reset(); });
    std::filesystem::remove_all(dir);
  }
  std::optional<s::RoomInfo> room(const std::string& key) {
    std::optional<s::RoomInfo> out;
    thread.call([&] {
      for (auto& info : area->joined())
        if (info.key == key) out = info;
    });
    return out;
  }
  bool heard(const std::string& key, const std::string& text) {
    bool found = false;
    thread.call([&] {
      if (const auto history = area->history(key, 0))
        for (const auto& line : history->lines) found = found || line.text == text;
    });
    return found;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(room_redirect)

BOOST_AUTO_TEST_CASE(a_redirect_is_followed_once_and_the_next_one_is_only_shown) {
  ScriptedRoomHost third("Third", std::nullopt);
  ScriptedRoomHost second("Second", third.listed());
  ScriptedRoomHost first("First", second.listed());
  Area area;
  const std::string key = first.listed();
  area.thread.call([&] { BOOST_REQUIRE(area.area->join(key).has_value()); });

  // The first host sends us on: the second hears a join for its own room, naming the first.
  BOOST_REQUIRE(wpn::test::eventually([&] { return second.joined_as_room().has_value(); }, 10s));
  BOOST_TEST(*second.joined_as_room() == second.listed());
  BOOST_TEST(second.redirected_from().value_or("") == first.listed());
  BOOST_REQUIRE(wpn::test::eventually(
      [&] {
        const auto now = area.room(key);
        return now && now->state == s::RoomState::Joined && now->name == second.listed();
      },
      10s));
  BOOST_TEST(area.room(key)->address ==
             "127.0.0.2:" + std::to_string(p::parse_listed_room_name(second.listed())->tcp_port));
  {
    std::lock_guard lock(area.mutex);
    BOOST_REQUIRE_EQUAL(area.left.size(), 1u);
    BOOST_TEST(area.left[0].reason == "redirected");
    BOOST_TEST(area.left[0].reconnecting);
  }

  // The second host's redirect is shown and not followed: we stay, the third never hears.
  BOOST_TEST(
      wpn::test::eventually([&] { return area.heard(key, "redirect to " + third.listed() + " not followed"); }, 10s));
  BOOST_TEST(wpn::test::holds_for([&] { return !third.accepted(); }, 2s));
  BOOST_TEST((area.room(key)->state == s::RoomState::Joined));
  BOOST_TEST(area.room(key)->name == second.listed());
}

BOOST_AUTO_TEST_SUITE_END()
