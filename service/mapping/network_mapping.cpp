#include "service/mapping/network_mapping.h"

#include <type_traits>

namespace wpn::service {

namespace {

using namespace session;

std::string hex_of(const std::string& bytes) {
  static constexpr char Digits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex.push_back(Digits[byte >> 4]);
    hex.push_back(Digits[byte & 0x0f]);
  }
  return hex;
}

ipc::JsonObject file_to_json(const RemoteFile& file) {
  auto row = ipc::make_object();
  row->set("file", file.name);
  row->set("file_hex", hex_of(file.path));
  row->set("key", file.key);
  row->set("size", Poco::UInt64{file.size});
  row->set("bitrate", Poco::UInt64{file.media.bitrate});
  row->set("frequency", Poco::UInt64{file.media.frequency});
  row->set("duration", Poco::UInt64{file.media.duration});
  return row;
}

}  // namespace

ipc::JsonObject to_json(const NetworkStatus& status) {
  auto data = ipc::make_object();
  data->set("role", std::string(role_name(status.role)));
  if (status.node) {
    data->set("running", status.running);
    data->set("logged_in", status.logged_in);
    data->set("full_name", status.full_name);
    data->set("parent", status.parent);
    data->set("port", Poco::UInt64{status.port});
    data->set("users", Poco::UInt64{status.users});
    data->set("shared_files", Poco::UInt64{status.shared_files});
  }
  data->set("hosts", Poco::UInt64{status.hosts});
  return data;
}

ipc::JsonObject to_json(const HostList& list) {
  auto data = ipc::make_object();
  auto hosts = ipc::make_array();
  for (const auto& entry : list.hosts) {
    auto host = ipc::make_object();
    host->set("type", entry.type);
    host->set("address", entry.address);
    host->set("port", Poco::UInt64{entry.port});
    hosts->add(host);
  }
  data->set("hosts", hosts);
  data->set("file", list.file);
  if (list.added > 0) data->set("added", Poco::UInt64{list.added});
  return data;
}

ipc::JsonObject to_json(const SearchResults& results) {
  auto data = ipc::make_object();
  auto rows = ipc::make_array();
  for (const auto& hit : results.hits) {
    auto row = file_to_json(hit.file);
    row->set("user", hit.user);
    row->set("handle", hit.handle);
    row->set("queue_status", hit.queue_status);
    rows->add(row);
  }
  data->set("id", Poco::UInt64{results.id});
  data->set("results", rows);
  return data;
}

ipc::JsonObject to_json(const PeerAnswer& answer) {
  auto data = ipc::make_object();
  data->set("id", Poco::UInt64{answer.id});
  if (const auto* browse = std::get_if<BrowseAnswer>(&answer.answer)) {
    data->set("done", browse->done);
    if (browse->done) {
      auto files = ipc::make_array();
      for (const auto& file : browse->files) files->add(file_to_json(file));
      data->set("complete", browse->complete);
      data->set("files", files);
    }
  } else if (const auto* whois = std::get_if<WhoisAnswer>(&answer.answer)) {
    data->set("done", whois->done);
    if (whois->done) {
      data->set("found", whois->found);
      if (whois->found) {
        data->set("user", whois->user);
        data->set("shared_files", Poco::UInt64{whois->shared_files});
        data->set("online_time", Poco::UInt64{whois->online_time});
        data->set("queue_status", whois->queue_status);
      }
    }
  }
  return data;
}

std::optional<std::pair<std::string, ipc::JsonObject>> map_network_event(const EngineEvent& event) {
  auto data = ipc::make_object();
  if (const auto* login = std::get_if<LoggedIn>(&event)) {
    data->set("full_name", login->full_name);
    return std::pair{std::string("network.logged_in"), data};
  }
  if (const auto* pm = std::get_if<PmReceived>(&event)) {
    data->set("from", pm->from);
    data->set("handle", pm->handle);
    data->set("text", pm->text);
    return std::pair{std::string("network.pm"), data};
  }
  if (const auto* delivered = std::get_if<PmDelivered>(&event)) {
    data->set("to", delivered->to);
    data->set("reply", delivered->reply);
    return std::pair{std::string("network.pm_delivered"), data};
  }
  return std::nullopt;
}

}  // namespace wpn::service
