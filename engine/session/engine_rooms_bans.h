#pragma once
// Bans of the rooms we host, kept in <data_dir>/rooms.db so they outlast a restart:
//   room_bans(room TEXT, user TEXT, name TEXT, ip TEXT, until INTEGER unix seconds, 0 = until
//             lifted, by TEXT), PRIMARY KEY(room, user)
// A ban holds the user key and, when the user was in the room, their IP (WinMX hosts ban
// by both): a join under another name from that IP is refused as well. Expired rows are
// deleted when read. Without a usable file the bans live in memory only (logged once), so
// hosting still works.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "session/engine_rooms.h"
#include "share/sqlite_db.h"

namespace wpn::session {

class RoomBanStore {
 public:
  explicit RoomBanStore(const std::string& path);

  // now: unix seconds. ip: dotted text; empty or 0.0.0.0 matches by key only.
  bool is_banned(const std::string& room, const std::string& user_key, const std::string& ip, std::uint64_t now);
  void add(RoomBanEntry ban);
  // Lifts the bans whose key is `user_key` or whose IP is that text; false when none.
  bool remove(const std::string& room, const std::string& user_key);
  std::vector<RoomBanEntry> list(std::uint64_t now);

 private:
  void load();
  void erase(const std::string& room, const std::string& user_key);
  std::optional<share::Database> db_;
  std::map<std::pair<std::string, std::string>, RoomBanEntry> bans_;
};

}  // namespace wpn::session
