#pragma once
// The `HASH>` text form of a WPN file key (filesharing.md §7.5) as users paste and copy it:
// "HASH>" + 32 hex digits of the content hash + "-" + the decimal file size. The service's
// `key` is the 40 hex digits of the 20 wire bytes (hash, then the size as u32 little-endian).

#include <optional>
#include <string>
#include <string_view>

namespace wpn::tray {

// "HASH>…-N" (any hex case, surrounding blanks allowed) -> the 40-digit key; nullopt otherwise.
std::optional<std::string> key_of_hash_text(std::string_view text);
// The 40-digit key -> "HASH>…-N"; "" for anything that is not 40 hex digits.
std::string hash_text_of_key(std::string_view key);

// What the search box holds: a key (pasted `HASH>` text or 40 hex digits) or words.
struct SearchInput {
  std::string words;
  std::string key;
  std::string error;  // for people, when neither fits (empty, too short)
};
SearchInput parse_search_input(std::string_view text);

}  // namespace wpn::tray
