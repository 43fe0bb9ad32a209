#include "overlay/hub.h"
#include "overlay/hub_out.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "protocol/codecs/browse.h"
#include "protocol/codecs/search.h"
#include "protocol/codecs/shares.h"
#include "protocol/codecs/transfer_notices.h"
#include "protocol/codecs/transfer_requests.h"
#include "protocol/codecs/whois.h"
#include "protocol/message_types.h"

namespace wpn::overlay {

namespace p = protocol;

namespace {
constexpr std::size_t MaxPendingTransfers = 4096;
constexpr std::size_t MaxPendingPms = 4096;
}  // namespace

Hub::Hub(HubConfig config, p::RandomSource& random) : config_(std::move(config)), random_(random) {
  if (config_.mesh) mesh_.emplace(*config_.mesh, endpoint(), random_);
}

p::HubEndpoint Hub::endpoint() const {
  const auto record = self_record();
  return p::HubEndpoint{handle(), config_.tcp_port, config_.link_port, record.free_secondary, record.free_primary};
}

std::size_t Hub::free_slots() const noexcept {
  return users_.size() >= config_.max_secondaries ? 0 : config_.max_secondaries - users_.size();
}

p::NodeRecord Hub::self_record() const {
  p::NodeRecord r;
  r.ip = config_.ip;
  r.udp_port = config_.udp_port;
  r.tcp_port = config_.tcp_port;
  const std::size_t max_links = config_.mesh ? config_.mesh->max_links : 0;  // OpenWPN hub links only
  const std::size_t links = mesh_ ? mesh_->links() : 0;
  r.free_primary = static_cast<std::uint8_t>(std::min<std::size_t>(max_links > links ? max_links - links : 0, 255));
  r.free_secondary = static_cast<std::uint8_t>(std::min<std::size_t>(free_slots(), 255));
  return r;
}

std::vector<HubAction> Hub::on_accepted(ConnId conn, const p::Ip4& peer_ip, Millis now) {
  Out out(config_.wire);
  if (users_.size() >= config_.max_secondaries || users_.contains(conn)) {
    out.close(conn, "hub full");
    return std::move(out.actions);
  }
  User user;
  user.conn = conn;
  user.slot = next_slot_++;
  user.ip = peer_ip;
  user.connected_at = now;
  user.last_heard = now;
  user.home = handle();
  by_slot_[user.slot] = conn;
  users_.emplace(conn, std::move(user));
  return std::move(out.actions);
}

std::vector<HubAction> Hub::on_frame(ConnId conn, const p::Frame& frame, Millis now) {
  Out out(config_.wire);
  now_ = now;
  if (mesh_ && mesh_->is_link(conn)) {
    mesh_->set_self(endpoint());
    mesh_->on_link_frame(conn, frame, now, *this, out.actions);
    return finish(out);
  }
  auto it = users_.find(conn);
  if (it == users_.end()) return {};
  it->second.last_heard = now;
  handle(it->second, frame, now, out);
  return finish(out);
}

std::vector<HubAction> Hub::on_closed(ConnId conn) {
  Out out(config_.wire);
  if (mesh_ && mesh_->is_link(conn)) {
    mesh_->on_link_closed(conn, now_);
    return {};
  }
  auto it = users_.find(conn);
  if (it == users_.end()) return {};
  User& user = it->second;
  index_.remove_owner(user.slot);
  by_slot_.erase(user.slot);
  if (user.logged_in) {
    by_name_.erase(user.full_name);
    by_client_id_.erase(user.client_id);
  }
  forget_requests_of(conn);
  if (mesh_) mesh_->forget_secondary(conn);
  users_.erase(it);
  return std::move(out.actions);
}

void Hub::forget_requests_of(ConnId conn) {
  std::erase_if(pending_transfers_, [&](const PendingTransfer& t) { return t.requester == conn; });
  std::erase_if(pending_pms_, [&](const auto& entry) { return entry.second.sender == conn; });
}

void Hub::drop(ConnId conn, std::string reason, Out& out) { out.close(conn, std::move(reason)); }

void Hub::skip(User& user, const p::Frame& frame, p::DecodeError error, Out& out) {
  ++user.skipped;
  ++skipped_total_;
  out.trace(user.conn, make_skipped_frame(frame, error));
}

std::vector<HubAction> Hub::on_tick(Millis now) {
  Out out(config_.wire);
  now_ = now;
  for (auto& [conn, user] : users_) {
    if (!user.logged_in && now >= user.connected_at + config_.login_timeout) {
      drop(conn, "no login", out);
    } else if (now >= user.last_heard + config_.idle_timeout) {
      drop(conn, "idle", out);
    } else if (user.logged_in && now >= user.next_node_list) {
      send_node_list(user, now, out);
    }
  }
  for (auto it = pending_transfers_.begin(); it != pending_transfers_.end();) {
    if (now < it->deadline) {
      ++it;
      continue;
    }
    p::TransferAddress holder{handle(), it->holder, it->path};
    out.send(it->requester, p::make_download_failed(std::move(holder), p::TransferRefusal::TimedOut, 0, config_.wire));
    it = pending_transfers_.erase(it);
  }
  expire_proxies(now);
  if (mesh_) {
    mesh_->set_self(endpoint());
    rooms_.expire(now);
    mesh_->set_rooms(rooms_.local_rooms());
    mesh_->on_tick(now, out.actions);
    refresh_fail_over(now, out);
  }
  return finish(out);
}

void Hub::send_node_list(User& user, Millis now, Out& out) {
  std::vector<p::NodeRecord> records{self_record()};
  records.insert(records.end(), config_.other_hubs.begin(), config_.other_hubs.end());
  add_mesh_hubs(records);
  out.send(user.conn, p::make_node_list(records));
  user.next_node_list = now + config_.node_list_interval;
}

std::uint16_t Hub::fresh_client_id() {
  for (int attempt = 0; attempt < 64; ++attempt) {
    std::array<p::Byte, 2> b{};
    random_.fill(b);
    const auto id = static_cast<std::uint16_t>(b[0] | (b[1] << 8));
    if (id != 0 && !by_client_id_.contains(id)) return id;
  }
  for (std::uint32_t id = 1; id <= 0xFFFF; ++id) {
    if (!by_client_id_.contains(static_cast<std::uint16_t>(id))) return static_cast<std::uint16_t>(id);
  }
  return 0;  // cannot happen while max_secondaries < 65535
}

Hub::User* Hub::by_name(std::string_view name) {
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) return nullptr;
  auto user = users_.find(it->second);
  return user == users_.end() ? nullptr : &user->second;
}

