#include "protocol/codecs/shares.h"

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
  // The remaining bytes bound the entry count, so this reserve is peer-proof.
  message.entries.reserve(reader.remaining() / MinShareEntryLength);
  while (!reader.empty()) {
    auto entry = read_share_entry(reader);
    if (!entry) return tl::unexpected(entry.error());
    message.entries.push_back(std::move(*entry));
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

std::uint16_t type_of(const ShareMessage& message) noexcept {
  return type_of_variant(message);
}

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
