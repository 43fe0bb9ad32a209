#pragma once
// The OpenWPN hub link (docs/hub-link.md): our own messages between OpenWPN
// hubs, framed as protocol.md §5 on a connection opened with the "OWL1"
// greeting and key ids 0x5C/0x5D. Not WinMX: never offered on 0x50. Also the
// 17-byte "OWR1" registration a hub sends to a peer cache.
//
// Scheme as the other families: one struct per message, encode appends the
// payload, decode_<x> reads one, decode_hub_link_message(type, payload)
// dispatches. A hub id is the 6 bytes [ip4][udp port] of a WPN handle, held as
// a NodeHandle.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/codecs/session.h"
#include "protocol/errors.h"

namespace wpn::protocol {

namespace link {
inline constexpr std::uint16_t Hello = 0x4C01;
inline constexpr std::uint16_t KeepAlive = 0x4C02;
inline constexpr std::uint16_t HubAnnounce = 0x4C03;
inline constexpr std::uint16_t Search = 0x4C10;
inline constexpr std::uint16_t SearchHit = 0x4C11;
inline constexpr std::uint16_t SearchStop = 0x4C12;
inline constexpr std::uint16_t RoutedRequest = 0x4C20;
inline constexpr std::uint16_t RoutedDelivery = 0x4C21;
inline constexpr std::uint16_t UserNotHere = 0x4C22;
inline constexpr std::uint16_t RoomQuery = 0x4C30;
inline constexpr std::uint16_t RoomEntry = 0x4C31;
inline constexpr std::uint16_t RoomAnnounce = 0x4C32;

inline constexpr std::uint16_t Version = 2;  // 2: hits, deliveries and bounces name their sender
inline constexpr std::uint8_t MaxTtl = 7;
inline constexpr std::size_t MaxPayload = 65000;  // a sender's limit, inner frame included
inline constexpr std::size_t MaxRoomNameLength = 64;
inline constexpr std::size_t MaxTopicLength = 512;
}  // namespace link

inline constexpr std::array<Byte, 4> LinkGreeting{0x4F, 0x57, 0x4C, 0x31};         // "OWL1"
inline constexpr std::array<Byte, 4> RegistrationMagic{0x4F, 0x57, 0x52, 0x31};    // "OWR1"
inline constexpr std::array<Byte, 4> CandidateQueryMagic{0x4F, 0x57, 0x51, 0x31};  // "OWQ1"
inline constexpr std::array<Byte, 4> CandidateListMagic{0x4F, 0x57, 0x43, 0x31};   // "OWC1"
inline constexpr std::array<Byte, 4> LinkReportMagic{0x4F, 0x57, 0x50, 0x31};      // "OWP1"

// Where a hub is reached and how full it is.
struct HubEndpoint {
  NodeHandle hub;  // public IPv4 + advertised UDP port: the users' handle
  std::uint16_t tcp_port = 0;
  std::uint16_t link_port = 0;
  std::uint8_t free_secondary = 0;
  std::uint8_t free_primary = 0;

