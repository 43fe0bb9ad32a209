#include "protocol/codecs/hub_link.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "protocol/codecs/message_family.h"

namespace wpn::protocol {
namespace {

// Reads fields in order and keeps the first error, so each decoder is a flat
// list.
class Fields {
 public:
  explicit Fields(ByteView data) : reader_(data) {}

  std::uint8_t u8() { return take(reader_.u8()); }
  std::uint16_t u16() { return take(reader_.u16le()); }
  std::uint32_t u32() { return take(reader_.u32le()); }
  Ip4 ip4() { return take(read_ip4(reader_)); }
  std::string text(std::size_t max) { return take(reader_.cstr(max)); }
  NodeHandle hub() {
    NodeHandle h;
    h.ip = ip4();
    h.udp_port = u16();
    return h;
  }
  HubEndpoint endpoint() {
    HubEndpoint e;
    e.hub = hub();
    e.tcp_port = u16();
    e.link_port = u16();
    e.free_secondary = u8();
    e.free_primary = u8();
    return e;
  }
  Bytes rest() {
    if (error_) return {};
    const ByteView r = reader_.rest();
    return Bytes(r.begin(), r.end());
  }
  void end() {
    if (error_) return;
    if (auto e = reader_.expect_end(); !e) error_ = e.error();
  }

  template <class T>
  DecodeResult<T> result(T value) {
    if (error_) return tl::unexpected(*error_);
    return value;
  }

 private:
  template <class T>
  T take(DecodeResult<T> r) {
    if (error_) return T{};
    if (!r) {
      error_ = r.error();
      return T{};
    }
    return std::move(*r);
  }

