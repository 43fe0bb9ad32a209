#pragma once
// Local path -> announced name, and announced bytes -> UTF-8 for display
// (filesharing.md §2.5: backslash-separated, legacy ANSI code page, no UTF-8).
//
// Rules, per path component (the root display name is the first component):
// - The local bytes must be valid UTF-8 (overlong forms and surrogates are
//   invalid); otherwise the file is refused.
// - Characters Windows forbids in names ( \ / : * ? " < > | ) and control
//   characters (U+0000-U+001F, U+007F) are replaced by '_', one for one, as are
//   a trailing dot or space. Replacing keeps common music names like "Why?.mp3"
//   shared; a name that collides after replacement is caught by the index's
//   unique-name rule and refused there. So a separator never appears inside a
//   component (in CP932 a 0x5C byte can still occur as the trail byte of a
//   double-byte character; that is part of the character, not a separator).
// - A character the code page cannot represent refuses the file, with a reason
//   naming the character: names are never silently mangled.
// - "" , "." and ".." components are refused; so is a whole name longer than
//   MaxAnnouncedNameLength bytes.
//
// A NameEncoder keeps iconv handles: use one object from one thread at a time.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace wpn::share {

enum class CodePage { Cp1252, Cp932 };

// "CP1252" / "CP932": the iconv names, also used in config and share-list files.
std::string_view code_page_name(CodePage code_page);
// Accepts cp1252, windows-1252, cp932, windows-31j, shift_jis, sjis (any case).
std::optional<CodePage> parse_code_page(std::string_view text);

inline constexpr std::size_t MaxAnnouncedNameLength = 1024;

enum class NameErrc { EmptyComponent, DotComponent, InvalidUtf8, Unrepresentable, TooLong, NoConverter };

struct NameError {
  NameErrc code = NameErrc::InvalidUtf8;
  std::string reason;  // UTF-8, for logs and the UI
};

struct AnnouncedName {
  std::string folder;  // `<display>\sub`, code-page bytes
  std::string file;    // `file.ext`, code-page bytes

  std::string full() const { return folder + '\\' + file; }
  friend bool operator==(const AnnouncedName&, const AnnouncedName&) = default;
};

class NameEncoder {
 public:
  explicit NameEncoder(CodePage code_page = CodePage::Cp1252);
  NameEncoder(NameEncoder&&) noexcept;
  NameEncoder& operator=(NameEncoder&&) noexcept;
  NameEncoder(const NameEncoder&) = delete;
  NameEncoder& operator=(const NameEncoder&) = delete;
  ~NameEncoder();

  CodePage code_page() const noexcept { return code_page_; }

  // display_name: the root's display name (UTF-8, one component).
  // relative_path: the file's path below the root, '/'-separated local bytes.
  tl::expected<AnnouncedName, NameError> announce(std::string_view display_name, std::string_view relative_path) const;
  // One component (after the replacements above), encoded.
  tl::expected<std::string, NameError> encode_component(std::string_view utf8) const;

  // Announced bytes -> UTF-8; bytes the code page does not define become U+FFFD.
  std::string to_utf8(std::string_view announced) const;
  // UTF-8 -> code page for text that is not a name (search words); nullopt if
  // something is unrepresentable.
  std::optional<std::string> from_utf8(std::string_view utf8) const;

  // Splits at the last backslash that is a separator (not a CP932 trail byte).
  // nullopt when there is none or either side is empty.
  std::optional<AnnouncedName> split(std::string_view announced) const;

 private:
  struct Handles;
  CodePage code_page_;
  std::unique_ptr<Handles> handles_;
};

// Replaces the characters Windows forbids in a component (see above) in valid
// UTF-8 text; nullopt if the text is not valid UTF-8.
std::optional<std::string> sanitize_component(std::string_view utf8);

}  // namespace wpn::share
