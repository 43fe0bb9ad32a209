#include "ipc/transfer_dto.h"

#include "ipc/dto_fields.h"

namespace wpn::ipc {

namespace {

// Rows per list: "transfers.view" pages are at most 500 rows, so anything longer is hostile.
constexpr std::size_t MaxRowsRead = 1000;

constexpr auto TransferFields = std::to_array<DtoField<TransferDto>>({
    {"id", &TransferDto::id},
    {"direction", &TransferDto::direction},
    {"state", &TransferDto::state},
    {"peer", &TransferDto::peer},
    {"file", &TransferDto::file},
    {"key", &TransferDto::key},
    {"size", &TransferDto::size},
    {"done", &TransferDto::done},
    {"rate_bps", &TransferDto::rate_bps},
    {"position", &TransferDto::position},
    {"wait_reason", &TransferDto::wait_reason},
    {"fail_reason", &TransferDto::fail_reason},
    {"error", &TransferDto::error},
    {"started", &TransferDto::started},
    {"local_path", &TransferDto::local_path},
});

constexpr auto ProgressRowFields = std::to_array<DtoField<TransferProgressRow>>({
    {"id", &TransferProgressRow::id},
    {"done", &TransferProgressRow::done},
    {"rate_bps", &TransferProgressRow::rate_bps},
});

constexpr auto RemovedFields = std::to_array<DtoField<TransferRemovedDto>>({
    {"id", &TransferRemovedDto::id},
    {"direction", &TransferRemovedDto::direction},
    {"reason", &TransferRemovedDto::reason},
});

constexpr auto RefusedFields = std::to_array<DtoField<TransferRefusedDto>>({
    {"user", &TransferRefusedDto::user},
    {"file", &TransferRefusedDto::file},
    {"reason", &TransferRefusedDto::reason},
});

template <class T, std::size_t N>
T read_as(const JsonObject& object, const std::array<DtoField<T>, N>& fields) {
  T value;
  read_fields(value, object, fields);
  return value;
}

template <class T, std::size_t N>
JsonArray rows_to_json(const std::vector<T>& rows, const std::array<DtoField<T>, N>& fields) {
  auto array = make_array();
  for (const auto& row : rows) array->add(fields_to_json(row, fields));
  return array;
}

template <class T, std::size_t N>
std::vector<T> rows_from_json(const JsonArray& array, const std::array<DtoField<T>, N>& fields) {
  std::vector<T> rows;
  if (array.isNull()) return rows;
  for (std::size_t i = 0; i < array->size() && rows.size() < MaxRowsRead; ++i) {
    if (const auto item = as_object(array->get(static_cast<unsigned>(i))); !item.isNull())
      rows.push_back(read_as(item, fields));
  }
  return rows;
}

}  // namespace

JsonObject to_json(const TransferDto& transfer) { return fields_to_json(transfer, TransferFields); }

TransferDto transfer_from_json(const JsonObject& object) { return read_as(object, TransferFields); }

JsonObject to_json(const TransferPageDto& page) {
  auto object = make_object();
  object->set("list", page.list);
  object->set("total", page.total);
  object->set("revision", page.revision);
  object->set("offset", page.offset);
  object->set("rows", rows_to_json(page.rows, TransferFields));
  return object;
}

TransferPageDto transfer_page_from_json(const JsonObject& object) {
  TransferPageDto page;
  page.list = get_string(object, "list").value_or("");
  page.total = get_uint(object, "total").value_or(0);
  page.revision = get_uint(object, "revision").value_or(0);
  page.offset = get_uint(object, "offset").value_or(0);
  page.rows = rows_from_json(get_array(object, "rows"), TransferFields);
  return page;
}

JsonObject to_json(const TransfersSnapshotDto& snapshot) {
  auto object = make_object();
  object->set(std::string(transfer_list::Uploads), to_json(snapshot.uploads));
  object->set(std::string(transfer_list::Downloads), to_json(snapshot.downloads));
  object->set(std::string(transfer_list::Queue), to_json(snapshot.queue));
  return object;
}

TransfersSnapshotDto transfers_snapshot_from_json(const JsonObject& object) {
  TransfersSnapshotDto snapshot;
  snapshot.uploads = transfer_page_from_json(get_object(object, std::string(transfer_list::Uploads)));
  snapshot.downloads = transfer_page_from_json(get_object(object, std::string(transfer_list::Downloads)));
  snapshot.queue = transfer_page_from_json(get_object(object, std::string(transfer_list::Queue)));
  return snapshot;
}

JsonObject to_json(const TransferRemovedDto& removed) { return fields_to_json(removed, RemovedFields); }

TransferRemovedDto transfer_removed_from_json(const JsonObject& object) { return read_as(object, RemovedFields); }

JsonObject to_json(const TransferRefusedDto& refused) { return fields_to_json(refused, RefusedFields); }

TransferRefusedDto transfer_refused_from_json(const JsonObject& object) { return read_as(object, RefusedFields); }

JsonObject to_json(const TransferProgressDto& progress) {
  auto object = make_object();
  object->set("rows", rows_to_json(progress.rows, ProgressRowFields));
  return object;
}

TransferProgressDto transfer_progress_from_json(const JsonObject& object) {
  return TransferProgressDto{rows_from_json(get_array(object, "rows"), ProgressRowFields)};
}

JsonObject to_json(const QueueChangedDto& changed) {
  auto object = make_object();
  object->set("revision", changed.revision);
  return object;
}

QueueChangedDto queue_changed_from_json(const JsonObject& object) {
  return QueueChangedDto{get_uint(object, "revision").value_or(0)};
}

}  // namespace wpn::ipc
