#pragma once
// Hand-made wire bytes for the client session's tests, written from PROTOCOL.md: a u32
// little-endian length, then the JSON text. The frames the session sends are read back the
// same way, so no test depends on the encoder it checks.

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ipc/client_session.h"
#include "json/json_value.h"

namespace wpn::test {

inline std::string wire_frame(std::string_view json) {
  const auto size = static_cast<std::uint32_t>(json.size());
  std::string out;
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<char>((size >> shift) & 0xFF));
  out.append(json);
  return out;
}

// The JSON objects in `bytes`, which must hold whole frames only.
inline std::vector<json::JsonObject> read_frames(const std::string& bytes) {
  std::vector<json::JsonObject> frames;
  std::size_t at = 0;
  while (at < bytes.size()) {
    BOOST_REQUIRE(bytes.size() - at >= 4);
    std::uint32_t size = 0;
    for (std::size_t i = 0; i < 4; ++i) size |= std::uint32_t{static_cast<unsigned char>(bytes[at + i])} << (8 * i);
    BOOST_REQUIRE(bytes.size() - at - 4 >= size);
    auto object = json::parse_json_object(std::string_view(bytes).substr(at + 4, size));
    BOOST_REQUIRE(object.has_value());
    frames.push_back(*object);
    at += 4 + size;
  }
  return frames;
}

inline std::vector<json::JsonObject> sent(ipc::ClientSession& session) { return read_frames(session.take_outgoing()); }

inline std::vector<ipc::SessionOutput> outputs(ipc::ClientSession& session) {
  std::vector<ipc::SessionOutput> all;
  while (auto output = session.next_output()) all.push_back(std::move(*output));
  return all;
}

inline std::vector<std::uint64_t> event_seqs(const std::vector<ipc::SessionOutput>& all) {
  std::vector<std::uint64_t> seqs;
  for (const auto& output : all)
    if (const auto* event = std::get_if<ipc::Event>(&output)) seqs.push_back(event->seq);
  return seqs;
}

inline std::string event_frame(std::uint64_t seq, std::string_view name = "status.changed") {
  return wire_frame(R"({"event":")" + std::string(name) + R"(","seq":)" + std::to_string(seq) + R"(,"data":{}})");
}

inline std::string hello_reply(std::uint64_t id, std::string_view instance) {
  return wire_frame(R"({"id":)" + std::to_string(id) +
                    R"(,"status":"ok","result":{"protocol":1,"server":"wpnd 0.1.0","instance":")" +
                    std::string(instance) + R"(","capabilities":["events"],"methods":["status"]}})");
}

}  // namespace wpn::test
