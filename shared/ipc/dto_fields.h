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

#include "json/json_value.h"

namespace wpn::ipc {

template <class T>
using DtoMember =
    std::variant<std::string T::*, std::uint64_t T::*, std::int64_t T::*, bool T::*, double T::*>;

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

}  // namespace wpn::ipc
