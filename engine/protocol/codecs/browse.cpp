#include "protocol/codecs/browse.h"

#include <algorithm>
#include <type_traits>
#include <utility>

#include "protocol/codecs/message_family.h"

namespace wpn::protocol {
namespace {

struct Target {
  NodeHandle handle;
  std::string name;
};

DecodeResult<Target> read_target(ByteReader& reader) {
  auto handle = read_handle(reader);
  if (!handle) return tl::unexpected(handle.error());
  auto name = reader.cstr(MaxNameLength);
  if (!name) return tl::unexpected(name.error());
  return Target{*handle, std::move(*name)};
}

void write_target(ByteWriter& writer, const NodeHandle& handle, std::string_view name) {
  write_handle(writer, handle);
  writer.cstr(name);
}

// The three messages that are exactly handle + name.
template <class T>
DecodeResult<T> decode_target_only(ByteView payload) {
  ByteReader reader(payload);
  auto target = read_target(reader);
  if (!target) return tl::unexpected(target.error());
  return T{target->handle, std::move(target->name)};
}

}  // namespace

void encode(const BrowseRequest& message, Bytes& out) {
  ByteWriter writer(out);
  write_target(writer, message.handle, message.name);
}

void encode(const BrowseEnd& message, Bytes& out) {
  ByteWriter writer(out);
  write_target(writer, message.handle, message.name);
}

void encode(const BrowseEntry& message, Bytes& out, const WireOptions& options) {
  ByteWriter writer(out);
  write_target(writer, message.handle, message.name);
  writer.cstr(message.path);
  write_file_key(writer, message.key);
  writer.u32le(message.size);
  write_metadata_block(writer, message.media, options);
}

void encode(const BrowseComplete& message, Bytes& out) {
  ByteWriter writer(out);
  write_target(writer, message.handle, message.name);
  writer.bytes(message.trailing);
}

void encode(const BrowseFailed& message, Bytes& out) {
  ByteWriter writer(out);
  write_target(writer, message.handle, message.name);
}

void encode(const BrowseMessage& message, Bytes& out, const WireOptions& options) {
  std::visit(
      [&](const auto& m) {
        if constexpr (std::is_same_v<std::decay_t<decltype(m)>, BrowseEntry>)
          encode(m, out, options);
        else
          encode(m, out);
      },
      message);
}

DecodeResult<BrowseRequest> decode_browse_request(ByteView payload) {
  return decode_target_only<BrowseRequest>(payload);
}

DecodeResult<BrowseEnd> decode_browse_end(ByteView payload) { return decode_target_only<BrowseEnd>(payload); }

DecodeResult<BrowseFailed> decode_browse_failed(ByteView payload) { return decode_target_only<BrowseFailed>(payload); }

DecodeResult<BrowseEntry> decode_browse_entry(ByteView payload) {
  ByteReader reader(payload);
  auto target = read_target(reader);
  if (!target) return tl::unexpected(target.error());
  BrowseEntry entry;
  entry.handle = target->handle;
  entry.name = std::move(target->name);
  auto file = read_announced_file(reader);
  if (!file) return tl::unexpected(file.error());
  entry.path = std::move(file->path);
  entry.key = file->key;
  entry.size = file->size;
  entry.media = file->media;
  return entry;
}

DecodeResult<BrowseComplete> decode_browse_complete(ByteView payload) {
  ByteReader reader(payload);
  auto target = read_target(reader);
  if (!target) return tl::unexpected(target.error());
  if (reader.remaining() > MaxBrowseTrailingLength) return decode_error(DecodeErrc::LengthOverLimit, reader.offset());
  const ByteView rest = reader.rest();
  return BrowseComplete{target->handle, std::move(target->name), Bytes(rest.begin(), rest.end())};
}

DecodeResult<BrowseMessage> decode_browse_message(std::uint16_t type, ByteView payload) {
  switch (type) {
    case msg::BrowseRequest:
      return widen<BrowseMessage>(decode_browse_request(payload));
    case msg::BrowseEnd:
      return widen<BrowseMessage>(decode_browse_end(payload));
    case msg::BrowseEntry:
      return widen<BrowseMessage>(decode_browse_entry(payload));
    case msg::BrowseComplete:
      return widen<BrowseMessage>(decode_browse_complete(payload));
    case msg::BrowseFailed:
      return widen<BrowseMessage>(decode_browse_failed(payload));
    default:
      return decode_error(DecodeErrc::WrongType, 0);
  }
}

std::uint16_t type_of(const BrowseMessage& message) noexcept { return type_of_variant(message); }

BrowseComplete make_browse_complete(NodeHandle handle, std::string name, std::string_view queue_status,
                                    const WireOptions& options) {
  BrowseComplete message{handle, std::move(name), {}};
  if (options.browse_complete_queue_status) {
    ByteWriter writer(message.trailing);
    writer.cstr(queue_status.substr(0, MaxBrowseTrailingLength - 1));
  }
  return message;
}

std::optional<std::string> trailing_queue_status(const BrowseComplete& message) {
  if (message.trailing.empty()) return std::nullopt;
  const auto nul = std::find(message.trailing.begin(), message.trailing.end(), Byte{0});
  return std::string(message.trailing.begin(), nul);
}

}  // namespace wpn::protocol
