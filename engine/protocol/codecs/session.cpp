#include "protocol/codecs/session.h"

#include <algorithm>
#include <array>
#include <type_traits>

#include "protocol/codecs/message_family.h"

namespace wpn::protocol {
namespace {

constexpr std::int64_t StatusPriorityBase = 9000;
constexpr std::size_t MaxStatusNumberDigits = 10;

// Whitespace-separated words of a status text, with parentheses as separators.
std::vector<std::string_view> status_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  const auto is_separator = [](char c) { return c == ' ' || c == '\t' || c == '(' || c == ')'; };
  while (i < text.size() && words.size() < 16) {
    while (i < text.size() && is_separator(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_separator(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

std::optional<std::uint32_t> parse_count(std::string_view word) {
  if (word.empty() || word.size() > MaxStatusNumberDigits) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : word) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value > 0xFFFFFFFFu) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

std::optional<std::int64_t> parse_priority(std::string_view word) {
  const bool negative = !word.empty() && word.front() == '-';
  const auto magnitude = parse_count(negative ? word.substr(1) : word);
  if (!magnitude) return std::nullopt;
  return negative ? -static_cast<std::int64_t>(*magnitude) : static_cast<std::int64_t>(*magnitude);
}

bool word_is(std::string_view word, std::string_view expected) {
  if (word.size() != expected.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = (word[i] >= 'A' && word[i] <= 'Z') ? static_cast<char>(word[i] - 'A' + 'a') : word[i];
    if (c != expected[i]) return false;
  }
  return true;
}

template <class Less>
std::vector<NodeRecord> usable_sorted(std::span<const NodeRecord> records, Less less) {
  std::vector<NodeRecord> out;
  out.reserve(records.size());
  for (const auto& record : records)
    if (record.usable()) out.push_back(record);
  std::stable_sort(out.begin(), out.end(), less);
  return out;
}

}  // namespace

std::string_view line_type_name(LineType type) noexcept {
  static constexpr std::array<std::string_view, 11> Names = {"Unknown",   "14.4K", "28.8K", "33.6K", "56K", "64K ISDN",
                                                             "128K ISDN", "Cable", "DSL",   "T1",    "T3+"};
  const auto index = static_cast<std::size_t>(type);
  return index < Names.size() ? Names[index] : std::string_view{};
}

std::int64_t QueueStatus::priority() const noexcept {
  return StatusPriorityBase + static_cast<std::int64_t>(free) - static_cast<std::int64_t>(queued);
}

std::string QueueStatus::to_text() const {
  const std::string p = std::to_string(priority());
  const std::string available = std::to_string(free) + " of " + std::to_string(total) + " available";
  if (free > 0) return p + " " + available;
  return p + " " + std::to_string(queued) + " in queue (" + available + ")";
}

StatusSummary summarize_status(std::string_view text) {
  StatusSummary summary;
  summary.raw = std::string(text);
  const auto words = status_words(text);
  if (words.empty()) return summary;
  summary.priority = parse_priority(words[0]);
  if (!summary.priority) return summary;

  // "<P> <F> of <M> available"
  if (words.size() == 5 && word_is(words[2], "of") && word_is(words[4], "available")) {
    const auto free = parse_count(words[1]);
    const auto total = parse_count(words[3]);
    if (free && total) summary.queue = QueueStatus{*free, *total, 0};
    return summary;
  }
  // "<P> <Q> in queue (<F> of <M> available)"
  if (words.size() == 8 && word_is(words[2], "in") && word_is(words[3], "queue") && word_is(words[5], "of") &&
      word_is(words[7], "available")) {
    const auto queued = parse_count(words[1]);
    const auto free = parse_count(words[4]);
    const auto total = parse_count(words[6]);
    if (queued && free && total) summary.queue = QueueStatus{*free, *total, *queued};
  }
  return summary;
}

bool NodeRecord::usable() const noexcept {
  return tcp_port != 0 && std::any_of(ip.begin(), ip.end(), [](Byte b) { return b != 0; });
}

DecodeResult<NodeRecord> read_node_record(ByteReader& reader) {
  if (reader.remaining() < NodeRecordLength) return decode_error(DecodeErrc::Truncated, reader.offset());
  NodeRecord record;
  record.ip = *read_ip4(reader);
  record.udp_port = *reader.u16le();
  record.tcp_port = *reader.u16le();
  record.free_primary = *reader.u8();
  record.free_secondary = *reader.u8();
  record.marker = *reader.u8();
  record.pad = *reader.u8();
  return record;
}

void write_node_record(ByteWriter& writer, const NodeRecord& record) {
  write_ip4(writer, record.ip);
  writer.u16le(record.udp_port);
  writer.u16le(record.tcp_port);
  writer.u8(record.free_primary);
  writer.u8(record.free_secondary);
  writer.u8(record.marker);
  writer.u8(record.pad);
}

NodeList make_node_list(std::span<const NodeRecord> records) {
  NodeList list;
  const std::size_t count = std::min(records.size(), NodeListRecords);
  list.records.assign(records.begin(), records.begin() + static_cast<std::ptrdiff_t>(count));
  list.records.resize(NodeListRecords);
  return list;
}

void encode(const Login& message, Bytes& out) {
  ByteWriter writer(out);
  writer.cstr(message.base_name);
  writer.u16le(static_cast<std::uint16_t>(message.line_type));
  writer.u16le(message.data_port);
}

void encode(const LoginAccepted& message, Bytes& out) { ByteWriter(out).u16le(message.client_id); }

void encode(const StatusText& message, Bytes& out, const WireOptions& options) {
  ByteWriter writer(out);
  if (options.status_trailing_nul)
    writer.cstr(message.text);
  else
    writer.text(message.text);
}

void encode(const FullNameNotice& message, Bytes& out) { ByteWriter(out).cstr(message.full_name); }

void encode(const NodeList& message, Bytes& out) {
  ByteWriter writer(out);
  for (const auto& record : message.records) write_node_record(writer, record);
}

void encode(const NameQueueNotice& message, Bytes& out) { ByteWriter(out).bytes(message.raw); }
void encode(const NodeChange& message, Bytes& out) { ByteWriter(out).bytes(message.raw); }

DecodeResult<Login> decode_login(ByteView payload) {
  ByteReader reader(payload);
  Login message;
  auto name = reader.cstr(MaxNameLength);
  if (!name) return tl::unexpected(name.error());
  message.base_name = std::move(*name);
  auto line = reader.u16le();
  if (!line) return tl::unexpected(line.error());
  message.line_type = static_cast<LineType>(*line);
  auto port = reader.u16le();
  if (!port) return tl::unexpected(port.error());
  message.data_port = *port;
  return message;
}

DecodeResult<LoginAccepted> decode_login_accepted(ByteView payload) {
  ByteReader reader(payload);
  auto id = reader.u16le();
  if (!id) return tl::unexpected(id.error());
  return LoginAccepted{*id};
}

DecodeResult<StatusText> decode_status_text(ByteView payload) {
  ByteReader reader(payload);
  auto text = reader.cstr_or_rest(MaxStatusLength);
  if (!text) return tl::unexpected(text.error());
  return StatusText{std::move(*text)};
}

DecodeResult<FullNameNotice> decode_full_name_notice(ByteView payload) {
  ByteReader reader(payload);
  auto name = reader.cstr_or_rest(MaxNameLength);
  if (!name) return tl::unexpected(name.error());
  return FullNameNotice{std::move(*name)};
}

DecodeResult<NodeList> decode_node_list(ByteView payload) {
  const std::size_t count = std::min(payload.size() / NodeRecordLength, MaxNodeListRecords);
  ByteReader reader(payload);
  NodeList message;
  message.records.reserve(count);
  for (std::size_t i = 0; i < count; ++i) message.records.push_back(*read_node_record(reader));
  return message;
}

DecodeResult<NameQueueNotice> decode_name_queue_notice(ByteView payload) {
  return NameQueueNotice{Bytes(payload.begin(), payload.end())};
}

DecodeResult<NodeChange> decode_node_change(ByteView payload) {
  return NodeChange{Bytes(payload.begin(), payload.end())};
}

void encode(const SessionMessage& message, Bytes& out, const WireOptions& options) {
  std::visit(
      [&](const auto& m) {
        if constexpr (std::is_same_v<std::decay_t<decltype(m)>, StatusText>)
          encode(m, out, options);
        else
          encode(m, out);
      },
      message);
}

DecodeResult<SessionMessage> decode_session_message(std::uint16_t type, ByteView payload) {
  switch (type) {
    case msg::Login:
      return widen<SessionMessage>(decode_login(payload));
    case msg::LoginAccepted:
      return widen<SessionMessage>(decode_login_accepted(payload));
    case msg::Status:
      return widen<SessionMessage>(decode_status_text(payload));
    case msg::FullName:
      return widen<SessionMessage>(decode_full_name_notice(payload));
    case msg::NodeList:
      return widen<SessionMessage>(decode_node_list(payload));
    case msg::NameQueueNotice:
      return widen<SessionMessage>(decode_name_queue_notice(payload));
    case msg::NodeChange:
      return widen<SessionMessage>(decode_node_change(payload));
    default:
      return decode_error(DecodeErrc::WrongType, 0);
  }
}

std::uint16_t type_of(const SessionMessage& message) noexcept { return type_of_variant(message); }

std::vector<NodeRecord> rank_parent_candidates(std::span<const NodeRecord> records) {
  auto ranked = usable_sorted(records, [](const NodeRecord& a, const NodeRecord& b) {
    if (a.free_secondary != b.free_secondary) return a.free_secondary > b.free_secondary;
    return a.free_primary < b.free_primary;
  });
  if (!ranked.empty() && ranked.front().free_secondary == 0) ranked.clear();
  return ranked;
}

std::vector<NodeRecord> rank_primary_candidates(std::span<const NodeRecord> records) {
  auto ranked = usable_sorted(records, [](const NodeRecord& a, const NodeRecord& b) {
    if (a.free_primary != b.free_primary) return a.free_primary > b.free_primary;
    return a.free_secondary < b.free_secondary;
  });
  if (!ranked.empty() && ranked.front().free_primary < MinPrimaryParentSlots) ranked.clear();
  return ranked;
}

}  // namespace wpn::protocol
