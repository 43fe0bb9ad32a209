#pragma once
// WSX host lists on disk (filesharing.md §8.2): import from a file (a finished
// download or one the owner picked), save, and publish the current list as a dated
// "PUBLIC yyyymmdd yyyymmdd yyyymmdd yyyymmdd.wsx" into a shared folder.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "overlay/bootstrap.h"
#include "overlay/wsx_host_list.h"

namespace wpn::net {

// nullopt when the file cannot be read; files above MaxWsxTextLength are cut there.
std::optional<overlay::WsxList> read_host_list(const std::filesystem::path& path,
                                               const overlay::WsxParseOptions& options = {});
// Our own saved list (hosts.wsx), written by write_host_list from entries that were
// already checked when they were imported under the owner's options of that time: read
// back with raw IPv4 addresses allowed, or an owner-allowed raw-IP host would vanish at
// the next start. Lists from anywhere else go through read_host_list.
std::optional<overlay::WsxList> read_saved_host_list(const std::filesystem::path& path);
// Written to a temporary name and renamed, so readers never see half a list.
bool write_host_list(const std::filesystem::path& path, const std::vector<overlay::WsxEntry>& entries);
// Writes the list into folder under today's (UTC) public name; returns the path written.
std::optional<std::filesystem::path> publish_host_list(const std::filesystem::path& folder,
                                                       const std::vector<overlay::WsxEntry>& entries);

// The WPN_CACHE / WPN_HUB entries of a list as endpoints to bootstrap from.
std::vector<overlay::Endpoint> endpoints_of(const std::vector<overlay::WsxEntry>& entries, overlay::WsxType type);

}  // namespace wpn::net
