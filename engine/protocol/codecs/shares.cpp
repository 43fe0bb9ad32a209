#include "protocol/codecs/shares.h"

#include <algorithm>
#include <utility>

#include "protocol/codecs/message_family.h"

namespace wpn::protocol {
namespace {

DecodeResult<ShareEntry> read_share_entry(ByteReader& reader) {
  ShareEntry entry;
  auto name = reader.cstr(MaxShareNameLength);
  if (!name) return tl::unexpected(name.error());
  entry.name = std::move(*name);
  auto key = read_file_key(reader);
  if (!key) return tl::unexpected(key.error());
  entry.key = *key;
  auto size = reader.u32le();
  if (!size) return tl::unexpected(size.error());
  entry.size = *size;
  auto media = read_media_fields(reader);
  if (!media) return tl::unexpected(media.error());
  entry.media = *media;
  return entry;
}

void write_share_entry(ByteWriter& writer, const ShareEntry& entry) {
  writer.cstr(entry.name);
  write_file_key(writer, entry.key);
  writer.u32le(entry.size);
  write_media_fields(writer, entry.media);
}

bool valid_text(std::string_view text, std::size_t max_length) {
  return text.size() <= max_length && text.find('\0') == std::string_view::npos;
}

// Where the entry starting at `at` ends without its media bytes; nullopt when no
// entry starts there (no NUL, an empty or overlong name, or the fixed fields cut).
std::optional<std::size_t> entry_end_without_media(ByteView entries, const std::vector<std::size_t>& next_nul,
                                                   std::size_t at) {
  const std::size_t nul = next_nul[at];
  if (nul == entries.size() || nul == at || nul - at > MaxShareNameLength) return std::nullopt;
  const std::size_t end = nul + 1 + FileKeyLength + 4;
  return end <= entries.size() ? std::optional<std::size_t>(end) : std::nullopt;
}

// The entries of the longest prefix of `entries` that splits into whole entries, each
// with or without its 10 media bytes; with media preferred wherever both readings
// reach that prefix's end. Returns the entries and the length they cover.
std::pair<std::vector<ShareEntry>, std::size_t> read_entries(ByteView all) {
  // A frame payload is at most 0xFFFF bytes; the bound also tells the compiler n + 1 > 0.
  constexpr std::size_t MaxPayload = 0xFFFF;
  const ByteView entries = all.first(std::min(all.size(), MaxPayload));
  const std::size_t n = entries.size();
  std::vector<std::size_t> next_nul(n + 1, n);
  for (std::size_t i = n; i-- > 0;) next_nul[i] = entries[i] == 0 ? i : next_nul[i + 1];
  // Forward: which entry boundaries can be reached from the start.
  std::vector<std::uint8_t> reached(n + 1, 0);  // vector<bool> trips g++'s null-dereference check
  reached[0] = 1;
  std::size_t furthest = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!reached[i]) continue;
    const auto end = entry_end_without_media(entries, next_nul, i);
    if (!end) continue;
    reached[*end] = 1;
    furthest = std::max(furthest, *end);
    if (*end + MediaFieldsLength <= n) {
      reached[*end + MediaFieldsLength] = 1;
      furthest = std::max(furthest, *end + MediaFieldsLength);
    }
  }
  // Backward: from which boundaries `furthest` is reached exactly.
  std::vector<std::uint8_t> leads(furthest + 1, 0);
  leads[furthest] = 1;
  for (std::size_t i = furthest; i-- > 0;) {
    const auto end = entry_end_without_media(entries, next_nul, i);
    if (!end || *end > furthest) continue;
    leads[i] =
        (leads[*end] != 0 || (*end + MediaFieldsLength <= furthest && leads[*end + MediaFieldsLength] != 0)) ? 1 : 0;
  }
  std::vector<ShareEntry> out;
  ByteReader reader(entries.first(furthest));
  while (!reader.empty()) {
    const std::size_t end = *entry_end_without_media(entries, next_nul, reader.offset());
    const bool with_media = end + MediaFieldsLength <= furthest && leads[end + MediaFieldsLength] != 0;
    ShareEntry entry;
    entry.name = *reader.cstr(MaxShareNameLength);
    entry.key = *read_file_key(reader);
    entry.size = *reader.u32le();
    if (with_media) entry.media = *read_media_fields(reader);
    out.push_back(std::move(entry));
  }
  return {std::move(out), furthest};
}

DecodeResult<std::string> read_lenient_path(ByteView payload) {
  ByteReader reader(payload);
  return reader.cstr_or_rest(MaxPathLength);
}

}  // namespace

void encode(const ShareFolder& message, Bytes& out) {
  ByteWriter writer(out);
  writer.cstr(message.folder);
  for (const auto& entry : message.entries) write_share_entry(writer, entry);
}

