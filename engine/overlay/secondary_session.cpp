#include "overlay/secondary_session.h"

#include <algorithm>
#include <utility>

#include "protocol/message_types.h"

namespace wpn::overlay {

namespace p = protocol;

namespace {
constexpr std::size_t MaxOpenSearches = 64;
constexpr std::size_t MaxOpenBrowses = 16;
}  // namespace

SecondarySession::SecondarySession(SecondaryConfig config, StatusSource status)
    : config_(std::move(config)), status_(std::move(status)) {}

template <class M>
void SecondarySession::send(const M& message) {
  p::Frame frame;
  frame.type = M::Type;
  if constexpr (requires { p::encode(message, frame.payload, config_.wire); }) {
    p::encode(message, frame.payload, config_.wire);
  } else {
    p::encode(message, frame.payload);
  }
  frames_.push_back(std::move(frame));
}

void SecondarySession::fail(std::string reason) {
  if (state_ == State::Closed) return;
  state_ = State::Closed;
  close_reason_ = std::move(reason);
}

void SecondarySession::skip(const p::Frame& frame, p::DecodeError error) {
  ++skipped_;
  events_.push_back(make_skipped_frame(frame, error));
}

void SecondarySession::start(Millis now) {
  state_ = State::AwaitingAccept;
  login_deadline_ = now + config_.login_timeout;
  p::Login login;
  login.base_name = std::string(p::base_name_of(config_.base_name));
  login.line_type = config_.line_type;
  login.data_port = config_.passive ? config_.wire.passive_data_port : config_.data_port;
  send(login);
}

void SecondarySession::on_tick(Millis now) {
  if (state_ == State::AwaitingAccept && now >= login_deadline_) return fail("login timed out");
  if (state_ == State::LoggedIn && now >= last_status_at_ + config_.status_interval) send_status(now, true);
}

void SecondarySession::send_status(Millis now, bool forced) {
  const p::QueueStatus queue = status_ ? status_() : p::QueueStatus{};
  std::string text = queue.to_text();
  // A changed text goes at once; the same text at most once per status_min_gap (§10).
  if (text == last_status_ && (!forced || now < last_status_at_ + config_.status_min_gap)) return;
  send(p::StatusText{text});
  last_status_ = std::move(text);
  last_status_at_ = now;
}

void SecondarySession::status_changed(Millis now) {
  if (state_ == State::LoggedIn) send_status(now, false);
}

void SecondarySession::send_shares() {
  for (const auto& payload : shares_) frames_.push_back(p::Frame{p::msg::ShareFolder, payload});
}

void SecondarySession::set_shares(std::vector<p::Bytes> payloads) {
  // Owners re-announce right after login too: the same list goes out once per session.
  const bool changed = payloads != shares_;
  shares_ = std::move(payloads);
  if (state_ == State::LoggedIn && changed) send_shares();
}

void SecondarySession::logged_in(const p::LoginAccepted& accepted, Millis now) {
  const bool first = state_ == State::AwaitingAccept;
  state_ = State::LoggedIn;
  client_id_ = accepted.client_id;
  full_name_ = p::full_name(p::base_name_of(config_.base_name), client_id_);
  last_status_.clear();
  // The references disagree on this order (wire audit D12): a wire option.
  if (config_.wire.full_name_before_status) send(p::FullNameNotice{full_name_});
  send_status(now, true);
  if (!config_.wire.full_name_before_status) send(p::FullNameNotice{full_name_});
  if (first) send_shares();
  events_.push_back(LoggedIn{full_name_, client_id_});
}

void SecondarySession::on_frame(const p::Frame& frame, Millis now) {
  if (state_ == State::Idle || state_ == State::Closed) return;
  if (sync_.observe(frame)) return fail(SyncWatch::reason());
  if (frame.type == p::msg::NodeList) {
    auto list = p::decode_node_list(frame.payload);
    if (!list) return skip(frame, list.error());
    node_list_ = list->records;
    events_.push_back(NodeListReceived{list->records});
    if (state_ == State::LoggedIn) send_status(now, true);
    return;
  }
  if (frame.type == p::msg::LoginAccepted) {
    auto accepted = p::decode_login_accepted(frame.payload);
    if (!accepted) return skip(frame, accepted.error());
    return logged_in(*accepted, now);
  }
  if (state_ != State::LoggedIn) return;  // buffered-and-ignored before 0x0460 (§12 rule 7)
  dispatch(frame, now);
}

void SecondarySession::collect(p::SearchResult result) {
  auto it = searches_.find(result.search_id);
  if (it == searches_.end()) return;  // stopped or never ours
  auto& list = it->second;
  if (list.size() >= config_.max_results_per_search) return;
  const bool seen = std::any_of(list.begin(), list.end(), [&](const p::SearchResult& r) {
    return r.user == result.user && r.path == result.path;
  });
  if (seen) return;
  list.push_back(result);
  events_.push_back(SearchHit{std::move(result)});
}

void SecondarySession::dispatch(const p::Frame& frame, Millis) {
  const std::uint16_t t = frame.type;
  if (is_unassigned_in_family(t)) return skip(frame, p::DecodeError{p::DecodeErrc::UnknownType, 0});
  if (t == p::msg::SearchResult) {
    auto result = p::decode_search_result(frame.payload);
    if (!result) return skip(frame, result.error());
    return collect(std::move(*result));
  }
  if (t >= p::msg::BrowseEntry && t <= p::msg::BrowseFailed) {
    auto message = p::decode_browse_message(t, frame.payload);
    if (!message) return skip(frame, message.error());
    if (t == p::msg::BrowseComplete || t == p::msg::BrowseFailed) end_browse(frame.type, *message);
    std::visit(
        [&](auto& m) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(m)>, p::BrowseRequest> &&
                        !std::is_same_v<std::decay_t<decltype(m)>, p::BrowseEnd>) {
            events_.push_back(std::move(m));
          }
        },
        *message);
    return;
  }
  if (t == p::msg::WhoisAnswer || t == p::msg::WhoisFailed) {
    auto message = p::decode_whois_message(t, frame.payload);
    if (!message) return skip(frame, message.error());
    if (auto* answer = std::get_if<p::WhoisAnswer>(&*message)) events_.push_back(std::move(*answer));
    if (auto* failed = std::get_if<p::WhoisFailed>(&*message)) events_.push_back(std::move(*failed));
    return;
  }
  if (t == p::msg::RoomListEntry) return on_room_entry(frame);
  if (t == p::msg::PmIncoming) {
    auto pm = p::decode_pm_incoming(frame.payload);
    if (!pm) return skip(frame, pm.error());
    send(p::PmReceived{pm->handle, pm->name, pm->message_id, config_.pm_reply});
    events_.push_back(std::move(*pm));
    return;
  }
  if (t == p::msg::PmDelivered) {
    auto ack = p::decode_pm_delivered(frame.payload);
    if (!ack) return skip(frame, ack.error());
    events_.push_back(std::move(*ack));
    return;
  }
  if (t >= p::msg::DownloadFailed && t <= p::msg::UploadStart) {
    auto notice = p::decode_transfer_notice(t, frame.payload);
    if (!notice) return skip(frame, notice.error());
    events_.push_back(std::move(*notice));
    return;
  }
  // 0x039D, requests meant for a primary and types of no known family: ignored after
  // decryption (§9.1, §12 rule 4), neither traced nor counted.
}

