#include "share/name_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <utility>
#include <vector>

namespace wpn::share {
namespace {

constexpr char Replacement = '_';
constexpr std::string_view ReplacementCharUtf8 = "\xEF\xBF\xBD";  // U+FFFD

struct CodePoint {
  std::uint32_t value = 0;
  std::size_t length = 0;  // 0: invalid sequence
};

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
CodePoint decode_utf8(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[pos + i]); };
  const std::uint8_t first = byte(0);
  if (first < 0x80) return {first, 1};
  std::size_t length = 0;
  std::uint32_t value = 0;
  std::uint32_t minimum = 0;
  if ((first & 0xE0U) == 0xC0U) {
    length = 2, value = first & 0x1FU, minimum = 0x80;
  } else if ((first & 0xF0U) == 0xE0U) {
    length = 3, value = first & 0x0FU, minimum = 0x800;
  } else if ((first & 0xF8U) == 0xF0U) {
    length = 4, value = first & 0x07U, minimum = 0x10000;
  } else {
    return {};
  }
  if (text.size() - pos < length) return {};
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0U) != 0x80U) return {};
    value = (value << 6U) | (byte(i) & 0x3FU);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
  return {value, length};
}

bool forbidden_in_windows_name(std::uint32_t c) {
  if (c < 0x20 || c == 0x7F) return true;
  switch (c) {
    case '\\':
    case '/':
    case ':':
    case '*':
    case '?':
    case '"':
    case '<':
    case '>':
    case '|':
      return true;
    default:
      return false;
  }
}

std::string describe(std::uint32_t c) {
  std::array<char, 16> text{};
  std::snprintf(text.data(), text.size(), "U+%04X", static_cast<unsigned>(c));
  return text.data();
}

// Printable ASCII that sanitizing leaves alone is the same bytes in both code pages: most
// names skip the converter (a rescan encodes every name it walks).
bool plain_ascii(std::string_view name) {
  for (const char c : name) {
    const auto byte = static_cast<std::uint8_t>(c);
    if (byte < 0x20 || byte >= 0x7F || forbidden_in_windows_name(byte)) return false;
  }
  return name.back() != '.' && name.back() != ' ';
}

bool is_cp932_lead(std::uint8_t b) { return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC); }

// Runs iconv over the whole input; on an unconvertible sequence calls
// on_bad(input offset) which returns how many bytes to skip (0: stop, failure).
template <class OnBad>
bool run_iconv(iconv_t cd, std::string_view input, std::string& out, OnBad on_bad) {
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  std::vector<char> buffer(std::max<std::size_t>(64, input.size() * 4));
  char* in = const_cast<char*>(input.data());
  std::size_t in_left = input.size();
  while (in_left > 0) {
    char* out_ptr = buffer.data();
    std::size_t out_left = buffer.size();
    const std::size_t rc = iconv(cd, &in, &in_left, &out_ptr, &out_left);
    out.append(buffer.data(), static_cast<std::size_t>(out_ptr - buffer.data()));
    if (rc != static_cast<std::size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    const std::size_t skip = on_bad(static_cast<std::size_t>(in - input.data()));
    if (skip == 0) return false;
    const std::size_t step = std::min(skip, in_left);
    in += step;
    in_left -= step;
  }
  return true;
}

}  // namespace

std::string_view code_page_name(CodePage code_page) { return code_page == CodePage::Cp932 ? "CP932" : "CP1252"; }

std::optional<CodePage> parse_code_page(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
  if (lower == "cp1252" || lower == "windows-1252") return CodePage::Cp1252;
  if (lower == "cp932" || lower == "windows-31j" || lower == "shift_jis" || lower == "sjis") {
    return CodePage::Cp932;
  }
  return std::nullopt;
}

std::optional<std::string> sanitize_component(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const CodePoint cp = decode_utf8(utf8, pos);
    if (cp.length == 0) return std::nullopt;
    if (forbidden_in_windows_name(cp.value)) {
      out.push_back(Replacement);
    } else {
      out.append(utf8.substr(pos, cp.length));
    }
    pos += cp.length;
  }
  // Windows drops a trailing dot or space, which would change the name.
  if (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.back() = Replacement;
  return out;
}

struct NameEncoder::Handles {
  iconv_t to_code_page = reinterpret_cast<iconv_t>(-1);
  iconv_t to_utf8 = reinterpret_cast<iconv_t>(-1);

