#pragma once
// Chat frames laid out by hand from chat.md, kept in tests/data/chat/<case>.hex:
// '#' comment lines naming the section, then the whole frame in hex.

#include <sstream>
#include <string>
#include <string_view>

#include "message_test_support.h"
#include "protocol/bytes.h"
#include "support/test_data.h"

namespace wpn::test {

inline protocol::Bytes chat_frame_bytes(std::string_view name) {
  std::istringstream lines(read_text_file(data_path("chat") / name));
  std::string digits;
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line[0] != '#') digits += line;
  return hex(digits);
}

inline CapturedFrame chat_frame(std::string_view name) { return split_frame(chat_frame_bytes(name)); }

}  // namespace wpn::test