template <class Request>
std::uint32_t SecondarySession::open_search(Request request) {
  if (state_ != State::LoggedIn) return 0;
  request.search_id = next_search_id_++;
  if (searches_.size() >= MaxOpenSearches) searches_.erase(searches_.begin());
  searches_[request.search_id];
  send(request);
  return request.search_id;
}

std::uint32_t SecondarySession::search(std::string_view words, p::FileType type) {
  if (words.empty()) return 0;
  p::Search request;
  request.file_type = type;
  request.query = std::string(words.substr(0, p::MaxQueryLength));
  return open_search(std::move(request));
}

std::uint32_t SecondarySession::search_hash(const p::ContentHash& hash, p::FileType type) {
  p::HashSearch request;
  request.file_type = type;
  request.hash = hash;
  return open_search(request);
}

void SecondarySession::stop_search(std::uint32_t search_id) {
  if (searches_.erase(search_id) == 0 || state_ != State::LoggedIn) return;
  send(p::SearchStop{search_id});
}

const std::vector<p::SearchResult>* SecondarySession::results(std::uint32_t search_id) const {
  auto it = searches_.find(search_id);
  return it == searches_.end() ? nullptr : &it->second;
}

bool SecondarySession::browse(const p::NodeHandle& handle, std::string_view name) {
  if (state_ != State::LoggedIn) return false;
  send(p::BrowseRequest{handle, std::string(name)});
  if (open_browses_.size() >= MaxOpenBrowses) open_browses_.erase(open_browses_.begin());
  open_browses_.push_back(p::BrowseEnd{handle, std::string(name)});
  return true;
}

// WinMX closes each browse with 0x1B5A carrying the request's payload (filesharing.md
// §6.4; RoboMX sends it too, wire audit D10); only browses we asked for are closed.
void SecondarySession::end_browse(std::uint16_t type, const p::BrowseMessage& message) {
  const std::string* name = nullptr;
  if (type == p::msg::BrowseComplete) name = &std::get<p::BrowseComplete>(message).name;
  if (type == p::msg::BrowseFailed) name = &std::get<p::BrowseFailed>(message).name;
  if (name == nullptr) return;
  const auto open =
      std::find_if(open_browses_.begin(), open_browses_.end(), [&](const p::BrowseEnd& b) { return b.name == *name; });
  if (open == open_browses_.end()) return;
  send(*open);
  open_browses_.erase(open);
}

bool SecondarySession::whois(const p::NodeHandle& handle, std::string_view name) {
  if (state_ != State::LoggedIn) return false;
  send(p::WhoisRequest{handle, std::string(name)});
  return true;
}

bool SecondarySession::send_pm(const p::NodeHandle& handle, std::string_view name, std::string_view text) {
  if (state_ != State::LoggedIn) return false;
  send(p::PmSend{handle, std::string(name), std::string(text)});
  return true;
}

bool SecondarySession::send_transfer(const p::TransferRequestMessage& message) {
  if (state_ != State::LoggedIn) return false;
  p::Frame frame;
  frame.type = p::type_of(message);
  p::encode(message, frame.payload);
  frames_.push_back(std::move(frame));
  return true;
}

}  // namespace wpn::overlay