  Handles(const Handles&) = delete;
  Handles& operator=(const Handles&) = delete;
  explicit Handles(CodePage code_page) {
    const std::string name(code_page_name(code_page));
    to_code_page = iconv_open(name.c_str(), "UTF-8");
    to_utf8 = iconv_open("UTF-8", name.c_str());
  }
  ~Handles() {
    if (valid(to_code_page)) iconv_close(to_code_page);
    if (valid(to_utf8)) iconv_close(to_utf8);
  }
  static bool valid(iconv_t cd) { return cd != reinterpret_cast<iconv_t>(-1); }
};

NameEncoder::NameEncoder(CodePage code_page) : code_page_(code_page), handles_(std::make_unique<Handles>(code_page)) {}
NameEncoder::NameEncoder(NameEncoder&&) noexcept = default;
NameEncoder& NameEncoder::operator=(NameEncoder&&) noexcept = default;
NameEncoder::~NameEncoder() = default;

tl::expected<std::string, NameError> NameEncoder::encode_component(std::string_view utf8) const {
  if (utf8.empty()) return tl::unexpected(NameError{NameErrc::EmptyComponent, "empty path component"});
  if (utf8 == "." || utf8 == "..") {
    return tl::unexpected(NameError{NameErrc::DotComponent, "\"" + std::string(utf8) + "\" component"});
  }
  if (plain_ascii(utf8)) return std::string(utf8);
  const auto clean = sanitize_component(utf8);
  if (!clean) {
    return tl::unexpected(NameError{NameErrc::InvalidUtf8, "name is not valid UTF-8 on disk"});
  }
  if (!Handles::valid(handles_->to_code_page)) {
    return tl::unexpected(
        NameError{NameErrc::NoConverter, "no converter for " + std::string(code_page_name(code_page_))});
  }
  std::string out;
  std::uint32_t bad = 0;
  const bool ok = run_iconv(handles_->to_code_page, *clean, out, [&](std::size_t offset) -> std::size_t {
    bad = decode_utf8(*clean, offset).value;
    return 0;
  });
  if (!ok) {
    return tl::unexpected(NameError{NameErrc::Unrepresentable, "\"" + *clean + "\": " + describe(bad) +
                                                                   " cannot be represented in " +
                                                                   std::string(code_page_name(code_page_))});
  }
  return out;
}

tl::expected<AnnouncedName, NameError> NameEncoder::announce(std::string_view display_name,
                                                             std::string_view relative_path) const {
  auto root = encode_component(display_name);
  if (!root) return tl::unexpected(root.error());
  AnnouncedName name{std::move(*root), {}};
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = relative_path.find('/', start);
    const std::string_view part = relative_path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    auto encoded = encode_component(part);
    if (!encoded) return tl::unexpected(encoded.error());
    if (slash == std::string_view::npos) {
      name.file = std::move(*encoded);
      break;
    }
    name.folder += '\\';
    name.folder += *encoded;
    start = slash + 1;
  }
  if (name.folder.size() + 1 + name.file.size() > MaxAnnouncedNameLength) {
    return tl::unexpected(NameError{NameErrc::TooLong,
                                    "announced name longer than " + std::to_string(MaxAnnouncedNameLength) + " bytes"});
  }
  return name;
}

std::string NameEncoder::to_utf8(std::string_view announced) const {
  std::string out;
  if (!Handles::valid(handles_->to_utf8)) return out;
  run_iconv(handles_->to_utf8, announced, out, [&](std::size_t) -> std::size_t {
    out += ReplacementCharUtf8;
    return 1;
  });
  return out;
}

std::optional<std::string> NameEncoder::from_utf8(std::string_view utf8) const {
  std::string out;
  if (!Handles::valid(handles_->to_code_page)) return std::nullopt;
  if (!run_iconv(handles_->to_code_page, utf8, out, [](std::size_t) -> std::size_t { return 0; })) {
    return std::nullopt;
  }
  return out;
}

std::optional<AnnouncedName> NameEncoder::split(std::string_view announced) const {
  std::size_t separator = std::string_view::npos;
  for (std::size_t i = 0; i < announced.size(); ++i) {
    const auto b = static_cast<std::uint8_t>(announced[i]);
    if (code_page_ == CodePage::Cp932 && is_cp932_lead(b)) {
      ++i;  // the trail byte belongs to the character, even if it is 0x5C
    } else if (b == '\\') {
      separator = i;
    }
  }
  if (separator == std::string_view::npos || separator == 0 || separator + 1 == announced.size()) {
    return std::nullopt;
  }
  return AnnouncedName{std::string(announced.substr(0, separator)), std::string(announced.substr(separator + 1))};
}

}  // namespace wpn::share
