#include "share/share_list_io.h"

#include <zlib.h>

#include <charconv>
#include <cstdio>
#include <memory>
#include <optional>
#include <system_error>

#include "protocol/hex.h"

namespace wpn::share {
namespace {

using protocol::FileKey;

constexpr char Tab = '\t';
constexpr std::size_t FieldCount = 7;

struct GzCloser {
  void operator()(gzFile file) const noexcept { gzclose(file); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

tl::unexpected<ShareListError> fail(ShareListErrc code, std::string message) {
  return tl::unexpected(ShareListError{code, std::move(message)});
}

bool literal_name_byte(unsigned char b) { return b > 0x20 && b < 0x7F && b != '%'; }

template <class T>
bool parse_decimal(std::string_view text, T& out) {
  if (text.empty() || text.size() > 20 || text.front() == '+' || text.front() == '-') return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (fields.size() <= FieldCount) {
    const std::size_t tab = line.find(Tab, start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return fields;
}

std::string gz_message(gzFile file) {
  int code = 0;
  const char* text = gzerror(file, &code);
  return text != nullptr ? text : "gzip error";
}

}  // namespace

std::string escape_name(std::string_view bytes) {
  static constexpr char Digits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (literal_name_byte(b)) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(Digits[b >> 4U]);
      out.push_back(Digits[b & 0x0FU]);
    }
  }
  return out;
}

std::optional<std::string> unescape_name(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b != '%') {
      if (!literal_name_byte(b)) return std::nullopt;
      out.push_back(text[i]);
      continue;
    }
    if (text.size() - i < 3) return std::nullopt;
    const auto bytes = protocol::from_hex(text.substr(i + 1, 2));
    if (!bytes || bytes->size() != 1) return std::nullopt;
    out.push_back(static_cast<char>((*bytes)[0]));
    i += 2;
  }
  return out;
}

std::string format_share_list_header(CodePage code_page) {
  return std::string(ShareListMagic) + Tab + std::to_string(ShareListVersion) + Tab +
         std::string(code_page_name(code_page));
}

tl::expected<CodePage, ShareListError> parse_share_list_header(std::string_view line) {
  const auto fields = split_tabs(line);
  if (fields.size() < 3 || fields[0] != ShareListMagic) {
    return fail(ShareListErrc::NotAShareList, "line 1: not an OpenWPN share list header");
  }
  int version = 0;
  if (!parse_decimal(fields[1], version)) return fail(ShareListErrc::NotAShareList, "line 1: bad format version");
  if (version != ShareListVersion) {
    return fail(ShareListErrc::UnsupportedVersion,
                "line 1: format version " + std::string(fields[1]) + " is not supported (this build reads 1)");
  }
  const auto code_page = parse_code_page(fields[2]);
  if (!code_page) return fail(ShareListErrc::NotAShareList, "line 1: unknown code page " + std::string(fields[2]));
  return *code_page;
}

std::string format_share_list_line(const ShareListEntry& entry) {
  std::string line = entry.key.hex();
  for (const std::uint64_t value : {std::uint64_t{entry.size}, std::uint64_t{entry.media.bitrate},
                                    std::uint64_t{entry.media.frequency}, std::uint64_t{entry.media.duration}}) {
    line += Tab;
    line += std::to_string(value);
  }
  line += Tab;
  line += escape_name(entry.folder);
  line += Tab;
  line += escape_name(entry.file);
  return line;
}

tl::expected<ShareListEntry, std::string> parse_share_list_line(std::string_view line) {
  const auto fields = split_tabs(line);
  if (fields.size() != FieldCount) {
    return tl::unexpected("expected " + std::to_string(FieldCount) + " tab-separated fields");
  }
  ShareListEntry entry;
  const auto key = protocol::from_hex(fields[0]);
  if (!key || key->size() != 20) return tl::unexpected(std::string("key is not 40 hex digits"));
  entry.key = FileKey::from_wire(std::span<const std::uint8_t, 20>(key->data(), 20));
  if (!parse_decimal(fields[1], entry.size)) return tl::unexpected(std::string("bad size"));
  if (entry.key.size != entry.size) return tl::unexpected(std::string("size differs from the length in the key"));
  if (!parse_decimal(fields[2], entry.media.bitrate)) return tl::unexpected(std::string("bad bitrate"));
  if (!parse_decimal(fields[3], entry.media.frequency)) return tl::unexpected(std::string("bad frequency"));
  if (!parse_decimal(fields[4], entry.media.duration)) return tl::unexpected(std::string("bad duration"));
  auto folder = unescape_name(fields[5]);
  auto file = unescape_name(fields[6]);
  if (!folder || !file) return tl::unexpected(std::string("bad escape in name"));
  if (folder->empty() || file->empty()) return tl::unexpected(std::string("empty folder or file name"));
  if (folder->find('\0') != std::string::npos || file->find('\0') != std::string::npos) {
    return tl::unexpected(std::string("NUL byte in name"));
  }
  if (folder->size() + 1 + file->size() > MaxAnnouncedNameLength) return tl::unexpected(std::string("name too long"));
  entry.folder = std::move(*folder);
  entry.file = std::move(*file);
  return entry;
}

tl::expected<std::uint64_t, ShareListError> export_share_list(ShareIndexReader& index,
                                                              const std::filesystem::path& path, CodePage code_page) {
  const std::filesystem::path temporary = path.string() + ".tmp";
  std::uint64_t count = 0;
  {
    GzHandle out(gzopen(temporary.c_str(), "wb9"));
    if (!out) return fail(ShareListErrc::Io, "cannot create " + temporary.string());
    bool write_ok = true;
    const auto put_line = [&](const std::string& line) {
      const std::string text = line + '\n';
      write_ok = write_ok &&
                 gzwrite(out.get(), text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size());
    };
    put_line(format_share_list_header(code_page));
    auto visited = index.for_each_folder(std::nullopt, [&](const FolderListing& listing) {
      for (const FileRecord& record : listing.files) {
        if (!record.key) continue;
        put_line(format_share_list_line({*record.key, static_cast<std::uint32_t>(record.size), record.media,
                                         record.announced_folder, record.announced_file}));
        ++count;
      }
      return write_ok;
    });
    if (!visited) {
      std::filesystem::remove(temporary);
      return fail(ShareListErrc::Index, visited.error().message);
    }
    const int closed = gzclose(out.release());
    if (!write_ok || closed != Z_OK) {
      std::filesystem::remove(temporary);
      return fail(ShareListErrc::Io, "cannot write " + temporary.string());
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) return fail(ShareListErrc::Io, "cannot rename into " + path.string() + ": " + ec.message());
  return count;
}

namespace {

// Splits decompressed text into lines; keeps the state of one read.
class LineParser {
 public:
  explicit LineParser(ShareList& list) : list_(list) {}

  // Feeds bytes; false stops reading (a fatal header problem).
  bool feed(std::string_view bytes) {
    pending_.append(bytes);
    std::size_t start = 0;
    while (true) {
      const std::size_t end = pending_.find('\n', start);
      if (end == std::string::npos) break;
      if (!take(std::string_view(pending_).substr(start, end - start))) return false;
      start = end + 1;
    }
    pending_.erase(0, start);
    if (pending_.size() > MaxShareListLineLength && !skipping_) {
      ++line_number_;
      list_.bad_lines.push_back(
          {line_number_, "line longer than " + std::to_string(MaxShareListLineLength) + " bytes"});
      skipping_ = true;
    }
    if (skipping_) pending_.clear();
    return true;
  }

  void finish() {
    if (!pending_.empty() && !skipping_) {
      list_.bad_lines.push_back({line_number_ + 1, "no line end (file cut short)"});
    }
  }

  std::size_t line_number() const noexcept { return line_number_; }
  const std::optional<ShareListError>& fatal() const noexcept { return fatal_; }

 private:
  bool take(std::string_view line) {
    if (skipping_) {  // the end of an over-long line already reported
      skipping_ = false;
      return true;
    }
    ++line_number_;
    if (line.size() > MaxShareListLineLength) {
      list_.bad_lines.push_back(
          {line_number_, "line longer than " + std::to_string(MaxShareListLineLength) + " bytes"});
      return true;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_number_ == 1) {
      auto code_page = parse_share_list_header(line);
      if (!code_page) {
        fatal_ = code_page.error();
        return false;
      }
      list_.code_page = *code_page;
      return true;
    }
    if (line.empty() || line.front() == '#') return true;
    auto entry = parse_share_list_line(line);
    if (!entry) {
      list_.bad_lines.push_back({line_number_, entry.error()});
    } else {
      list_.entries.push_back(std::move(*entry));
    }
    return true;
  }

  ShareList& list_;
  std::string pending_;
  std::size_t line_number_ = 0;
  bool skipping_ = false;
  std::optional<ShareListError> fatal_;
};

}  // namespace

tl::expected<ShareList, ShareListError> read_share_list(const std::filesystem::path& path) {
  GzHandle in(gzopen(path.c_str(), "rb"));
  if (!in) return fail(ShareListErrc::Io, "cannot open " + path.string());
  ShareList list;
  LineParser parser(list);
  std::vector<char> buffer(64 * 1024);
  while (true) {
    const int got = gzread(in.get(), buffer.data(), static_cast<unsigned>(buffer.size()));
    if (got < 0) {
      return fail(ShareListErrc::Corrupt,
                  "damaged gzip data after line " + std::to_string(parser.line_number()) + ": " + gz_message(in.get()));
    }
    if (got == 0) break;
    if (!parser.feed(std::string_view(buffer.data(), static_cast<std::size_t>(got)))) {
      return tl::unexpected(*parser.fatal());
    }
  }
  // zlib reports a stream cut short only here, after the last bytes were handed out.
  int code = Z_OK;
  gzerror(in.get(), &code);
  if (code != Z_OK) {
    return fail(ShareListErrc::Corrupt,
                "damaged gzip data after line " + std::to_string(parser.line_number()) + ": " + gz_message(in.get()));
  }
  parser.finish();
  if (parser.line_number() == 0) {
    if (!list.bad_lines.empty()) return fail(ShareListErrc::NotAShareList, "line 1: not an OpenWPN share list header");
    return fail(ShareListErrc::NotAShareList, "empty file");
  }
  return list;
}

tl::expected<SeedSummary, ShareListError> seed_index(ShareIndex& index, const ShareList& list) {
  SeedSummary summary;
  BatchGuard batch(index);
  if (!batch.begun()) return fail(ShareListErrc::Index, "cannot begin a batch");
  for (const ShareListEntry& entry : list.entries) {
    auto found = index.find_by_announced_name(entry.folder + '\\' + entry.file, NameMatch::Exact);
    if (!found) return fail(ShareListErrc::Index, found.error().message);
    if (!*found) {
      ++summary.not_found;
      continue;
    }
    const FileRecord& row = **found;
    if (row.key) {
      ++summary.already_hashed;
    } else if (row.size != entry.size) {
      ++summary.size_mismatch;
    } else {
      auto set = index.set_hash(row.id, row.identity(), entry.key, entry.media);
      if (!set) return fail(ShareListErrc::Index, set.error().message);
      if (*set) ++summary.seeded;
    }
  }
  if (auto committed = batch.commit(); !committed) return fail(ShareListErrc::Index, committed.error().message);
  return summary;
}

}  // namespace wpn::share
