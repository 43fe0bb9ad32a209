// PROTOCOL.md against the code: every DTO paragraph ("Name: `member`, ...") lists exactly the
// members the DTO's table writes, and every event name is both a constant and documented.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <string_view>

#include "ipc/network_dto.h"
#include "ipc/room_dto.h"
#include "ipc/schema.h"
#include "ipc/share_event_dto.h"
#include "support/test_data.h"

namespace {

using namespace wpn::ipc;
using Names = std::set<std::string, std::less<>>;

std::string protocol_text() { return wpn::test::read_text_file(wpn::test::source_path("shared/ipc/PROTOCOL.md")); }

// The paragraph starting "Name:" at the start of a line, up to the next blank line.
std::string dto_paragraph(const std::string& doc, std::string_view name) {
  const std::string start = "\n" + std::string(name) + ":";
  const auto begin = doc.find(start);
  if (begin == std::string::npos) return {};
  const auto end = doc.find("\n\n", begin + 1);
  return doc.substr(begin + start.size(), end == std::string::npos ? std::string::npos : end - begin - start.size());
}

// Back-quoted names outside parentheses and brackets: the members; quoted words inside
// "(...)" are values or remarks.
Names documented_members(const std::string& paragraph) {
  Names members;
  int depth = 0;
  for (std::size_t i = 0; i < paragraph.size(); ++i) {
    const char c = paragraph[i];
    if (c == '(' || c == '[')
      ++depth;
    else if ((c == ')' || c == ']') && depth > 0)
      --depth;
    else if (c == '`') {
      const auto close = paragraph.find('`', i + 1);
      if (close == std::string::npos) break;
      if (depth == 0) members.insert(paragraph.substr(i + 1, close - i - 1));
      i = close;
    }
  }
  return members;
}

Names written_members(const DtoSchema& schema) { return Names(schema.keys.begin(), schema.keys.end()); }

std::vector<DtoSchema> all_schemas() {
  auto schemas = network_dto_schemas();
  for (auto& schema : share_event_dto_schemas()) schemas.push_back(std::move(schema));
  for (auto& schema : room_dto_schemas()) schemas.push_back(std::move(schema));
  return schemas;
}

// "| `event` | DtoName |" rows of the event tables.
std::map<std::string, std::string> event_table(const std::string& doc) {
  std::map<std::string, std::string> rows;
  const std::regex row(R"(\n\| `([a-z_]+\.[a-z_]+)` \| ([A-Za-z]+Dto) \|)");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator(); ++it)
    rows[(*it)[1]] = (*it)[2];
  return rows;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(protocol_doc)

BOOST_AUTO_TEST_CASE(member_lists_are_read_outside_remarks) {
  const auto members = documented_members(" `a` (`x`/`y`), `b` ([C]), `c_d` (one of `z`).");
  BOOST_TEST((members == Names{"a", "b", "c_d"}));
  const std::string doc = "intro\n\nFooDto: `a`,\n`b`.\n\nBarDto: `c`.\n";
  BOOST_TEST((documented_members(dto_paragraph(doc, "FooDto")) == Names{"a", "b"}));
  BOOST_TEST(dto_paragraph(doc, "BazDto").empty());
}

BOOST_AUTO_TEST_CASE(every_network_and_share_event_dto_is_documented_member_for_member) {
  const auto doc = protocol_text();
  for (const auto& schema : all_schemas()) {
    const auto paragraph = dto_paragraph(doc, schema.name);
    BOOST_TEST_CONTEXT(schema.name) {
      BOOST_TEST(!paragraph.empty(), "no \"" << schema.name << ":\" paragraph in PROTOCOL.md");
      const auto documented = documented_members(paragraph);
      for (const auto& key : written_members(schema))
        BOOST_TEST(documented.contains(key), "writes \"" << key << "\" that PROTOCOL.md does not list");
      for (const auto& key : documented)
        BOOST_TEST(written_members(schema).contains(key), "PROTOCOL.md lists \"" << key << "\" that is never written");
    }
  }
}

BOOST_AUTO_TEST_CASE(event_tables_name_dtos_that_exist) {
  const auto doc = protocol_text();
  Names dtos;
  for (const auto& schema : all_schemas()) dtos.insert(std::string(schema.name));
  const auto rows = event_table(doc);
  // The network and share events are all in the tables.
  for (const auto name : known_events()) {
    if (area_of(name) != topic::Network && area_of(name) != topic::Shares && area_of(name) != topic::Chat) continue;
    BOOST_TEST_CONTEXT(name) {
      const auto row = rows.find(std::string(name));
      BOOST_TEST_REQUIRE((row != rows.end()), "no table row for " << name);
      BOOST_TEST(dtos.contains(row->second), row->second << " is no DTO with a field table");
    }
  }
  for (const auto& [name, dto] : rows) BOOST_TEST(dtos.contains(dto), name << " -> " << dto);
}

BOOST_AUTO_TEST_CASE(every_event_constant_is_documented_and_every_documented_event_is_a_constant) {
  const auto doc = protocol_text();
  for (const auto name : known_events()) {
    BOOST_TEST(is_known_topic(area_of(name)), name);
    BOOST_TEST(doc.find("`" + std::string(name) + "`") != std::string::npos, name << " is not in PROTOCOL.md");
  }
  const std::regex quoted("`((status|shares|settings|logs|transfers|network)\\.[a-z_]+)`");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), quoted); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1];
    if (is_implemented_method(name)) continue;
    const auto events = known_events();
    BOOST_TEST((std::find(events.begin(), events.end(), name) != events.end()), name << " has no event:: constant");
  }
}

BOOST_AUTO_TEST_CASE(event_constants_are_unique) {
  const auto events = known_events();
  const Names unique(events.begin(), events.end());
  BOOST_TEST(unique.size() == events.size());
}

BOOST_AUTO_TEST_SUITE_END()
