#pragma once
// Sending a GET or SEND line the way WinMX does: the command word as its own TCP
// write, then the rest of the line (wire audit D11; nDPI's WinMX traces show "GET"
// as a 3-byte payload). Each SendData is one write of the socket adapter.

#include <utility>

#include "protocol/bytes.h"
#include "protocol/data_request.h"
#include "transfer/transfer_actions.h"

namespace wpn::transfer {

inline void send_request_line(Actions& out, ConnectionId connection, protocol::Bytes line) {
  const auto word = static_cast<std::ptrdiff_t>(protocol::command_word_length(line));
  if (word > 0 && static_cast<std::size_t>(word) < line.size()) {
    out.push_back(SendData{connection, protocol::Bytes(line.begin(), line.begin() + word)});
    line.erase(line.begin(), line.begin() + word);
  }
  out.push_back(SendData{connection, std::move(line)});
}

}  // namespace wpn::transfer
