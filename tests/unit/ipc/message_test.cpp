#include "ipc/message.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

namespace {

using wpn::ipc::ErrorCode;

struct Hostile {
  const char* name;
  std::string payload;
  ErrorCode code;
  bool has_id;
};

std::ostream& operator<<(std::ostream& out, const Hostile& h) { return out << h.name; }

const Hostile HostileRequests[] = {
    {"truncated_json", R"({"id":1,"method":)", ErrorCode::BadFrame, false},
    {"top_level_array", R"([{"id":1,"method":"status"}])", ErrorCode::BadFrame, false},
    {"top_level_string", R"("status")", ErrorCode::BadFrame, false},
    {"missing_id", R"({"method":"status"})", ErrorCode::BadFrame, false},
    {"string_id", R"({"id":"1","method":"status"})", ErrorCode::BadFrame, false},
    {"negative_id", R"({"id":-1,"method":"status"})", ErrorCode::BadFrame, false},
    {"fractional_id", R"({"id":1.5,"method":"status"})", ErrorCode::BadFrame, false},
    {"id_above_2_pow_53", R"({"id":9007199254740992,"method":"status"})", ErrorCode::BadFrame, false},
    {"boolean_id", R"({"id":true,"method":"status"})", ErrorCode::BadFrame, false},
    {"missing_method", R"({"id":4})", ErrorCode::BadRequest, true},
    {"numeric_method", R"({"id":4,"method":12})", ErrorCode::BadRequest, true},
    {"upper_case_method", R"({"id":4,"method":"Status"})", ErrorCode::BadRequest, true},
    {"empty_method", R"({"id":4,"method":""})", ErrorCode::BadRequest, true},
    {"method_with_space", R"({"id":4,"method":"shares list"})", ErrorCode::BadRequest, true},
    {"overlong_method", R"({"id":4,"method":")" + std::string(65, 'a') + "\"}", ErrorCode::BadRequest, true},
    {"params_array", R"({"id":4,"method":"status","params":[]})", ErrorCode::InvalidParams, true},
    {"params_string", R"({"id":4,"method":"status","params":"x"})", ErrorCode::InvalidParams, true},
    {"deep_nesting", R"({"id":4,"method":"status","params":{"a":)" + std::string(40, '[') + std::string(40, ']') + "}}",
     ErrorCode::BadFrame, false},
    {"huge_number", R"({"id":4,"method":"status","params":{"a":1e400}})", ErrorCode::BadFrame, false},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(message)

BOOST_AUTO_TEST_CASE(parses_request_with_params) {
  const auto request = wpn::ipc::parse_request(R"({"id":42,"method":"shares.add","params":{"path":"/srv/a"}})");
  BOOST_REQUIRE(request.has_value());
  BOOST_TEST(request->id == 42u);
  BOOST_TEST(request->method == "shares.add");
  BOOST_TEST(wpn::ipc::get_string(request->params, "path").value_or("") == "/srv/a");
}

BOOST_AUTO_TEST_CASE(absent_or_null_params_become_an_empty_object) {
  for (const char* text : {R"({"id":1,"method":"status"})", R"({"id":1,"method":"status","params":null})"}) {
    const auto request = wpn::ipc::parse_request(text);
    BOOST_REQUIRE(request.has_value());
    BOOST_REQUIRE(!request->params.isNull());
    BOOST_TEST(request->params->size() == 0u);
  }
}

BOOST_AUTO_TEST_CASE(ignores_unknown_members) {
  const auto request = wpn::ipc::parse_request(R"({"id":1,"method":"status","path":"/x","future":[1,2]})");
  BOOST_REQUIRE(request.has_value());
  BOOST_TEST(request->method == "status");
}

BOOST_DATA_TEST_CASE(rejects_hostile_request, boost::unit_test::data::make(HostileRequests), hostile) {
  const auto request = wpn::ipc::parse_request(hostile.payload);
  BOOST_REQUIRE(!request.has_value());
  BOOST_TEST(wpn::ipc::to_string(request.error().error.code) == wpn::ipc::to_string(hostile.code));
  BOOST_TEST(request.error().id.has_value() == hostile.has_id);
  BOOST_TEST(!request.error().error.message.empty());
}

BOOST_AUTO_TEST_CASE(request_round_trips_through_its_encoding) {
  const auto first =
      wpn::ipc::parse_request(R"({"id":7,"method":"settings.set","params":{"values":{"b":true,"a":[1,"x"]}}})");
  BOOST_REQUIRE(first.has_value());
  const std::string text = wpn::ipc::encode_request(*first);
  const auto second = wpn::ipc::parse_request(text);
  BOOST_REQUIRE(second.has_value());
  BOOST_TEST(wpn::ipc::encode_request(*second) == text);
  BOOST_TEST(second->id == 7u);
}

BOOST_AUTO_TEST_CASE(encodes_success_reply) {
  auto result = wpn::ipc::make_object();
  result->set("files", 3);
  BOOST_TEST(wpn::ipc::encode_reply(wpn::ipc::Reply::success(5, result)) ==
             R"({"id":5,"result":{"files":3},"status":"ok"})");
}

BOOST_AUTO_TEST_CASE(encodes_error_reply_with_null_id) {
  const auto reply = wpn::ipc::Reply::failure(std::nullopt, ErrorCode::BadFrame, "not a JSON object");
  BOOST_TEST(wpn::ipc::encode_reply(reply) ==
             R"({"error":{"code":"bad_frame","message":"not a JSON object"},"id":null,"status":"error"})");
}

BOOST_AUTO_TEST_CASE(encodes_event) {
  wpn::ipc::Event event;
  event.seq = 9;
  event.name = "shares.file_added";
  event.data = wpn::ipc::make_object();
  event.data->set("id", 3);
  BOOST_TEST(wpn::ipc::encode_event(event) == R"({"data":{"id":3},"event":"shares.file_added","seq":9})");
  BOOST_TEST(event.topic() == "shares");
}

BOOST_AUTO_TEST_CASE(client_parses_reply_and_event) {
  const auto reply = wpn::ipc::parse_server_message(R"({"id":2,"status":"ok","result":[1,2]})");
  BOOST_REQUIRE(reply.has_value());
  const auto* parsed_reply = std::get_if<wpn::ipc::Reply>(&*reply);
  BOOST_REQUIRE(parsed_reply != nullptr);
  BOOST_TEST(parsed_reply->ok());
  BOOST_TEST(*parsed_reply->id == 2u);
  BOOST_TEST(wpn::ipc::is_array(parsed_reply->result));

  const auto event = wpn::ipc::parse_server_message(R"({"event":"logs.line","seq":12,"data":{"text":"hi"}})");
  BOOST_REQUIRE(event.has_value());
  const auto* parsed_event = std::get_if<wpn::ipc::Event>(&*event);
  BOOST_REQUIRE(parsed_event != nullptr);
  BOOST_TEST(parsed_event->seq == 12u);
  BOOST_TEST(parsed_event->topic() == "logs");
}

BOOST_AUTO_TEST_CASE(client_keeps_unknown_error_codes_as_errors) {
  const auto reply =
      wpn::ipc::parse_server_message(R"({"id":2,"status":"error","error":{"code":"from_the_future","message":"m"}})");
  BOOST_REQUIRE(reply.has_value());
  const auto& parsed = std::get<wpn::ipc::Reply>(*reply);
  BOOST_REQUIRE(!parsed.ok());
  BOOST_TEST(parsed.error->message.find("from_the_future") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(client_rejects_frames_that_are_neither_reply_nor_event) {
  BOOST_TEST(!wpn::ipc::parse_server_message(R"({"id":2})").has_value());
  BOOST_TEST(!wpn::ipc::parse_server_message(R"({"event":"x"})").has_value());
  BOOST_TEST(!wpn::ipc::parse_server_message("nonsense").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
