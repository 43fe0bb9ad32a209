#include "session/engine_rooms_bans.h"

#include <Poco/Logger.h>

namespace wpn::session {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("wpn.engine.rooms"); }

constexpr std::string_view Schema =
    "CREATE TABLE IF NOT EXISTS room_bans(room TEXT NOT NULL, user TEXT NOT NULL, name TEXT, ip TEXT, "
    "until INTEGER NOT NULL, by TEXT, PRIMARY KEY(room, user))";

bool expired(const RoomBanEntry& ban, std::uint64_t now) { return ban.until_unix != 0 && ban.until_unix <= now; }

// A ban of a user who was not in the room has no address ("0.0.0.0").
bool known_ip(const std::string& ip) { return !ip.empty() && ip != "0.0.0.0"; }

}  // namespace

RoomBanStore::RoomBanStore(const std::string& path) {
  auto db = share::Database::open(path, share::Database::Mode::ReadWrite, 2000);
  if (!db) {
    logger().warning("room bans: cannot open %s (%s); bans last until the service stops", path, db.error().message);
    return;
  }
  if (auto made = db->exec(Schema); !made) {
    logger().warning("room bans: %s: %s; bans last until the service stops", path, made.error().message);
    return;
  }
  db_ = std::move(*db);
  load();
}

void RoomBanStore::load() {
  auto select = db_->prepare("SELECT room, user, name, ip, until, by FROM room_bans");
  if (!select) return;
  while (true) {
    auto row = select->step();
    if (!row || !*row) break;
    RoomBanEntry ban{select->text(0), select->text(1),   select->text(2),
                     select->text(3), select->uint64(4), select->text(5)};
    bans_[{ban.room, ban.user}] = std::move(ban);
  }
}

bool RoomBanStore::is_banned(const std::string& room, const std::string& user_key, const std::string& ip,
                             std::uint64_t now) {
  std::vector<std::string> gone;
  bool banned = false;
  for (auto it = bans_.lower_bound({room, std::string()}); it != bans_.end() && it->first.first == room; ++it) {
    const RoomBanEntry& ban = it->second;
    if (ban.user != user_key && !(known_ip(ip) && ban.ip == ip)) continue;
    if (expired(ban, now))
      gone.push_back(ban.user);
    else
      banned = true;
  }
  for (const auto& user : gone) erase(room, user);
  return banned;
}

void RoomBanStore::add(RoomBanEntry ban) {
  if (db_) {
    auto insert = db_->cached("INSERT OR REPLACE INTO room_bans(room, user, name, ip, until, by) VALUES(?,?,?,?,?,?)");
    if (insert) {
      (*insert)->bind_text(1, ban.room);
      (*insert)->bind_text(2, ban.user);
      (*insert)->bind_text(3, ban.name);
      (*insert)->bind_text(4, ban.ip);
      (*insert)->bind(5, ban.until_unix);
      (*insert)->bind_text(6, ban.by);
      if (auto ran = (*insert)->run(); !ran) logger().warning("room bans: cannot save: %s", ran.error().message);
    }
  }
  const auto key = std::make_pair(ban.room, ban.user);
  bans_[key] = std::move(ban);
}

bool RoomBanStore::remove(const std::string& room, const std::string& user_key) {
  std::vector<std::string> lifted;
  for (auto it = bans_.lower_bound({room, std::string()}); it != bans_.end() && it->first.first == room; ++it)
    if (it->second.user == user_key || (known_ip(user_key) && it->second.ip == user_key))
      lifted.push_back(it->second.user);
  for (const auto& user : lifted) erase(room, user);
  return !lifted.empty();
}

void RoomBanStore::erase(const std::string& room, const std::string& user_key) {
  if (db_) {
    if (auto erase = db_->cached("DELETE FROM room_bans WHERE room = ? AND user = ?")) {
      (*erase)->bind_text(1, room);
      (*erase)->bind_text(2, user_key);
      (void)(*erase)->run();
    }
  }
  bans_.erase({room, user_key});
}

std::vector<RoomBanEntry> RoomBanStore::list(std::uint64_t now) {
  std::vector<std::pair<std::string, std::string>> gone;
  std::vector<RoomBanEntry> out;
  for (const auto& [key, ban] : bans_) {
    if (expired(ban, now))
      gone.push_back(key);
    else
      out.push_back(ban);
  }
  for (const auto& [room, user] : gone) erase(room, user);
  return out;
}

}  // namespace wpn::session
