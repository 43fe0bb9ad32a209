#include "service/mapping/settings_mapping.h"

#include <algorithm>

namespace wpn::service {

namespace {

constexpr std::uint64_t KiB = 1024;

std::vector<session::Endpoint> endpoints(const std::vector<std::string>& texts) {
  std::vector<session::Endpoint> out;
  for (const auto& text : texts)
    if (auto endpoint = session::parse_endpoint(text)) out.push_back(*endpoint);
  return out;
}

std::uint32_t u32(std::uint64_t value) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(value, UINT32_MAX));
}

}  // namespace

session::EngineSettings to_engine_settings(const ServiceSettings& s, const std::string& index_path) {
  session::EngineSettings out;
  out.data_dir = s.data_dir;
  out.index_path = index_path;

  auto& network = out.network;
  network.role = s.role;
  network.name = s.name;
  network.bind = s.bind;
  network.port = static_cast<std::uint16_t>(s.data_port);
  network.passive = s.passive;
  network.caches = endpoints(s.caches);
  network.hubs = endpoints(s.hubs);
  network.hub_max_users = s.hub_max_users;
  network.publish_host_list = s.publish_host_list;
  network.wsx_import_downloads = s.wsx_import_downloads;
  network.wsx_allow_raw_ip = s.wsx_allow_raw_ip;
  for (const auto& entry : s.hosted_rooms)
    if (auto room = session::parse_hosted_room(entry)) out.rooms.push_back(std::move(*room));

  auto& transfers = out.transfers;
  transfers.upload_slots = u32(s.upload_slots);
  transfers.slots_per_user = u32(s.slots_per_user);
  transfers.queue_limit = u32(s.queue_limit);
  transfers.queue_per_user = u32(s.queue_per_user);
  transfers.queue_order = s.queue_order;
  transfers.friends = s.friends;
  transfers.banned = s.banned;
  transfers.unused_slot_timeout = std::chrono::seconds(s.unused_slot_timeout_s);
  transfers.max_connections_per_ip = u32(s.max_connections_per_ip);
  transfers.download_dir = s.download_dir;
  transfers.incomplete_dir = s.incomplete_dir;
  transfers.max_downloads = u32(s.max_downloads);
  transfers.upload_limit = s.upload_limit_kib * KiB;
  transfers.download_limit = s.download_limit_kib * KiB;
  transfers.transfer_limit = s.transfer_limit_kib * KiB;
  transfers.alt_upload_limit = s.alt_upload_limit_kib * KiB;
  transfers.alt_download_limit = s.alt_download_limit_kib * KiB;
  transfers.alt_upload_slots = u32(s.alt_upload_slots);
  transfers.alt_schedule = s.alt_schedule;

  auto& shares = out.shares;
  shares.roots = s.shares;
  shares.mode = s.share_mode;
  shares.include_hidden = s.include_hidden;
  shares.max_file_size = s.max_file_size;
  shares.hash_threads = static_cast<unsigned>(s.hash_threads);
  shares.hash_rate_limit = s.hash_rate_limit;
  shares.watch = s.watch;
  shares.rescan_interval = std::chrono::seconds(s.rescan_interval_s);
  shares.code_page = s.code_page;
  return out;
}

}  // namespace wpn::service
