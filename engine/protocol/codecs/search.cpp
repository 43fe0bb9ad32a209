#include "protocol/codecs/search.h"

#include <algorithm>
#include <type_traits>

#include "protocol/codecs/message_family.h"

namespace wpn::protocol {

NodeHandle holder_handle(const SearchResult& result) { return NodeHandle{result.primary_ip, result.primary_udp_port}; }

void encode(const Search& message, Bytes& out, const WireOptions& options) {
  ByteWriter writer(out);
  writer.u32le(message.search_id);
  writer.u16le(message.unknown_4);
  writer.u8(static_cast<std::uint8_t>(message.file_type));
  writer.u8(message.unknown_7);
  writer.cstr(message.query);
  if (options.search_trailing_nul) writer.u8(0);
}

void encode(const HashSearch& message, Bytes& out) {
  ByteWriter writer(out);
  writer.u32le(message.search_id);
  writer.u8(static_cast<std::uint8_t>(static_cast<std::uint16_t>(message.min_line_type) & 0xFF));
  writer.u8(message.reserved_5);
  writer.u8(static_cast<std::uint8_t>(message.file_type));
  writer.u8(message.reserved_7);
  writer.bytes(ByteView(message.hash).first(std::min<std::size_t>(message.hash_length, message.hash.size())));
}

void encode(const SearchStop& message, Bytes& out) { ByteWriter(out).u32le(message.search_id); }

void encode(const SearchResult& message, Bytes& out, const WireOptions& options) {
  ByteWriter writer(out);
  writer.u32le(message.search_id);
  write_ip4(writer, message.primary_ip);
  writer.u16le(message.primary_udp_port);
  writer.bytes(message.unknown ? *message.unknown : options.search_result_filler);
  writer.cstr(message.path);
  write_file_key(writer, message.key);
  writer.u32le(message.size);
  write_metadata_block(writer, message.media, options);
  writer.u8(static_cast<std::uint8_t>(static_cast<std::uint16_t>(message.line_type) & 0xFF));
  write_ip4(writer, message.ping_ip);
  writer.cstr(message.user);
  writer.cstr(message.queue_status);
}

void encode(const SearchMessage& message, Bytes& out, const WireOptions& options) {
  std::visit(
      [&](const auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<M, Search> || std::is_same_v<M, SearchResult>)
          encode(m, out, options);
        else
          encode(m, out);
      },
      message);
}

DecodeResult<Search> decode_search(ByteView payload) {
  ByteReader reader(payload);
  Search message;
  // The short forms (wire audit §2): whole fields only, the query then empty.
  auto id = reader.u32le();
  if (!id) return message;
  message.search_id = *id;
  auto unknown_4 = reader.u16le();
  if (!unknown_4) return message;
  message.unknown_4 = *unknown_4;
  auto type = reader.u8();
  if (!type) return message;
  message.file_type = static_cast<FileType>(*type);
  auto unknown_7 = reader.u8();
  if (!unknown_7) return message;
  message.unknown_7 = *unknown_7;
  auto query = reader.cstr_or_rest(MaxQueryLength);
  if (!query) return tl::unexpected(query.error());
  message.query = std::move(*query);
  return message;
}

DecodeResult<HashSearch> decode_hash_search(ByteView payload) {
  constexpr std::size_t HeaderLength = HashSearchLength - ContentHash{}.size();
  ByteReader reader(payload);
  HashSearch message;
  message.hash_length = 0;
  // Short forms (wire audit §2): the whole header fields present, then the hash bytes present.
  if (payload.size() >= 4) message.search_id = *reader.u32le();
  if (payload.size() >= 5) message.min_line_type = static_cast<LineType>(*reader.u8());
  if (payload.size() >= 6) message.reserved_5 = *reader.u8();
  if (payload.size() >= 7) message.file_type = static_cast<FileType>(*reader.u8());
  if (payload.size() >= HeaderLength) message.reserved_7 = *reader.u8();
  if (payload.size() <= HeaderLength) return message;
  const ByteView hash = reader.rest().first(std::min(payload.size() - HeaderLength, message.hash.size()));
  for (std::size_t i = 0; i < hash.size(); ++i) message.hash[i] = hash[i];
  message.hash_length = static_cast<std::uint8_t>(hash.size());
  return message;
}

DecodeResult<SearchStop> decode_search_stop(ByteView payload) {
  ByteReader reader(payload);
  auto id = reader.u32le();
  if (!id) return tl::unexpected(id.error());
  return SearchStop{*id};
}

DecodeResult<SearchResult> decode_search_result(ByteView payload) {
  ByteReader reader(payload);
  SearchResult message;
  constexpr std::size_t FixedHead = 4 + 4 + 2 + SearchResultUnknownLength;
  if (reader.remaining() < FixedHead) return decode_error(DecodeErrc::Truncated, reader.remaining());
  message.search_id = *reader.u32le();
  message.primary_ip = *read_ip4(reader);
  message.primary_udp_port = *reader.u16le();
  const ByteView unknown = *reader.take(SearchResultUnknownLength);
  message.unknown.emplace();
  for (std::size_t i = 0; i < SearchResultUnknownLength; ++i) (*message.unknown)[i] = unknown[i];

  auto file = read_announced_file(reader);
  if (!file) return tl::unexpected(file.error());
  message.path = std::move(file->path);
  message.key = file->key;
  message.size = file->size;
  message.media = file->media;
  auto line = reader.u8();
  if (!line) return tl::unexpected(line.error());
  message.line_type = static_cast<LineType>(*line);
  auto ping = read_ip4(reader);
  if (!ping) return tl::unexpected(ping.error());
  message.ping_ip = *ping;
  auto user = reader.cstr(MaxNameLength);
  if (!user) return tl::unexpected(user.error());
  message.user = std::move(*user);
  auto status = reader.cstr_or_rest(MaxStatusLength);
  if (!status) return tl::unexpected(status.error());
  message.queue_status = std::move(*status);
  return message;
}

DecodeResult<SearchMessage> decode_search_message(std::uint16_t type, ByteView payload) {
  switch (type) {
    case msg::Search:
      return widen<SearchMessage>(decode_search(payload));
    case msg::HashSearch:
      return widen<SearchMessage>(decode_hash_search(payload));
    case msg::SearchStop:
      return widen<SearchMessage>(decode_search_stop(payload));
    case msg::SearchResult:
      return widen<SearchMessage>(decode_search_result(payload));
    default:
      return decode_error(DecodeErrc::WrongType, 0);
  }
}

std::uint16_t type_of(const SearchMessage& message) noexcept { return type_of_variant(message); }

}  // namespace wpn::protocol