Hub::User* Hub::local_user(const p::NodeHandle& handle_of_target, std::string_view name) {
  return handle_of_target == handle() ? by_name(name) : nullptr;
}

void Hub::handle(User& user, const p::Frame& frame, Millis now, Out& out) {
  const std::uint16_t type = frame.type;
  if (user.sync.observe(frame)) return drop(user.conn, SyncWatch::reason(), out);
  if (type == p::msg::Login) return login(user, frame, now, out);
  if (!user.logged_in) return;  // nothing else means anything before 0x03E9 (§11.3)
  if (is_unassigned_in_family(type)) return skip(user, frame, p::DecodeError{p::DecodeErrc::UnknownType, 0}, out);
  switch (type) {
    case p::msg::Status: {
      auto status = p::decode_status_text(frame.payload);
      if (!status) return skip(user, frame, status.error(), out);
      user.status = std::move(status->text);
      return;
    }
    case p::msg::RoomListRequest:  // chat.md §9.1: one 0x238E per room, no end marker
      rooms_.expire(now);
      for (const auto& room : rooms_.entries()) out.send(user.conn, room);
      return;
    case p::msg::FullName:
    case p::msg::NameQueueNotice:
    case p::msg::BrowseEnd:  // RoboMX's duplicate of 0x1B59 [U]: answered once, on 0x1B59
      return;
    case p::msg::ShareFile:
    case p::msg::UnshareFile:
    case p::msg::ShareFolder:
    case p::msg::UnshareFolder:
      return shares(user, frame, out);
    case p::msg::Search:
    case p::msg::HashSearch:
      return search(user, frame, now, out);
    case p::msg::SearchStop:  // local results went at once; the mesh's may still come
      return stop_search(user, frame, out);
    case p::msg::BrowseRequest:
      return browse(user, frame, out);
    case p::msg::WhoisRequest:
      return whois(user, frame, now, out);
    case p::msg::PmSend:
    case p::msg::PmReceived:
      return private_message(user, frame, out);
    case p::msg::DownloadRequest:
    case p::msg::PushRequest:
    case p::msg::UploadRefused:
    case p::msg::UploadQueued:
    case p::msg::UploadReady:
      return transfer_request(user, frame, now, out);
    default:
      return;
  }
}

