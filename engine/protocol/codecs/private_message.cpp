#include "protocol/codecs/private_message.h"

#include <algorithm>
#include <utility>

#include "protocol/codecs/message_family.h"

namespace wpn::protocol {
namespace {

struct Party {
  NodeHandle handle;
  std::string name;
};

DecodeResult<Party> read_party(ByteReader& reader) {
  auto handle = read_handle(reader);
  if (!handle) return tl::unexpected(handle.error());
  auto name = reader.cstr(MaxNameLength);
  if (!name) return tl::unexpected(name.error());
  return Party{*handle, std::move(*name)};
}

void write_party(ByteWriter& writer, const NodeHandle& handle, std::string_view name) {
  write_handle(writer, handle);
  writer.cstr(name);
}

DecodeResult<PmMessageId> read_message_id(ByteReader& reader) {
  auto bytes = reader.take(PmMessageIdLength);
  if (!bytes) return tl::unexpected(bytes.error());
  PmMessageId id{};
  std::copy(bytes->begin(), bytes->end(), id.begin());
  return id;
}

}  // namespace

void encode(const PmSend& message, Bytes& out) {
  ByteWriter writer(out);
  write_party(writer, message.handle, message.name);
  writer.cstr(message.text);
}

void encode(const PmIncoming& message, Bytes& out) {
  ByteWriter writer(out);
  writer.bytes(message.message_id);
  write_party(writer, message.handle, message.name);
  writer.cstr(message.text);
}

void encode(const PmReceived& message, Bytes& out) {
  ByteWriter writer(out);
  write_party(writer, message.handle, message.name);
  writer.bytes(message.message_id);
  writer.cstr(message.reply);
}

void encode(const PmDelivered& message, Bytes& out) {
  ByteWriter writer(out);
  write_party(writer, message.handle, message.name);
  writer.bytes(message.skipped);
  writer.cstr(message.reply);
}

void encode(const PmMessage& message, Bytes& out) {
  std::visit([&out](const auto& m) { encode(m, out); }, message);
}

DecodeResult<PmSend> decode_pm_send(ByteView payload) {
  ByteReader reader(payload);
  auto party = read_party(reader);
  if (!party) return tl::unexpected(party.error());
  auto text = reader.cstr_or_rest(MaxPmTextLength);
  if (!text) return tl::unexpected(text.error());
  return PmSend{party->handle, std::move(party->name), std::move(*text)};
}

DecodeResult<PmIncoming> decode_pm_incoming(ByteView payload) {
  ByteReader reader(payload);
  auto id = read_message_id(reader);
  if (!id) return tl::unexpected(id.error());
  auto party = read_party(reader);
  if (!party) return tl::unexpected(party.error());
  auto text = reader.cstr_or_rest(MaxPmTextLength);
  if (!text) return tl::unexpected(text.error());
  return PmIncoming{*id, party->handle, std::move(party->name), std::move(*text)};
}

DecodeResult<PmReceived> decode_pm_received(ByteView payload) {
  ByteReader reader(payload);
  auto party = read_party(reader);
  if (!party) return tl::unexpected(party.error());
  auto id = read_message_id(reader);
  if (!id) return tl::unexpected(id.error());
  auto reply = reader.cstr_or_rest(MaxPmTextLength);
  if (!reply) return tl::unexpected(reply.error());
  return PmReceived{party->handle, std::move(party->name), *id, std::move(*reply)};
}

DecodeResult<PmDelivered> decode_pm_delivered(ByteView payload) {
  ByteReader reader(payload);
  auto party = read_party(reader);
  if (!party) return tl::unexpected(party.error());
  const std::size_t rest_offset = reader.offset();
  ByteView rest = reader.rest();
  if (!rest.empty() && rest.back() == 0) rest = rest.first(rest.size() - 1);
  // The reply is what follows the last NUL; everything before it is skipped.
  const auto last_nul = std::find(rest.rbegin(), rest.rend(), Byte{0});
  const auto split = static_cast<std::size_t>(rest.rend() - last_nul);
  const ByteView skipped = rest.first(split);
  const ByteView reply = rest.subspan(split);
  if (skipped.size() > MaxPmTextLength) return decode_error(DecodeErrc::LengthOverLimit, rest_offset);
  if (reply.size() > MaxPmTextLength) return decode_error(DecodeErrc::LengthOverLimit, rest_offset + split);
  return PmDelivered{party->handle, std::move(party->name), Bytes(skipped.begin(), skipped.end()),
                     std::string(as_chars(reply))};
}

DecodeResult<PmMessage> decode_pm_message(std::uint16_t type, ByteView payload) {
  switch (type) {
    case msg::PmSend:
      return widen<PmMessage>(decode_pm_send(payload));
    case msg::PmIncoming:
      return widen<PmMessage>(decode_pm_incoming(payload));
    case msg::PmReceived:
      return widen<PmMessage>(decode_pm_received(payload));
    case msg::PmDelivered:
      return widen<PmMessage>(decode_pm_delivered(payload));
    default:
      return decode_error(DecodeErrc::WrongType, 0);
  }
}

std::uint16_t type_of(const PmMessage& message) noexcept { return type_of_variant(message); }

PmDelivered make_pm_delivered(NodeHandle handle, std::string name, const PmMessageId& message_id,
                              std::string_view reply, const WireOptions& options) {
  PmDelivered message{handle, std::move(name), {}, std::string(reply)};
  if (options.pm_delivered_message_id) message.skipped.assign(message_id.begin(), message_id.end());
  return message;
}

}  // namespace wpn::protocol
