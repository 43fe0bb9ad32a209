#pragma once
// Access to tests/data and small byte helpers shared by the test suites.

#include <filesystem>
#include <string>
#include <string_view>

#include "protocol/bytes.h"

namespace wpn::test {

std::filesystem::path data_path(std::string_view relative);
std::string read_text_file(const std::filesystem::path& path);
// Hex to bytes; a malformed literal in a test is a programming error and aborts the test.
protocol::Bytes hex(std::string_view text);
protocol::Bytes bytes_of(std::string_view text);
// tests/data/captures/<name>: '#' comment lines naming the doc section, then hex bytes.
protocol::Bytes capture(std::string_view name);
// A file of the source tree, e.g. source_path("docs/wire-options.md").
std::filesystem::path source_path(std::string_view relative);

}  // namespace wpn::test
