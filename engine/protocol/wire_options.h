#pragma once
// Every wire choice that is uncertain ([U]) or our own proposal ([P]) in the
// protocol documents, in one place, so a capture from a real peer can settle it
// by changing one value. docs/wire-options.md lists each with its source.
// Packets whose layout depends on an entry here are hex-traced by the callers
// (see is_traced_type).

#include <array>
#include <cstdint>

namespace wpn::protocol {

// Byte order of the two u32 of the 8-byte GET segment (data_request.h).
enum class SegmentByteOrder { Little, Big };

struct WireOptions {
  // --- shared fields ------------------------------------------------------
  // meta_len written before a non-empty metadata block: 11, as TrapperKeeper observed on
  // live results ("0B 4D"); 10 is the alternative of filesharing.md §2.7.
  std::uint8_t metadata_length = 11;

  // --- session, shares, search (codecs/session, shares, search, rooms) -----
  // Largest payload we send: < 3072 (protocol.md §5) and frame <= 3072 (filesharing.md §2.2) [P].
  // Equals MaxSendPayload (frame.h), the default max_payload of FrameEncoder and
  // encode_frame; callers holding a WireOptions pass this value there.
  std::uint16_t max_send_payload = 3068;
  // 0x0384: append a NUL to the status text; the real client sent none (protocol.md §7.4).
  bool status_trailing_nul = false;
  // After 0x0460: 0x038D before 0x0384 (RoboMX's first login); false sends 0x0384 first,
  // as the login capture, TrapperKeeper and RoboMX's rename do (wire audit D12).
  bool full_name_before_status = false;
  // 0x03E9: data port a passive secondary announces (protocol.md §6.2 [U]).
  std::uint16_t passive_data_port = 0;
  // Peer cache: send our own 0x52 block after the '8'; working clients send nothing (§3.1 [U]).
  bool cache_send_client_block = false;
  // Send the guessed [path:S] 0x0FA2/0x0FA4; off = re-send 0x0FA3 instead (filesharing.md §6.3 [U]).
  bool send_unshare_packets = false;
  // 0x1771: the extra 0x00 after the query's NUL of the one working client (protocol.md §9.3 [P]).
  bool search_trailing_nul = true;
  // 0x177A: the 5 unknown bytes we send: 4E 5B 04 00 A9, always so in TrapperKeeper's live
  // results (filesharing.md §9.2 guessed zeros).
  std::array<std::uint8_t, 5> search_result_filler{0x4E, 0x5B, 0x04, 0x00, 0xA9};
  // 0x238E room-name suffix "_IIIIIIIIPPPP" in upper-case hex as in protocol.md §7.2 [P].
  bool room_suffix_upper_hex = true;

  // --- browse, whois, private messages, transfers (codecs/browse, whois, pm, transfer) ---
  // 0x1BC6: append the browsed user's queue status (cstr) after handle and name (filesharing.md §6.4 [U]).
  bool browse_complete_queue_status = false;
  // 0x138B: send the full "WinMX " + 12 hex handle; false sends the bare "WinMX" one page shows (§9.5 [P]).
  bool whois_failed_full_handle = true;
  // 0x13ED: put the 12-byte message ID between name and reply, the older layout (protocol.md §9.6 [U]).
  bool pm_delivered_message_id = false;
  // 0x1FB8: width in bytes of the option copied from 0x1F41, 1 or 4 (protocol.md §9.8 [U]).
  // 4: TrapperKeeper reads a real primary's as a DWORD, and a u32le also gives a
  // one-byte reader the right value (wire audit D7).
  std::uint8_t upload_requested_option_width = 4;
  // 0x1F54 reason codes "x": busy, timed out, not shared (filesharing.md §4.2 [P]).
  std::uint8_t refusal_code_busy = 0;
  std::uint8_t refusal_code_timed_out = 1;
  std::uint8_t refusal_code_not_shared = 2;
  // 0x1F54: follow the reason code with the uploader's queue length u32le (filesharing.md §4.2 [P]).
  bool refusal_queue_length = true;
  // 0x1FC2: lead with the requester's own name, as winmxworld lists it (filesharing.md §4.2 [U]).
  bool download_start_leading_name = true;
  // 0x1FC2: end that leading name with a NUL ([U]; our receivers accept both). winmxworld's
  // page, the only source, shows none where every other string has its [00] (wire audit D8).
  bool leading_name_nul = false;
  // 0x1FA4: "Busy ( N in queue)" with winmxworld's inner space, else "Busy (N in queue)" [U].
  bool busy_status_inner_space = false;

  // --- data connection (data_request, data_reply) ---------------------------
  // GET segment [start][end]: u32le inferred (filesharing.md §3.3 [I]); §11 row 2 asks
  // for a switch [P]. Received segments are read in this order too.
  SegmentByteOrder segment_byte_order = SegmentByteOrder::Little;
};

// The defaults used when nothing else is configured.
const WireOptions& default_wire_options() noexcept;

// True for the message types whose layout rests on a [U]/[P] choice or that the
// transfer document asks to trace (0x0FAx, 0x1Bxx, 0x1Fxx, ...).
bool is_traced_type(std::uint16_t type) noexcept;

}  // namespace wpn::protocol
