// The session machines under random sequences of valid, truncated, oversized, unknown
// and raw frames: a logged-in SecondarySession and a Hub with two logged-in secondaries
// (the sender and alice, who shares one file). Input is a sequence of operations:
//   [op u8] then its operands; op bit 0 picks the machine (0 secondary, 1 hub),
//   (op >> 1) % 6 the kind: 0 valid template [index u8]; 1 truncated template [index u8]
//   [cut u8]; 2 oversized template [index u8][extra u16le]; 3 unassigned type of a known
//   family [family u8][offset u8][length u8][bytes]; 4 raw [type u16le][length u16le][bytes];
//   5 noise [type u16le][length u16le] (filled with 0xA5).
// Invariants: nothing crashes; neither machine closes anything unless its last four
// frames were garbled noise (no known family, 3072+ bytes: the cipher-lost-sync rule);
// each frame is skipped at most once; whoever stays open is still served afterwards.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "overlay/hub.h"
#include "overlay/secondary_session.h"
#include "protocol/codecs/private_message.h"
#include "protocol/codecs/search.h"
#include "protocol/codecs/shares.h"
#include "protocol/codecs/transfer_notices.h"
#include "protocol/codecs/transfer_requests.h"
#include "protocol/codecs/whois.h"
#include "protocol/message_types.h"

namespace o = wpn::overlay;
namespace p = wpn::protocol;

namespace {

class CountingRandom : public p::RandomSource {
 public:
  void fill(std::span<p::Byte> out) override {
    for (auto& b : out) b = static_cast<p::Byte>(++state_ * 37);
  }

