// The engine's rooms area joining a room served by net::ChatRoomServer on 127.0.0.2 by
// HOST:PORT: the host name is looked up off the engine thread (a lookup held until the
// test lets it go), and a name that does not resolve ends the join with a clear reason.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "net/chat_room_server.h"
#include "session/engine_rooms_area.h"

namespace c = wpn::chat;
namespace n = wpn::net;
namespace p = wpn::protocol;
namespace s = wpn::session;
using namespace std::chrono_literals;

namespace {

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = 10s) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

struct NoBans : c::ChatRoomMediator {
  bool is_banned(std::string_view, const p::Ip4&) override { return false; }
  void add_ban(const c::ChatBan&) override {}
  bool remove_ban(std::string_view) override { return false; }
};

// A lookup that blocks until released, as a slow DNS server would.
struct HeldLookup {
  std::atomic<bool> started{false};
  std::atomic<bool> released{false};
  std::atomic<bool> fails{false};
  n::ResolveFunction function() {
    return [this](const std::string&, std::uint16_t port) -> n::ResolveResult {
      started = true;
      while (!released) std::this_thread::sleep_for(5ms);
      if (fails) return tl::unexpected(std::string("no such host"));
      return Poco::Net::SocketAddress("127.0.0.2", port);
    };
  }
};

struct AreaAndRoom {
  n::LoopThread thread;
  NoBans bans;
  HeldLookup lookup;
  wpn::share::NameEncoder names;
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "wpn_rooms_area_test";
  std::unique_ptr<n::ChatRoomServer> server;
  std::unique_ptr<s::RoomsArea> area;
  std::mutex mutex;
  std::vector<s::EngineEvent> events;

  AreaAndRoom() {
    std::filesystem::create_directories(dir);
    c::ChatRoomConfig config;
    config.name = "Lobby";
    thread.call([&] {
      server =
          std::make_unique<n::ChatRoomServer>(thread.loop(), config, bans, Poco::Net::SocketAddress("127.0.0.2", 0));
      BOOST_REQUIRE(server->start());
      area = std::make_unique<s::RoomsArea>(
          s::RoomsArea::Context{thread.loop(),
                                [this](const s::EngineEvent& event) {
                                  std::lock_guard lock(mutex);
                                  events.push_back(event);
                                },
                                [] {
                                  return s::RoomIdentity{"alice123_12345", {127, 0, 0, 3}, 6257, 4};
                                },
                                [] { return nullptr; }, names, dir.string(), "127.0.0.3", lookup.function()});
    });
  }
  ~AreaAndRoom() {
    lookup.released = true;
    thread.call([&] {
      area.reset();
      server.reset();
    });
    std::filesystem::remove_all(dir);
  }
  std::string target() const { return "room-host.invalid:" + std::to_string(server->port()); }
  std::vector<s::RoomInfo> joined() {
    std::vector<s::RoomInfo> out;
    thread.call([&] { out = area->joined(); });
    return out;
  }
  template <class E>
  std::vector<E> events_of() {
    std::lock_guard lock(mutex);
    std::vector<E> out;
    for (const auto& e : events)
      if (const auto* x = std::get_if<E>(&e)) out.push_back(*x);
    return out;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(rooms_area)

BOOST_AUTO_TEST_CASE(a_host_name_join_leaves_the_engine_thread_free_while_the_name_is_looked_up) {
  AreaAndRoom net;
  s::EngineResult<s::RoomInfo> joining = tl::unexpected(s::EngineError{});
  net.thread.call([&] { joining = net.area->join(net.target()); });
  BOOST_REQUIRE(joining.has_value());
  BOOST_TEST((joining->state == s::RoomState::Connecting));
  BOOST_REQUIRE(eventually([&] { return net.lookup.started.load(); }));
  // The lookup is held: the engine thread still answers, and the room waits for its address.
  for (int i = 0; i < 5; ++i) {
    const auto asked = std::chrono::steady_clock::now();
    const auto rooms = net.joined();
    BOOST_TEST((std::chrono::steady_clock::now() - asked < 500ms));
    BOOST_REQUIRE_EQUAL(rooms.size(), 1u);
    BOOST_TEST((rooms[0].state == s::RoomState::Connecting));
  }
  net.lookup.released = true;
  BOOST_REQUIRE(eventually([&] {
    const auto rooms = net.joined();
    return rooms.size() == 1 && rooms[0].state == s::RoomState::Joined;
  }));
  const auto rooms = net.joined();
  BOOST_TEST(rooms[0].address == "127.0.0.2:" + std::to_string(net.server->port()));
  BOOST_TEST(rooms[0].key == net.target());
  BOOST_TEST(net.events_of<s::RoomJoined>().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_name_that_does_not_resolve_ends_the_join_with_a_network_error) {
  AreaAndRoom net;
  net.lookup.fails = true;
  net.lookup.released = true;
  net.thread.call([&] { BOOST_REQUIRE(net.area->join(net.target()).has_value()); });
  BOOST_REQUIRE(eventually([&] { return !net.events_of<s::RoomLeft>().empty(); }));
  const auto left = net.events_of<s::RoomLeft>();
  BOOST_TEST(left[0].reason == "network_error");
  BOOST_TEST(left[0].text.find("no such host") != std::string::npos);
  BOOST_TEST(!left[0].reconnecting);
  BOOST_TEST(net.joined().empty());
}

BOOST_AUTO_TEST_CASE(leaving_while_the_name_is_looked_up_drops_the_answer_and_a_new_join_works) {
  AreaAndRoom net;
  net.thread.call([&] { BOOST_REQUIRE(net.area->join(net.target()).has_value()); });
  BOOST_REQUIRE(eventually([&] { return net.lookup.started.load(); }));
  net.thread.call([&] { BOOST_REQUIRE(net.area->leave(net.target()).has_value()); });
  BOOST_TEST(net.joined().empty());
  net.lookup.released = true;
  net.thread.call([&] { BOOST_REQUIRE(net.area->join(net.target()).has_value()); });
  BOOST_REQUIRE(eventually([&] {
    const auto rooms = net.joined();
    return rooms.size() == 1 && rooms[0].state == s::RoomState::Joined;
  }));
  BOOST_TEST(net.events_of<s::RoomJoined>().size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
