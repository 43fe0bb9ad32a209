#include "ipc/network_dto.h"

namespace wpn::ipc {

namespace {

// A reply is at most 4 MiB, so no honest list comes near these; they bound hostile input.
constexpr std::size_t MaxHostsRead = 10000;
constexpr std::size_t MaxFilesRead = 100000;

// Members holding lists, named once for writing, reading and the schema.
constexpr std::string_view HostsKey = "hosts";
constexpr std::string_view AddedKey = "added";
constexpr std::string_view ResultsKey = "results";
constexpr std::string_view FilesKey = "files";

constexpr auto StatusFields = std::to_array<DtoField<NetworkStatusDto>>({
    {"role", &NetworkStatusDto::role},
    {"running", &NetworkStatusDto::running},
    {"logged_in", &NetworkStatusDto::logged_in},
    {"full_name", &NetworkStatusDto::full_name},
    {"parent", &NetworkStatusDto::parent},
    {"port", &NetworkStatusDto::port},
    {"users", &NetworkStatusDto::users},
    {"shared_files", &NetworkStatusDto::shared_files},
    {"hosts", &NetworkStatusDto::hosts},
    {"skipped_frames", &NetworkStatusDto::skipped_frames},
    {"hubs_known", &NetworkStatusDto::hubs_known},
});

constexpr auto HostFields = std::to_array<DtoField<HostDto>>({
    {"type", &HostDto::type},
    {"address", &HostDto::address},
    {"port", &HostDto::port},
});

constexpr auto HostListFields = std::to_array<DtoField<HostListDto>>({{"file", &HostListDto::file}});

constexpr auto RequestIdFields = std::to_array<DtoField<RequestIdDto>>({{"id", &RequestIdDto::id}});

constexpr auto SearchResultFields = std::to_array<DtoField<SearchResultDto>>({
    {"user", &SearchResultDto::user},
    {"handle", &SearchResultDto::handle},
    {"file", &SearchResultDto::file},
    {"file_hex", &SearchResultDto::file_hex},
    {"key", &SearchResultDto::key},
    {"size", &SearchResultDto::size},
    {"bitrate", &SearchResultDto::bitrate},
    {"frequency", &SearchResultDto::frequency},
    {"duration", &SearchResultDto::duration},
    {"queue_status", &SearchResultDto::queue_status},
});

constexpr auto SearchResultsFields = std::to_array<DtoField<SearchResultsDto>>({{"id", &SearchResultsDto::id}});

constexpr auto BrowseFileFields = std::to_array<DtoField<BrowseFileDto>>({
    {"file", &BrowseFileDto::file},
    {"file_hex", &BrowseFileDto::file_hex},
    {"key", &BrowseFileDto::key},
    {"size", &BrowseFileDto::size},
    {"bitrate", &BrowseFileDto::bitrate},
    {"frequency", &BrowseFileDto::frequency},
    {"duration", &BrowseFileDto::duration},
});

constexpr auto BrowseAnswerFields = std::to_array<DtoField<BrowseAnswerDto>>({
    {"id", &BrowseAnswerDto::id},
    {"done", &BrowseAnswerDto::done},
    {"complete", &BrowseAnswerDto::complete},
});

constexpr auto WhoisAnswerFields = std::to_array<DtoField<WhoisAnswerDto>>({
    {"id", &WhoisAnswerDto::id},
    {"done", &WhoisAnswerDto::done},
    {"found", &WhoisAnswerDto::found},
    {"user", &WhoisAnswerDto::user},
    {"shared_files", &WhoisAnswerDto::shared_files},
    {"online_time", &WhoisAnswerDto::online_time},
    {"queue_status", &WhoisAnswerDto::queue_status},
});

constexpr auto LoggedInFields = std::to_array<DtoField<LoggedInDto>>({{"full_name", &LoggedInDto::full_name}});

constexpr auto PmEventFields = std::to_array<DtoField<PmEventDto>>({
    {"from", &PmEventDto::from},
    {"handle", &PmEventDto::handle},
    {"text", &PmEventDto::text},
});

constexpr auto PmDeliveredFields = std::to_array<DtoField<PmDeliveredDto>>({
    {"to", &PmDeliveredDto::to},
    {"reply", &PmDeliveredDto::reply},
});

template <class T, std::size_t N>
std::vector<std::string_view> keys_plus(const std::array<DtoField<T>, N>& fields,
                                        std::initializer_list<std::string_view> more) {
  auto keys = field_keys(fields);
  keys.insert(keys.end(), more.begin(), more.end());
  return keys;
}

}  // namespace

JsonObject to_json(const NetworkStatusDto& status) { return fields_to_json(status, StatusFields); }
NetworkStatusDto network_status_from_json(const JsonObject& object) { return read_dto_fields(object, StatusFields); }
JsonObject to_json(const HostDto& host) { return fields_to_json(host, HostFields); }
HostDto host_from_json(const JsonObject& object) { return read_dto_fields(object, HostFields); }

JsonObject to_json(const HostListDto& list) {
  auto object = fields_to_json(list, HostListFields);
  object->set(std::string(HostsKey), dto_rows_to_json(list.hosts, HostFields));
  if (list.added) object->set(std::string(AddedKey), *list.added);
  return object;
}

HostListDto host_list_from_json(const JsonObject& object) {
  auto list = read_dto_fields(object, HostListFields);
  list.hosts = dto_rows_from_json(get_array(object, std::string(HostsKey)), HostFields, MaxHostsRead);
  list.added = get_uint(object, std::string(AddedKey));
  return list;
}

JsonObject to_json(const RequestIdDto& started) { return fields_to_json(started, RequestIdFields); }
RequestIdDto request_id_from_json(const JsonObject& object) { return read_dto_fields(object, RequestIdFields); }
JsonObject to_json(const SearchResultDto& result) { return fields_to_json(result, SearchResultFields); }
SearchResultDto search_result_from_json(const JsonObject& object) {
  return read_dto_fields(object, SearchResultFields);
}

JsonObject to_json(const SearchResultsDto& results) {
  auto object = fields_to_json(results, SearchResultsFields);
  object->set(std::string(ResultsKey), dto_rows_to_json(results.results, SearchResultFields));
  return object;
}

SearchResultsDto search_results_from_json(const JsonObject& object) {
  auto results = read_dto_fields(object, SearchResultsFields);
  results.results = dto_rows_from_json(get_array(object, std::string(ResultsKey)), SearchResultFields, MaxFilesRead);
  return results;
}

JsonObject to_json(const BrowseFileDto& file) { return fields_to_json(file, BrowseFileFields); }
BrowseFileDto browse_file_from_json(const JsonObject& object) { return read_dto_fields(object, BrowseFileFields); }

JsonObject to_json(const BrowseAnswerDto& answer) {
  auto object = fields_to_json(answer, BrowseAnswerFields);
  object->set(std::string(FilesKey), dto_rows_to_json(answer.files, BrowseFileFields));
  return object;
}

BrowseAnswerDto browse_answer_from_json(const JsonObject& object) {
  auto answer = read_dto_fields(object, BrowseAnswerFields);
  answer.files = dto_rows_from_json(get_array(object, std::string(FilesKey)), BrowseFileFields, MaxFilesRead);
  return answer;
}

JsonObject to_json(const WhoisAnswerDto& answer) { return fields_to_json(answer, WhoisAnswerFields); }
WhoisAnswerDto whois_answer_from_json(const JsonObject& object) { return read_dto_fields(object, WhoisAnswerFields); }
JsonObject to_json(const LoggedInDto& event) { return fields_to_json(event, LoggedInFields); }
LoggedInDto logged_in_from_json(const JsonObject& object) { return read_dto_fields(object, LoggedInFields); }
JsonObject to_json(const PmEventDto& event) { return fields_to_json(event, PmEventFields); }
PmEventDto pm_event_from_json(const JsonObject& object) { return read_dto_fields(object, PmEventFields); }
JsonObject to_json(const PmDeliveredDto& event) { return fields_to_json(event, PmDeliveredFields); }
PmDeliveredDto pm_delivered_from_json(const JsonObject& object) { return read_dto_fields(object, PmDeliveredFields); }

std::vector<DtoSchema> network_dto_schemas() {
  return {
      {"NetworkStatusDto", field_keys(StatusFields)},
      {"HostDto", field_keys(HostFields)},
      {"HostListDto", keys_plus(HostListFields, {HostsKey, AddedKey})},
      {"RequestIdDto", field_keys(RequestIdFields)},
      {"SearchResultDto", field_keys(SearchResultFields)},
      {"SearchResultsDto", keys_plus(SearchResultsFields, {ResultsKey})},
      {"BrowseFileDto", field_keys(BrowseFileFields)},
      {"BrowseAnswerDto", keys_plus(BrowseAnswerFields, {FilesKey})},
      {"WhoisAnswerDto", field_keys(WhoisAnswerFields)},
      {"LoggedInDto", field_keys(LoggedInFields)},
      {"PmEventDto", field_keys(PmEventFields)},
      {"PmDeliveredDto", field_keys(PmDeliveredFields)},
  };
}

}  // namespace wpn::ipc
