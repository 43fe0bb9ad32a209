// Params of the network methods: what PROTOCOL.md allows parses to typed params, the rest
// is invalid_params naming the member, and what a client writes parses back to the same.
#include <boost/test/unit_test.hpp>
#include <string>

#include "ipc/network_params.h"

namespace {

using namespace wpn::ipc;

JsonObject json(const std::string& text) { return *parse_json_object(text); }

template <class Result>
void expect_invalid(const Result& result, const std::string& member) {
  BOOST_REQUIRE(!result.has_value());
  BOOST_TEST((result.error().code == ErrorCode::InvalidParams));
  BOOST_TEST(result.error().message.find(member) != std::string::npos, result.error().message);
}

template <class Params, class Parse>
void expect_round_trip(const Params& params, Parse parse) {
  const auto back = parse(*parse_json_object(to_json_text(to_json(params))));
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST((*back == params));
}

const std::string Key = "0123456789abcdef0123456789ABCDEF01234567";

}  // namespace

BOOST_AUTO_TEST_SUITE(network_params)

BOOST_AUTO_TEST_CASE(network_add_takes_a_type_and_host_port) {
  const auto add = parse_network_add(json(R"({"type":"hub","address":"127.0.0.2:7950"})"));
  BOOST_REQUIRE(add.has_value());
  BOOST_TEST(add->type == "hub");
  BOOST_TEST(add->address == "127.0.0.2:7950");
  BOOST_TEST(parse_network_add(json(R"({"type":"cache","address":"localhost:1"})")).has_value());
  expect_invalid(parse_network_add(json(R"({"type":"primary","address":"127.0.0.2:7950"})")), "type");
  for (const char* address : {"127.0.0.2", ":7950", "127.0.0.2:0", "127.0.0.2:65536", "127.0.0.2:79x", "127.0.0.2:"})
    expect_invalid(parse_network_add(json(std::string(R"({"type":"hub","address":")") + address + "\"}")), "address");
  expect_round_trip(NetworkAddParams{"cache", "cache.example:7952"}, parse_network_add);
}

BOOST_AUTO_TEST_CASE(network_import_takes_an_absolute_path) {
  const auto import = parse_network_import(json(R"({"path":"/home/a/hosts.wsx"})"));
  BOOST_REQUIRE(import.has_value());
  BOOST_TEST(import->path == "/home/a/hosts.wsx");
  expect_invalid(parse_network_import(json(R"({"path":"hosts.wsx"})")), "path");
  expect_invalid(parse_network_import(json(R"({"path":""})")), "path");
  expect_invalid(parse_network_import(json(R"({})")), "path");
  expect_round_trip(NetworkImportParams{"/x.wsx"}, parse_network_import);
}

BOOST_AUTO_TEST_CASE(search_takes_words_or_a_key_not_both) {
  const auto words = parse_search(json(R"({"words":"blue moon"})"));
  BOOST_REQUIRE(words.has_value());
  BOOST_TEST(words->words == "blue moon");
  BOOST_TEST(words->key.empty());
  const auto key = parse_search(json(R"({"key":")" + Key + "\"}"));
  BOOST_REQUIRE(key.has_value());
  BOOST_TEST(key->key == Key);
  expect_invalid(parse_search(json(R"({})")), "words");
  expect_invalid(parse_search(json(R"({"words":""})")), "words");
  expect_invalid(parse_search(json(R"({"key":"abc"})")), "key");
  expect_invalid(parse_search(json(R"({"key":")" + std::string(39, 'a') + "g\"}")), "key");
  expect_invalid(parse_search(json(R"({"words":"x","key":")" + Key + "\"}")), "not both");
  expect_round_trip(SearchParams{"a b", ""}, parse_search);
  expect_round_trip(SearchParams{"", Key}, parse_search);
}

BOOST_AUTO_TEST_CASE(request_id_names_a_32_bit_request) {
  const auto id = parse_request_id(json(R"({"id":4294967295})"));
  BOOST_REQUIRE(id.has_value());
  BOOST_TEST(id->id == 4294967295u);
  expect_invalid(parse_request_id(json(R"({"id":4294967296})")), "id");
  expect_invalid(parse_request_id(json(R"({"id":-1})")), "id");
  expect_invalid(parse_request_id(json(R"({"id":"7"})")), "id");
  expect_round_trip(RequestIdParams{7}, parse_request_id);
}

