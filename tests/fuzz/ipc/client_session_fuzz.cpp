// The client session on a hostile server byte stream. The first byte picks the options
// (subscription or not, every topic, a resume point) and the chunk size; the rest is what
// the "server" sends, fed in chunks. One request (id 1) is made before the first byte, so
// the subscription, when there is one, is request 2 and a renewal request 3.
// Checks: nothing throws or crashes; each request is answered at most once and only if it
// was made; with a subscription, delivered events have increasing sequence numbers;
// nothing follows the end of the session.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

#include "ipc/client_session.h"

namespace {

using namespace wpn::ipc;

[[noreturn]] void violated() { __builtin_trap(); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  ClientSessionOptions options{"fuzz", {}, {}, (mode & 2) != 0};
  if ((mode & 1) != 0) options = {"fuzz", {"status", "shares"}, {"transfers"}, (mode & 2) != 0};
  ResumePoint resume;
  if ((mode & 4) != 0) resume = {"run-1", 7};
  ClientSession session(options, resume);
  const std::size_t chunk = 1 + (mode >> 3);
  const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

  std::set<RequestId> asked{session.request("status", nullptr)};
  std::set<RequestId> answered;
  std::uint64_t last_seq = 0;
  bool ended = false;
  for (std::size_t at = 0; at < stream.size(); at += chunk) {
    session.feed(stream.substr(at, chunk));
    session.take_outgoing();
    while (auto output = session.next_output()) {
      if (ended) violated();
      if (const auto* answer = std::get_if<SessionAnswer>(&*output)) {
        if (!asked.contains(answer->id) || !answered.insert(answer->id).second) violated();
      } else if (const auto* event = std::get_if<Event>(&*output)) {
        if (!options.topics.empty()) {
          if (event->seq <= last_seq) violated();
          last_seq = event->seq;
        }
      } else if (std::holds_alternative<SessionClosed>(*output)) {
        ended = true;
      }
    }
  }
  return 0;
}
