#include "session/engine_settings.h"

#include "transfer/limit_schedule.h"

#include <array>
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
