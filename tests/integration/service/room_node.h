#pragma once
// One wpnd of the room tests, driven through wpnctl --json: start and restart with the
// same arguments, and the room state, history and users as wpnctl reports them.

#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ipc/room_dto.h"
#include "wpnd_harness.h"

namespace wpn::test {

inline ipc::JsonObject json_of(const ProgramResult& run) {
  auto parsed = ipc::parse_json_object(run.out);
  if (!parsed) BOOST_FAIL("wpnctl printed no JSON object: " + run.out + run.err);
  return *parsed;
}

struct RoomNode {
  WpndHome home;
  std::unique_ptr<WpndProcess> wpnd;
  std::vector<std::string> args;

  void start(std::vector<std::string> arguments) {
    args = std::move(arguments);
    wpnd = std::make_unique<WpndProcess>(home, args);
    wpnd->require_ready();
  }
  void restart() {
    BOOST_REQUIRE_EQUAL(wpnd->stop(), 0);
    wpnd = std::make_unique<WpndProcess>(home, args);
    wpnd->require_ready();
  }
  ProgramResult ctl(const std::vector<std::string>& words) {
    std::vector<std::string> all{std::string("--json")};
    all.insert(all.end(), words.begin(), words.end());
    return run_wpnctl(home, all);
  }
  std::optional<ipc::RoomDto> room(const std::string& key) {
    const auto run = ctl({"rooms", "joined"});
    if (run.exit_code != 0) return std::nullopt;
    for (auto& room : ipc::rooms_from_json(json_of(run)).rooms)
      if (room.key == key) return room;
    return std::nullopt;
  }
  ipc::RoomDto room_now(const std::string& key) {
    const auto found = room(key);
    BOOST_REQUIRE_MESSAGE(found, "not in room " + key);
    return found.value_or(ipc::RoomDto{});
  }
  bool in_state(const std::string& key, const std::string& state) {
    const auto found = room(key);
    return found && found->state == state;
  }
  std::vector<ipc::RoomLineDto> history(const std::string& key) {
    const auto run = ctl({"rooms", "history", key});
    if (run.exit_code != 0) return {};
    return ipc::room_history_from_json(json_of(run)).lines;
  }
  bool heard(const std::string& key, const std::string& text) {
    for (const auto& line : history(key))
      if (line.text == text) return true;
    return false;
  }
  std::vector<ipc::RoomUserDto> users(const std::string& key) {
    const auto run = ctl({"rooms", "users", key});
    if (run.exit_code != 0) return {};
    return ipc::room_users_from_json(json_of(run)).users;
  }
  std::optional<ipc::RoomUserDto> user(const std::string& key, const std::string& name) {
    for (auto& user : users(key))
      if (user.name == name) return user;
    return std::nullopt;
  }
};

}  // namespace wpn::test