  friend bool operator==(const HubEndpoint&, const HubEndpoint&) = default;
};

struct LinkHello {
  static constexpr std::uint16_t Type = link::Hello;
  std::uint16_t version = link::Version;
  HubEndpoint self;
  friend bool operator==(const LinkHello&, const LinkHello&) = default;
};

struct LinkKeepAlive {
  static constexpr std::uint16_t Type = link::KeepAlive;
  std::uint8_t free_secondary = 0;
  std::uint8_t free_primary = 0;
  friend bool operator==(const LinkKeepAlive&, const LinkKeepAlive&) = default;
};

struct HubAnnounce {
  static constexpr std::uint16_t Type = link::HubAnnounce;
  std::uint32_t sequence = 0;
  std::uint8_t ttl = 0;
  std::uint8_t hops = 0;
  HubEndpoint hub;
  friend bool operator==(const HubAnnounce&, const HubAnnounce&) = default;
};

// A secondary's 0x1771 / 0x1772 frame flooded across the mesh.
struct LinkSearch {
  static constexpr std::uint16_t Type = link::Search;
  std::uint32_t query_id = 0;
  NodeHandle origin;
  std::uint8_t ttl = 0;
  std::uint8_t hops = 0;
  std::uint16_t wpn_type = 0;
  Bytes wpn_payload;
  friend bool operator==(const LinkSearch&, const LinkSearch&) = default;
};

// One 0x177A payload on its way back to the origin hub, from the hub that holds
// the file (whose id the payload's holder handle must carry).
struct LinkSearchHit {
  static constexpr std::uint16_t Type = link::SearchHit;
  std::uint32_t query_id = 0;
  NodeHandle origin;
  NodeHandle responder;
  Bytes result;
  friend bool operator==(const LinkSearchHit&, const LinkSearchHit&) = default;
};

struct LinkSearchStop {
  static constexpr std::uint16_t Type = link::SearchStop;
  std::uint32_t query_id = 0;
  NodeHandle origin;
  std::uint8_t ttl = 0;
  friend bool operator==(const LinkSearchStop&, const LinkSearchStop&) = default;
};

// A frame a secondary addressed to a user on another hub, with who asked.
struct RoutedRequest {
  static constexpr std::uint16_t Type = link::RoutedRequest;
  NodeHandle target;
  NodeHandle origin;
  std::uint8_t ttl = 0;
  Ip4 requester_ip{};
  std::uint16_t requester_data_port = 0;
  LineType requester_line_type = LineType::Unknown;
  std::string requester;
  std::uint16_t wpn_type = 0;
  Bytes wpn_payload;
  friend bool operator==(const RoutedRequest&, const RoutedRequest&) = default;
};

// A frame for one secondary of the target hub, from the hub that acted on its
// request (sender).
struct RoutedDelivery {
  static constexpr std::uint16_t Type = link::RoutedDelivery;
  NodeHandle target;
  NodeHandle sender;
  std::uint8_t ttl = 0;
  std::string user;
  std::uint16_t wpn_type = 0;
  Bytes wpn_payload;
  friend bool operator==(const RoutedDelivery&, const RoutedDelivery&) = default;
};

enum class NotHereReason : std::uint8_t { NoSuchUser = 1, HubUnreachable = 2 };

// A RoutedRequest that could not be delivered, returned to its origin (target
// here) by the hub that gave up on it (sender).
struct UserNotHere {
  static constexpr std::uint16_t Type = link::UserNotHere;
  NodeHandle target;
  NodeHandle sender;
  std::uint8_t ttl = 0;
  NotHereReason reason = NotHereReason::HubUnreachable;
  std::string requester;
  std::uint16_t wpn_type = 0;
  Bytes wpn_payload;
  friend bool operator==(const UserNotHere&, const UserNotHere&) = default;
};

struct RoomQuery {
  static constexpr std::uint16_t Type = link::RoomQuery;
  std::uint32_t query_id = 0;
  NodeHandle origin;
  std::uint8_t ttl = 0;
  friend bool operator==(const RoomQuery&, const RoomQuery&) = default;
};

struct RoomEntry {
  static constexpr std::uint16_t Type = link::RoomEntry;
  std::uint32_t query_id = 0;
  NodeHandle origin;
  std::uint32_t users = 0;
  std::uint32_t limit = 0;
  std::string room;
  std::string topic;
  friend bool operator==(const RoomEntry&, const RoomEntry&) = default;
};

// One room registered with a hub, as RoomAnnounce carries it: its host's address and
// TCP port and its base name (the listed "_IIIIIIIIPPPP" suffix is rebuilt from them).
struct AnnouncedRoom {
  Ip4 ip{};
  std::uint16_t port = 0;
  std::uint32_t users = 0;
  std::uint32_t limit = 0;
  std::string name;
  std::string topic;
  friend bool operator==(const AnnouncedRoom&, const AnnouncedRoom&) = default;
};

// The rooms registered with `hub`, flooded like HubAnnounce (docs/hub-link.md §3.4).
struct RoomAnnounce {
  static constexpr std::uint16_t Type = link::RoomAnnounce;
  std::uint32_t sequence = 0;
  std::uint8_t ttl = 0;
  NodeHandle hub;
  std::vector<AnnouncedRoom> rooms;
  friend bool operator==(const RoomAnnounce&, const RoomAnnounce&) = default;
};
// Bytes one room adds to a RoomAnnounce payload (after the 13-byte head).
std::size_t encoded_size(const AnnouncedRoom& room) noexcept;
inline constexpr std::size_t RoomAnnounceHeadLength = 13;

using HubLinkMessage = std::variant<LinkHello, LinkKeepAlive, HubAnnounce, LinkSearch, LinkSearchHit, LinkSearchStop,
                                    RoutedRequest, RoutedDelivery, UserNotHere, RoomQuery, RoomEntry, RoomAnnounce>;

void encode(const LinkHello& message, Bytes& out);
void encode(const LinkKeepAlive& message, Bytes& out);
void encode(const HubAnnounce& message, Bytes& out);
void encode(const LinkSearch& message, Bytes& out);
void encode(const LinkSearchHit& message, Bytes& out);
void encode(const LinkSearchStop& message, Bytes& out);
void encode(const RoutedRequest& message, Bytes& out);
void encode(const RoutedDelivery& message, Bytes& out);
void encode(const UserNotHere& message, Bytes& out);
void encode(const RoomQuery& message, Bytes& out);
void encode(const RoomEntry& message, Bytes& out);
void encode(const RoomAnnounce& message, Bytes& out);
void encode(const HubLinkMessage& message, Bytes& out);

// Fixed-size messages fail on trailing bytes; messages ending in a carried WPN
// payload take the rest. A Hello of another version decodes (the link machine
// closes on it).
DecodeResult<HubLinkMessage> decode_hub_link_message(std::uint16_t type, ByteView payload);
std::uint16_t type_of(const HubLinkMessage& message) noexcept;
bool is_hub_link_type(std::uint16_t type) noexcept;

// The 17-byte "OWR1" registration a hub sends to a peer cache (docs/hub-link.md
// §6).
struct CacheRegistration {
  std::uint8_t version = 1;
  HubEndpoint hub;
  friend bool operator==(const CacheRegistration&, const CacheRegistration&) = default;
};
inline constexpr std::size_t CacheRegistrationLength = 17;

void encode(const CacheRegistration& registration, Bytes& out);
// Exactly 17 bytes; a wrong magic is BadValue at 0, a version other than 1
// BadValue at 4.
DecodeResult<CacheRegistration> decode_cache_registration(ByteView bytes);

// A hub's request for link candidates ("OWQ1", sent right after its registration on the
// same connection) and the cache's answer after its 149-byte reply: "OWC1", a count and
// that many endpoints (docs/hub-link.md §6.1). Never sent to a client that did not ask.
inline constexpr std::size_t CandidateQueryLength = 4;
inline constexpr std::size_t MaxLinkCandidates = 10;
inline constexpr std::size_t CandidateEntryLength = 12;
inline constexpr std::size_t CandidateListHeadLength = 5;
struct LinkCandidates {
  std::vector<HubEndpoint> hubs;  // at most MaxLinkCandidates
  friend bool operator==(const LinkCandidates&, const LinkCandidates&) = default;
};
void encode(const LinkCandidates& candidates, Bytes& out);
// The whole answer: a wrong magic is BadValue at 0, a count over MaxLinkCandidates
// BadValue at 4; fewer bytes than the count needs are Truncated, more TrailingBytes.
DecodeResult<LinkCandidates> decode_link_candidates(ByteView bytes);
// How many bytes the answer starting with `head` has in all (nullopt: too short to tell).
std::optional<std::size_t> link_candidates_length(ByteView head);

// A registered hub's report of its live link peers ("OWP1", after its registration and
// "OWQ1" on the same connection, docs/hub-link.md §6.2): the same layout as the candidate
// list under its own magic. The cache checks each hub itself before listing it.
struct LinkReport {
  std::vector<HubEndpoint> hubs;  // at most MaxLinkCandidates
  friend bool operator==(const LinkReport&, const LinkReport&) = default;
};
void encode(const LinkReport& report, Bytes& out);
// As decode_link_candidates, with "OWP1" as the magic.
DecodeResult<LinkReport> decode_link_report(ByteView bytes);

}  // namespace wpn::protocol
