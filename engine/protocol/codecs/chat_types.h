#pragma once
// Frame types of a chat-room connection (chat.md §5-§7), client and room host.
// A separate namespace from msg:: because a chat connection reuses numbers that
// mean something else on a secondary session (0x13ED, 0x13EE, 0x00C8).

#include <cstddef>
#include <cstdint>

namespace wpn::protocol::chat_msg {

// joining (§5)
inline constexpr std::uint16_t Join = 0x0064;             // C->S room, line, node, files, name
inline constexpr std::uint16_t Details = 0x0065;          // C->S rename / detail change (§7.6)
inline constexpr std::uint16_t Joined = 0x0066;           // S->C first frame of the burst
inline constexpr std::uint16_t ServerSpeaks353 = 0x0068;  // S->C
inline constexpr std::uint16_t Hello353 = 0x13ED;         // C->S "I speak 3.53"
inline constexpr std::uint16_t RedirectedFrom = 0x13EE;   // C->S previous room name
inline constexpr std::uint16_t ColourFormat = 0x9904;     // S->C "#c%d#"
inline constexpr std::uint16_t Software = 0x9905;         // both: software and version

// user records (§6)
inline constexpr std::uint16_t UserJoinedLegacy = 0x006E;   // 3.31
inline constexpr std::uint16_t UserListedLegacy = 0x006F;   // 3.31
inline constexpr std::uint16_t UserRenamedLegacy = 0x0070;  // 3.31
inline constexpr std::uint16_t UserJoined = 0x0071;         // 3.53
inline constexpr std::uint16_t UserListed = 0x0072;         // 3.53
inline constexpr std::uint16_t UserLeft = 0x0073;           // both
inline constexpr std::uint16_t UserRenamed = 0x0074;        // 3.53, also rank changes
inline constexpr std::uint16_t UserJoinedWithIp = 0x0075;   // 3.53, to admins

// text (§7.1-§7.5, §7.8)
inline constexpr std::uint16_t Motd = 0x0078;         // S->C
inline constexpr std::uint16_t SayLegacy = 0x00C8;    // C->S 3.31 say
inline constexpr std::uint16_t Line = 0x00C9;         // S->C name, text, [rank]
inline constexpr std::uint16_t EmoteLegacy = 0x00CA;  // C->S 3.31 action
inline constexpr std::uint16_t ActionLine = 0x00CB;   // S->C name, text; empty name = server text
inline constexpr std::uint16_t ServerLine = 0x00D2;   // S->C complete line with colours
inline constexpr std::uint16_t CommandEcho = 0x00D3;  // S->C operator line
inline constexpr std::uint16_t Topic = 0x012C;        // S->C
inline constexpr std::uint16_t RoomRenamed = 0x012D;  // S->C new base name
inline constexpr std::uint16_t Redirect = 0x0190;     // S->C full room name
inline constexpr std::uint16_t Say = 0x1450;          // C->S 3.53 say, /me and /commands

// keep-alive and extensions (§7.9, §7.10)
inline constexpr std::uint16_t KeepAlive = 0xFDE8;       // both, any payload
inline constexpr std::uint16_t IpClientOffer = 0x9900;   // S->C
inline constexpr std::uint16_t IpClientAccept = 0x9901;  // C->S

}  // namespace wpn::protocol::chat_msg

namespace wpn::protocol {

// §4: Nushi's frame class and nuggit's send buffer hold 1024 bytes, header
// included; a receiver accepts anything the u16 length allows.
inline constexpr std::size_t ChatMaxSendFrame = 1024;
inline constexpr std::size_t ChatMaxSendPayload = ChatMaxSendFrame - 4;

}  // namespace wpn::protocol
