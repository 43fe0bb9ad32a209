#include "protocol/codecs/shares.h"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <random>

#include "support/test_data.h"

using namespace wpn::protocol;
using wpn::test::bytes_of;
using wpn::test::hex;

namespace {

FileKey key_of(Byte fill, std::uint32_t size) {
  FileKey key;
  key.hash.fill(fill);
  key.size = size;
  return key;
}

ShareEntry entry_of(std::string name, Byte fill, std::uint32_t size, MediaInfo media = {}) {
  return ShareEntry{std::move(name), key_of(fill, size), size, media};
}

// Folder "Hello\" with "Robo Resources.rar" (22925 bytes, names from the
// filesharing.md §6.4 browse capture) and a 192 kbit/s track, laid out per
// protocol.md §9.2 by hand.
const char* const TwoEntryFolderHex =
    "48656c6c6f5c00"                             // "Hello\"
    "526f626f205265736f75726365732e72617200"     // "Robo Resources.rar"
    "11111111111111111111111111111111 8d590000"  // key: hash 16 + length
    "8d590000"                                   // size 22925
    "0000 00000000 00000000"                     // no media
    "612e6d703300"                               // "a.mp3"
    "22222222222222222222222222222222 40420f00"  // key, 1000000
    "40420f00"                                   // size
    "c000 44ac0000 cf000000";                    // 192 kbit/s, 44100 Hz, 207 s

ShareFolder two_entry_folder() {
  return ShareFolder{
      "Hello\\", {entry_of("Robo Resources.rar", 0x11, 22925), entry_of("a.mp3", 0x22, 1000000, {192, 44100, 207})}};
}

std::string random_name(std::mt19937& rng, std::size_t length) {
  std::string name(length, 'a');
  for (auto& c : name) c = static_cast<char>(0x20 + rng() % 0x5F);  // printable ASCII, never NUL
  return name;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(shares)

BOOST_AUTO_TEST_CASE(share_folder_encodes_documented_layout) {
  Bytes out;
  encode(two_entry_folder(), out);
  BOOST_TEST(out == hex(TwoEntryFolderHex));
}

BOOST_AUTO_TEST_CASE(share_folder_decodes_documented_layout) {
  const auto folder = decode_share_folder(hex(TwoEntryFolderHex));
  BOOST_REQUIRE(folder.has_value());
  BOOST_TEST((*folder == two_entry_folder()));
  BOOST_TEST(folder->entries[0].key.size == 22925u);
  BOOST_TEST(folder->entries[1].media.duration == 207u);
}

// Wire audit D6: a frame cut anywhere after its folder string keeps the whole entries
// before the cut; only a folder string that cannot be read fails the frame.
BOOST_AUTO_TEST_CASE(share_folder_cut_anywhere_keeps_the_entries_before_the_cut) {
  const Bytes payload = hex(TwoEntryFolderHex);
  const std::size_t folder_end = 7;
  const std::size_t first_without_media = folder_end + 19 + 24;
  const std::size_t first_entry_end = first_without_media + 10;
  const std::size_t second_without_media = first_entry_end + 6 + 24;
  for (std::size_t cut = 0; cut < payload.size(); ++cut) {
    const auto decoded = decode_share_folder(ByteView(payload).first(cut));
    BOOST_TEST_CONTEXT("cut at " << cut) {
      if (cut < folder_end) {
        BOOST_TEST(!decoded.has_value());
        continue;
      }
      BOOST_REQUIRE(decoded.has_value());
      BOOST_TEST(decoded->folder == "Hello\\");
      const bool on_a_boundary =
          cut == folder_end || cut == first_without_media || cut == first_entry_end || cut == second_without_media;
      BOOST_TEST(decoded->incomplete.has_value() == !on_a_boundary);
      const std::size_t whole = cut < first_without_media ? 0u : cut < second_without_media ? 1u : 2u;
      BOOST_REQUIRE(decoded->entries.size() == whole);
      if (whole >= 1) {
        BOOST_TEST(decoded->entries[0].name == "Robo Resources.rar");
        BOOST_TEST(decoded->entries[0].size == 22925u);
      }
      if (whole == 2) BOOST_TEST(decoded->entries[1].name == "a.mp3");
    }
  }
}

// Wire audit D6: winmxworld's 0x0FA1 page says WinMX omits the 10 media bytes of
// non-media files. A folder mixing both kinds, written out by hand.
BOOST_AUTO_TEST_CASE(share_folder_reads_entries_without_media_bytes) {
  const Bytes payload =
      hex("4d757369635c4169725c00"                     // "Music\Air\" (folder with its backslash)
          "726561646d652e74787400"                     // "readme.txt", no media
          "33333333333333333333333333333333 0a000000"  // key, length 10
          "0a000000"                                   // size 10
          "612e6d703300"                               // "a.mp3", with media
          "22222222222222222222222222222222 40420f00"  // key
          "40420f00"                                   // size 1000000
          "c000 44ac0000 cf000000"                     // 192 kbit/s, 44100 Hz, 207 s
          "622e7a697000"                               // "b.zip", no media
          "44444444444444444444444444444444 05000000"  // key
          "05000000");                                 // size 5
  const auto folder = decode_share_folder(payload);
  BOOST_REQUIRE(folder.has_value());
  BOOST_TEST(!folder->incomplete.has_value());
  BOOST_TEST(folder->folder == "Music\\Air\\");
  BOOST_REQUIRE(folder->entries.size() == 3u);
  BOOST_TEST(folder->entries[0].name == "readme.txt");
  BOOST_TEST(folder->entries[0].size == 10u);
  BOOST_TEST(folder->entries[0].media.empty());
  BOOST_TEST(folder->entries[1].name == "a.mp3");
  BOOST_TEST(folder->entries[1].media.bitrate == 192u);
  BOOST_TEST(folder->entries[1].media.duration == 207u);
  BOOST_TEST(folder->entries[2].name == "b.zip");
  BOOST_TEST(folder->entries[2].key.hash[0] == 0x44);
  BOOST_TEST(folder->entries[2].size == 5u);
}

BOOST_AUTO_TEST_CASE(share_folder_rejects_an_overlong_folder_and_stops_at_an_overlong_name) {
  Bytes long_folder(MaxPathLength + 1, 'f');
  long_folder.push_back(0);
  BOOST_TEST((decode_share_folder(long_folder).error().code == DecodeErrc::LengthOverLimit));
  Bytes long_name = bytes_of("F\\");
  long_name.push_back(0);
  long_name.insert(long_name.end(), MaxShareNameLength + 1, 'n');
  long_name.push_back(0);
  long_name.insert(long_name.end(), ShareEntryFixedLength, 0);
  const auto decoded = decode_share_folder(long_name);
  BOOST_REQUIRE(decoded.has_value());
  BOOST_TEST(decoded->entries.empty());
  BOOST_REQUIRE(decoded->incomplete.has_value());
  BOOST_TEST((decoded->incomplete->code == DecodeErrc::LengthOverLimit));
  BOOST_TEST(decoded->incomplete->offset == 3u);
}

BOOST_AUTO_TEST_CASE(share_folder_without_any_nul_fails) {
  BOOST_TEST((decode_share_folder(bytes_of("C:\\Share")).error().code == DecodeErrc::MissingTerminator));
}

BOOST_AUTO_TEST_CASE(share_file_media_is_present_iff_ten_bytes_follow) {
  const Bytes plain = hex("612e72617200 33333333333333333333333333333333 0a000000 0a000000");
  const auto without = decode_share_file(plain);
  BOOST_REQUIRE(without.has_value());
  BOOST_TEST(without->path == "a.rar");
  BOOST_TEST(without->size == 10u);
  BOOST_TEST(!without->media.has_value());

  Bytes with_media = plain;
  const Bytes media = hex("8000 22560000 10000000");
  with_media.insert(with_media.end(), media.begin(), media.end());
  const auto with = decode_share_file(with_media);
  BOOST_REQUIRE(with.has_value());
  BOOST_REQUIRE(with->media.has_value());
  BOOST_TEST(with->media->bitrate == 128);
  BOOST_TEST(with->media->frequency == 22050u);
  BOOST_TEST(with->media->duration == 16u);

  for (std::size_t stray = 1; stray < MediaFieldsLength; ++stray) {
    Bytes partial(with_media.begin(), with_media.begin() + static_cast<std::ptrdiff_t>(plain.size() + stray));
    BOOST_TEST_CONTEXT("stray " << stray) {
      BOOST_TEST((decode_share_file(partial).error().code == DecodeErrc::Truncated));
    }
  }
  Bytes longer = with_media;
  longer.push_back(0x99);
  BOOST_TEST((decode_share_file(longer).value() == *with));
}

BOOST_AUTO_TEST_CASE(share_file_round_trips_with_and_without_media) {
  for (const bool media : {false, true}) {
    ShareFile file{"Music\\x.mp3", key_of(0x44, 5000), 5000, std::nullopt};
    if (media) file.media = MediaInfo{};  // present, even when all zero
    Bytes out;
    encode(file, out);
    BOOST_TEST(out.size() == 12u + 20 + 4 + (media ? 10 : 0));
    BOOST_TEST((decode_share_file(out).value() == file));
  }
  const Bytes out = hex("612e72617200 333333333333333333333333333333");  // 15 of 20 key bytes
  for (std::size_t cut = 0; cut <= out.size(); ++cut)
    BOOST_TEST(!decode_share_file(ByteView(out).first(cut)).has_value());
}

BOOST_AUTO_TEST_CASE(unshare_packets_carry_one_path_with_or_without_nul) {
  Bytes out;
  encode(UnshareFolder{"Music\\"}, out);
  BOOST_TEST(out == hex("4d757369635c00"));
  BOOST_TEST(decode_unshare_folder(out).value().folder == "Music\\");
  BOOST_TEST(decode_unshare_folder(bytes_of("Music\\")).value().folder == "Music\\");
  Bytes file_out;
  encode(UnshareFile{"Music\\a.mp3"}, file_out);
  BOOST_TEST(decode_unshare_file(file_out).value().path == "Music\\a.mp3");
  const Bytes overlong(MaxPathLength + 1, 'p');
  BOOST_TEST((decode_unshare_file(overlong).error().code == DecodeErrc::LengthOverLimit));
}

BOOST_AUTO_TEST_CASE(batcher_splits_exactly_at_the_send_limit) {
  // Folder "F\" + NUL = 3 bytes; a 31-character name makes a 66-byte entry.
  WireOptions options;
  options.max_send_payload = 3 + 66 + 66;
  const std::vector<ShareEntry> entries = {entry_of(std::string(31, 'a'), 1, 1), entry_of(std::string(31, 'b'), 2, 2),
                                           entry_of(std::string(32, 'c'), 3, 3), entry_of(std::string(97, 'd'), 4, 4),
                                           entry_of(std::string(98, 'e'), 5, 5)};
  const auto built = build_share_folder_payloads("F\\", entries, options);
  BOOST_REQUIRE(built.payloads.size() == 3u);
  BOOST_TEST(built.payloads[0].size() == 135u);  // exactly the limit
  BOOST_TEST(decode_share_folder(built.payloads[1]).value().entries.at(0).name == std::string(32, 'c'));
  BOOST_TEST(built.payloads[2].size() == 135u);  // 3 + 97 + 1 + 34 alone
  BOOST_REQUIRE(built.rejected.size() == 1u);
  BOOST_TEST(built.rejected[0].index == 4u);
  BOOST_TEST((built.rejected[0].reason == ShareRejectReason::TooLarge));
}

BOOST_AUTO_TEST_CASE(batcher_fits_a_folder_and_name_that_fill_the_default_limit) {
  // 1 + 1 + 34 bytes of NULs and fixed fields; the two strings take the other 3032.
  const std::string folder(1016, 'F');
  const std::vector<ShareEntry> fits = {entry_of(std::string(2016, 'n'), 1, 1)};
  const auto built = build_share_folder_payloads(folder, fits);
  BOOST_TEST(built.rejected.empty());
  BOOST_REQUIRE(built.payloads.size() == 1u);
  BOOST_TEST(built.payloads[0].size() == 3068u);
  const std::vector<ShareEntry> one_more = {entry_of(std::string(2017, 'n'), 1, 1)};
  const auto refused = build_share_folder_payloads(folder, one_more);
  BOOST_TEST(refused.payloads.empty());
  BOOST_REQUIRE(refused.rejected.size() == 1u);
  BOOST_TEST((refused.rejected[0].reason == ShareRejectReason::TooLarge));
}

BOOST_AUTO_TEST_CASE(batcher_honours_a_smaller_configured_limit) {
  WireOptions options;
  options.max_send_payload = 200;
  std::vector<ShareEntry> entries;
  for (int i = 0; i < 20; ++i) entries.push_back(entry_of("file" + std::to_string(i) + ".mp3", 5, 100));
  const auto built = build_share_folder_payloads("Music\\", entries, options);
  BOOST_TEST(built.rejected.empty());
  std::size_t total = 0;
  for (const auto& payload : built.payloads) {
    BOOST_TEST(payload.size() <= 200u);
    total += decode_share_folder(payload).value().entries.size();
  }
  BOOST_TEST(total == entries.size());
}

BOOST_AUTO_TEST_CASE(batcher_reports_bad_names_and_folders) {
  const std::vector<ShareEntry> entries = {entry_of("", 1, 1), entry_of(std::string("a\0b", 3), 1, 1),
                                           entry_of(std::string(MaxShareNameLength + 1, 'n'), 1, 1),
                                           entry_of("ok.mp3", 1, 1)};
  const auto built = build_share_folder_payloads("Music\\", entries);
  BOOST_REQUIRE(built.rejected.size() == 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(built.rejected[i].index == i);
    BOOST_TEST((built.rejected[i].reason == ShareRejectReason::BadName));
  }
  BOOST_REQUIRE(built.payloads.size() == 1u);

  const auto bad_folder = build_share_folder_payloads(std::string("Mu\0sic", 6), entries);
  BOOST_TEST(bad_folder.payloads.empty());
  BOOST_TEST(bad_folder.rejected.size() == entries.size());
  BOOST_TEST(build_share_folder_payloads("Music\\", {}).payloads.empty());
}

BOOST_AUTO_TEST_CASE(batcher_keeps_every_payload_under_limit_and_loses_no_entry) {
  std::mt19937 rng(20240601);
  std::size_t refused_total = 0;
  std::size_t split_folders = 0;
  for (int round = 0; round < 300; ++round) {
    // Mostly the default limit; some rounds use small limits so that single
    // entries stop fitting.
    WireOptions options;
    if (round % 4 == 3) options.max_send_payload = static_cast<std::uint16_t>(100 + rng() % 1500);
    const std::size_t limit = options.max_send_payload;
    const std::size_t count = rng() % 400;
    const std::size_t folder_length = (round % 10 == 0) ? rng() % MaxPathLength : rng() % 80;
    const std::size_t max_name = (round % 3 == 0) ? MaxShareNameLength : 1 + rng() % 120;
    const std::string folder = random_name(rng, folder_length) + "\\";
    std::vector<ShareEntry> entries;
    for (std::size_t i = 0; i < count; ++i) {
      const MediaInfo media{static_cast<std::uint16_t>(rng()), static_cast<std::uint32_t>(rng()),
                            static_cast<std::uint32_t>(rng())};
      entries.push_back(entry_of(random_name(rng, 1 + rng() % max_name), static_cast<Byte>(rng()),
                                 static_cast<std::uint32_t>(rng()), (i % 2) ? media : MediaInfo{}));
    }

    const auto built = build_share_folder_payloads(folder, entries, options);
    std::vector<ShareEntry> reassembled;
    std::vector<bool> rejected(entries.size(), false);
    for (const auto& r : built.rejected) {
      // Only entries that cannot fit even alone may be refused here.
      BOOST_TEST((r.reason == ShareRejectReason::TooLarge));
      BOOST_TEST(folder.size() + 1 + entries[r.index].name.size() + 1 + 34 > limit);
      rejected[r.index] = true;
      ++refused_total;
    }
    if (built.payloads.size() > 1) ++split_folders;
    for (std::size_t p = 0; p < built.payloads.size(); ++p) {
      const Bytes& payload = built.payloads[p];
      BOOST_TEST(payload.size() < 3072u);
      BOOST_TEST(payload.size() <= limit);
      const auto decoded = decode_share_folder(payload);
      BOOST_REQUIRE(decoded.has_value());
      BOOST_TEST(decoded->folder == folder);
      BOOST_TEST(!decoded->entries.empty());
      // Greedy: the next payload's first entry would not have fitted here.
      if (p + 1 < built.payloads.size()) {
        const auto next = decode_share_folder(built.payloads[p + 1]).value();
        BOOST_TEST(payload.size() + next.entries.front().name.size() + 1 + 34 > limit);
      }
      reassembled.insert(reassembled.end(), decoded->entries.begin(), decoded->entries.end());
    }
    std::vector<ShareEntry> expected;
    for (std::size_t i = 0; i < entries.size(); ++i)
      if (!rejected[i]) expected.push_back(entries[i]);
    BOOST_TEST_CONTEXT("round " << round) {
      BOOST_TEST(reassembled.size() == expected.size());
      BOOST_TEST((reassembled == expected));
    }
  }
  // The generator must reach both the splitting and the refusing paths.
  BOOST_TEST(refused_total > 0u);
  BOOST_TEST(split_folders > 50u);
}

BOOST_AUTO_TEST_CASE(dispatch_decodes_by_frame_type_and_rejects_others) {
  const auto message = decode_share_message(0x0FA3, hex(TwoEntryFolderHex));
  BOOST_REQUIRE(message.has_value());
  BOOST_TEST(type_of(*message) == 0x0FA3);
  BOOST_TEST((std::get<ShareFolder>(*message) == two_entry_folder()));
  BOOST_TEST(type_of(decode_share_message(0x0FA4, bytes_of("Music\\")).value()) == 0x0FA4);
  BOOST_TEST(type_of(decode_share_message(0x0FA2, bytes_of("Music\\a")).value()) == 0x0FA2);
  Bytes out;
  encode(*message, out);
  BOOST_TEST(out == hex(TwoEntryFolderHex));
  BOOST_TEST((decode_share_message(0x0FA5, hex(TwoEntryFolderHex)).error().code == DecodeErrc::WrongType));
}

BOOST_AUTO_TEST_SUITE_END()
