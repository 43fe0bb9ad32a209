#include "overlay/hub_rooms.h"

#include <algorithm>

namespace wpn::overlay {

namespace p = protocol;

namespace {

// Strings go out NUL-terminated: a NUL inside would end them early on every reader.
std::string without_nul(std::string text, std::size_t max) {
  text.erase(std::remove(text.begin(), text.end(), '\0'), text.end());
  if (text.size() > max) text.resize(max);
  return text;
}

}  // namespace

bool HubRooms::register_room(const p::Ip4& ip, std::uint16_t tcp_port, std::string name, std::string topic,
                             std::uint32_t users, std::uint32_t limit, Millis now) {
  return store(p::AnnouncedRoom{ip, tcp_port, users, limit, std::move(name), std::move(topic)}, std::nullopt, now);
}

bool HubRooms::store(const p::AnnouncedRoom& room, std::optional<p::NodeHandle> announced_by, Millis now) {
  std::string name = without_nul(room.name, p::MaxRoomNameLength + 1);
  if (name.empty() || name.size() > p::MaxRoomNameLength || room.port == 0) return false;
  const auto key = std::make_pair(room.ip, room.port);
  auto it = rooms_.find(key);
  if (it == rooms_.end()) {
    if (rooms_.size() >= config_.max_rooms) return false;
    it = rooms_.emplace(key, Room{}).first;
  } else if (announced_by && !it->second.announced_by) {
    return false;  // registered here: our own registration is the fresher truth
  }
  auto& kept = it->second;
  kept.entry.name = p::listed_room_name(name, room.ip, room.port);
  kept.entry.topic = without_nul(room.topic, p::MaxRoomTopicLength);
  kept.entry.users = room.users;
  kept.entry.limit = room.limit;
  kept.registered = p::AnnouncedRoom{room.ip, room.port, room.users, room.limit, std::move(name), kept.entry.topic};
  kept.announced_by = announced_by;
  kept.renewed = now;
  return true;
}

void HubRooms::replace_announced(const p::NodeHandle& hub, const std::vector<p::AnnouncedRoom>& rooms, Millis now) {
  std::erase_if(rooms_, [&](const auto& item) { return item.second.announced_by == hub; });
  for (const auto& room : rooms) store(room, hub, now);
}

bool HubRooms::register_room(const p::Ip4& source, const p::RoomAnnouncement& announcement, Millis now) {
  return register_room(source, announcement.port, announcement.name, announcement.topic, announcement.users,
                       announcement.limit, now);
}

void HubRooms::remove_room(const p::Ip4& ip, std::uint16_t tcp_port) { rooms_.erase(std::make_pair(ip, tcp_port)); }

void HubRooms::expire(Millis now) {
  std::erase_if(rooms_, [&](const auto& item) { return now >= item.second.renewed + config_.max_age; });
}

std::vector<p::RoomListEntry> HubRooms::entries() const {
  std::vector<p::RoomListEntry> out;
  out.reserve(rooms_.size());
  for (const auto& [key, room] : rooms_) out.push_back(room.entry);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

std::vector<p::AnnouncedRoom> HubRooms::local_rooms() const {
  std::vector<p::AnnouncedRoom> out;
  for (const auto& [key, room] : rooms_)
    if (!room.announced_by) out.push_back(room.registered);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace wpn::overlay
