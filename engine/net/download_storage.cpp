#include "net/download_storage.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "net/socket_io.h"

namespace wpn::net {
namespace fs = std::filesystem;

std::string local_file_name(std::string_view virtual_name, const protocol::FileKey& key) {
  const auto cut = virtual_name.find_last_of("\\/");
  std::string name(cut == std::string_view::npos ? virtual_name : virtual_name.substr(cut + 1));
  for (auto& c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == '/') c = '_';
  if (name.empty() || name == "." || name == "..") name = key.hex();
  if (name.size() > 200) name = name.substr(name.size() - 200);
  return name;
}

DownloadStorage::DownloadStorage(std::string incomplete_dir, std::string download_dir)
    : incomplete_dir_(std::move(incomplete_dir)), download_dir_(std::move(download_dir)) {}

DownloadStorage::~DownloadStorage() = default;

void DownloadStorage::set_folders(std::string incomplete_dir, std::string download_dir) {
  fds_.clear();
  released_.clear();
  incomplete_dir_ = std::move(incomplete_dir);
  download_dir_ = std::move(download_dir);
}

std::string DownloadStorage::part_path(const protocol::FileKey& key) const {
  return (fs::path(incomplete_dir_) / (key.hex() + ".part")).string();
}

std::string DownloadStorage::meta_path(const protocol::FileKey& key) const {
  return (fs::path(incomplete_dir_) / (key.hex() + ".meta")).string();
}

tl::expected<transfer::PartialMeta, std::string> DownloadStorage::read_meta(const std::string& path) const {
  std::ifstream in(path, std::ios::binary);
  const protocol::Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto meta = transfer::decode_partial_meta(protocol::ByteView(bytes.data(), bytes.size()));
  if (!meta) return tl::unexpected(path + ": damaged sidecar");
  std::error_code ec;
  if (!fs::exists(part_path(meta->key), ec)) return tl::unexpected(path + ": partial file missing");
  return std::move(*meta);
}

std::vector<transfer::PartialMeta> DownloadStorage::load_all(std::vector<std::string>& problems) const {
  std::vector<transfer::PartialMeta> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(incomplete_dir_, ec)) {
    if (entry.path().extension() != ".meta") continue;
    auto meta = read_meta(entry.path().string());
    if (meta)
      found.push_back(std::move(*meta));
    else
      problems.push_back(meta.error());
  }
  return found;
}

std::optional<transfer::PartialMeta> DownloadStorage::load(const protocol::FileKey& key) const {
  std::error_code ec;
  if (!fs::exists(meta_path(key), ec)) return std::nullopt;
  auto meta = read_meta(meta_path(key));
  if (!meta || meta->key != key) return std::nullopt;
  return std::move(*meta);
}

// A part file released earlier is not created again: gone meanwhile, its bytes are lost.
tl::expected<UniqueFd, std::string> DownloadStorage::open_part(const protocol::FileKey& key) const {
  std::error_code ec;
  fs::create_directories(incomplete_dir_, ec);
  const bool may_create = released_.count(key) == 0;
  UniqueFd fd(::open(part_path(key).c_str(), O_RDWR | O_CLOEXEC | (may_create ? O_CREAT : 0), 0644));
  if (!fd && errno == ENOENT && !may_create) return tl::unexpected(std::string("partial file vanished"));
  if (!fd) return tl::unexpected("cannot open partial file: " + errno_text(errno));
  return fd;
}

tl::expected<int, std::string> DownloadStorage::fd_of(const protocol::FileKey& key) {
  if (const auto it = fds_.find(key); it != fds_.end()) return it->second.get();
  auto fd = open_part(key);
  if (!fd) return tl::unexpected(fd.error());
  released_.erase(key);
  return fds_.insert_or_assign(key, std::move(*fd)).first->second.get();
}

void DownloadStorage::close_fd(const protocol::FileKey& key) {
  fds_.erase(key);
  released_.erase(key);
}

void DownloadStorage::release(const protocol::FileKey& key) {
  if (fds_.erase(key) != 0) released_.insert(key);
}

StorageResult DownloadStorage::prepare(const protocol::FileKey& key) {
  auto fd = open_part(key);
  if (!fd) return tl::unexpected(fd.error());
  return {};
}

StorageResult DownloadStorage::write(const protocol::FileKey& key, std::uint64_t offset, protocol::ByteView bytes) {
  auto fd = fd_of(key);
  if (!fd) return tl::unexpected(fd.error());
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::pwrite(*fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      return tl::unexpected(std::string(error == ENOSPC ? "disk full: " : "write failed: ") + errno_text(error));
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

StorageResult DownloadStorage::save(const transfer::PartialMeta& meta, Sync sync) {
  // The part file open for writing, or one opened for this save only (no data arrives).
  UniqueFd own;
  int fd = -1;
  if (const auto held = fds_.find(meta.key); held != fds_.end()) {
    fd = held->second.get();
  } else {
    auto opened = open_part(meta.key);
    if (!opened) return tl::unexpected(opened.error());
    own = std::move(*opened);
    fd = own.get();
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_nlink == 0) {
    close_fd(meta.key);
    return tl::unexpected(std::string("partial file vanished"));
  }
  protocol::Bytes bytes;
  transfer::encode(meta, bytes);
  const std::string tmp = meta_path(meta.key) + ".tmp";
  UniqueFd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!out) return tl::unexpected("cannot write sidecar: " + errno_text(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::write(out.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      out.reset();
      ::unlink(tmp.c_str());
      return tl::unexpected(std::string(error == ENOSPC ? "disk full: " : "sidecar write failed: ") +
                            errno_text(error));
    }
    done += static_cast<std::size_t>(n);
  }
  // The data the sidecar claims must be on disk before the sidecar is.
  if (sync == Sync::Full) {
    ::fdatasync(fd);
    ::fsync(out.get());
  }
  out.reset();
  if (::rename(tmp.c_str(), meta_path(meta.key).c_str()) != 0)
    return tl::unexpected("sidecar rename failed: " + errno_text(errno));
  return {};
}

void DownloadStorage::discard(const protocol::FileKey& key) {
  close_fd(key);
  ::unlink(part_path(key).c_str());
  ::unlink(meta_path(key).c_str());
}

}  // namespace wpn::net