BOOST_AUTO_TEST_CASE(peer_takes_a_user_and_a_handle) {
  const auto peer = parse_peer(json(R"({"user":"bob_1_2","handle":"WinMX 0200007f1871"})"));
  BOOST_REQUIRE(peer.has_value());
  BOOST_TEST(peer->user == "bob_1_2");
  BOOST_TEST(peer->handle == "WinMX 0200007f1871");
  BOOST_TEST(parse_peer(json(R"({"user":"b","handle":"winmx 0200007F1871"})")).has_value());
  expect_invalid(parse_peer(json(R"({"handle":"WinMX 0200007f1871"})")), "user");
  for (const char* handle :
       {"", "WinMX 0200007f187", "WinMX 0200007f18711", "WinMX_0200007f1871", "WinMX 0200007g1871"})
    expect_invalid(parse_peer(json(std::string(R"({"user":"b","handle":")") + handle + "\"}")), "handle");
  expect_round_trip(PeerParams{"Zoë_1_2", "WinMX 0100007f1871"}, parse_peer);
}

BOOST_AUTO_TEST_CASE(pm_send_takes_1_to_1000_bytes) {
  const std::string peer = R"("user":"bob_1_2","handle":"WinMX 0200007f1871")";
  const auto pm = parse_pm_send(json("{" + peer + R"(,"text":"hej då"})"));
  BOOST_REQUIRE(pm.has_value());
  BOOST_TEST(pm->text == "hej då");
  BOOST_TEST(parse_pm_send(json("{" + peer + R"(,"text":")" + std::string(1000, 'x') + "\"}")).has_value());
  expect_invalid(parse_pm_send(json("{" + peer + R"(,"text":")" + std::string(1001, 'x') + "\"}")), "text");
  expect_invalid(parse_pm_send(json("{" + peer + R"(,"text":""})")), "text");
  expect_invalid(parse_pm_send(json(R"({"user":"b","text":"hi"})")), "handle");
  expect_round_trip(PmSendParams{"a", "WinMX 0100007f1871", "b"}, parse_pm_send);
}

BOOST_AUTO_TEST_CASE(download_takes_the_exact_name_from_file_hex_or_file) {
  const std::string source = R"("key":")" + Key + R"(","user":"bob_1_2","handle":"WinMX 0200007f1871")";
  const auto hex = parse_download(json("{" + source + R"(,"file_hex":"615c62e92e6d7033"})"));
  BOOST_REQUIRE(hex.has_value());
  BOOST_TEST(hex->file == std::string("a\\b\xe9.mp3"));  // a CP1252 byte kept exactly
  BOOST_TEST(hex->name.empty());
  const auto plain = parse_download(json("{" + source + R"(,"file":"a\\b.mp3","name":"b.mp3"})"));
  BOOST_REQUIRE(plain.has_value());
  BOOST_TEST(plain->file == "a\\b.mp3");
  BOOST_TEST(plain->name == "b.mp3");
  expect_invalid(parse_download(json("{" + source + "}")), "file");
  expect_invalid(parse_download(json("{" + source + R"(,"file_hex":"61z"})")), "file_hex");
  expect_invalid(parse_download(json("{" + source + R"(,"file_hex":""})")), "file_hex");
  expect_invalid(parse_download(json(R"({"key":"12","user":"b","handle":"WinMX 0200007f1871","file":"x"})")), "key");
  expect_invalid(parse_download(json(R"({"key":")" + Key + R"(","handle":"WinMX 0200007f1871","file":"x"})")), "user");
  expect_round_trip(DownloadParams{Key, "bob", "WinMX 0200007f1871", std::string("\x00\xff\\x", 4), "x"},
                    parse_download);
  BOOST_TEST(to_json(DownloadParams{Key, "b", "h", "ab", ""})->has("file_hex"));
}

BOOST_AUTO_TEST_CASE(hex_helpers_are_inverse) {
  const std::string bytes("\x00\x7f\x80\xff", 4);
  BOOST_TEST(hex_of_bytes(bytes) == "007f80ff");
  BOOST_TEST((bytes_of_hex("007F80ff") == std::optional<std::string>(bytes)));
  BOOST_TEST(!bytes_of_hex("0").has_value());
  BOOST_TEST(!bytes_of_hex("0g").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