void Hub::login(User& user, const p::Frame& frame, Millis now, Out& out) {
  auto login = p::decode_login(frame.payload);
  if (!login) return skip(user, frame, login.error(), out);
  if (login->base_name.empty()) return skip(user, frame, p::DecodeError{p::DecodeErrc::BadValue, 0}, out);
  if (user.logged_in) {  // a rename (§6.2): new id, new name
    by_name_.erase(user.full_name);
    by_client_id_.erase(user.client_id);
  }
  user.client_id = fresh_client_id();
  user.full_name = p::full_name(p::base_name_of(login->base_name), user.client_id);
  user.line_type = login->line_type;
  user.data_port = login->data_port;
  if (!user.logged_in) user.login_at = now;
  user.logged_in = true;
  by_name_[user.full_name] = user.conn;
  by_client_id_[user.client_id] = user.conn;
  out.send(user.conn, p::LoginAccepted{user.client_id});
  send_node_list(user, now, out);  // 0x0460 first, then the first 0x03A1 (§6.2)
}

void Hub::shares(User& user, const p::Frame& frame, Out& out) {
  auto message = p::decode_share_message(frame.type, frame.payload);
  if (!message) return skip(user, frame, message.error(), out);
  // The cap limits new paths only: a changed file already indexed must still update its
  // key and size.
  const auto room = [&](std::string_view path) {
    return index_.count_of(user.slot) < config_.max_files_per_user || index_.has_path(user.slot, path);
  };
  if (auto* folder = std::get_if<p::ShareFolder>(&*message)) {
    std::string prefix = folder->folder;
    if (!prefix.empty() && prefix.back() != '\\') prefix.push_back('\\');
    for (auto& entry : folder->entries) {
      std::string path = prefix + entry.name;
      if (room(path)) index_.add(user.slot, std::move(path), entry.key, entry.size, entry.media);
    }
  } else if (auto* file = std::get_if<p::ShareFile>(&*message)) {
    if (room(file->path))
      index_.add(user.slot, file->path, file->key, file->size, file->media.value_or(p::MediaInfo{}));
  } else if (auto* unshare = std::get_if<p::UnshareFile>(&*message)) {
    index_.remove_path(user.slot, unshare->path);
  } else if (auto* unshare_folder = std::get_if<p::UnshareFolder>(&*message)) {
    std::string prefix = unshare_folder->folder;
    if (!prefix.empty() && prefix.back() != '\\') prefix.push_back('\\');
    index_.remove_path(user.slot, prefix);
  }
}

void Hub::search(User& user, const p::Frame& frame, Millis now, Out& out) {
  auto message = p::decode_search_message(frame.type, frame.payload);
  if (!message) return skip(user, frame, message.error(), out);
  std::uint32_t search_id = 0;
  if (auto* keywords = std::get_if<p::Search>(&*message)) {
    search_id = keywords->search_id;
  } else if (auto* by_hash = std::get_if<p::HashSearch>(&*message)) {
    if (!by_hash->complete()) return;  // a short 0x1772 names no file
    search_id = by_hash->search_id;
  } else {
    return;
  }
  for (auto& r : local_results(*message, user.slot)) {
    r.search_id = search_id;
    out.send_with_options(user.conn, r);
  }
  if (mesh_ && !user.remote)
    mesh_->start_search(user.conn, search_id, frame.type, frame.payload, config_.max_search_results, now, out.actions);
}

std::vector<p::SearchResult> Hub::local_results(const p::SearchMessage& message,
                                                std::optional<UserSlot> exclude) const {
  std::vector<FileRef> hits;
  auto min_line = p::LineType::Unknown;
  if (auto* keywords = std::get_if<p::Search>(&message)) {
    hits = index_.search({keywords->query, keywords->file_type, exclude, config_.max_search_results});
  } else if (auto* by_hash = std::get_if<p::HashSearch>(&message)) {
    min_line = by_hash->min_line_type;
    hits = index_.search_hash(by_hash->hash, by_hash->file_type, exclude, config_.max_search_results);
  }
  std::vector<p::SearchResult> results;
  for (FileRef ref : hits) {
    const IndexedFile& f = index_.file(ref);
    auto owner = by_slot_.find(f.owner);
    if (owner == by_slot_.end()) continue;
    const User& holder = users_.at(owner->second);
    if (static_cast<std::uint16_t>(holder.line_type) < static_cast<std::uint16_t>(min_line)) continue;
    p::SearchResult& r = results.emplace_back();
    r.primary_ip = config_.ip;
    r.primary_udp_port = config_.udp_port;
    r.path = f.path;
    r.key = f.key;
    r.size = f.size;
    r.media = f.media;
    r.line_type = holder.line_type;
    r.ping_ip = holder.ip;
    r.user = holder.full_name;
    r.queue_status = holder.status;
  }
  return results;
}

