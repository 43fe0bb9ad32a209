#pragma once
// Resolving a requested name (bytes from the network) to a local file for an
// upload (filesharing.md §2.5, architecture.md §3.7).
//
// The requested bytes are only ever compared against names the index holds;
// no path is built from them. So `..`, absolute paths, drive letters, mixed or
// doubled separators, percent or overlong encodings and anything else not
// literally announced simply do not match. A match is then checked on disk:
// - the file must be announced (hashed, root enabled);
// - its canonical path (symlinks resolved) must lie under the canonical root,
//   so a link swapped in after the scan cannot reach outside the share;
// - it must be a regular file whose stat identity still equals the one that was
//   hashed, so the bytes sent are the bytes the key describes.

#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "share/share_index.h"

namespace wpn::share {

enum class LookupErrc {
  NotShared,  // no announced file has this name (including every malformed name)
  Changed,    // the file changed since it was hashed; it is rehashed before it is offered again
  Missing,    // the file is gone or is no longer a regular file
  Unsafe,     // the file resolves outside its share root
  Index       // the index could not be read
};

struct LookupError {
  LookupErrc code = LookupErrc::NotShared;
  std::string reason;  // for logs; never sent to the peer
};

struct ResolvedFile {
  FileRecord record;
  std::string path;  // canonical local path to open
};

class ShareLookup {
 public:
  explicit ShareLookup(ShareIndexReader& index, NameMatch match = NameMatch::Exact) noexcept
      : index_(index), match_(match) {}

  tl::expected<ResolvedFile, LookupError> resolve(std::string_view requested) const;

 private:
  ShareIndexReader& index_;
  NameMatch match_;
};

}  // namespace wpn::share
