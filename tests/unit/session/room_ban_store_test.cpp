// The hosted rooms' ban store on a real rooms.db: bans outlast a reopen (a restart), an
// expired ban is gone when read and gone from the file, a lifted one stays lifted, and a
// ban matches the banned user's IP as well as the key.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

#include "session/engine_rooms_bans.h"

namespace s = wpn::session;

namespace {

struct TempDb {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("wpn_room_bans_" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
  TempDb() { std::filesystem::create_directories(dir); }
  ~TempDb() { std::filesystem::remove_all(dir); }
  std::string path() const { return (dir / "rooms.db").string(); }
};

constexpr std::uint64_t Now = 1'800'000'000;

s::RoomBanEntry ban(const std::string& user, std::uint64_t until, const std::string& ip = "127.0.0.9") {
  return s::RoomBanEntry{"Lobby", user, user + "_12345", ip, until, "owner"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(room_ban_store)

BOOST_AUTO_TEST_CASE(bans_survive_a_reopen_with_every_field) {
  TempDb db;
  {
    s::RoomBanStore store(db.path());
    store.add(ban("carol", 0));
    store.add(ban("dave", Now + 3600));
  }
  s::RoomBanStore reopened(db.path());
  BOOST_TEST(reopened.is_banned("Lobby", "carol", "", Now));
  BOOST_TEST(reopened.is_banned("Lobby", "dave", "", Now));
  BOOST_TEST(!reopened.is_banned("Kitchen", "carol", "", Now));  // per room
  const auto listed = reopened.list(Now);
  BOOST_REQUIRE_EQUAL(listed.size(), 2u);
  BOOST_TEST(listed[1].user == "dave");
  BOOST_TEST(listed[1].name == "dave_12345");
  BOOST_TEST(listed[1].ip == "127.0.0.9");
  BOOST_TEST(listed[1].until_unix == Now + 3600);
  BOOST_TEST(listed[1].by == "owner");
}

BOOST_AUTO_TEST_CASE(an_expired_ban_is_gone_and_stays_gone_after_a_reopen) {
  TempDb db;
  {
    s::RoomBanStore store(db.path());
    store.add(ban("carol", Now + 60));
    store.add(ban("dave", 0));
    BOOST_TEST(store.is_banned("Lobby", "carol", "", Now + 59));
    BOOST_TEST(!store.is_banned("Lobby", "carol", "", Now + 60));
    BOOST_TEST(store.is_banned("Lobby", "dave", "", Now + 1'000'000));  // until lifted
  }
  s::RoomBanStore reopened(db.path());
  // Read at a time before the expiry: only a row deleted from the file can be missing now.
  BOOST_TEST(!reopened.is_banned("Lobby", "carol", "", Now));
  BOOST_TEST(reopened.list(Now).size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_lifted_ban_stays_lifted_after_a_reopen_and_a_renewal_replaces_the_old_one) {
  TempDb db;
  {
    s::RoomBanStore store(db.path());
    store.add(ban("carol", 0));
    store.add(ban("dave", Now + 60));
    store.add(ban("dave", Now + 7200));  // banned again for longer
    BOOST_TEST(store.remove("Lobby", "carol"));
    BOOST_TEST(!store.remove("Lobby", "carol"));
  }
  s::RoomBanStore reopened(db.path());
  BOOST_TEST(!reopened.is_banned("Lobby", "carol", "", Now));
  BOOST_TEST(reopened.is_banned("Lobby", "dave", "", Now + 3600));
  BOOST_TEST(reopened.list(Now).size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_ip_ban_refuses_any_name_from_that_address_until_it_expires_after_a_reopen) {
  TempDb db;
  {
    s::RoomBanStore store(db.path());
    store.add(ban("carol", Now + 60, "127.0.0.21"));
  }
  s::RoomBanStore reopened(db.path());
  BOOST_TEST(reopened.is_banned("Lobby", "mallory", "127.0.0.21", Now));
  BOOST_TEST(!reopened.is_banned("Lobby", "mallory", "127.0.0.22", Now));
  BOOST_TEST(!reopened.is_banned("Kitchen", "mallory", "127.0.0.21", Now));  // per room
  BOOST_TEST(!reopened.is_banned("Lobby", "mallory", "127.0.0.21", Now + 60));
  BOOST_TEST(!reopened.is_banned("Lobby", "carol", "", Now));  // the expired row went with it
}

BOOST_AUTO_TEST_CASE(a_ban_without_an_address_matches_the_key_only) {
  TempDb db;
  s::RoomBanStore store(db.path());
  store.add(ban("carol", 0, "0.0.0.0"));  // banned while not in the room
  BOOST_TEST(store.is_banned("Lobby", "carol", "127.0.0.5", Now));
  BOOST_TEST(!store.is_banned("Lobby", "mallory", "0.0.0.0", Now));
  BOOST_TEST(!store.is_banned("Lobby", "mallory", "", Now));
}

BOOST_AUTO_TEST_CASE(lifting_a_ban_by_name_or_by_address_lifts_both_and_stays_lifted) {
  TempDb db;
  {
    s::RoomBanStore store(db.path());
    store.add(ban("carol", 0, "127.0.0.21"));
    store.add(ban("dave", 0, "127.0.0.22"));
    BOOST_TEST(store.remove("Lobby", "carol"));
    BOOST_TEST(store.remove("Lobby", "127.0.0.22"));
    BOOST_TEST(!store.remove("Lobby", "127.0.0.22"));
  }
  s::RoomBanStore reopened(db.path());
  BOOST_TEST(!reopened.is_banned("Lobby", "carol", "127.0.0.21", Now));
  BOOST_TEST(!reopened.is_banned("Lobby", "dave", "127.0.0.22", Now));
  BOOST_TEST(reopened.list(Now).empty());
}

BOOST_AUTO_TEST_CASE(a_file_that_cannot_be_opened_keeps_bans_in_memory) {
  TempDb db;
  s::RoomBanStore store((db.dir / "missing" / "deeper" / "rooms.db").string());
  store.add(ban("carol", 0));
  BOOST_TEST(store.is_banned("Lobby", "carol", "", Now));
}

BOOST_AUTO_TEST_SUITE_END()
