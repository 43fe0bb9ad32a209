#pragma once
// The action collector of Hub's handlers, shared by hub.cpp and hub_mesh.cpp.

#include <string>
#include <utility>
#include <vector>

#include "overlay/hub.h"

namespace wpn::overlay {

class Hub::Out {
 public:
  explicit Out(const protocol::WireOptions& wire) : wire_(wire) {}
  // Frames are encoded in place: no temporary payload to move into the variant.
  template <class M>
  void send(ConnId conn, const M& message) {
    encode(message, new_frame(conn, M::Type).payload);
  }
  template <class M>
  void send_with_options(ConnId conn, const M& message) {
    encode(message, new_frame(conn, M::Type).payload, wire_);
  }
  void close(ConnId conn, std::string reason) { actions.push_back(CloseConnection{conn, std::move(reason)}); }
  void trace(ConnId conn, SkippedFrame frame) { actions.push_back(TraceSkippedFrame{conn, std::move(frame)}); }

  std::vector<HubAction> actions;

 private:
  SendFrame& new_frame(ConnId conn, std::uint16_t type) {
    auto& frame = std::get<SendFrame>(actions.emplace_back(std::in_place_type<SendFrame>));
    frame.conn = conn;
    frame.type = type;
    return frame;
  }

  const protocol::WireOptions& wire_;
};

}  // namespace wpn::overlay
