#pragma once
// Table-driven JSON mapping for flat DTOs: each DTO lists its members once, and the same
// table writes and reads them. Reading is tolerant: a missing or mistyped member keeps its
// default, so older and newer peers interoperate.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "json/json_value.h"

namespace wpn::ipc {

template <class T>
using DtoMember = std::variant<std::string T::*, std::uint64_t T::*, std::int64_t T::*, bool T::*, double T::*>;

template <class T>
struct DtoField {
  std::string_view key;
  DtoMember<T> member;
};

template <class T, std::size_t N>
void write_fields(const T& value, const std::array<DtoField<T>, N>& fields, JsonObject out) {
  for (const auto& field : fields) {
    std::visit([&](auto pointer) { out->set(std::string(field.key), value.*pointer); }, field.member);
  }
}

template <class T, std::size_t N>
JsonObject fields_to_json(const T& value, const std::array<DtoField<T>, N>& fields) {
  auto out = make_object();
  write_fields(value, fields, out);
  return out;
}

template <class T, std::size_t N>
void read_fields(T& value, const JsonObject& object, const std::array<DtoField<T>, N>& fields) {
  for (const auto& field : fields) {
    const std::string key(field.key);
    std::visit(
        [&](auto pointer) {
          using Member = std::remove_cvref_t<decltype(value.*pointer)>;
          if constexpr (std::is_same_v<Member, std::string>) {
            if (auto v = get_string(object, key)) value.*pointer = std::move(*v);
          } else if constexpr (std::is_same_v<Member, std::uint64_t>) {
            if (auto v = get_uint(object, key)) value.*pointer = *v;
          } else if constexpr (std::is_same_v<Member, std::int64_t>) {
            if (auto v = get_int(object, key)) value.*pointer = *v;
          } else if constexpr (std::is_same_v<Member, bool>) {
            if (auto v = get_bool(object, key)) value.*pointer = *v;
          } else {
            if (auto v = get_number(object, key)) value.*pointer = *v;
          }
        },
        field.member);
  }
}

template <class T, std::size_t N>
T read_dto_fields(const JsonObject& object, const std::array<DtoField<T>, N>& fields) {
  T value;
  read_fields(value, object, fields);
  return value;
}

template <class T, std::size_t N>
JsonArray dto_rows_to_json(const std::vector<T>& rows, const std::array<DtoField<T>, N>& fields) {
  auto array = make_array();
  for (const auto& row : rows) array->add(fields_to_json(row, fields));
  return array;
}

// Reads at most `max_rows` objects; anything that is not an object is skipped.
template <class T, std::size_t N>
std::vector<T> dto_rows_from_json(const JsonArray& array, const std::array<DtoField<T>, N>& fields,
                                  std::size_t max_rows) {
  std::vector<T> rows;
  if (array.isNull()) return rows;
  for (std::size_t i = 0; i < array->size() && rows.size() < max_rows; ++i) {
    if (const auto item = as_object(array->get(static_cast<unsigned>(i))); !item.isNull())
      rows.push_back(read_dto_fields(item, fields));
  }
  return rows;
}

// The member names a DTO writes, for checking them against PROTOCOL.md.
struct DtoSchema {
  std::string_view name;  // as PROTOCOL.md names the DTO, e.g. "NetworkStatusDto"
  std::vector<std::string_view> keys;
};

template <class T, std::size_t N>
std::vector<std::string_view> field_keys(const std::array<DtoField<T>, N>& fields) {
  std::vector<std::string_view> keys;
  for (const auto& field : fields) keys.push_back(field.key);
  return keys;
}

}  // namespace wpn::ipc
