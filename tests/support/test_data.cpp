#include "support/test_data.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "protocol/hex.h"

namespace wpn::test {

std::filesystem::path data_path(std::string_view relative) {
  return std::filesystem::path(WPN_TEST_DATA_DIR) / relative;
}

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

protocol::Bytes hex(std::string_view text) {
  std::string compact;
  for (const char c : text)
    if (c != ' ' && c != '\n') compact.push_back(c);
  auto bytes = protocol::from_hex(compact);
  if (!bytes) throw std::invalid_argument("bad hex literal in test: " + std::string(text));
  return *bytes;
}

protocol::Bytes bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

protocol::Bytes capture(std::string_view name) {
  std::istringstream lines(read_text_file(data_path("captures") / name));
  std::string digits;
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line[0] != '#') digits += line;
  return hex(digits);
}

std::filesystem::path source_path(std::string_view relative) {
  // tests/data sits two levels below the source root.
  return std::filesystem::path(WPN_TEST_DATA_DIR).parent_path().parent_path() / relative;
}

}  // namespace wpn::test
