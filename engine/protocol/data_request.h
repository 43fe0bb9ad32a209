#pragma once
// The plain-text data connection (filesharing.md §3): what the connecting side
// sends after the acceptor's greeting '1' (0x31). Parsers are incremental and
// sans-IO: feed(input) consumes from the front of the view and never reads past
// the end of what it parses; finish() tells a parser the peer went quiet or closed
// (the parsers have no clock, and a decimal number has no terminator).
//
// Request line grammar (§3.3, §3.4, §3.7), no terminator after the last byte:
//   GET<nick> "<file>" M               WPN form; the 8-byte segment follows later
//   GET<nick> "<file>" <offset>        OpenNap form
//   SEND<nick> "<file>" <total size>   push
// One space after GET/SEND is tolerated (never sent). A nick is 1..max_nick bytes
// above 0x20 other than '"'. The file name is the raw bytes (any code page) up to
// the first '"' followed by a space and then 'M' (GET only) or a digit; any other
// '"' belongs to the name. Windows names never contain '"'; a name containing
// `" M` or `" <digit>` cannot be requested, and the builders refuse it. Bytes below
// 0x20 are refused in nicks and names: no code page uses them in text.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "protocol/bytes.h"
#include "protocol/errors.h"
#include "protocol/wire_options.h"

namespace wpn::protocol {

// What the first bytes after the greeting announce (filesharing.md §3.2).
enum class DataRequestKind {
  NeedMore,    // a prefix of a command word, undecidable so far ("GE", "SEND")
  Get,         // GET followed by a nick
  Send,        // SEND followed by a nick
  GetList,     // OpenNap direct browse; not used by WinMX
  SendList,    // OpenNap pushed browse; not used by WinMX
  SessionKey,  // anything else: a 16-byte WPN key block (a session, for the overlay)
};

// A nick may begin with 'L', so "GETL..." is a GET unless it reads exactly
// "GETLIST" and the peer then goes quiet (peer_idle); the same for "SENDLIST".
// The answer for a prefix is NeedMore or the answer for the whole stream.
DataRequestKind classify_data_request(ByteView head, bool peer_idle = false) noexcept;

enum class RequestCommand { Get, Send };
enum class RequestForm { Wpn, OpenNap };

// Caps enforced by the parsers (filesharing.md §3.4); the 30 s line timeout is
// the caller's.
struct RequestLimits {
  std::size_t max_line = 1024;  // command word through the 'M' or last digit
  std::size_t max_nick = 64;
  std::size_t max_digits = 20;  // a decimal number ends after this many digits
};

// The binary range of the WPN form (§3.3): [start u32le][end u32le], end exclusive.
struct Segment {
  std::uint32_t start = 0;
  std::uint32_t end = 0;

  friend bool operator==(const Segment&, const Segment&) = default;
};
inline constexpr std::size_t SegmentSize = 8;

// Byte order: SegmentByteOrder (wire_options.h). The `order` parameters below
// default to WireOptions{}.segment_byte_order; callers holding a WireOptions pass
// its segment_byte_order.

// Exactly 8 bytes. end < start is BadValue; end == start is an empty range
// (a zero-byte file) and is accepted. Whether start lies inside the file is the
// uploader's check.
DecodeResult<Segment> decode_segment(ByteView bytes, SegmentByteOrder order = WireOptions{}.segment_byte_order);
void append_segment(Bytes& out, const Segment& segment, SegmentByteOrder order = WireOptions{}.segment_byte_order);

// A download request. OpenNap form: start is the offset and end is empty.
struct GetRequest {
  std::string nick;
  std::string file;  // raw bytes as announced
  RequestForm form = RequestForm::Wpn;
  std::uint64_t start = 0;
  std::optional<std::uint64_t> end;

  friend bool operator==(const GetRequest&, const GetRequest&) = default;
};

// A pushed upload announcement (§3.7).
struct SendRequest {
  std::string nick;
  std::string file;
  std::uint64_t size = 0;

  friend bool operator==(const SendRequest&, const SendRequest&) = default;
};

// The shared line machine of GET and SEND. Error offsets count from the first
// byte of the command word.
class RequestLineParser {
 public:
  enum class State { Command, AfterCommand, Nick, NameOpen, Name, NameQuote, NameQuoteSpace, Digits, Done, Failed };

  explicit RequestLineParser(RequestCommand command, RequestLimits limits = {}) noexcept;

