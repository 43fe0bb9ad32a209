#include "net/skipped_frame_trace.h"

#include <cstdio>

#include "protocol/hex.h"

namespace wpn::net {

namespace {
std::string type_text(std::uint16_t type) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%04x (%u)", unsigned{type}, unsigned{type});
  return text;
}

std::string spaced_hex(protocol::ByteView bytes) {
  const std::string packed = protocol::to_hex(bytes);
  std::string out;
  out.reserve(packed.size() * 3 / 2);
  for (std::size_t i = 0; i < packed.size(); i += 2) {
    if (i != 0) out.push_back(' ');
    out.append(packed, i, 2);
  }
  return out;
}
}  // namespace

std::string skipped_frame_line(const overlay::SkippedFrame& frame, std::string_view from) {
  std::string line = "skipped " + type_text(frame.type) + " from " + std::string(from) + ": " +
                     protocol::to_string(frame.error) + "; " + std::to_string(frame.length) + " bytes";
  if (frame.length == 0) return line;
  line += ": " + spaced_hex(frame.payload);
  if (frame.payload.size() < frame.length) line += " ...";
  return line;
}

void SkippedFrameTrace::close_window(std::uint16_t type, const Window& window, std::vector<std::string>& out) const {
  if (window.suppressed == 0) return;
  out.push_back("suppressed " + std::to_string(window.suppressed) + " more skipped " + type_text(type) +
                " frame(s) within " + std::to_string(limits_.window_ms / 1000) + " s");
}

std::vector<std::string> SkippedFrameTrace::on_skipped(const overlay::SkippedFrame& frame, std::string_view from,
                                                       std::uint64_t now) {
  std::vector<std::string> out;
  auto it = windows_.find(frame.type);
  if (it != windows_.end() && now >= it->second.start + limits_.window_ms) {
    close_window(frame.type, it->second, out);
    it->second = Window{now, 0, 0};
  }
  if (it == windows_.end()) {
    if (windows_.size() >= limits_.max_types) {
      ++untracked_suppressed_;
      return out;
    }
    it = windows_.emplace(frame.type, Window{now, 0, 0}).first;
  }
  Window& window = it->second;
  if (window.written < limits_.lines_per_type) {
    ++window.written;
    out.push_back(skipped_frame_line(frame, from));
  } else {
    ++window.suppressed;
  }
  return out;
}

std::vector<std::string> SkippedFrameTrace::on_tick(std::uint64_t now) {
  std::vector<std::string> out;
  for (auto it = windows_.begin(); it != windows_.end();) {
    if (now < it->second.start + limits_.window_ms) {
      ++it;
      continue;
    }
    close_window(it->first, it->second, out);
    it = windows_.erase(it);
  }
  if (untracked_suppressed_ != 0) {
    out.push_back("suppressed " + std::to_string(untracked_suppressed_) + " skipped frame(s) of further types");
    untracked_suppressed_ = 0;
  }
  return out;
}

}  // namespace wpn::net
