#include "share/share_announce.h"

#include <limits>

namespace wpn::share {
namespace {

std::string reason_text(protocol::ShareRejectReason reason) {
  switch (reason) {
    case protocol::ShareRejectReason::TooLarge:
      return "folder and file name do not fit in one share packet";
    case protocol::ShareRejectReason::BadName:
      return "file name cannot be announced";
    case protocol::ShareRejectReason::BadFolder:
      return "folder name cannot be announced";
  }
  return "cannot be announced";
}

}  // namespace

std::string wire_folder(std::string_view folder) {
  std::string out(folder);
  if (!out.empty() && out.back() != '\\') out.push_back('\\');
  return out;
}

FolderPayloads folder_payloads(const FolderListing& listing, const protocol::WireOptions& options) {
  FolderPayloads out;
  std::vector<protocol::ShareEntry> entries;
  std::vector<FileId> ids;
  entries.reserve(listing.files.size());
  for (const FileRecord& file : listing.files) {
    if (!file.key) {
      out.skipped.push_back({file.id, "not hashed yet"});
    } else if (file.size > std::numeric_limits<std::uint32_t>::max()) {
      out.skipped.push_back({file.id, "larger than 4 GiB: sizes are 32-bit on the wire"});
    } else {
      entries.push_back({file.announced_file, *file.key, static_cast<std::uint32_t>(file.size), file.media});
      ids.push_back(file.id);
    }
  }
  auto built = protocol::build_share_folder_payloads(wire_folder(listing.folder), entries, options);
  out.payloads = std::move(built.payloads);
  for (const auto& rejected : built.rejected)
    out.skipped.push_back({ids.at(rejected.index), reason_text(rejected.reason)});
  return out;
}

IndexResult<AnnounceSummary> for_each_share_payload(ShareIndexReader& index, std::optional<RootId> root,
                                                    const std::function<bool(const protocol::Bytes&)>& send,
                                                    const protocol::WireOptions& options) {
  AnnounceSummary summary;
  auto walked = index.for_each_folder(root, [&](const FolderListing& listing) {
    FolderPayloads built = folder_payloads(listing, options);
    ++summary.folders;
    summary.files += listing.files.size() - built.skipped.size();
    for (auto& skipped : built.skipped) summary.skipped.push_back(std::move(skipped));
    for (const protocol::Bytes& payload : built.payloads) {
      ++summary.payloads;
      if (!send(payload)) return false;
    }
    return true;
  });
  if (!walked) return tl::unexpected(walked.error());
  return summary;
}

IndexResult<AnnounceChunk> next_share_payloads(ShareIndexReader& index, AnnounceCursor& cursor,
                                               std::size_t budget_bytes, const protocol::WireOptions& options) {
  AnnounceChunk chunk;
  if (cursor.done) return chunk;
  std::size_t bytes = 0;
  bool more = false;
  auto walked = index.for_each_folder_after(cursor.root, cursor.after, [&](const FolderListing& listing) {
    if (bytes >= budget_bytes) {
      more = true;  // this folder starts the next chunk
      return false;
    }
    FolderPayloads built = folder_payloads(listing, options);
    ++chunk.folders;
    chunk.files += listing.files.size() - built.skipped.size();
    chunk.skipped += built.skipped.size();
    for (auto& payload : built.payloads) {
      bytes += payload.size();
      chunk.payloads.push_back(std::move(payload));
    }
    cursor.after = listing.folder;
    return true;
  });
  if (!walked) return tl::unexpected(walked.error());
  cursor.done = !more;
  return chunk;
}

}  // namespace wpn::share
