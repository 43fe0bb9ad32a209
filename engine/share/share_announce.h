#pragma once
// The share list as 0x0FA3 payloads (filesharing.md §6.3): one announced folder
// at a time from the index, split by the protocol's batch builder so that each
// payload stays under the send limit (< 3072 bytes per frame).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/codecs/shares.h"
#include "protocol/wire_options.h"
#include "share/share_index.h"

namespace wpn::share {

// A file that could not be put into a payload, with the reason, for the log.
struct UnannouncedFile {
  FileId id = 0;
  std::string reason;
};

struct FolderPayloads {
  std::vector<protocol::Bytes> payloads;  // complete 0x0FA3 payloads, in file order
  std::vector<UnannouncedFile> skipped;
};

// The folder string of 0x0FA3 as WinMX sends it, ending in a backslash
// ("Music\Air" -> "Music\Air\"; TrapperKeeper, protocol.md §9.2, wire audit D5).
// The index keys folders without it (name_encoding.h), so it is added here.
std::string wire_folder(std::string_view folder);

// Files of listing that carry a key and fit in u32 sizes become entries;
// the others are reported in skipped.
FolderPayloads folder_payloads(const FolderListing& listing,
                               const protocol::WireOptions& options = protocol::default_wire_options());

struct AnnounceSummary {
  std::uint64_t folders = 0;
  std::uint64_t files = 0;
  std::uint64_t payloads = 0;
  std::vector<UnannouncedFile> skipped;
};

// Walks every announced folder (optionally one root) and hands each payload to
// send in order; send returns false to stop early.
IndexResult<AnnounceSummary> for_each_share_payload(
    ShareIndexReader& index, std::optional<RootId> root, const std::function<bool(const protocol::Bytes&)>& send,
    const protocol::WireOptions& options = protocol::default_wire_options());

// Where a chunked walk of the share list stands: the last folder done.
struct AnnounceCursor {
  std::optional<RootId> root;
  std::string after;  // empty: from the first folder
  bool done = false;
};

struct AnnounceChunk {
  std::vector<protocol::Bytes> payloads;
  std::uint64_t folders = 0;
  std::uint64_t files = 0;
  std::uint64_t skipped = 0;  // listed files that fit no payload (too large, bad names)
};

// The payloads of whole folders after the cursor until they reach budget_bytes (at least one
// folder), advancing the cursor: a large share is announced in bounded pieces, read between
// other work, and nothing holds the whole list.
IndexResult<AnnounceChunk> next_share_payloads(ShareIndexReader& index, AnnounceCursor& cursor,
                                               std::size_t budget_bytes,
                                               const protocol::WireOptions& options = protocol::default_wire_options());

}  // namespace wpn::share