void encode(const ShareFile& message, Bytes& out) {
  ByteWriter writer(out);
  writer.cstr(message.path);
  write_file_key(writer, message.key);
  writer.u32le(message.size);
  if (message.media) write_media_fields(writer, *message.media);
}

void encode(const UnshareFile& message, Bytes& out) { ByteWriter(out).cstr(message.path); }
void encode(const UnshareFolder& message, Bytes& out) { ByteWriter(out).cstr(message.folder); }

DecodeResult<ShareFolder> decode_share_folder(ByteView payload) {
  ByteReader reader(payload);
  ShareFolder message;
  auto folder = reader.cstr(MaxPathLength);
  if (!folder) return tl::unexpected(folder.error());
  message.folder = std::move(*folder);
  const std::size_t entries_start = reader.offset();
  auto [entries, covered] = read_entries(payload.subspan(entries_start));
  message.entries = std::move(entries);
  if (entries_start + covered < payload.size()) {
    // The first entry that does not read, whole and with its media, says why.
    ByteReader rest(payload);
    (void)rest.take(entries_start + covered);
    auto bad = read_share_entry(rest);
    message.incomplete = bad ? DecodeError{DecodeErrc::BadValue, entries_start + covered} : bad.error();
  }
  return message;
}

DecodeResult<ShareFile> decode_share_file(ByteView payload) {
  ByteReader reader(payload);
  ShareFile message;
  auto path = reader.cstr(MaxPathLength);
  if (!path) return tl::unexpected(path.error());
  message.path = std::move(*path);
  auto key = read_file_key(reader);
  if (!key) return tl::unexpected(key.error());
  message.key = *key;
  auto size = reader.u32le();
  if (!size) return tl::unexpected(size.error());
  message.size = *size;
  if (!reader.empty()) {
    auto media = read_media_fields(reader);
    if (!media) return tl::unexpected(media.error());
    message.media = *media;
  }
  return message;
}

DecodeResult<UnshareFile> decode_unshare_file(ByteView payload) {
  auto path = read_lenient_path(payload);
  if (!path) return tl::unexpected(path.error());
  return UnshareFile{std::move(*path)};
}

DecodeResult<UnshareFolder> decode_unshare_folder(ByteView payload) {
  auto folder = read_lenient_path(payload);
  if (!folder) return tl::unexpected(folder.error());
  return UnshareFolder{std::move(*folder)};
}

void encode(const ShareMessage& message, Bytes& out) {
  std::visit([&](const auto& m) { encode(m, out); }, message);
}

DecodeResult<ShareMessage> decode_share_message(std::uint16_t type, ByteView payload) {
  switch (type) {
    case msg::ShareFile:
      return widen<ShareMessage>(decode_share_file(payload));
    case msg::UnshareFile:
      return widen<ShareMessage>(decode_unshare_file(payload));
    case msg::ShareFolder:
      return widen<ShareMessage>(decode_share_folder(payload));
    case msg::UnshareFolder:
      return widen<ShareMessage>(decode_unshare_folder(payload));
    default:
      return decode_error(DecodeErrc::WrongType, 0);
  }
}

std::uint16_t type_of(const ShareMessage& message) noexcept { return type_of_variant(message); }

ShareFolderPayloads build_share_folder_payloads(std::string_view folder, std::span<const ShareEntry> entries,
                                                const WireOptions& options) {
  ShareFolderPayloads result;
  const bool folder_ok = valid_text(folder, MaxPathLength);
  const std::size_t limit = options.max_send_payload;
  const std::size_t header_length = folder.size() + 1;

  Bytes current;
  std::size_t entries_in_current = 0;
  const auto flush = [&] {
    if (entries_in_current > 0) result.payloads.push_back(std::move(current));
    current.clear();
    entries_in_current = 0;
  };

  for (std::size_t i = 0; i < entries.size(); ++i) {
    const ShareEntry& entry = entries[i];
    if (!folder_ok) {
      result.rejected.push_back({i, ShareRejectReason::BadFolder});
      continue;
    }
    if (entry.name.empty() || !valid_text(entry.name, MaxShareNameLength)) {
      result.rejected.push_back({i, ShareRejectReason::BadName});
      continue;
    }
    const std::size_t entry_length = entry.name.size() + 1 + ShareEntryFixedLength;
    if (header_length + entry_length > limit) {
      result.rejected.push_back({i, ShareRejectReason::TooLarge});
      continue;
    }
    if (entries_in_current > 0 && current.size() + entry_length > limit) flush();
    ByteWriter writer(current);
    if (entries_in_current == 0) writer.cstr(folder);
    write_share_entry(writer, entry);
    ++entries_in_current;
  }
  flush();
  return result;
}

}  // namespace wpn::protocol
