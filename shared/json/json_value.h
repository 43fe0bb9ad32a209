#pragma once
// The one adapter to POCO JSON: non-throwing access to JSON values. POCO throws on bad
// input and on failed conversions; everything that touches a client's JSON goes through
// these helpers, and the IPC schema names only the aliases below.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <tl/expected.hpp>

namespace wpn::json {

using JsonValue = Poco::Dynamic::Var;
using JsonObject = Poco::JSON::Object::Ptr;
using JsonArray = Poco::JSON::Array::Ptr;

// Nesting allowed in any IPC message; deeper input is rejected before it costs stack.
inline constexpr std::size_t MaxJsonDepth = 32;
// Integers that survive a trip through a double (JSON clients in other languages).
inline constexpr std::uint64_t MaxSafeInteger = (std::uint64_t{1} << 53) - 1;

// Parses text that must hold exactly one JSON object; the error says why not.
tl::expected<JsonObject, std::string> parse_json_object(std::string_view text);

// Compact JSON text; object keys in sorted order, so equal values give equal text.
std::string to_json_text(const JsonValue& value);
std::string to_json_text(const JsonObject& object);

JsonObject make_object();
JsonArray make_array();

bool is_object(const JsonValue& value) noexcept;
bool is_array(const JsonValue& value) noexcept;

// nullopt (or nullptr) when the key is missing or holds another type. Integers must be
// whole JSON numbers in range; strings are never converted from numbers or back.
std::optional<std::string> get_string(const JsonObject& object, const std::string& key);
std::optional<std::int64_t> get_int(const JsonObject& object, const std::string& key);
std::optional<std::uint64_t> get_uint(const JsonObject& object, const std::string& key);
std::optional<double> get_number(const JsonObject& object, const std::string& key);
std::optional<bool> get_bool(const JsonObject& object, const std::string& key);
JsonObject get_object(const JsonObject& object, const std::string& key);
JsonArray get_array(const JsonObject& object, const std::string& key);
// Every element a string, else nullopt.
std::optional<std::vector<std::string>> get_string_list(const JsonObject& object, const std::string& key);

// The same rules for a value on its own (array elements, setting values).
std::optional<std::string> as_string(const JsonValue& value);
std::optional<std::int64_t> as_int(const JsonValue& value);
std::optional<std::uint64_t> as_uint(const JsonValue& value);
std::optional<bool> as_bool(const JsonValue& value);
JsonObject as_object(const JsonValue& value);
JsonArray as_array(const JsonValue& value);
std::optional<std::vector<std::string>> as_string_list(const JsonValue& value);

JsonArray to_json_array(const std::vector<std::string>& strings);

}  // namespace wpn::json

// The IPC schema speaks JSON through this adapter.
namespace wpn::ipc {
using namespace wpn::json;
}  // namespace wpn::ipc
