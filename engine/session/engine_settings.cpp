#include "session/engine_settings.h"

#include "transfer/limit_schedule.h"

#include <array>
#include <charconv>
#include <utility>

namespace wpn::session {

namespace {

template <class E, std::size_t N>
std::string_view name_in(const std::array<std::pair<E, std::string_view>, N>& table, E value) noexcept {
  for (const auto& [e, name] : table)
    if (e == value) return name;
  return {};
}

template <class E, std::size_t N>
std::optional<E> parse_in(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view text) noexcept {
  for (const auto& [e, name] : table)
    if (name == text) return e;
  return std::nullopt;
}

constexpr std::array<std::pair<Role, std::string_view>, 3> Roles{
    {{Role::Secondary, "secondary"}, {Role::Primary, "primary"}, {Role::Cache, "cache"}}};
constexpr std::array<std::pair<ShareMode, std::string_view>, 2> ShareModes{
    {{ShareMode::Media, "media"}, {ShareMode::All, "all"}}};
constexpr std::array<std::pair<QueueOrder, std::string_view>, 2> QueueOrders{
    {{QueueOrder::Fifo, "fifo"}, {QueueOrder::RoundRobin, "round_robin"}}};
constexpr std::array<std::pair<CodePage, std::string_view>, 2> CodePages{
    {{CodePage::Cp1252, "CP1252"}, {CodePage::Cp932, "CP932"}}};

}  // namespace

bool valid_alt_schedule(std::string_view text) noexcept {
  return transfer::WeeklySchedule::parse(std::string(text)).has_value();
}

std::string_view role_name(Role role) noexcept { return name_in(Roles, role); }
std::optional<Role> parse_role(std::string_view text) noexcept { return parse_in(Roles, text); }
std::string_view share_mode_name(ShareMode mode) noexcept { return name_in(ShareModes, mode); }
std::optional<ShareMode> parse_share_mode(std::string_view text) noexcept { return parse_in(ShareModes, text); }
std::string_view queue_order_name(QueueOrder order) noexcept { return name_in(QueueOrders, order); }
std::optional<QueueOrder> parse_queue_order(std::string_view text) noexcept { return parse_in(QueueOrders, text); }
std::string_view code_page_name(CodePage code_page) noexcept { return name_in(CodePages, code_page); }
std::optional<CodePage> parse_code_page(std::string_view text) noexcept { return parse_in(CodePages, text); }

}  // namespace wpn::session

namespace wpn::session {

std::optional<HostedRoomSettings> parse_hosted_room(std::string_view entry) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const auto bar = entry.find('|', start);
    fields.emplace_back(entry.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  if (fields.size() < 2) return std::nullopt;
  const auto number = [](const std::string& text, std::uint64_t max) -> std::optional<std::uint64_t> {
    std::uint64_t value = 0;
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || parsed.ec != std::errc() || parsed.ptr != text.data() + text.size() || value > max)
      return std::nullopt;
    return value;
  };
  HostedRoomSettings room;
  const auto port = number(fields[0], 65535);
  if (!port || fields[1].empty() || fields[1].size() > 40) return std::nullopt;
  room.port = static_cast<std::uint16_t>(*port);
  room.name = fields[1];
  if (fields.size() > 2) room.topic = fields[2];
  if (fields.size() > 3 && !fields[3].empty()) {
    const auto limit = number(fields[3], 10000);
    if (!limit || *limit == 0) return std::nullopt;
    room.limit = static_cast<std::uint32_t>(*limit);
  }
  if (fields.size() > 4) room.operator_password = fields[4];
  for (std::size_t i = 5; i < fields.size(); ++i) room.motd.push_back(fields[i]);
  return room;
}

}  // namespace wpn::session