  ByteReader reader_;
  std::optional<DecodeError> error_;
};

void write_hub(ByteWriter& w, const NodeHandle& hub) {
  write_ip4(w, hub.ip);
  w.u16le(hub.udp_port);
}

void write_endpoint(ByteWriter& w, const HubEndpoint& e) {
  write_hub(w, e.hub);
  w.u16le(e.tcp_port);
  w.u16le(e.link_port);
  w.u8(e.free_secondary);
  w.u8(e.free_primary);
}

DecodeResult<LinkHello> decode_hello(ByteView payload) {
  Fields f(payload);
  LinkHello m;
  m.version = f.u16();
  m.self = f.endpoint();
  f.end();
  return f.result(std::move(m));
}

DecodeResult<LinkKeepAlive> decode_keep_alive(ByteView payload) {
  Fields f(payload);
  LinkKeepAlive m;
  m.free_secondary = f.u8();
  m.free_primary = f.u8();
  f.end();
  return f.result(m);
}

DecodeResult<HubAnnounce> decode_announce(ByteView payload) {
  Fields f(payload);
  HubAnnounce m;
  m.sequence = f.u32();
  m.ttl = f.u8();
  m.hops = f.u8();
  m.hub = f.endpoint();
  f.end();
  return f.result(m);
}

DecodeResult<LinkSearch> decode_search(ByteView payload) {
  Fields f(payload);
  LinkSearch m;
  m.query_id = f.u32();
  m.origin = f.hub();
  m.ttl = f.u8();
  m.hops = f.u8();
  m.wpn_type = f.u16();
  m.wpn_payload = f.rest();
  return f.result(std::move(m));
}

DecodeResult<LinkSearchHit> decode_search_hit(ByteView payload) {
  Fields f(payload);
  LinkSearchHit m;
  m.query_id = f.u32();
  m.origin = f.hub();
  m.responder = f.hub();
  m.result = f.rest();
  return f.result(std::move(m));
}

DecodeResult<LinkSearchStop> decode_search_stop(ByteView payload) {
  Fields f(payload);
  LinkSearchStop m;
  m.query_id = f.u32();
  m.origin = f.hub();
  m.ttl = f.u8();
  f.end();
  return f.result(m);
}

DecodeResult<RoutedRequest> decode_routed_request(ByteView payload) {
  Fields f(payload);
  RoutedRequest m;
  m.target = f.hub();
  m.origin = f.hub();
  m.ttl = f.u8();
  m.requester_ip = f.ip4();
  m.requester_data_port = f.u16();
  m.requester_line_type = static_cast<LineType>(f.u16());
  m.requester = f.text(MaxNameLength);
  m.wpn_type = f.u16();
  m.wpn_payload = f.rest();
  return f.result(std::move(m));
}

DecodeResult<RoutedDelivery> decode_routed_delivery(ByteView payload) {
  Fields f(payload);
  RoutedDelivery m;
  m.target = f.hub();
  m.sender = f.hub();
  m.ttl = f.u8();
  m.user = f.text(MaxNameLength);
  m.wpn_type = f.u16();
  m.wpn_payload = f.rest();
  return f.result(std::move(m));
}

DecodeResult<UserNotHere> decode_user_not_here(ByteView payload) {
  Fields f(payload);
  UserNotHere m;
  m.target = f.hub();
  m.sender = f.hub();
  m.ttl = f.u8();
  const std::uint8_t reason = f.u8();
  m.requester = f.text(MaxNameLength);
  m.wpn_type = f.u16();
  m.wpn_payload = f.rest();
  auto result = f.result(std::move(m));
  if (result && reason != 1 && reason != 2) return decode_error(DecodeErrc::BadValue, 13);
  if (result) result->reason = static_cast<NotHereReason>(reason);
  return result;
}

DecodeResult<RoomQuery> decode_room_query(ByteView payload) {
  Fields f(payload);
  RoomQuery m;
  m.query_id = f.u32();
  m.origin = f.hub();
  m.ttl = f.u8();
  f.end();
  return f.result(m);
}

DecodeResult<RoomEntry> decode_room_entry(ByteView payload) {
  Fields f(payload);
  RoomEntry m;
  m.query_id = f.u32();
  m.origin = f.hub();
  m.users = f.u32();
  m.limit = f.u32();
  m.room = f.text(link::MaxRoomNameLength);
  m.topic = f.text(link::MaxTopicLength);
  f.end();
  return f.result(std::move(m));
}

DecodeResult<RoomAnnounce> decode_room_announce(ByteView payload) {
  Fields f(payload);
  RoomAnnounce m;
  m.sequence = f.u32();
  m.ttl = f.u8();
  m.hub = f.hub();
  const std::uint16_t count = f.u16();
  // Each room takes at least 16 bytes: a count the payload cannot hold fails at its end.
  m.rooms.reserve(std::min<std::size_t>(count, payload.size() / 16));
  for (std::uint16_t i = 0; i < count; ++i) {
    AnnouncedRoom room;
    room.ip = f.ip4();
    room.port = f.u16();
    room.users = f.u32();
    room.limit = f.u32();
    room.name = f.text(link::MaxRoomNameLength);
    room.topic = f.text(link::MaxTopicLength);
    if (!f.result(0)) break;
    m.rooms.push_back(std::move(room));
  }
  f.end();
  return f.result(std::move(m));
}

}  // namespace

void encode(const LinkHello& m, Bytes& out) {
  ByteWriter w(out);
  w.u16le(m.version);
  write_endpoint(w, m.self);
}

void encode(const LinkKeepAlive& m, Bytes& out) {
  ByteWriter w(out);
  w.u8(m.free_secondary);
  w.u8(m.free_primary);
}

void encode(const HubAnnounce& m, Bytes& out) {
  ByteWriter w(out);
  w.u32le(m.sequence);
  w.u8(m.ttl);
  w.u8(m.hops);
  write_endpoint(w, m.hub);
}

void encode(const LinkSearch& m, Bytes& out) {
  ByteWriter w(out);
  w.u32le(m.query_id);
  write_hub(w, m.origin);
  w.u8(m.ttl);
  w.u8(m.hops);
  w.u16le(m.wpn_type);
  w.bytes(m.wpn_payload);
}

void encode(const LinkSearchHit& m, Bytes& out) {
  ByteWriter w(out);
  w.u32le(m.query_id);
  write_hub(w, m.origin);
  write_hub(w, m.responder);
  w.bytes(m.result);
}

void encode(const LinkSearchStop& m, Bytes& out) {
  ByteWriter w(out);
  w.u32le(m.query_id);
  write_hub(w, m.origin);
  w.u8(m.ttl);
}

void encode(const RoutedRequest& m, Bytes& out) {
  ByteWriter w(out);
  write_hub(w, m.target);
  write_hub(w, m.origin);
  w.u8(m.ttl);
  write_ip4(w, m.requester_ip);
  w.u16le(m.requester_data_port);
  w.u16le(static_cast<std::uint16_t>(m.requester_line_type));
  w.cstr(m.requester);
  w.u16le(m.wpn_type);
  w.bytes(m.wpn_payload);
}

void encode(const RoutedDelivery& m, Bytes& out) {
  ByteWriter w(out);
  write_hub(w, m.target);
  write_hub(w, m.sender);
  w.u8(m.ttl);
  w.cstr(m.user);
  w.u16le(m.wpn_type);
  w.bytes(m.wpn_payload);
}

void encode(const UserNotHere& m, Bytes& out) {
  ByteWriter w(out);
  write_hub(w, m.target);
  write_hub(w, m.sender);
  w.u8(m.ttl);
  w.u8(static_cast<std::uint8_t>(m.reason));
  w.cstr(m.requester);
  w.u16le(m.wpn_type);
  w.bytes(m.wpn_payload);
}

void encode(const RoomQuery& m, Bytes& out) {
  ByteWriter w(out);
  w.u32le(m.query_id);
  write_hub(w, m.origin);
  w.u8(m.ttl);
}

void encode(const RoomEntry& m, Bytes& out) {
  ByteWriter w(out);
  w.u32le(m.query_id);
  write_hub(w, m.origin);
  w.u32le(m.users);
  w.u32le(m.limit);
  w.cstr(m.room);
  w.cstr(m.topic);
}

std::size_t encoded_size(const AnnouncedRoom& room) noexcept { return 16 + room.name.size() + room.topic.size(); }

void encode(const RoomAnnounce& m, Bytes& out) {
  ByteWriter w(out);
  w.u32le(m.sequence);
  w.u8(m.ttl);
  write_hub(w, m.hub);
  w.u16le(static_cast<std::uint16_t>(m.rooms.size()));
  for (const auto& room : m.rooms) {
    write_ip4(w, room.ip);
    w.u16le(room.port);
    w.u32le(room.users);
    w.u32le(room.limit);
    w.cstr(room.name);
    w.cstr(room.topic);
  }
}

void encode(const HubLinkMessage& message, Bytes& out) {
  std::visit([&out](const auto& m) { encode(m, out); }, message);
}

DecodeResult<HubLinkMessage> decode_hub_link_message(std::uint16_t type, ByteView payload) {
  switch (type) {
    case link::Hello:
      return widen<HubLinkMessage>(decode_hello(payload));
    case link::KeepAlive:
      return widen<HubLinkMessage>(decode_keep_alive(payload));
    case link::HubAnnounce:
      return widen<HubLinkMessage>(decode_announce(payload));
    case link::Search:
      return widen<HubLinkMessage>(decode_search(payload));
    case link::SearchHit:
      return widen<HubLinkMessage>(decode_search_hit(payload));
    case link::SearchStop:
      return widen<HubLinkMessage>(decode_search_stop(payload));
    case link::RoutedRequest:
      return widen<HubLinkMessage>(decode_routed_request(payload));
    case link::RoutedDelivery:
      return widen<HubLinkMessage>(decode_routed_delivery(payload));
    case link::UserNotHere:
      return widen<HubLinkMessage>(decode_user_not_here(payload));
    case link::RoomQuery:
      return widen<HubLinkMessage>(decode_room_query(payload));
    case link::RoomEntry:
      return widen<HubLinkMessage>(decode_room_entry(payload));
    case link::RoomAnnounce:
      return widen<HubLinkMessage>(decode_room_announce(payload));
    default:
      return decode_error(DecodeErrc::WrongType, 0);
  }
}

std::uint16_t type_of(const HubLinkMessage& message) noexcept { return type_of_variant(message); }

bool is_hub_link_type(std::uint16_t type) noexcept {
  switch (type) {
    case link::Hello:
    case link::KeepAlive:
    case link::HubAnnounce:
    case link::Search:
    case link::SearchHit:
    case link::SearchStop:
    case link::RoutedRequest:
    case link::RoutedDelivery:
    case link::UserNotHere:
    case link::RoomQuery:
    case link::RoomEntry:
    case link::RoomAnnounce:
      return true;
    default:
      return false;
  }
}

void encode(const CacheRegistration& registration, Bytes& out) {
  ByteWriter w(out);
  w.bytes(RegistrationMagic);
  w.u8(registration.version);
  write_hub(w, registration.hub.hub);
  w.u16le(registration.hub.tcp_port);
  w.u16le(registration.hub.link_port);
  w.u8(registration.hub.free_primary);
  w.u8(registration.hub.free_secondary);
}

DecodeResult<CacheRegistration> decode_cache_registration(ByteView bytes) {
  if (bytes.size() < CacheRegistrationLength) return decode_error(DecodeErrc::Truncated, bytes.size());
  if (!std::equal(RegistrationMagic.begin(), RegistrationMagic.end(), bytes.begin()))
    return decode_error(DecodeErrc::BadValue, 0);
  Fields f(bytes.subspan(RegistrationMagic.size()));
  CacheRegistration r;
  r.version = f.u8();
  r.hub.hub = f.hub();
  r.hub.tcp_port = f.u16();
  r.hub.link_port = f.u16();
  r.hub.free_primary = f.u8();
  r.hub.free_secondary = f.u8();
  f.end();
  auto result = f.result(r);
  if (result && result->version != 1) return decode_error(DecodeErrc::BadValue, 4);
  return result;
}

namespace {

// "OWC1" and "OWP1" share one layout: magic, count, count endpoints.
void encode_endpoint_list(const std::array<Byte, 4>& magic, const std::vector<HubEndpoint>& hubs, Bytes& out) {
  ByteWriter w(out);
  w.bytes(magic);
  const auto count = std::min(hubs.size(), MaxLinkCandidates);
  w.u8(static_cast<std::uint8_t>(count));
  for (std::size_t i = 0; i < count; ++i) {
    const auto& hub = hubs[i];
    write_hub(w, hub.hub);
    w.u16le(hub.tcp_port);
    w.u16le(hub.link_port);
    w.u8(hub.free_secondary);
    w.u8(hub.free_primary);
  }
}

DecodeResult<std::vector<HubEndpoint>> decode_endpoint_list(const std::array<Byte, 4>& magic, ByteView bytes) {
  if (bytes.size() < CandidateListHeadLength) return decode_error(DecodeErrc::Truncated, bytes.size());
  if (!std::equal(magic.begin(), magic.end(), bytes.begin())) return decode_error(DecodeErrc::BadValue, 0);
  if (bytes[4] > MaxLinkCandidates) return decode_error(DecodeErrc::BadValue, 4);
  Fields f(bytes.subspan(CandidateListHeadLength));
  std::vector<HubEndpoint> hubs;
  for (std::size_t i = 0; i < bytes[4]; ++i) hubs.push_back(f.endpoint());
  f.end();
  return f.result(std::move(hubs));
}

}  // namespace

void encode(const LinkCandidates& candidates, Bytes& out) {
  encode_endpoint_list(CandidateListMagic, candidates.hubs, out);
}

void encode(const LinkReport& report, Bytes& out) { encode_endpoint_list(LinkReportMagic, report.hubs, out); }

std::optional<std::size_t> link_candidates_length(ByteView head) {
  if (head.size() < CandidateListHeadLength) return std::nullopt;
  return CandidateListHeadLength + std::size_t{head[4]} * CandidateEntryLength;
}

DecodeResult<LinkCandidates> decode_link_candidates(ByteView bytes) {
  auto hubs = decode_endpoint_list(CandidateListMagic, bytes);
  if (!hubs) return tl::unexpected(hubs.error());
  return LinkCandidates{std::move(*hubs)};
}

DecodeResult<LinkReport> decode_link_report(ByteView bytes) {
  auto hubs = decode_endpoint_list(LinkReportMagic, bytes);
  if (!hubs) return tl::unexpected(hubs.error());
  return LinkReport{std::move(*hubs)};
}

}  // namespace wpn::protocol
