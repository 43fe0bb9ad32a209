#pragma once
// Named WPN message types (protocol.md §8, filesharing.md §4.1). Written in hex
// as the community pages do; the decimal number is in the comment.

#include <cstdint>

namespace wpn::protocol::msg {

// session and keep-alive
inline constexpr std::uint16_t Status = 0x0384;           // 900   S->P queue/status text
inline constexpr std::uint16_t FullName = 0x038D;         // 909   S->P full user name
inline constexpr std::uint16_t NameQueueNotice = 0x038E;  // 910   S->P layout unknown
inline constexpr std::uint16_t NodeChange = 0x039D;       // 925   P->S layout unknown
inline constexpr std::uint16_t NodeList = 0x03A1;         // 929   P->S 8 node records
inline constexpr std::uint16_t Login = 0x03E9;            // 1001  S->P login / rename
inline constexpr std::uint16_t LoginAccepted = 0x0460;    // 1120  P->S client id

// shares
inline constexpr std::uint16_t ShareFile = 0x0FA1;      // 4001
inline constexpr std::uint16_t UnshareFile = 0x0FA2;    // 4002
inline constexpr std::uint16_t ShareFolder = 0x0FA3;    // 4003
inline constexpr std::uint16_t UnshareFolder = 0x0FA4;  // 4004

// whois and private messages
inline constexpr std::uint16_t WhoisRequest = 0x1389;  // 5001
inline constexpr std::uint16_t WhoisAnswer = 0x138A;   // 5002
inline constexpr std::uint16_t WhoisFailed = 0x138B;   // 5003
inline constexpr std::uint16_t PmSend = 0x13EC;        // 5100  S->P
inline constexpr std::uint16_t PmDelivered = 0x13ED;   // 5101  P->S
inline constexpr std::uint16_t PmIncoming = 0x13F6;    // 5110  P->S
inline constexpr std::uint16_t PmReceived = 0x144F;    // 5199  S->P

// search
inline constexpr std::uint16_t Search = 0x1771;        // 6001
inline constexpr std::uint16_t HashSearch = 0x1772;    // 6002
inline constexpr std::uint16_t SearchStop = 0x1775;    // 6005
inline constexpr std::uint16_t SearchResult = 0x177A;  // 6010

// browse
inline constexpr std::uint16_t BrowseRequest = 0x1B59;   // 7001
inline constexpr std::uint16_t BrowseEnd = 0x1B5A;       // 7002
inline constexpr std::uint16_t BrowseEntry = 0x1BBC;     // 7100
inline constexpr std::uint16_t BrowseComplete = 0x1BC6;  // 7110
inline constexpr std::uint16_t BrowseFailed = 0x1BD0;    // 7120

// transfer management (secondary -> primary)
inline constexpr std::uint16_t DownloadRequest = 0x1F41;  // 8001
inline constexpr std::uint16_t PushRequest = 0x1F4A;      // 8010
inline constexpr std::uint16_t UploadRefused = 0x1F54;    // 8020
inline constexpr std::uint16_t UploadQueued = 0x1F5E;     // 8030
inline constexpr std::uint16_t UploadReady = 0x1F68;      // 8040
// transfer management (primary -> secondary)
inline constexpr std::uint16_t DownloadFailed = 0x1FA4;   // 8100
inline constexpr std::uint16_t UploadWithdrawn = 0x1FAE;  // 8110
inline constexpr std::uint16_t UploadRequested = 0x1FB8;  // 8120
inline constexpr std::uint16_t DownloadStart = 0x1FC2;    // 8130
inline constexpr std::uint16_t DownloadQueued = 0x1FCC;   // 8140
inline constexpr std::uint16_t UploadStart = 0x1FD6;      // 8150

// chat-room list
inline constexpr std::uint16_t RoomListRequest = 0x238D;  // 9101
inline constexpr std::uint16_t RoomListEntry = 0x238E;    // 9102

}  // namespace wpn::protocol::msg
