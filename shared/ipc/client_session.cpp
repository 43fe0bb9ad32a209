#include "ipc/client_session.h"

#include "ipc/schema.h"

namespace wpn::ipc {

ClientSession::ClientSession(ClientSessionOptions options, ResumePoint resume)
    : options_(std::move(options)), resume_(std::move(resume)) {
  HelloParams hello{ProtocolVersion, options_.client, {std::string(capability::Events)}};
  hello_id_ = send(method::Hello, to_json(hello));
}

std::string ClientSession::take_outgoing() {
  std::string bytes;
  bytes.swap(outgoing_);
  return bytes;
}

RequestId ClientSession::send(std::string_view method, const JsonObject& params) {
  const RequestId id = next_id_++;
  append_frame(outgoing_, encode_request(Request{id, std::string(method), params.isNull() ? make_object() : params}));
  return id;
}

RequestId ClientSession::request(std::string_view method, JsonObject params) {
  if (state_ == State::Ready) {
    const RequestId id = send(method, params);
    open_.insert(id);
    return id;
  }
  const RequestId id = next_id_++;
  if (state_ != State::Closed)
    held_.emplace_back(id, encode_request(Request{id, std::string(method), params.isNull() ? make_object() : params}));
  return id;
}

void ClientSession::feed(std::string_view bytes) {
  if (closed()) return;
  decoder_.feed(bytes);
  while (!closed()) {
    auto frame = decoder_.next();
    if (!frame) return close({ClientErrc::Protocol, "wpnd sent an invalid frame"});
    if (!*frame) return;
    auto message = parse_server_message(**frame);
    if (!message) return close({ClientErrc::Protocol, "wpnd sent an invalid message: " + message.error()});
    on_message(std::move(*message));
  }
}

void ClientSession::connection_lost(ClientError why) {
  if (!closed()) close(std::move(why));
}

std::optional<SessionOutput> ClientSession::next_output() {
  if (outputs_.empty()) return std::nullopt;
  SessionOutput output = std::move(outputs_.front());
  outputs_.pop_front();
  return output;
}

void ClientSession::on_message(ServerMessage message) {
  if (auto* event = std::get_if<Event>(&message)) return on_event(std::move(*event));
  on_reply(std::get<Reply>(std::move(message)));
}

void ClientSession::on_reply(Reply reply) {
  if (state_ == State::Hello && (!reply.id || *reply.id == hello_id_)) return on_hello_reply(std::move(reply));
  if (!reply.id) {
    // A reply without id is the service's verdict on the connection itself.
    if (!reply.error) return;
    const auto code = reply.error->code == ErrorCode::PermissionDenied ? ClientErrc::Refused : ClientErrc::Protocol;
    return close({code, reply.error->message}, reply.error);
  }
  if (subscribing_ && *reply.id == *subscribing_) return on_subscribe_reply(std::move(reply));
  if (open_.erase(*reply.id) == 0) return;  // not ours, or answered already
  outputs_.push_back(SessionAnswer{
      *reply.id, reply.error ? CallResult(tl::unexpected(*reply.error)) : CallResult(std::move(reply.result))});
}

void ClientSession::on_hello_reply(Reply reply) {
  if (reply.error) {
    if (reply.error->code == ErrorCode::PermissionDenied)
      return close({ClientErrc::Refused, reply.error->message}, reply.error);
    return close({ClientErrc::Protocol, "wpnd refused the hello: " + reply.error->message}, reply.error);
  }
  auto hello = parse_hello_result(as_object(reply.result));
  if (!hello) return close({ClientErrc::Protocol, hello.error()});
  hello_ = std::move(*hello);
  outputs_.push_back(SessionReady{hello_});
  if (options_.topics.empty()) return become_ready();
  state_ = State::Subscribing;
  subscribe(true);
}

void ClientSession::subscribe(bool with_optional) {
  SubscribeParams params;
  params.topics = options_.topics;
  if (with_optional)
    params.topics.insert(params.topics.end(), options_.optional_topics.begin(), options_.optional_topics.end());
  if (resume_.seq && resume_.instance == hello_.instance) {
    params.since = resume_.seq;
    params.instance = resume_.instance;
  }
  with_optional_ = with_optional;
  subscribing_ = send(method::EventsSubscribe, to_json(params));
}

void ClientSession::on_subscribe_reply(Reply reply) {
  subscribing_.reset();
  if (reply.error) {
    if (reply.error->code == ErrorCode::InvalidParams && with_optional_ && !options_.optional_topics.empty())
      return subscribe(false);
    return close({ClientErrc::Protocol, "wpnd refused the subscription: " + reply.error->message});
  }
  SubscribeResult result = subscribe_result_from_json(as_object(reply.result));
  const bool resumed = result.snapshot.isNull() && resume_.seq && resume_.instance == result.instance;
  replay_left_ = resumed ? result.replayed : 0;
  replay_until_ = result.seq;
  resume_.instance = result.instance;
  if (!resumed) resume_.seq = result.seq;  // the snapshot (or a fresh start) covers up to here
  outputs_.push_back(SessionSubscribed{std::move(result)});
  if (state_ == State::Subscribing) become_ready();
}

void ClientSession::on_event(Event event) {
  if (options_.topics.empty()) {
    outputs_.push_back(std::move(event));
    return;
  }
  // Until the subscription answers, events belong to the one it replaces; the answer's
  // replay or snapshot covers them.
  if (subscribing_ || state_ != State::Ready) return;
  if (resume_.seq && event.seq <= *resume_.seq) return;  // seen already
  const bool hole = options_.every_topic && resume_.seq && event.seq != *resume_.seq + 1;
  const bool replay_cut_short = replay_left_ > 0 && event.seq > replay_until_;
  if (hole || replay_cut_short) return lost_events();
  if (replay_left_ > 0) --replay_left_;
  resume_.seq = event.seq;
  outputs_.push_back(std::move(event));
}

void ClientSession::lost_events() {
  replay_left_ = 0;
  subscribe(with_optional_);
}

void ClientSession::become_ready() {
  state_ = State::Ready;
  for (auto& [id, payload] : held_) {
    append_frame(outgoing_, payload);
    open_.insert(id);
  }
  held_.clear();
}

void ClientSession::close(ClientError why, std::optional<ErrorInfo> verdict) {
  state_ = State::Closed;
  SessionClosed closed{std::move(why), std::move(verdict), {}};
  closed.unanswered.assign(open_.begin(), open_.end());
  for (const auto& held : held_) closed.unanswered.push_back(held.first);
  open_.clear();
  held_.clear();
  subscribing_.reset();
  outputs_.push_back(std::move(closed));
}

}  // namespace wpn::ipc
