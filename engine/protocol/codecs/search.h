#pragma once
// Search requests and results (protocol.md §9.3, filesharing.md §9).
//
// Scheme: one struct per message; `void encode(const X&, Bytes& out[, options])`
// appends the payload (no frame header); `DecodeResult<X> decode_<x>(ByteView)`
// reads one, and decode_search_message(type, payload) dispatches on the frame
// type. Receivers ignore bytes after the last known field; the final text
// of 0x1771 and 0x177A may lack its NUL. Bytes of unknown meaning are kept so
// traces and re-encoding show what the peer sent. Strings handed to an encoder
// must not contain NUL bytes.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "protocol/bytes.h"
#include "protocol/codecs/common.h"
#include "protocol/codecs/session.h"
#include "protocol/errors.h"
#include "protocol/file_key.h"
#include "protocol/message_types.h"
#include "protocol/wire_options.h"

namespace wpn::protocol {

inline constexpr std::size_t MaxQueryLength = 255;
inline constexpr std::size_t HashSearchLength = 24;
inline constexpr std::size_t SearchResultUnknownLength = 5;

// The 0x1771/0x1772 file-type filter. 1..3 are observed; 0 = any is a guess
// (§9.3 [U]); other values are kept as they are.
enum class FileType : std::uint8_t {
  Any = 0,
  Other = 1,
  Audio = 2,
  Video = 3,
};

// 0x1771 keyword search (S->P) [P]: id, 2 unknown bytes, type, 1 unknown
// byte, query, and optionally (search_trailing_nul) one more 0x00.
// Receive: a payload shorter than 8 bytes keeps the whole fields it holds (the
// rest read as 0) and an empty query.
struct Search {
  static constexpr std::uint16_t Type = msg::Search;
  std::uint32_t search_id = 0;
  std::uint16_t unknown_4 = 0;  // offset 4, sent as 0
  FileType file_type = FileType::Any;
  std::uint8_t unknown_7 = 0;  // offset 7, sent as 0
  std::string query;
  friend bool operator==(const Search&, const Search&) = default;
};

// 0x1772 hash search (S->P), filesharing.md §9.1: 24 bytes.
// Receive: a shorter payload keeps the whole header fields it holds and the hash
// bytes it carries; hash_length says how many (a search needs all 16).
struct HashSearch {
  static constexpr std::uint16_t Type = msg::HashSearch;
  std::uint32_t search_id = 0;
  LineType min_line_type = LineType::Unknown;  // u8 on the wire
  std::uint8_t reserved_5 = 0;
  FileType file_type = FileType::Any;
  std::uint8_t reserved_7 = 0;
  ContentHash hash{};  // the 16-byte content hash, without the length
  std::uint8_t hash_length = static_cast<std::uint8_t>(ContentHash{}.size());  // bytes received; encoded as many
  bool complete() const noexcept { return hash_length == hash.size(); }
  friend bool operator==(const HashSearch&, const HashSearch&) = default;
};

// 0x1775 stop search (S->P) [P].
struct SearchStop {
  static constexpr std::uint16_t Type = msg::SearchStop;
  std::uint32_t search_id = 0;
  friend bool operator==(const SearchStop&, const SearchStop&) = default;
};

// 0x177A one search result (P->S).
struct SearchResult {
  static constexpr std::uint16_t Type = msg::SearchResult;
  std::uint32_t search_id = 0;
  Ip4 primary_ip{};  // the holder's primary; with the UDP port it forms the handle
  std::uint16_t primary_udp_port = 0;
  // As received; when absent the encoder writes options.search_result_filler.
  std::optional<std::array<Byte, SearchResultUnknownLength>> unknown;
  std::string path;
  FileKey key;
  std::uint32_t size = 0;
  MediaInfo media;
  LineType line_type = LineType::Unknown;  // u8 on the wire: only the low byte is sent
  Ip4 ping_ip{};                           // believed to be the holder's own address [U]
  std::string user;
  std::string queue_status;
  friend bool operator==(const SearchResult&, const SearchResult&) = default;
};

// The handle naming the holder in browse, whois and transfer requests.
NodeHandle holder_handle(const SearchResult& result);

using SearchMessage = std::variant<Search, HashSearch, SearchStop, SearchResult>;

void encode(const Search& message, Bytes& out, const WireOptions& options = default_wire_options());
void encode(const HashSearch& message, Bytes& out);
void encode(const SearchStop& message, Bytes& out);
void encode(const SearchResult& message, Bytes& out, const WireOptions& options = default_wire_options());
void encode(const SearchMessage& message, Bytes& out, const WireOptions& options = default_wire_options());

DecodeResult<Search> decode_search(ByteView payload);
DecodeResult<HashSearch> decode_hash_search(ByteView payload);
DecodeResult<SearchStop> decode_search_stop(ByteView payload);
DecodeResult<SearchResult> decode_search_result(ByteView payload);
// Dispatch on the frame type; WrongType for types outside the family.
DecodeResult<SearchMessage> decode_search_message(std::uint16_t type, ByteView payload);
std::uint16_t type_of(const SearchMessage& message) noexcept;

}  // namespace wpn::protocol
