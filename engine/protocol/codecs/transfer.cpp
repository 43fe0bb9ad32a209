#include "protocol/codecs/transfer.h"

#include <algorithm>
#include <cstddef>

namespace wpn::protocol {
namespace {

constexpr std::string_view HandlePrefixLower = "winmx ";
constexpr std::string_view BusyPrefix = "busy";
constexpr std::string_view TimedOutPrefix = "request timed out";
constexpr std::string_view NotSharedPrefix = "file not shared";

constexpr char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) noexcept {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (lower(text[i]) != prefix[i]) return false;
  return true;
}

// "WinMX " + 12 hex digits + NUL starting at text[at].
bool handle_pattern_at(std::string_view text, std::size_t at) noexcept {
  if (text.size() - at < HandleLength + 1) return false;
  if (!starts_with_nocase(text.substr(at), HandlePrefixLower)) return false;
  for (std::size_t i = at + HandlePrefixLower.size(); i < at + HandleLength; ++i)
    if (!is_hex(text[i])) return false;
  return text[at + HandleLength] == '\0';
}

}  // namespace

DecodeResult<TransferAddress> read_transfer_address(ByteReader& reader) {
  TransferAddress address;
  auto handle = read_handle(reader);
  if (!handle) return tl::unexpected(handle.error());
  address.handle = *handle;
  auto name = reader.cstr(MaxNameLength);
  if (!name) return tl::unexpected(name.error());
  address.name = std::move(*name);
  auto file = reader.cstr(MaxPathLength);
  if (!file) return tl::unexpected(file.error());
  address.file = std::move(*file);
  return address;
}

void write_transfer_address(ByteWriter& writer, const TransferAddress& address) {
  write_handle(writer, address.handle);
  writer.cstr(address.name);
  writer.cstr(address.file);
}

DecodeResult<ScannedAddress> read_scanned_address(ByteReader& reader) {
  const std::size_t start = reader.offset();
  // Peek at the rest without consuming it: the scan decides how much is leading.
  ByteReader peek = reader;
  const std::string_view text = as_chars(peek.rest());
  const std::size_t last_start = std::min(text.size(), MaxTransferLeadingLength + 1);
  std::size_t at = 0;
  while (at < last_start && !handle_pattern_at(text, at)) ++at;
  if (at >= last_start) return decode_error(DecodeErrc::BadHandle, start);

  ScannedAddress scanned;
  if (at > 0) {
    LeadingField leading;
    leading.terminated = text[at - 1] == '\0';
    leading.name = std::string(text.substr(0, leading.terminated ? at - 1 : at));
    scanned.leading = std::move(leading);
  }
  auto skipped = reader.take(at);
  if (!skipped) return tl::unexpected(skipped.error());
  auto address = read_transfer_address(reader);
  if (!address) return tl::unexpected(address.error());
  scanned.address = std::move(*address);
  return scanned;
}

void write_scanned_address(ByteWriter& writer, const std::optional<LeadingField>& leading,
                           const TransferAddress& address) {
  if (leading) {
    writer.text(leading->name);
    if (leading->terminated) writer.u8(0);
  }
  write_transfer_address(writer, address);
}

std::optional<std::uint32_t> tail_value(ByteView tail) noexcept {
  if (tail.size() != 1 && tail.size() != 2 && tail.size() != 4) return std::nullopt;
  std::uint32_t value = 0;
  for (std::size_t i = tail.size(); i-- > 0;) value = (value << 8) | tail[i];
  return value;
}

TransferRefusal classify_download_failure(std::string_view status) noexcept {
  if (starts_with_nocase(status, BusyPrefix)) return TransferRefusal::Busy;
  if (starts_with_nocase(status, TimedOutPrefix)) return TransferRefusal::TimedOut;
  if (starts_with_nocase(status, NotSharedPrefix)) return TransferRefusal::NotShared;
  return TransferRefusal::Other;
}

std::optional<std::uint32_t> busy_queue_length(std::string_view status) noexcept {
  if (classify_download_failure(status) != TransferRefusal::Busy) return std::nullopt;
  const auto first = std::find_if(status.begin(), status.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (first == status.end()) return std::nullopt;
  std::uint64_t value = 0;
  for (auto it = first; it != status.end() && *it >= '0' && *it <= '9'; ++it) {
    value = value * 10 + static_cast<std::uint64_t>(*it - '0');
    if (value > UINT32_MAX) return std::nullopt;
  }
  return static_cast<std::uint32_t>(value);
}

std::string download_failure_text(TransferRefusal refusal, std::uint32_t queue_length, const WireOptions& options) {
  switch (refusal) {
    case TransferRefusal::Busy: {
      // winmxworld writes "Busy ( % in queue)"; whether the space is real is [U].
      const char* const open = options.busy_status_inner_space ? "Busy ( " : "Busy (";
      return open + std::to_string(queue_length) + " in queue)";
    }
    case TransferRefusal::TimedOut:
      return "Request timed out";
    case TransferRefusal::NotShared:
      return "File Not Shared";
    case TransferRefusal::Other:
      break;
  }
  return "Download failed";
}

}  // namespace wpn::protocol
