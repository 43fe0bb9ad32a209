#include "share/share_lookup.h"

#include <sys/stat.h>

#include <filesystem>
#include <system_error>

#include "share/file_stat.h"
#include "share/name_encoding.h"

namespace wpn::share {
namespace {

tl::unexpected<LookupError> refuse(LookupErrc code, std::string reason) {
  return tl::unexpected(LookupError{code, std::move(reason)});
}

bool under(const std::string& path, const std::string& root) {
  if (root == "/") return path.size() > 1 && path.front() == '/';
  return path.size() > root.size() + 1 && path.compare(0, root.size(), root) == 0 && path[root.size()] == '/';
}

}  // namespace

tl::expected<ResolvedFile, LookupError> ShareLookup::resolve(std::string_view requested) const {
  // Cheap refusals first; they are not needed for safety (nothing unusual is in
  // the index), they keep hostile input away from the database.
  if (requested.empty() || requested.size() > MaxAnnouncedNameLength ||
      requested.find('\0') != std::string_view::npos) {
    return refuse(LookupErrc::NotShared, "malformed name");
  }
  auto found = index_.find_by_announced_name(requested, match_);
  if (!found) return refuse(LookupErrc::Index, found.error().message);
  if (!*found || !(*found)->key) return refuse(LookupErrc::NotShared, "not shared");
  FileRecord& record = **found;

  auto roots = index_.roots();
  if (!roots) return refuse(LookupErrc::Index, roots.error().message);
  const ShareRoot* root = nullptr;
  for (const ShareRoot& candidate : *roots) {
    if (candidate.id == record.root_id) root = &candidate;
  }
  if (root == nullptr || !root->enabled) return refuse(LookupErrc::NotShared, "share root disabled");

  std::error_code ec;
  const std::string root_path = std::filesystem::canonical(root->local_path, ec).string();
  if (ec) return refuse(LookupErrc::Missing, "share root unavailable: " + ec.message());
  const std::string file_path = std::filesystem::canonical(record.local_path, ec).string();
  if (ec) return refuse(LookupErrc::Missing, "file unavailable: " + ec.message());
  if (!under(file_path, root_path)) return refuse(LookupErrc::Unsafe, "resolves outside its share root");

  struct stat st {};
  if (::stat(file_path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return refuse(LookupErrc::Missing, "not a regular file");
  }
  if (!record.unchanged_since(to_stat_identity(st))) return refuse(LookupErrc::Changed, "changed since it was hashed");
  return ResolvedFile{std::move(record), file_path};
}

}  // namespace wpn::share
