#include "model/chat_lines.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace wpn::tray {

namespace {

constexpr std::size_t SuffixDigits = 12;

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!word.empty()) words.push_back(lower(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(lower(word));
  return words;
}

bool is_room_kind(std::string_view kind) { return kind != "chat" && kind != "action" && kind != "command_echo"; }

}  // namespace

ChatLine chat_line_of(const ipc::RoomLineDto& line, const std::string& own_name) {
  ChatLine out;
  out.from = line.name;
  out.kind = line.kind;
  out.seq = line.seq;
  out.action = line.kind == "action";
  out.own = !own_name.empty() && line.name == own_name;
  if (line.spans.empty()) {
    out.text = line.text;
    return out;
  }
  for (const auto& span : line.spans) {
    const bool coloured = span.colour > 0 && span.colour < 256;
    if (coloured) out.text += std::string{'\x03', static_cast<char>(span.colour)};
    out.text += span.text;
    if (!span.text.empty()) out.spans.push_back({coloured ? static_cast<int>(span.colour) : 0, span.text});
  }
  return out;
}

std::vector<ColouredSpan> line_spans(const ChatLine& line) {
  std::vector<ColouredSpan> spans;
  if (line.action) {
    spans.push_back({0, "* " + line.from + " "});
  } else if (is_room_kind(line.kind)) {
    spans.push_back({0, "-- "});
    if (line.kind == "joined") spans.push_back({0, line.from + " joined"});
    if (line.kind == "left") spans.push_back({0, line.from + " left"});
    if (line.kind == "topic") spans.push_back({0, "Topic: "});
  } else if (!line.from.empty()) {
    spans.push_back({0, "<" + line.from + "> "});
  }
  for (auto& span : line.spans.empty() ? parse_colours(line.text) : line.spans) spans.push_back(std::move(span));
  return spans;
}

std::string room_base_name(std::string_view listed) {
  const auto cut = listed.rfind('_');
  if (cut == std::string_view::npos || cut == 0 || listed.size() - cut - 1 != SuffixDigits) return std::string(listed);
  for (char c : listed.substr(cut + 1))
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::string(listed);
  return std::string(listed.substr(0, cut));
}

std::vector<ipc::ListedRoomDto> filter_rooms(const std::vector<ipc::ListedRoomDto>& rooms, std::string_view filter) {
  const auto words = words_of(filter);
  std::vector<ipc::ListedRoomDto> out;
  for (const auto& room : rooms) {
    const auto haystack = lower(room_base_name(room.name) + " " + room.topic);
    if (std::all_of(words.begin(), words.end(),
                    [&](const std::string& word) { return haystack.find(word) != std::string::npos; }))
      out.push_back(room);
  }
  return out;
}

std::string line_type_text(std::uint64_t line_type) {
  static constexpr std::array<const char*, 11> Names{"Unknown",   "14.4K", "28.8K", "33.6K", "56K", "ISDN-64K",
                                                     "ISDN-128K", "Cable", "DSL",   "T1",    "T3"};
  return line_type < Names.size() ? Names[line_type] : "Unknown";
}

std::string room_state_text(const ipc::RoomDto& room) {
  if (room.state == "joined") return "";
  if (room.state == "connecting") return "Joining\u2026";
  if (room.state == "reconnecting") return "Connection lost, joining again\u2026";
  std::string why;
  if (room.last_end == "kicked")
    why = "Kicked by the host";
  else if (room.last_end == "banned")
    why = "Banned by the host";
  else if (room.last_end == "rejected")
    why = "Rejected by the host";
  else if (room.last_end == "left")
    why = "Left";
  else if (room.last_end.empty())
    why = "Closed";
  else
    why = "Closed (" + room.last_end + ")";
  const auto said = strip_colours(room.last_text);
  return said.empty() ? why : why + ": " + said;
}

std::string hosted_name(const ipc::HostedRoomsDto& hosted, const ipc::RoomDto& room) {
  for (const auto& ours : hosted.rooms) {
    if (ours.listed_name.empty()) continue;
    if (ours.listed_name == room.name || ours.listed_name == room.key) return ours.name;
    // Joined by HOST:PORT: the listed name ends in the same address as the one we host.
    if (!room.name.empty() && room_base_name(room.name) != room.name &&
        room_base_name(ours.listed_name) != ours.listed_name &&
        room.name.substr(room.name.size() - SuffixDigits) ==
            ours.listed_name.substr(ours.listed_name.size() - SuffixDigits))
      return ours.name;
  }
  return "";
}

std::string room_title(const ipc::RoomDto& room, const std::vector<ipc::ListedRoomDto>& listed,
                       const ipc::HostedRoomsDto& hosted) {
  const std::string& name = room.name.empty() ? room.key : room.name;
  if (room.key.find(':') == std::string::npos || room_base_name(name) == name) return room_base_name(name);
  const auto suffix = name.substr(name.size() - SuffixDigits);
  for (const auto& entry : listed)
    if (room_base_name(entry.name) != entry.name && entry.name.substr(entry.name.size() - SuffixDigits) == suffix)
      return room_base_name(entry.name);
  if (const auto ours = hosted_name(hosted, room); !ours.empty()) return ours;
  return room.key;
}

bool hosted_here(const ipc::HostedRoomsDto& hosted, const ipc::RoomDto& room) {
  return !hosted_name(hosted, room).empty();
}

}  // namespace wpn::tray
