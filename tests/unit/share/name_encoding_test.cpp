#include "share/name_encoding.h"

#include <boost/test/unit_test.hpp>

namespace wpn::share {
namespace {

// Expected bytes come from the published code-page tables (Windows-1252,
// Windows-31J), written out by hand.
std::string bytes(std::initializer_list<unsigned> values) {
  std::string out;
  for (const unsigned v : values) out.push_back(static_cast<char>(v));
  return out;
}

BOOST_AUTO_TEST_SUITE(name_encoding)

BOOST_AUTO_TEST_CASE(announces_root_display_and_subfolders_with_backslashes) {
  const NameEncoder encoder(CodePage::Cp1252);
  const auto name = encoder.announce("Music", "Air/Moon Safari/01 La femme d'argent.mp3");
  BOOST_REQUIRE(name);
  BOOST_TEST(name->folder == "Music\\Air\\Moon Safari");
  BOOST_TEST(name->file == "01 La femme d'argent.mp3");
  BOOST_TEST(name->full() == "Music\\Air\\Moon Safari\\01 La femme d'argent.mp3");
}

BOOST_AUTO_TEST_CASE(file_directly_in_root_has_root_as_folder) {
  const NameEncoder encoder;
  const auto name = encoder.announce("Shared", "song.ogg");
  BOOST_REQUIRE(name);
  BOOST_TEST(name->folder == "Shared");
  BOOST_TEST(name->file == "song.ogg");
}

BOOST_AUTO_TEST_CASE(encodes_latin_letters_and_euro_in_cp1252) {
  const NameEncoder encoder(CodePage::Cp1252);
  const auto name = encoder.announce("Musique", "Café €5 Œuvre™.mp3");
  BOOST_REQUIRE(name);
  BOOST_TEST(name->file ==
             bytes({'C', 'a', 'f', 0xE9, ' ', 0x80, '5', ' ', 0x8C, 'u', 'v', 'r', 'e', 0x99, '.', 'm', 'p', '3'}));
}

BOOST_AUTO_TEST_CASE(encodes_japanese_name_in_cp932) {
  const NameEncoder encoder(CodePage::Cp932);
  const auto name = encoder.announce("音楽", "ソ～.mp3");
  BOOST_REQUIRE(name);
  BOOST_TEST(name->folder == bytes({0x89, 0xB9, 0x8A, 0x79}));
  // ソ is 83 5C: the trail byte equals a backslash but is part of the character.
  BOOST_TEST(name->file == bytes({0x83, 0x5C, 0x81, 0x60, '.', 'm', 'p', '3'}));
}

BOOST_AUTO_TEST_CASE(refuses_character_the_code_page_cannot_represent) {
  const NameEncoder encoder(CodePage::Cp1252);
  const auto name = encoder.announce("Music", "Artist/東京.mp3");
  BOOST_REQUIRE(!name);
  BOOST_TEST((name.error().code == NameErrc::Unrepresentable));
  BOOST_TEST(name.error().reason.find("U+6771") != std::string::npos);
  BOOST_TEST(name.error().reason.find("CP1252") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(refuses_euro_sign_in_cp932) {
  const NameEncoder encoder(CodePage::Cp932);
  const auto name = encoder.announce("Music", "5€.mp3");
  BOOST_REQUIRE(!name);
  BOOST_TEST(name.error().reason.find("U+20AC") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(replaces_characters_windows_forbids) {
  const NameEncoder encoder;
  const auto name = encoder.announce("Music", "What?/A:B*C\"D<E>F|G\\H.mp3");
  BOOST_REQUIRE(name);
  BOOST_TEST(name->folder == "Music\\What_");
  BOOST_TEST(name->file == "A_B_C_D_E_F_G_H.mp3");
}

BOOST_AUTO_TEST_CASE(replaces_control_characters_and_trailing_dot_or_space) {
  const NameEncoder encoder;
  const auto name = encoder.announce("Music", std::string("dir. /tab\there\x7f") + "\x01.mp3");
  BOOST_REQUIRE(name);
  BOOST_TEST(name->folder == "Music\\dir._");
  BOOST_TEST(name->file == "tab_here__.mp3");
}

BOOST_AUTO_TEST_CASE(refuses_dot_and_empty_components) {
  const NameEncoder encoder;
  BOOST_TEST((encoder.announce("Music", "../x.mp3").error().code == NameErrc::DotComponent));
  BOOST_TEST((encoder.announce("Music", "a/./x.mp3").error().code == NameErrc::DotComponent));
  BOOST_TEST((encoder.announce("Music", "a//x.mp3").error().code == NameErrc::EmptyComponent));
  BOOST_TEST((encoder.announce("Music", "/x.mp3").error().code == NameErrc::EmptyComponent));
  BOOST_TEST((encoder.announce("", "x.mp3").error().code == NameErrc::EmptyComponent));
  BOOST_TEST((encoder.announce("Music", "dir/").error().code == NameErrc::EmptyComponent));
}

BOOST_AUTO_TEST_CASE(refuses_names_that_are_not_utf8_on_disk) {
  const NameEncoder encoder;
  BOOST_TEST((encoder.announce("Music", "caf\xE9.mp3").error().code == NameErrc::InvalidUtf8));
  BOOST_TEST((encoder.announce("Music", "\xC0\xAE\xC0\xAE.mp3").error().code == NameErrc::InvalidUtf8));  // overlong
  BOOST_TEST((encoder.announce("Music", "\xED\xA0\x80.mp3").error().code == NameErrc::InvalidUtf8));      // surrogate
}

BOOST_AUTO_TEST_CASE(refuses_names_over_the_length_limit) {
  const NameEncoder encoder;
  const std::string long_dir(600, 'a');
  BOOST_TEST((encoder.announce("Music", long_dir + "/" + long_dir + ".mp3").error().code == NameErrc::TooLong));
  BOOST_TEST(encoder.announce("Music", long_dir + ".mp3").has_value());
}

BOOST_AUTO_TEST_CASE(decodes_announced_bytes_for_display) {
  const NameEncoder cp1252(CodePage::Cp1252);
  BOOST_TEST(cp1252.to_utf8(bytes({'C', 'a', 'f', 0xE9, 0x80})) == "Café€");
  const NameEncoder cp932(CodePage::Cp932);
  BOOST_TEST(cp932.to_utf8(bytes({0x89, 0xB9, 0x8A, 0x79, '\\', 0x83, 0x5C})) == "音楽\\ソ");
}

BOOST_AUTO_TEST_CASE(undefined_bytes_display_as_replacement_character) {
  const NameEncoder cp1252(CodePage::Cp1252);
  BOOST_TEST(cp1252.to_utf8(bytes({'a', 0x81, 'b'})) ==
             "a\xEF\xBF\xBD"
             "b");
  const NameEncoder cp932(CodePage::Cp932);
  BOOST_TEST(cp932.to_utf8(bytes({'x', 0x89})) == "x\xEF\xBF\xBD");  // lead byte cut off
}

BOOST_AUTO_TEST_CASE(split_ignores_cp932_trail_backslash) {
  const NameEncoder cp932(CodePage::Cp932);
  const auto parts = cp932.split(bytes({'M', '\\', 0x83, 0x5C, '.', 'm', 'p', '3'}));
  BOOST_REQUIRE(parts);
  BOOST_TEST(parts->folder == "M");
  BOOST_TEST(parts->file == bytes({0x83, 0x5C, '.', 'm', 'p', '3'}));
  const NameEncoder cp1252(CodePage::Cp1252);
  const auto western = cp1252.split(bytes({'M', '\\', 0x83, 0x5C, 'x'}));
  BOOST_REQUIRE(western);
  BOOST_TEST(western->file == "x");
  BOOST_TEST(!cp1252.split("noseparator"));
  BOOST_TEST(!cp1252.split("\\leading"));
  BOOST_TEST(!cp1252.split("trailing\\"));
}

// Plain ASCII names take a shortcut past the converter: what they become must still be what
// the converter reads back, in both code pages, and the characters Windows forbids and a
// trailing dot or space must still be replaced.
BOOST_AUTO_TEST_CASE(plain_ascii_names_encode_to_the_same_bytes_in_both_code_pages) {
  std::string printable;
  for (char c = 0x20; c < 0x7F; ++c) {
    if (std::string_view("\\/:*?\"<>|").find(c) == std::string_view::npos) printable.push_back(c);
  }
  printable += 'x';  // not ending in a space
  for (const auto code_page : {CodePage::Cp1252, CodePage::Cp932}) {
    const NameEncoder encoder(code_page);
    const auto encoded = encoder.encode_component(printable);
    BOOST_REQUIRE(encoded);
    BOOST_TEST(*encoded == printable);
    BOOST_TEST(encoder.to_utf8(*encoded) == printable);
    BOOST_TEST(encoder.encode_component("a:b.").value() == "a_b_");
    BOOST_TEST(encoder.encode_component("track 7 ").value() == "track 7_");
  }
}

BOOST_AUTO_TEST_CASE(parses_code_page_names) {
  BOOST_TEST((parse_code_page("cp1252") == CodePage::Cp1252));
  BOOST_TEST((parse_code_page("Windows-1252") == CodePage::Cp1252));
  BOOST_TEST((parse_code_page("CP932") == CodePage::Cp932));
  BOOST_TEST((parse_code_page("Shift_JIS") == CodePage::Cp932));
  BOOST_TEST(!parse_code_page("utf-8"));
  BOOST_TEST(code_page_name(CodePage::Cp932) == "CP932");
}

BOOST_AUTO_TEST_CASE(from_utf8_encodes_search_words) {
  const NameEncoder cp1252(CodePage::Cp1252);
  BOOST_TEST(cp1252.from_utf8("café").value_or("") == bytes({'c', 'a', 'f', 0xE9}));
  BOOST_TEST(!cp1252.from_utf8("東京"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wpn::share