 private:
  unsigned state_ = 0;
};

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return at_ >= size_; }
  std::uint8_t u8() { return at_ < size_ ? data_[at_++] : 0; }
  std::uint16_t u16() { return static_cast<std::uint16_t>(u8() | (u8() << 8)); }
  p::Bytes bytes(std::size_t n) {
    const std::size_t take = std::min(n, size_ - std::min(at_, size_));
    p::Bytes out(data_ + at_, data_ + at_ + take);
    at_ += take;
    return out;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

// Written out here rather than taken from the code under test: the families' ranges.
constexpr std::array<std::array<std::uint16_t, 2>, 7> Families{{{0x0384, 0x0460},
                                                                {0x0FA1, 0x0FA4},
                                                                {0x1389, 0x144F},
                                                                {0x1771, 0x177A},
                                                                {0x1B59, 0x1BD0},
                                                                {0x1F41, 0x1FD6},
                                                                {0x238D, 0x238E}}};

bool garbled(const p::Frame& f) {
  for (const auto& range : Families)
    if (f.type >= range[0] && f.type <= range[1]) return false;
  return f.payload.size() >= 3072;
}

template <class M>
p::Frame frame_of(const M& message) {
  p::Frame f{M::Type, {}};
  if constexpr (requires { p::encode(message, f.payload, p::default_wire_options()); })
    p::encode(message, f.payload, p::default_wire_options());
  else
    p::encode(message, f.payload);
  return f;
}

const p::NodeHandle HubHandle{{127, 0, 0, 2}, 6257};

std::vector<p::Frame> secondary_templates() {
  const p::TransferAddress holder{HubHandle, "alice_00001", "Music\\Song.mp3"};
  p::SearchResult result;
  result.search_id = 1;
  result.path = "Music\\Song.mp3";
  result.user = "alice_00001";
  p::WhoisAnswer answer;
  answer.handle = HubHandle;
  answer.name = "alice_00001";
  return {frame_of(p::PmIncoming{{1}, HubHandle, "alice_00001", "hi"}),
          frame_of(result),
          frame_of(answer),
          frame_of(p::BrowseEntry{HubHandle, "alice_00001", "Music\\Song.mp3", {}, 10, {}}),
          frame_of(p::DownloadQueued{std::nullopt, holder, 2, 5}),
          frame_of(p::make_node_list({})),
          frame_of(p::UploadStart{std::nullopt, holder, {127, 0, 0, 9}, 9}),
          frame_of(p::PmDelivered{HubHandle, "alice_00001", {}, "SENT"})};
}

std::vector<p::Frame> hub_templates(const std::string& alice) {
  const p::TransferAddress at_alice{HubHandle, alice, "Music\\Song.mp3"};
  p::Search search;
  search.search_id = 9;
  search.query = "song";
  std::vector<p::Frame> out{frame_of(search),
                            frame_of(p::PmSend{HubHandle, alice, "hello"}),
                            frame_of(p::WhoisRequest{HubHandle, alice}),
                            frame_of(p::DownloadRequest{at_alice, p::DownloadOption::Normal}),
                            frame_of(p::StatusText{"9001 1 of 1 available"}),
                            frame_of(p::BrowseRequest{HubHandle, alice})};
  const std::vector<p::ShareEntry> docs{{"paper.pdf", {}, 100, {}}};
  for (auto& payload : p::build_share_folder_payloads("Docs", docs).payloads)
    out.push_back(p::Frame{p::msg::ShareFolder, payload});
  return out;
}

p::Frame next_frame(Input& in, std::uint8_t kind, const std::vector<p::Frame>& templates) {
  switch (kind) {
    case 0:
      return templates[in.u8() % templates.size()];
    case 1: {
      p::Frame f = templates[in.u8() % templates.size()];
      f.payload.resize(in.u8() % (f.payload.size() + 1));
      return f;
    }
    case 2: {
      p::Frame f = templates[in.u8() % templates.size()];
      const std::size_t extra = in.u16() % 6000;
      f.payload.resize(std::min<std::size_t>(f.payload.size() + extra, 65535), 'A');
      return f;
    }
    case 3: {
      const auto& range = Families[in.u8() % Families.size()];
      const auto type = static_cast<std::uint16_t>(range[0] + in.u8() % (range[1] - range[0] + 1));
      return p::Frame{type, in.bytes(in.u8())};
    }
    case 4: {
      const std::uint16_t type = in.u16();
      return p::Frame{type, in.bytes(in.u16())};
    }
    default: {
      const std::uint16_t type = in.u16();
      return p::Frame{type, p::Bytes(in.u16(), 0xA5)};
    }
  }
}

bool sync_loss(const std::string& reason) { return reason.rfind("cipher lost sync", 0) == 0; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  o::SecondarySession session(o::SecondaryConfig{}, [] { return p::QueueStatus{1, 1, 0}; });
  session.start(0);
  session.on_frame(frame_of(p::LoginAccepted{21270}), 0);

  CountingRandom random;
  o::HubConfig config;
  config.ip = {127, 0, 0, 2};
  config.idle_timeout = UINT64_MAX / 4;  // only frames may close anything here
  o::Hub hub(config, random);
  std::array<bool, 2> open{true, true};
  o::Millis now = 1000;
  for (o::ConnId c = 0; c < 2; ++c) {
    (void)hub.on_accepted(c, {127, 0, 0, static_cast<p::Byte>(3 + c)}, now);
    (void)hub.on_frame(c, frame_of(p::Login{c == 0 ? "sender" : "alice", p::LineType::Dsl, 6699}), now);
  }
  const std::vector<p::ShareEntry> music{{"Song.mp3", {}, 4000, {}}};
  for (auto& payload : p::build_share_folder_payloads("Music", music).payloads)
    (void)hub.on_frame(1, p::Frame{p::msg::ShareFolder, payload}, now);
  std::string alice;
  for (const auto& user : hub.users())
    if (user.conn == 1) alice = user.full_name;
  if (alice.empty()) __builtin_trap();

  const auto to_secondary = secondary_templates();
  const auto to_hub = hub_templates(alice);
  std::array<std::size_t, 2> garbled_run{};
  Input in(data, size);
  while (!in.empty()) {
    const std::uint8_t op = in.u8();
    const bool to_the_hub = (op & 1) != 0;
    const p::Frame frame = next_frame(in, static_cast<std::uint8_t>((op >> 1) % 6), to_the_hub ? to_hub : to_secondary);
    std::size_t& run = garbled_run[to_the_hub ? 1 : 0];
    run = garbled(frame) ? run + 1 : 0;
    now += 250;
    if (!to_the_hub) {
      if (session.close_reason()) continue;
      const auto before = session.skipped_frames();
      session.on_frame(frame, now);
      if (session.skipped_frames() > before + 1) __builtin_trap();
      if (session.close_reason() && !(sync_loss(*session.close_reason()) && run >= 4)) __builtin_trap();
      (void)session.take_frames();
      (void)session.take_events();
      session.on_tick(now);
      continue;
    }
    if (!open[0]) continue;
    const auto before = hub.skipped_frames();
    auto actions = hub.on_frame(0, frame, now);
    auto ticked = hub.on_tick(now);
    actions.insert(actions.end(), ticked.begin(), ticked.end());
    if (hub.skipped_frames() > before + 1) __builtin_trap();
    for (const auto& action : actions) {
      const auto* close = std::get_if<o::CloseConnection>(&action);
      if (close == nullptr) continue;
      if (close->conn != 0 || !(sync_loss(close->reason) && run >= 4)) __builtin_trap();
      open[0] = false;
      (void)hub.on_closed(0);
    }
  }

  // Whoever is still open is still served.
  if (!session.close_reason()) {
    session.on_frame(to_secondary[0], now);
    const auto frames = session.take_frames();
    if (frames.empty() || frames.back().type != p::msg::PmReceived) __builtin_trap();
  }
  if (open[0]) {
    p::Search search;
    search.search_id = 424242;
    search.query = "song";
    bool found = false;
    for (const auto& action : hub.on_frame(0, frame_of(search), now))
      if (const auto* send = std::get_if<o::SendFrame>(&action))
        found = found || (send->conn == 0 && send->type == p::msg::SearchResult);
    if (!found) __builtin_trap();
  }
  if (hub.logged_in() != hub.connections()) __builtin_trap();
  return 0;
}
