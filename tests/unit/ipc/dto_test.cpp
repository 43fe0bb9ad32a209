#include <boost/test/unit_test.hpp>
#include <string>

#include "ipc/log_dto.h"
#include "ipc/setting_dto.h"
#include "ipc/share_dto.h"
#include "ipc/status_dto.h"

namespace {

using namespace wpn::ipc;

JsonObject json(const std::string& text) { return *parse_json_object(text); }

}  // namespace

BOOST_AUTO_TEST_SUITE(dto)

// `wpnctl status --json` is documented to carry at least these members.
BOOST_AUTO_TEST_CASE(status_carries_the_documented_members) {
  const auto object = to_json(StatusDto{});
  for (const char* key : {"version", "role", "connected", "files_shared", "files_hashed", "bytes_to_hash",
                          "uploads_active", "upload_slots", "queue_length", "downloads_active"})
    BOOST_TEST(object->has(key), key);
}

BOOST_AUTO_TEST_CASE(shared_file_carries_the_documented_members) {
  const auto object = to_json(SharedFileDto{});
  for (const char* key : {"path", "name", "size", "key", "bitrate", "frequency", "duration"})
    BOOST_TEST(object->has(key), key);
}

BOOST_AUTO_TEST_CASE(status_round_trips) {
  StatusDto status;
  status.version = "0.1.0";
  status.role = "primary";
  status.connected = true;
  status.files_shared = 12;
  status.bytes_to_hash = 1ull << 40;
  status.upload_slots = 4;
  BOOST_TEST((status_from_json(to_json(status)) == status));
}

BOOST_AUTO_TEST_CASE(status_reads_documented_json_written_by_hand) {
  const auto status = status_from_json(json(R"({"version":"9.9","role":"cache","connected":true,"files_shared":7})"));
  BOOST_TEST(status.version == "9.9");
  BOOST_TEST(status.role == "cache");
  BOOST_TEST(status.connected);
  BOOST_TEST(status.files_shared == 7u);
}

BOOST_AUTO_TEST_CASE(reading_tolerates_missing_and_mistyped_members) {
  const auto status = status_from_json(json(R"({"version":3,"files_shared":"many","extra":1})"));
  BOOST_TEST(status.version.empty());
  BOOST_TEST(status.files_shared == 0u);
  BOOST_TEST(status_from_json(nullptr).role.empty());
}

BOOST_AUTO_TEST_CASE(share_dtos_round_trip) {
  ShareRootDto root{3, "/srv/m", "m", true, 10, 8, 12345, false, "degraded", "too many folders", ""};
  BOOST_TEST((share_root_from_json(to_json(root)) == root));
  SharedFileDto file{5,     3,  "/srv/m/a.mp3", "m\\a.mp3", 4096, "00112233445566778899aabbccddeeff00100000", 192,
                     44100, 245};
  BOOST_TEST((shared_file_from_json(to_json(file)) == file));
  FilePageDto page{40, 20, {file, file}};
  const auto back = file_page_from_json(to_json(page));
  BOOST_TEST(back.total == 40u);
  BOOST_TEST(back.offset == 20u);
  BOOST_TEST(back.files.size() == 2u);
  ShareProgressDto progress;
  progress.hashing = true;
  progress.hash_bytes_per_s = 1.5e6;
  progress.hash_eta_s = 30;
  BOOST_TEST((share_progress_from_json(to_json(progress)) == progress));
}

BOOST_AUTO_TEST_CASE(log_lines_round_trip) {
  const std::vector<LogLineDto> lines{{1, "2024-01-01T00:00:00.000Z", "warning", "wpn.share", "cannot read x"},
                                      {2, "2024-01-01T00:00:01.000Z", "information", "wpn.ipc", "y"}};
  BOOST_TEST((log_lines_from_json(to_json(lines)) == lines));
}

BOOST_AUTO_TEST_CASE(setting_and_change_round_trip) {
  SettingDto setting;
  setting.key = "share_mode";
  setting.value = std::string("all");
  setting.default_value = std::string("media");
  setting.type = "choice";
  setting.apply = "live";
  setting.source = "file";
  setting.choices = {"media", "all"};
  setting.restart_pending = true;
  const auto back = setting_from_json(to_json(setting));
  BOOST_TEST(back.key == "share_mode");
  BOOST_TEST(as_string(back.value).value_or("") == "all");
  BOOST_TEST(as_string(back.default_value).value_or("") == "media");
  BOOST_TEST(back.choices.size() == 2u);
  BOOST_TEST(back.restart_pending);

  SettingsChangeDto change{{"log_level"}, {"data_port"}, {"shares"}, true};
  const auto change_back = settings_change_from_json(to_json(change));
  BOOST_TEST(change_back.applied == change.applied);
  BOOST_TEST(change_back.restart_required == change.restart_required);
  BOOST_TEST(change_back.overridden == change.overridden);
  BOOST_TEST(change_back.saved);
}

BOOST_AUTO_TEST_SUITE_END()