void Hub::stop_search(User& user, const p::Frame& frame, Out& out) {
  auto message = p::decode_search_message(frame.type, frame.payload);
  if (!message) return skip(user, frame, message.error(), out);
  if (auto* stop = std::get_if<p::SearchStop>(&*message); stop && mesh_)
    mesh_->stop_search(user.conn, stop->search_id, out.actions);
}

void Hub::browse(User& user, const p::Frame& frame, Out& out) {
  auto request = p::decode_browse_request(frame.payload);
  if (!request) return skip(user, frame, request.error(), out);
  const User* target = local_user(request->handle, request->name);
  if (target == nullptr || !target->logged_in) {
    if (route(user, frame, request->handle, out)) return;
    out.send(user.conn, p::BrowseFailed{request->handle, request->name});
    return;
  }
  for (FileRef ref : index_.files_of(target->slot, config_.browse_cap)) {
    const IndexedFile& f = index_.file(ref);
    out.send_with_options(user.conn, p::BrowseEntry{handle(), target->full_name, f.path, f.key, f.size, f.media});
  }
  out.send(user.conn, p::make_browse_complete(handle(), target->full_name, target->status, config_.wire));
}

void Hub::whois(User& user, const p::Frame& frame, Millis now, Out& out) {
  auto request = p::decode_whois_request(frame.payload);
  if (!request) return skip(user, frame, request.error(), out);
  const User* target = local_user(request->handle, request->name);
  if (target == nullptr) {
    if (route(user, frame, request->handle, out)) return;
    out.send(user.conn, p::make_whois_failed(request->handle, request->name, p::WhoisQueryFailedText, config_.wire));
    return;
  }
  p::WhoisAnswer answer;
  answer.handle = handle();
  answer.name = target->full_name;
  answer.line_type = target->line_type;
  answer.online_time = static_cast<std::uint32_t>((now - target->login_at) / 60000);  // minutes [D]
  answer.shared_files = static_cast<std::uint16_t>(std::min<std::size_t>(index_.count_of(target->slot), 0xFFFF));
  answer.queue_status = target->status;
  out.send(user.conn, answer);
}

void Hub::private_message(User& user, const p::Frame& frame, Out& out) {
  if (frame.type == p::msg::PmReceived) {
    auto ack = p::decode_pm_received(frame.payload);
    if (!ack) return skip(user, frame, ack.error(), out);
    auto pending = pending_pms_.find(ack->message_id);
    // Only the recipient acknowledges: ids are guessable, so anyone else could fake a reply.
    if (pending == pending_pms_.end() || pending->second.target != user.full_name) return;
    const ConnId sender = pending->second.sender;
    pending_pms_.erase(pending);
    if (connected(sender)) {
      out.send(sender, p::make_pm_delivered(handle(), user.full_name, ack->message_id, ack->reply, config_.wire));
    }
    return;
  }
  auto message = p::decode_pm_send(frame.payload);
  if (!message) return skip(user, frame, message.error(), out);
  User* target = local_user(message->handle, message->name);
  if (target == nullptr) {
    if (route(user, frame, message->handle, out)) return;
    p::PmMessageId none{};
    out.send(user.conn,
             p::make_pm_delivered(message->handle, message->name, none, p::PmReplyUserNotFound, config_.wire));
    return;
  }
  // [D] id: sender's client id, a counter, zeros (ending in NULs keeps 0x13ED readable).
  p::PmMessageId id{};
  const std::uint32_t counter = ++pm_counter_;
  id[0] = static_cast<p::Byte>(user.client_id & 0xFF);
  id[1] = static_cast<p::Byte>(user.client_id >> 8);
  for (int i = 0; i < 4; ++i) id[static_cast<std::size_t>(2 + i)] = static_cast<p::Byte>(counter >> (8 * i));
  pending_pms_[id] = PendingPm{user.conn, target->full_name};
  if (pending_pms_.size() > MaxPendingPms) pending_pms_.erase(pending_pms_.begin());
  out.send(target->conn, p::PmIncoming{id, user.home, user.full_name, message->text});
}

