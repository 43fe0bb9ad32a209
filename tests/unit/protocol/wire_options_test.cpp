#include "protocol/wire_options.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <iomanip>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/message_types.h"
#include "support/test_data.h"

using namespace wpn::protocol;

namespace {

constexpr std::string_view AffectedColumn = "Affected messages";

std::string trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return std::string(text);
}

// The cells of a markdown table row "| a | b |" (no '|' inside cells in this document).
std::vector<std::string> cells_of(std::string_view row) {
  std::vector<std::string> cells;
  row.remove_prefix(1);
  if (!row.empty() && row.back() == '|') row.remove_suffix(1);
  for (std::size_t end; (end = row.find('|')) != std::string_view::npos; row.remove_prefix(end + 1))
    cells.push_back(trimmed(row.substr(0, end)));
  cells.push_back(trimmed(row));
  return cells;
}

bool is_hex_digit(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// Every "0xNNNN" (exactly four hex digits) in a cell; "0x1Fxx" or "0x52" name no type.
std::vector<std::uint16_t> message_types_in(const std::string& cell) {
  std::vector<std::uint16_t> types;
  for (std::size_t at = cell.find("0x"); at != std::string::npos; at = cell.find("0x", at + 2)) {
    if (at > 0 && std::isalnum(static_cast<unsigned char>(cell[at - 1]))) continue;
    std::size_t digits = 0;
    while (at + 2 + digits < cell.size() && is_hex_digit(cell[at + 2 + digits])) ++digits;
    if (digits != 4) continue;
    const bool glued = at + 6 < cell.size() && std::isalnum(static_cast<unsigned char>(cell[at + 6]));
    if (!glued) types.push_back(static_cast<std::uint16_t>(std::stoul(cell.substr(at + 2, 4), nullptr, 16)));
  }
  return types;
}

std::string hex4(std::uint16_t type) {
  std::ostringstream text;
  text << "0x" << std::uppercase << std::hex << std::setfill('0') << std::setw(4) << type;
  return text.str();
}

struct OptionRow {
  std::string option;    // first cell
  std::string affected;  // the "Affected messages" cell
};

// The rows of every table in docs/wire-options.md whose last column is "Affected messages".
std::vector<OptionRow> option_rows() {
  std::istringstream lines(wpn::test::read_text_file(wpn::test::source_path("docs/wire-options.md")));
  std::vector<OptionRow> rows;
  std::size_t columns = 0;  // of the table being read; 0 outside such a table
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '|') {
      columns = 0;
      continue;
    }
    const auto cells = cells_of(line);
    if (cells.back() == AffectedColumn) {
      columns = cells.size();
      continue;
    }
    if (columns == 0 || cells.front().starts_with("---")) continue;
    BOOST_TEST_REQUIRE(cells.size() == columns, "row with a stray '|': " << line);
    rows.push_back({cells.front(), cells.back()});
  }
  return rows;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(wire_options)

BOOST_AUTO_TEST_CASE(every_message_type_an_option_affects_is_traced) {
  const auto rows = option_rows();
  BOOST_TEST_REQUIRE(!rows.empty(), "no option table found in docs/wire-options.md");
  std::size_t named = 0;
  for (const auto& row : rows) {
    for (const std::uint16_t type : message_types_in(row.affected)) {
      ++named;
      BOOST_TEST_CONTEXT(row.option << " affects " << hex4(type)) { BOOST_TEST(is_traced_type(type)); }
    }
  }
  BOOST_TEST(named > 0u);
}

BOOST_AUTO_TEST_CASE(reads_only_four_digit_message_types_from_a_cell) {
  const std::vector<std::uint16_t> expected{0x0FA2, 0x1BBC};
  BOOST_TEST(message_types_in("0x0FA2, the 0x1Fxx family, 0x52 block, 0x12345, 0x1BBC (x0x1234)") == expected,
             boost::test_tools::per_element());
}

// Layouts the documents establish from captures carry no option and stay untraced.
const std::uint16_t EstablishedTypes[] = {msg::LoginAccepted, msg::NodeList, msg::RoomListRequest};

BOOST_DATA_TEST_CASE(established_layouts_are_not_traced, boost::unit_test::data::make(EstablishedTypes), type) {
  BOOST_TEST(!is_traced_type(type));
}

BOOST_AUTO_TEST_SUITE_END()
