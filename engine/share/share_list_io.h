#pragma once
// Export and import of the share list: announced names, keys, sizes and media
// metadata in a gzip-compressed line format (docs/share-list-format.md).
// Used for backup, for moving a library to another machine without rehashing
// and for inspection with zcat/zgrep.
//
// Import never trusts the file: every line is validated, bad lines are reported
// with their numbers and skipped, and a damaged gzip stream (truncated, bad
// CRC, garbage) fails the whole import so nothing from it is seeded.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

#include "protocol/codecs/common.h"
#include "protocol/file_key.h"
#include "share/name_encoding.h"
#include "share/share_index.h"

namespace wpn::share {

inline constexpr std::string_view ShareListMagic = "OPENWPN-SHARELIST";
inline constexpr int ShareListVersion = 1;
inline constexpr std::size_t MaxShareListLineLength = 8192;

struct ShareListEntry {
  protocol::FileKey key;
  std::uint32_t size = 0;
  protocol::MediaInfo media;
  std::string folder;  // announced folder bytes
  std::string file;    // announced file-name bytes

  friend bool operator==(const ShareListEntry&, const ShareListEntry&) = default;
};

struct BadLine {
  std::size_t line = 0;  // 1-based; line 1 is the header
  std::string reason;
};

struct ShareList {
  CodePage code_page = CodePage::Cp1252;
  std::vector<ShareListEntry> entries;
  std::vector<BadLine> bad_lines;
};

enum class ShareListErrc { Io, NotAShareList, UnsupportedVersion, Corrupt, Index };

struct ShareListError {
  ShareListErrc code = ShareListErrc::Io;
  std::string message;
};

// Text form, without the line end.
std::string format_share_list_header(CodePage code_page);
std::string format_share_list_line(const ShareListEntry& entry);
// nullopt-free parse: a reason on failure.
tl::expected<ShareListEntry, std::string> parse_share_list_line(std::string_view line);
tl::expected<CodePage, ShareListError> parse_share_list_header(std::string_view line);

// The %XX escaping used for names (exposed for tests and tools).
std::string escape_name(std::string_view bytes);
std::optional<std::string> unescape_name(std::string_view text);

// Writes every announced file of index (folder by folder) to path, gzip
// compressed, via a temporary file renamed into place. Returns the record count.
tl::expected<std::uint64_t, ShareListError> export_share_list(ShareIndexReader& index,
                                                              const std::filesystem::path& path, CodePage code_page);

// Reads a share list (gzip, or plain text for hand-made lists).
tl::expected<ShareList, ShareListError> read_share_list(const std::filesystem::path& path);

struct SeedSummary {
  std::uint64_t seeded = 0;          // key and metadata taken from the list
  std::uint64_t already_hashed = 0;  // the row had a key: left alone
  std::uint64_t not_found = 0;       // no row announced under that name
  std::uint64_t size_mismatch = 0;   // same name, other size: will be hashed
};

// Gives rows without a key the list's key and metadata when the announced name
// matches byte for byte and the size is equal (the files were scanned first,
// with the same code page as the list). One batch; returns what happened.
tl::expected<SeedSummary, ShareListError> seed_index(ShareIndex& index, const ShareList& list);

}  // namespace wpn::share
