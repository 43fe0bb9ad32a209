#include "protocol/codecs/whois.h"

#include <algorithm>
#include <utility>

#include "protocol/codecs/message_family.h"

namespace wpn::protocol {
namespace {

constexpr std::string_view BareHandleText = "WinMX ";
constexpr std::size_t ExtraFieldLength = 4;

// RoboMX's extra u32 [U]: a status text has no NUL in its first 4 bytes, a
// small binary count has one; and a status (or its NUL) must still follow.
bool looks_like_extra_field(ByteView rest) {
  if (rest.size() <= ExtraFieldLength) return false;
  const auto head = rest.first(ExtraFieldLength);
  return std::find(head.begin(), head.end(), Byte{0}) != head.end();
}

// "WinMX " (any case) followed by more text: winmxworld's form of 0x138B.
bool has_name_after_prefix(std::string_view text) {
  if (text.size() <= BareHandleText.size()) return false;
  for (std::size_t i = 0; i < BareHandleText.size(); ++i) {
    const char c = text[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const char want = BareHandleText[i];
    const char want_lower = (want >= 'A' && want <= 'Z') ? static_cast<char>(want - 'A' + 'a') : want;
    if (lower != want_lower) return false;
  }
  return true;
}

// winmxworld's form has one string after the prefixed name; a third string means the
// first was an odd handle text of the [handle][name][message] form.
bool is_one_string(ByteView rest) {
  const auto nul = std::find(rest.begin(), rest.end(), Byte{0});
  return nul == rest.end() || nul + 1 == rest.end();
}

}  // namespace

void encode(const WhoisRequest& message, Bytes& out) {
  ByteWriter writer(out);
  write_handle(writer, message.handle);
  writer.cstr(message.name);
}

void encode(const WhoisAnswer& message, Bytes& out) {
  ByteWriter writer(out);
  write_handle(writer, message.handle);
  writer.cstr(message.name);
  writer.u16le(static_cast<std::uint16_t>(message.line_type));
  writer.u32le(message.online_time);
  writer.u16le(message.shared_files);
  if (message.extra) writer.u32le(*message.extra);
  writer.cstr(message.queue_status);
}

void encode(const WhoisFailed& message, Bytes& out) {
  ByteWriter writer(out);
  if (message.form == WhoisFailedForm::PrefixedName) {
    writer.text(message.handle_text.empty() ? BareHandleText : std::string_view(message.handle_text));
    writer.cstr(message.name);
    writer.cstr(message.message);
    return;
  }
  if (message.handle)
    write_handle(writer, *message.handle);
  else
    writer.cstr(message.handle_text);
  writer.cstr(message.name);
  writer.cstr(message.message);
}

void encode(const WhoisMessage& message, Bytes& out) {
  std::visit([&out](const auto& m) { encode(m, out); }, message);
}

DecodeResult<WhoisRequest> decode_whois_request(ByteView payload) {
  ByteReader reader(payload);
  auto handle = read_handle(reader);
  if (!handle) return tl::unexpected(handle.error());
  auto name = reader.cstr(MaxNameLength);
  if (!name) return tl::unexpected(name.error());
  return WhoisRequest{*handle, std::move(*name)};
}

DecodeResult<WhoisAnswer> decode_whois_answer(ByteView payload) {
  ByteReader reader(payload);
  WhoisAnswer answer;
  auto handle = read_handle(reader);
  if (!handle) return tl::unexpected(handle.error());
  answer.handle = *handle;
  auto name = reader.cstr(MaxNameLength);
  if (!name) return tl::unexpected(name.error());
  answer.name = std::move(*name);
  auto line_type = reader.u16le();
  if (!line_type) return tl::unexpected(line_type.error());
  answer.line_type = static_cast<LineType>(*line_type);
  auto online_time = reader.u32le();
  if (!online_time) return tl::unexpected(online_time.error());
  answer.online_time = *online_time;
  auto shared_files = reader.u16le();
  if (!shared_files) return tl::unexpected(shared_files.error());
  answer.shared_files = *shared_files;
  if (looks_like_extra_field(payload.subspan(reader.offset()))) answer.extra = *reader.u32le();
  auto status = reader.cstr_or_rest(MaxWhoisTextLength);
  if (!status) return tl::unexpected(status.error());
  answer.queue_status = std::move(*status);
  return answer;
}

DecodeResult<WhoisFailed> decode_whois_failed(ByteView payload) {
  ByteReader reader(payload);
  WhoisFailed failed;
  auto handle_text = reader.cstr(MaxWhoisHandleTextLength);
  if (!handle_text) return tl::unexpected(handle_text.error());
  failed.handle = NodeHandle::parse(*handle_text);
  if (!failed.handle && has_name_after_prefix(*handle_text) && is_one_string(payload.subspan(reader.offset()))) {
    failed.form = WhoisFailedForm::PrefixedName;
    failed.handle_text = handle_text->substr(0, BareHandleText.size());
    failed.name = handle_text->substr(BareHandleText.size());
    auto message = reader.cstr_or_rest(MaxWhoisTextLength);
    if (!message) return tl::unexpected(message.error());
    failed.message = std::move(*message);
    return failed;
  }
  if (!failed.handle) failed.handle_text = std::move(*handle_text);
  auto name = reader.cstr_or_rest(MaxNameLength);
  if (!name) return tl::unexpected(name.error());
  failed.name = std::move(*name);
  auto message = reader.cstr_or_rest(MaxWhoisTextLength);
  if (!message) return tl::unexpected(message.error());
  failed.message = std::move(*message);
  return failed;
}

DecodeResult<WhoisMessage> decode_whois_message(std::uint16_t type, ByteView payload) {
  switch (type) {
    case msg::WhoisRequest:
      return widen<WhoisMessage>(decode_whois_request(payload));
    case msg::WhoisAnswer:
      return widen<WhoisMessage>(decode_whois_answer(payload));
    case msg::WhoisFailed:
      return widen<WhoisMessage>(decode_whois_failed(payload));
    default:
      return decode_error(DecodeErrc::WrongType, 0);
  }
}

std::uint16_t type_of(const WhoisMessage& message) noexcept { return type_of_variant(message); }

WhoisFailed make_whois_failed(NodeHandle handle, std::string name, std::string_view message,
                              const WireOptions& options) {
  WhoisFailed failed;
  if (options.whois_failed_full_handle)
    failed.handle = handle;
  else
    failed.handle_text = std::string(BareHandleText);
  failed.name = std::move(name);
  failed.message = std::string(message);
  return failed;
}

}  // namespace wpn::protocol
