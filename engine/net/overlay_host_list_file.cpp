#include "net/overlay_host_list_file.h"

#include <chrono>
#include <fstream>
#include <iterator>
#include <system_error>

namespace wpn::net {

namespace fs = std::filesystem;

std::optional<overlay::WsxList> read_host_list(const fs::path& path, const overlay::WsxParseOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text;
  text.resize(overlay::MaxWsxTextLength + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) return std::nullopt;
  return overlay::parse_wsx(text, options);
}

std::optional<overlay::WsxList> read_saved_host_list(const fs::path& path) {
  return read_host_list(path, overlay::WsxParseOptions{.allow_raw_ip = true});
}

bool write_host_list(const fs::path& path, const std::vector<overlay::WsxEntry>& entries) {
  const std::string text = overlay::write_wsx(entries);
  fs::path temp = path;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out.flush()) return false;
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) fs::remove(temp, ec);
  return !ec;
}

std::optional<fs::path> publish_host_list(const fs::path& folder, const std::vector<overlay::WsxEntry>& entries) {
  const auto today =
      std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  const overlay::CivilDate date{static_cast<int>(today.year()), static_cast<unsigned>(today.month()),
                                static_cast<unsigned>(today.day())};
  const fs::path path = folder / overlay::wsx_public_file_name(date);
  if (!write_host_list(path, entries)) return std::nullopt;
  return path;
}

std::vector<overlay::Endpoint> endpoints_of(const std::vector<overlay::WsxEntry>& entries, overlay::WsxType type) {
  std::vector<overlay::Endpoint> out;
  for (const auto& e : entries) {
    if (e.type == type) out.push_back({e.address, e.port});
  }
  return out;
}

}  // namespace wpn::net
