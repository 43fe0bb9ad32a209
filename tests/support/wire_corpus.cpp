#include "support/wire_corpus.h"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "support/test_data.h"

namespace wpn::test {

std::vector<CorpusFrame> wire_corpus(std::string_view direction) {
  std::vector<CorpusFrame> out;
  for (const auto& file : std::filesystem::directory_iterator(data_path("wire_corpus") / direction)) {
    if (file.path().extension() != ".hex") continue;
    std::istringstream lines(read_text_file(file.path()));
    std::string digits;
    for (std::string line; std::getline(lines, line);)
      if (!line.empty() && line[0] != '#') digits += line;
    const protocol::Bytes bytes = hex(digits);
    const std::string name = file.path().stem().string();
    if (bytes.size() < protocol::FrameHeaderSize) throw std::runtime_error(name + ": no frame header");
    const auto type = static_cast<std::uint16_t>(bytes[0] | (bytes[1] << 8));
    const std::size_t length = static_cast<std::size_t>(bytes[2] | (bytes[3] << 8));
    if (length != bytes.size() - protocol::FrameHeaderSize) throw std::runtime_error(name + ": length mismatch");
    CorpusFrame frame;
    frame.name = name;
    frame.frame = protocol::Frame{type, protocol::Bytes(bytes.begin() + protocol::FrameHeaderSize, bytes.end())};
    frame.hostile = name.starts_with("hostile_");
    out.push_back(std::move(frame));
  }
  std::sort(out.begin(), out.end(), [](const CorpusFrame& a, const CorpusFrame& b) { return a.name < b.name; });
  if (out.empty()) throw std::runtime_error("empty wire corpus: " + std::string(direction));
  return out;
}

}  // namespace wpn::test
