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
  name = without_nul(std::move(name), p::MaxRoomNameLength + 1);
  if (name.empty() || name.size() > p::MaxRoomNameLength || tcp_port == 0) return false;
  const auto key = std::make_pair(ip, tcp_port);
  auto it = rooms_.find(key);
  if (it == rooms_.end()) {
    if (rooms_.size() >= config_.max_rooms) return false;
    it = rooms_.emplace(key, Room{}).first;
  }
  auto& entry = it->second.entry;
  entry.name = p::listed_room_name(name, ip, tcp_port);
  entry.topic = without_nul(std::move(topic), p::MaxRoomTopicLength);
  entry.users = users;
  entry.limit = limit;
  it->second.renewed = now;
  return true;
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

}  // namespace wpn::overlay