void Hub::transfer_request(User& user, const p::Frame& frame, Millis now, Out& out) {
  auto message = p::decode_transfer_request(frame.type, frame.payload);
  if (!message) return skip(user, frame, message.error(), out);
  const auto me = [&](const std::string& path) { return p::TransferAddress{user.home, user.full_name, path}; };
  if (auto* request = std::get_if<p::DownloadRequest>(&*message)) {
    const auto& addr = request->holder;
    User* holder = local_user(addr.handle, addr.name);
    if (holder == nullptr) {
      if (route(user, frame, addr.handle, out)) return;
      out.send(user.conn, p::make_download_failed(addr, p::TransferRefusal::Other, 0, config_.wire));
      return;
    }
    out.send(holder->conn, p::make_upload_requested(me(addr.file), request->option, config_.wire));
    // Bounded: a flood of requests forgets the oldest (their requesters see no timeout notice).
    if (pending_transfers_.size() >= MaxPendingTransfers) pending_transfers_.erase(pending_transfers_.begin());
    pending_transfers_.push_back({user.conn, holder->full_name, addr.file, now + config_.transfer_timeout});
    return;
  }
  if (auto* push = std::get_if<p::PushRequest>(&*message)) {
    User* holder = local_user(push->holder.handle, push->holder.name);
    if (holder == nullptr) {
      if (route(user, frame, push->holder.handle, out)) return;
      out.send(user.conn, p::make_download_failed(push->holder, p::TransferRefusal::Other, 0, config_.wire));
      return;
    }
    out.send(holder->conn, p::UploadStart{std::nullopt, me(push->holder.file), user.ip, user.data_port});
    return;
  }
  // The holder answers about a requester named in ADDR(D).
  const p::TransferAddress* requester_addr = std::visit(
      [](const auto& m) -> const p::TransferAddress* {
        if constexpr (requires { m.requester; }) {
          return &m.requester;
        } else {
          return nullptr;
        }
      },
      *message);
  if (requester_addr == nullptr) return;
  User* requester = local_user(requester_addr->handle, requester_addr->name);
  // A requester on another hub that asked through us is our proxy for it.
  if (requester == nullptr) requester = proxy_of(requester_addr->handle, requester_addr->name);
  if (requester == nullptr && route(user, frame, requester_addr->handle, out)) return;
  const std::string& path = requester_addr->file;
  std::erase_if(pending_transfers_, [&](const PendingTransfer& t) {
    return requester != nullptr && t.requester == requester->conn && t.holder == user.full_name && t.path == path;
  });
  if (requester == nullptr) {
    // Gone, or back under a new name suffix: the holder drops the entry now instead of
    // keeping a slot granted to nobody until its unused-slot timeout (§5.4).
    if (std::holds_alternative<p::UploadReady>(*message) || std::holds_alternative<p::UploadQueued>(*message))
      out.send(user.conn, p::UploadWithdrawn{std::nullopt, *requester_addr, "User not found"});
    return;
  }
  if (std::holds_alternative<p::UploadReady>(*message)) {
    out.send(requester->conn,
             p::make_download_start(requester->full_name, me(path), user.ip, user.data_port, config_.wire));
  } else if (auto* queued = std::get_if<p::UploadQueued>(&*message)) {
    out.send(requester->conn, p::DownloadQueued{std::nullopt, me(path), queued->position, queued->queue_length});
  } else if (auto* refused = std::get_if<p::UploadRefused>(&*message)) {
    out.send(requester->conn, p::make_download_failed(me(path), p::refusal_of(*refused, config_.wire),
                                                      refused->queue_length.value_or(0), config_.wire));
  }
}

std::optional<HubUserInfo> Hub::user(std::string_view full_name) const {
  auto it = by_name_.find(std::string(full_name));
  if (it == by_name_.end()) return std::nullopt;
  const User& u = users_.at(it->second);
  return HubUserInfo{u.conn, u.full_name, u.ip, u.data_port, u.line_type, u.status, index_.count_of(u.slot), u.skipped};
}

std::vector<HubUserInfo> Hub::users() const {
  std::vector<HubUserInfo> out;
  for (const auto& [name, conn] : by_name_) {
    if (auto info = user(name)) out.push_back(std::move(*info));
  }
  return out;
}

}  // namespace wpn::overlay
