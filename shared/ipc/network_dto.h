#pragma once
// Results and events of the WPN network methods: "network.*", searches, browse, whois and
// private messages. Plain values, filled by the service from the overlay and read by
// clients; members as PROTOCOL.md ("The WPN network") lists them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ipc/dto_fields.h"
#include "json/json_value.h"

namespace wpn::ipc {

// "network.status", and the answer of "network.connect" and "network.disconnect".
struct NetworkStatusDto {
  std::string role;  // secondary | primary | cache
  bool running = false;
  bool logged_in = false;  // secondary: logged in to a hub
  std::string full_name;   // secondary: the name the hub gave us
  std::string parent;      // secondary: "HOST:PORT" of the hub, or ""
  std::uint64_t port = 0;  // primary/cache: the listener's port
  std::uint64_t users = 0;
  std::uint64_t shared_files = 0;
  std::uint64_t hosts = 0;  // entries of the host list
  // Undecodable frames skipped: a secondary's in its current hub session, a hub's since it started.
  std::uint64_t skipped_frames = 0;
  std::uint64_t hubs_known = 0;  // cache: the live hubs it hands out

  friend bool operator==(const NetworkStatusDto&, const NetworkStatusDto&) = default;
};

struct HostDto {
  std::string type;  // WPN_CACHE | WPN_HUB | ... as the WSX list names it
  std::string address;
  std::uint64_t port = 0;

  friend bool operator==(const HostDto&, const HostDto&) = default;
};

// "network.hosts", "network.add", "network.import" (which also sets `added`).
struct HostListDto {
  std::vector<HostDto> hosts;
  std::string file;                    // the saved WSX list
  std::optional<std::uint64_t> added;  // network.import: new entries

  friend bool operator==(const HostListDto&, const HostListDto&) = default;
};

// The answer of "search", "browse", "whois" (the request's id) and "download" (the transfer's).
struct RequestIdDto {
  std::uint64_t id = 0;

  friend bool operator==(const RequestIdDto&, const RequestIdDto&) = default;
};

// One file in a search result or a browse answer. `file` is the announced name converted
// to UTF-8 for display; `file_hex` its exact bytes, which "download" should be given.
struct SearchResultDto {
  std::string user;
  std::string handle;  // "WinMX 0200007f1871"
  std::string file;
  std::string file_hex;
  std::string key;  // 40 hex digits
  std::uint64_t size = 0;
  std::uint64_t bitrate = 0;    // kbit/s
  std::uint64_t frequency = 0;  // Hz
  std::uint64_t duration = 0;   // seconds
  std::string queue_status;

  friend bool operator==(const SearchResultDto&, const SearchResultDto&) = default;
};

// "search.results"
struct SearchResultsDto {
  std::uint64_t id = 0;
  std::vector<SearchResultDto> results;

  friend bool operator==(const SearchResultsDto&, const SearchResultsDto&) = default;
};

// One file of a browsed user: the search-result members that do not name the user.
struct BrowseFileDto {
  std::string file;
  std::string file_hex;
  std::string key;
  std::uint64_t size = 0;
  std::uint64_t bitrate = 0;
  std::uint64_t frequency = 0;
  std::uint64_t duration = 0;

  friend bool operator==(const BrowseFileDto&, const BrowseFileDto&) = default;
};

// "browse.results"
struct BrowseAnswerDto {
  std::uint64_t id = 0;
  bool done = false;      // the answer has arrived
  bool complete = false;  // the list was not cut short
  std::vector<BrowseFileDto> files;

  friend bool operator==(const BrowseAnswerDto&, const BrowseAnswerDto&) = default;
};

// "whois.result"
struct WhoisAnswerDto {
  std::uint64_t id = 0;
  bool done = false;
  bool found = false;  // the user is online
  std::string user;    // the full name
  std::uint64_t shared_files = 0;
  std::uint64_t online_time = 0;
  std::string queue_status;

  friend bool operator==(const WhoisAnswerDto&, const WhoisAnswerDto&) = default;
};

// "network.logged_in"
struct LoggedInDto {
  std::string full_name;

  friend bool operator==(const LoggedInDto&, const LoggedInDto&) = default;
};

// "network.pm": a private message arrived.
struct PmEventDto {
  std::string from;    // the sender's full name
  std::string handle;  // to answer with pm.send
  std::string text;    // UTF-8

  friend bool operator==(const PmEventDto&, const PmEventDto&) = default;
};

// "network.pm_delivered": the recipient's client acknowledged a message.
struct PmDeliveredDto {
  std::string to;
  std::string reply;  // the recipient's automatic reply, or ""

  friend bool operator==(const PmDeliveredDto&, const PmDeliveredDto&) = default;
};

JsonObject to_json(const NetworkStatusDto& status);
NetworkStatusDto network_status_from_json(const JsonObject& object);
JsonObject to_json(const HostDto& host);
HostDto host_from_json(const JsonObject& object);
JsonObject to_json(const HostListDto& list);
HostListDto host_list_from_json(const JsonObject& object);
JsonObject to_json(const RequestIdDto& started);
RequestIdDto request_id_from_json(const JsonObject& object);
JsonObject to_json(const SearchResultDto& result);
SearchResultDto search_result_from_json(const JsonObject& object);
JsonObject to_json(const SearchResultsDto& results);
SearchResultsDto search_results_from_json(const JsonObject& object);
JsonObject to_json(const BrowseFileDto& file);
BrowseFileDto browse_file_from_json(const JsonObject& object);
JsonObject to_json(const BrowseAnswerDto& answer);
BrowseAnswerDto browse_answer_from_json(const JsonObject& object);
JsonObject to_json(const WhoisAnswerDto& answer);
WhoisAnswerDto whois_answer_from_json(const JsonObject& object);
JsonObject to_json(const LoggedInDto& event);
LoggedInDto logged_in_from_json(const JsonObject& object);
JsonObject to_json(const PmEventDto& event);
PmEventDto pm_event_from_json(const JsonObject& object);
JsonObject to_json(const PmDeliveredDto& event);
PmDeliveredDto pm_delivered_from_json(const JsonObject& object);

// Every DTO above with the members it writes.
std::vector<DtoSchema> network_dto_schemas();

}  // namespace wpn::ipc
