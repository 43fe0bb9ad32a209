#pragma once
// The chat-room values of the Engine facade (chat.md): rooms listed by the hub, rooms we
// are in, their users and recent lines, and rooms we host. Texts are UTF-8; a line keeps
// its colours as spans next to its plain text.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wpn::session {

// One 0x238E answer: a room somewhere on the network.
struct ListedRoom {
  std::string name;       // with its "_IIIIIIIIPPPP" suffix: what a join takes
  std::string base_name;  // without the suffix, for display
  std::string host;       // dotted IPv4 from the suffix
  std::uint16_t port = 0;
  std::uint32_t users = 0;
  std::uint32_t limit = 0;
  std::string topic;
  friend bool operator==(const ListedRoom&, const ListedRoom&) = default;
};

enum class RoomRank { Normal, Operator, Voiced };

struct RoomUser {
  std::string name;
  std::string handle;  // "WinMX 0100007f1871": browse, whois and PM go through it
  std::uint16_t line_type = 0;
  std::uint32_t files = 0;
  RoomRank rank = RoomRank::Normal;
  friend bool operator==(const RoomUser&, const RoomUser&) = default;
};

struct ColourRun {
  std::string text;
  std::optional<std::uint8_t> colour;  // none: the default colour
  friend bool operator==(const ColourRun&, const ColourRun&) = default;
};

// Kinds: "chat", "action", "server", "command_echo", "motd", "topic", "joined", "left",
// "renamed", "notice" (chat::line_kind_name).
struct RoomLine {
  std::uint64_t seq = 0;
  std::uint64_t at_unix_ms = 0;
  std::string kind;
  std::string name;
  std::string text;  // colours stripped
  std::vector<ColourRun> spans;
  friend bool operator==(const RoomLine&, const RoomLine&) = default;
};

// Closed: ended by a kick, a ban or a rejection; the history stays readable until left.
enum class RoomState { Connecting, Joined, Reconnecting, Closed };

// A room we are in (or are about to be in again).
struct RoomInfo {
  std::string key;      // what the join was given: a listed name or HOST:PORT
  std::string name;     // the listed name sent in 0x0064
  std::string address;  // HOST:PORT
  std::string own_name;
  RoomState state = RoomState::Connecting;
  std::string topic;
  std::size_t users = 0;
  std::uint32_t reconnects = 0;
  std::string last_end;  // why the last connection ended (chat::end_reason_name), if one did
  std::string last_text;
};

struct RoomHistory {
  std::string key;
  std::vector<RoomLine> lines;
};

struct HostedRoomInfo {
  std::string name;  // base name
  std::string listed_name;
  std::uint16_t port = 0;
  std::string topic;
  std::size_t users = 0;
  std::size_t limit = 0;
  bool running = false;
  std::vector<std::string> members;
};

struct RoomBanEntry {
  std::string room;  // base name of the hosted room
  std::string user;  // the user key (name without "###_NNNNN", lower case)
  std::string name;
  std::string ip;
  std::uint64_t until_unix = 0;  // 0 = until lifted
  std::string by;
};

}  // namespace wpn::session