  // True once the line is complete; stops right after its last byte.
  DecodeResult<bool> feed(ByteView& input);
  // Ends a number in progress; Truncated anywhere else before the end.
  DecodeResult<bool> finish();

  State state() const noexcept { return state_; }
  std::size_t consumed() const noexcept { return consumed_; }
  const std::string& nick() const noexcept { return nick_; }
  const std::string& file() const noexcept { return file_; }
  RequestForm form() const noexcept { return form_; }
  std::uint64_t number() const noexcept { return number_; }

 private:
  DecodeResult<bool> step(Byte byte);
  DecodeResult<bool> fail(DecodeErrc code, std::size_t offset);

  RequestCommand command_;
  RequestLimits limits_;
  State state_ = State::Command;
  std::size_t consumed_ = 0;
  std::size_t digits_ = 0;
  std::string nick_;
  std::string file_;
  RequestForm form_ = RequestForm::OpenNap;
  std::uint64_t number_ = 0;
  DecodeError error_{};
};

// Uploader side: GET line, then (WPN form) the segment.
enum class GetProgress {
  NeedMore,
  LineComplete,  // WPN form: reply with the size now, then feed the segment
  Complete,      // request() is final
};

class GetRequestParser {
 public:
  explicit GetRequestParser(RequestLimits limits = {},
                            SegmentByteOrder order = WireOptions{}.segment_byte_order) noexcept
      : line_(RequestCommand::Get, limits), order_(order) {}

  // Stops after the line (LineComplete) and after the segment; bytes beyond stay
  // in `input` (a later segment request on the same connection).
  DecodeResult<GetProgress> feed(ByteView& input);
  // The peer went quiet: ends the OpenNap offset (§3.4: 500 ms of silence).
  DecodeResult<GetProgress> finish();

  // True while reading the OpenNap offset: the time to arm the silence timer.
  bool awaiting_digits() const noexcept { return line_.state() == RequestLineParser::State::Digits; }
  // nick, file and form are set from LineComplete on; start/end at Complete.
  const GetRequest& request() const noexcept { return request_; }

 private:
  DecodeResult<GetProgress> on_line_complete();

  enum class Phase { Line, Segment, Done, Failed };
  RequestLineParser line_;
  SegmentByteOrder order_;
  Phase phase_ = Phase::Line;
  std::array<Byte, SegmentSize> segment_{};
  std::size_t segment_filled_ = 0;
  GetRequest request_;
  DecodeError error_{};
};

// Downloader side of a push: the SEND line. The size ends at max_digits or finish().
class SendRequestParser {
 public:
  explicit SendRequestParser(RequestLimits limits = {}) noexcept : line_(RequestCommand::Send, limits) {}

  DecodeResult<bool> feed(ByteView& input);
  DecodeResult<bool> finish();

  bool awaiting_digits() const noexcept { return line_.state() == RequestLineParser::State::Digits; }
  const SendRequest& request() const noexcept { return request_; }

 private:
  DecodeResult<bool> on_result(DecodeResult<bool> result);

  RequestLineParser line_;
  SendRequest request_;
};

// Builders refuse fields the peer could not parse back (see the grammar above).
enum class BuildErrc {
  BadNick = 1,  // empty, too long, or holding a space, '"' or a control byte
  BadFileName,  // empty, a control byte, or a `" M` / `" <digit>` sequence
  LineTooLong,  // the whole line exceeds RequestLimits::max_line
};
using BuildResult = tl::expected<void, BuildErrc>;

// "GET" + nick + ` "` + file + `" M` (the segment is sent after the size reply).
BuildResult append_get_wpn(Bytes& out, std::string_view nick, std::string_view file, const RequestLimits& limits = {});
// "GET" + nick + ` "` + file + `" ` + decimal offset.
BuildResult append_get_opennap(Bytes& out, std::string_view nick, std::string_view file, std::uint64_t offset,
                               const RequestLimits& limits = {});
// "SEND" + nick + ` "` + file + `" ` + decimal size.
BuildResult append_send_line(Bytes& out, std::string_view nick, std::string_view file, std::uint64_t size,
                             const RequestLimits& limits = {});

// WinMX writes the command word of a request line as its own TCP write (nDPI's
// traces, wire audit D11): the length of that first write, 3 for a line starting
// "GET", 4 for "SEND", 0 for anything else.
std::size_t command_word_length(ByteView line) noexcept;

// True if `file` can be named in a request of this kind (grammar above).
bool is_requestable_file_name(std::string_view file, RequestCommand command) noexcept;

}  // namespace wpn::protocol
