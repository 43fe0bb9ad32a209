// The room list (engine thread, chat.md §9.1): a secondary asks its hub with 0x238D and
// keeps the 0x238E answers that arrive within the wait (there is no end marker); a hub
// answers from its own room table. Callers during a collection share its answer.
#include <algorithm>
#include <chrono>

#include "session/engine_impl.h"

namespace wpn::session {

namespace p = protocol;

namespace {

constexpr std::uint32_t LongestWaitMs = 30000;
constexpr std::size_t MaxListedRooms = 5000;

std::optional<ListedRoom> to_listed(const p::RoomListEntry& entry, const share::NameEncoder& names) {
  const auto address = p::parse_listed_room_name(entry.name);
  if (!address) return std::nullopt;  // no address suffix: nothing could join it
  return ListedRoom{names.to_utf8(entry.name),
                    names.to_utf8(address->name),
                    p::ip4_text(address->ip),
                    address->tcp_port,
                    entry.users,
                    entry.limit,
                    names.to_utf8(entry.topic)};
}

}  // namespace

void RoomsArea::list(std::uint32_t wait_ms, Completion<std::vector<ListedRoom>> done) {
  auto* node = context_.node();
  if (node != nullptr && node->hub() != nullptr && node->hub()->hub() != nullptr) {
    register_hosted();
    auto& table = node->hub()->hub()->rooms();
    table.expire(net::loop_millis(context_.loop));
    std::vector<ListedRoom> rooms;
    for (const auto& entry : table.entries())
      if (auto listed = to_listed(entry, context_.names)) rooms.push_back(std::move(*listed));
    last_list_ = rooms;
    return done(std::move(rooms));
  }
  if (list_timer_ == net::TimerId::None) {
    if (node == nullptr || node->secondary() == nullptr || !node->secondary()->request_rooms())
      return done(fail(EngineErrc::Conflict, "not connected to a hub"));
    collecting_.clear();
    std::weak_ptr<bool> alive = alive_;
    list_timer_ = context_.loop.add_timer(std::chrono::milliseconds(std::min(wait_ms, LongestWaitMs)), [this, alive] {
      if (!alive.expired()) finish_list();
    });
  }
  list_waiters_.push_back(std::move(done));
}

void RoomsArea::on_listed(const p::RoomListEntry& entry) {
  if (list_timer_ == net::TimerId::None || collecting_.size() >= MaxListedRooms) return;
  auto listed = to_listed(entry, context_.names);
  if (!listed) return;
  // A hub may stream a room twice; the later answer wins.
  const auto same = std::find_if(collecting_.begin(), collecting_.end(),
                                 [&](const ListedRoom& room) { return room.name == listed->name; });
  if (same != collecting_.end())
    *same = std::move(*listed);
  else
    collecting_.push_back(std::move(*listed));
}

void RoomsArea::finish_list() {
  list_timer_ = net::TimerId::None;
  std::sort(collecting_.begin(), collecting_.end(),
            [](const ListedRoom& a, const ListedRoom& b) { return a.name < b.name; });
  last_list_ = std::exchange(collecting_, {});
  for (auto& waiter : std::exchange(list_waiters_, {})) waiter(last_list_);
}

void Engine::room_list(std::uint32_t wait_ms, Completion<std::vector<ListedRoom>> done) {
  auto shared = std::make_shared<Completion<std::vector<ListedRoom>>>(std::move(done));
  const bool posted = impl_->post_engine([impl = impl_.get(), shared, wait_ms] {
    if (!impl->rooms_) return (*shared)(fail(EngineErrc::NotAvailable, "rooms are not running"));
    impl->rooms_->list(wait_ms, std::move(*shared));
  });
  if (!posted) (*shared)(fail(EngineErrc::NotAvailable, "the engine is not running"));
}

}  // namespace wpn::session
