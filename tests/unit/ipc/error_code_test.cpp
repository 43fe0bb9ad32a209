#include "ipc/error_code.h"

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <utility>

namespace {

using wpn::ipc::ErrorCode;

// The wire names are the contract with every client: this table is written from the
// schema documentation, not from the code.
const std::pair<ErrorCode, const char*> WireNames[] = {
    {ErrorCode::BadFrame, "bad_frame"},
    {ErrorCode::FrameTooLarge, "frame_too_large"},
    {ErrorCode::HelloRequired, "hello_required"},
    {ErrorCode::UnsupportedVersion, "unsupported_version"},
    {ErrorCode::BadRequest, "bad_request"},
    {ErrorCode::UnknownMethod, "unknown_method"},
    {ErrorCode::InvalidParams, "invalid_params"},
    {ErrorCode::NotAvailable, "not_available"},
    {ErrorCode::NotFound, "not_found"},
    {ErrorCode::AlreadyExists, "already_exists"},
    {ErrorCode::PermissionDenied, "permission_denied"},
    {ErrorCode::Conflict, "conflict"},
    {ErrorCode::Overloaded, "overloaded"},
    {ErrorCode::ShuttingDown, "shutting_down"},
    {ErrorCode::Internal, "internal"},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(error_code)

BOOST_AUTO_TEST_CASE(every_code_has_its_documented_wire_name) {
  for (const auto& [code, name] : WireNames) {
    BOOST_TEST(wpn::ipc::to_string(code) == name);
    const auto parsed = wpn::ipc::error_code_from_string(name);
    BOOST_REQUIRE(parsed.has_value());
    BOOST_TEST(static_cast<int>(*parsed) == static_cast<int>(code));
  }
}

BOOST_AUTO_TEST_CASE(wire_names_are_unique) {
  std::set<std::string> names;
  for (const auto& [code, name] : WireNames) names.insert(std::string(wpn::ipc::to_string(code)));
  BOOST_TEST(names.size() == std::size(WireNames));
}

BOOST_AUTO_TEST_CASE(unknown_names_are_not_codes) {
  BOOST_TEST(!wpn::ipc::error_code_from_string("Bad_Frame").has_value());
  BOOST_TEST(!wpn::ipc::error_code_from_string("").has_value());
}

BOOST_AUTO_TEST_CASE(only_connection_level_errors_close_the_connection) {
  BOOST_TEST(wpn::ipc::closes_connection(ErrorCode::BadFrame));
  BOOST_TEST(wpn::ipc::closes_connection(ErrorCode::FrameTooLarge));
  BOOST_TEST(wpn::ipc::closes_connection(ErrorCode::PermissionDenied));
  BOOST_TEST(wpn::ipc::closes_connection(ErrorCode::UnsupportedVersion));
  BOOST_TEST(!wpn::ipc::closes_connection(ErrorCode::BadRequest));
  BOOST_TEST(!wpn::ipc::closes_connection(ErrorCode::NotAvailable));
  BOOST_TEST(!wpn::ipc::closes_connection(ErrorCode::InvalidParams));
  BOOST_TEST(!wpn::ipc::closes_connection(ErrorCode::HelloRequired));
}

BOOST_AUTO_TEST_SUITE_END()
