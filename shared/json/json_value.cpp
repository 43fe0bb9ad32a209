#include "json/json_value.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace wpn::json {

namespace {

// pdjson recurses once per nesting level; count brackets outside strings before parsing
// so hostile depth never reaches it.
bool nesting_within(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > limit) return false;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return true;
}

// JSON has no infinity: a number too large for a double would not survive re-encoding.
bool numbers_finite(const Poco::Dynamic::Var& value) {
  if (is_object(value)) {
    for (const auto& [key, member] : *value.extract<JsonObject>())
      if (!numbers_finite(member)) return false;
    return true;
  }
  if (is_array(value)) {
    const auto array = value.extract<JsonArray>();
    for (std::size_t i = 0; i < array->size(); ++i)
      if (!numbers_finite(array->get(static_cast<unsigned>(i)))) return false;
    return true;
  }
  if (value.isNumeric() && !value.isInteger() && !value.isBoolean()) return std::isfinite(value.convert<double>());
  return true;
}

}  // namespace

tl::expected<JsonObject, std::string> parse_json_object(std::string_view text) {
  if (!nesting_within(text, MaxJsonDepth)) return tl::unexpected(std::string("nested too deeply"));
  try {
    Poco::JSON::Parser parser;
    parser.setDepth(MaxJsonDepth + 1);
    const Poco::Dynamic::Var value = parser.parse(std::string(text));
    if (!is_object(value)) return tl::unexpected(std::string("not a JSON object"));
    auto object = value.extract<JsonObject>();
    if (object.isNull()) return tl::unexpected(std::string("not a JSON object"));
    if (!numbers_finite(value)) return tl::unexpected(std::string("a number is out of range"));
    return object;
  } catch (const Poco::Exception& e) {
    return tl::unexpected("invalid JSON: " + e.message());
  } catch (const std::exception& e) {
    return tl::unexpected(std::string("invalid JSON: ") + e.what());
  }
}

std::string to_json_text(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

std::string to_json_text(const JsonObject& object) { return to_json_text(Poco::Dynamic::Var(object)); }

JsonObject make_object() { return new Poco::JSON::Object(); }
JsonArray make_array() { return new Poco::JSON::Array(); }

bool is_object(const Poco::Dynamic::Var& value) noexcept { return value.type() == typeid(JsonObject); }
bool is_array(const Poco::Dynamic::Var& value) noexcept { return value.type() == typeid(JsonArray); }

std::optional<std::string> as_string(const Poco::Dynamic::Var& value) {
  if (value.isEmpty() || !value.isString()) return std::nullopt;
  try {
    return value.extract<std::string>();
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

std::optional<std::int64_t> as_int(const Poco::Dynamic::Var& value) {
  if (value.isEmpty() || !value.isInteger() || value.isBoolean()) return std::nullopt;
  try {
    if (value.isSigned()) return value.convert<Poco::Int64>();
    const auto unsigned_value = value.convert<Poco::UInt64>();
    if (unsigned_value > static_cast<Poco::UInt64>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
    return static_cast<std::int64_t>(unsigned_value);
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

std::optional<std::uint64_t> as_uint(const Poco::Dynamic::Var& value) {
  if (value.isEmpty() || !value.isInteger() || value.isBoolean()) return std::nullopt;
  try {
    if (value.isSigned()) {
      const auto signed_value = value.convert<Poco::Int64>();
      if (signed_value < 0) return std::nullopt;
      return static_cast<std::uint64_t>(signed_value);
    }
    return value.convert<Poco::UInt64>();
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

std::optional<bool> as_bool(const Poco::Dynamic::Var& value) {
  if (value.isEmpty() || !value.isBoolean()) return std::nullopt;
  try {
    return value.extract<bool>();
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

JsonObject as_object(const Poco::Dynamic::Var& value) {
  if (!is_object(value)) return nullptr;
  return value.extract<JsonObject>();
}

JsonArray as_array(const Poco::Dynamic::Var& value) {
  if (!is_array(value)) return nullptr;
  return value.extract<JsonArray>();
}

std::optional<std::vector<std::string>> as_string_list(const Poco::Dynamic::Var& value) {
  const auto array = as_array(value);
  if (array.isNull()) return std::nullopt;
  std::vector<std::string> strings;
  strings.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    auto text = as_string(array->get(static_cast<unsigned>(i)));
    if (!text) return std::nullopt;
    strings.push_back(std::move(*text));
  }
  return strings;
}

namespace {

Poco::Dynamic::Var member(const JsonObject& object, const std::string& key) {
  if (object.isNull() || !object->has(key)) return {};
  return object->get(key);
}

}  // namespace

std::optional<std::string> get_string(const JsonObject& object, const std::string& key) {
  return as_string(member(object, key));
}
std::optional<std::int64_t> get_int(const JsonObject& object, const std::string& key) {
  return as_int(member(object, key));
}
std::optional<std::uint64_t> get_uint(const JsonObject& object, const std::string& key) {
  return as_uint(member(object, key));
}
std::optional<double> get_number(const JsonObject& object, const std::string& key) {
  const auto value = member(object, key);
  if (value.isEmpty() || !value.isNumeric() || value.isBoolean()) return std::nullopt;
  try {
    const double number = value.convert<double>();
    if (!std::isfinite(number)) return std::nullopt;
    return number;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}
std::optional<bool> get_bool(const JsonObject& object, const std::string& key) { return as_bool(member(object, key)); }
JsonObject get_object(const JsonObject& object, const std::string& key) { return as_object(member(object, key)); }
JsonArray get_array(const JsonObject& object, const std::string& key) { return as_array(member(object, key)); }
std::optional<std::vector<std::string>> get_string_list(const JsonObject& object, const std::string& key) {
  return as_string_list(member(object, key));
}

JsonArray to_json_array(const std::vector<std::string>& strings) {
  auto array = make_array();
  for (const auto& text : strings) array->add(text);
  return array;
}

}  // namespace wpn::json
