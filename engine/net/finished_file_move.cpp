#include "net/finished_file_move.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <vector>

#include "net/socket_io.h"
#include "net/unique_fd.h"

namespace wpn::net {
namespace fs = std::filesystem;

namespace {

constexpr int MaxNames = 10'000;
constexpr std::size_t Chunk = 8u << 20;  // the most copied between two looks at still_wanted

using Moved = tl::expected<std::string, std::string>;

std::string with_suffix(const std::string& name, int n) {
  const auto dot = name.rfind('.');
  const std::string tag = " (" + std::to_string(n) + ")";
  if (dot == std::string::npos || dot == 0) return name + tag;
  return name.substr(0, dot) + tag + name.substr(dot);
}

fs::path candidate(const FinishTarget& target, int n) {
  return fs::path(target.download_dir) / (n == 0 ? target.name : with_suffix(target.name, n));
}

Moved failed(int error) { return tl::unexpected("cannot move the file: " + errno_text(error)); }

// The new name is on the disk before the partial goes away (they may be on two disks).
void sync_dir(const std::string& dir) {
  if (UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)); fd) ::fsync(fd.get());
}

Moved finished(const fs::path& to, const FinishTarget& target, const std::string& part_path,
               const std::string& meta_path) {
  sync_dir(target.download_dir);
  ::unlink(part_path.c_str());
  ::unlink(meta_path.c_str());
  return to.string();
}

// The temporary copies a process killed mid-copy left behind.
void remove_leftovers(const fs::path& dir, const std::string& prefix, const fs::path& keep) {
  std::error_code ec;
  std::vector<fs::path> old;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().filename().string().starts_with(prefix) && entry.path() != keep) old.push_back(entry.path());
  for (const auto& path : old) fs::remove(path, ec);
}

// Copies every byte of `in` to `out`: true, or false when no longer wanted.
tl::expected<bool, std::string> copy_bytes(int in, int out, const std::function<bool()>& go_on) {
  struct stat st {};
  if (::fstat(in, &st) != 0) return tl::unexpected("cannot move the file: " + errno_text(errno));
  const auto size = static_cast<std::uint64_t>(st.st_size);
  std::uint64_t done = 0;
  bool kernel_copy = true;
  std::vector<char> buffer;
  while (done < size) {
    if (!go_on()) return false;
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(Chunk, size - done));
    ssize_t n = -1;
    if (kernel_copy) {
      auto from = static_cast<off_t>(done), to = static_cast<off_t>(done);
      n = ::copy_file_range(in, &from, out, &to, want, 0);
      if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
        kernel_copy = false;  // not between these filesystems: through a buffer
        continue;
      }
    } else {
      buffer.resize(Chunk);
      n = ::pread(in, buffer.data(), want, static_cast<off_t>(done));
      for (ssize_t put = 0; n > 0 && put < n;) {
        const auto w =
            ::pwrite(out, buffer.data() + put, static_cast<std::size_t>(n - put), static_cast<off_t>(done) + put);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
          n = -1;
          break;
        }
        put += w;
      }
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return tl::unexpected(std::string(errno == ENOSPC ? "disk full: " : "cannot copy the file: ") +
                            errno_text(errno));
    if (n == 0) return tl::unexpected(std::string("cannot copy the file: the partial got shorter"));
    done += static_cast<std::uint64_t>(n);
  }
  return true;
}

// Puts `temp` under the first free final name; never replaces a file.
Moved rename_into(const fs::path& temp, const FinishTarget& target) {
  for (int n = 0; n < MaxNames; ++n) {
    const auto to = candidate(target, n);
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return to.string();
    if (errno == EEXIST) continue;
    if (errno != EINVAL && errno != ENOSYS) return failed(errno);
    std::error_code ec;  // a filesystem without RENAME_NOREPLACE
    if (fs::exists(to, ec)) continue;
    if (::rename(temp.c_str(), to.c_str()) == 0) return to.string();
    return failed(errno);
  }
  return tl::unexpected(std::string("no free file name in the download folder"));
}

}  // namespace

std::string copy_temp_prefix(const std::string& part_path) {
  return "." + fs::path(part_path).stem().string() + ".copying-";
}

Moved move_finished_file(const std::string& part_path, const std::string& meta_path, const FinishTarget& target,
                         std::mutex& lock, const std::function<bool()>& still_wanted) {
  std::error_code ec;
  fs::create_directories(target.download_dir, ec);
  {
    std::lock_guard guard(lock);
    if (!still_wanted()) return tl::unexpected(std::string(MoveCancelled));
    for (int n = 0; n < MaxNames; ++n) {
      const auto to = candidate(target, n);
      if (::link(part_path.c_str(), to.c_str()) == 0) return finished(to, target, part_path, meta_path);
      if (errno == EEXIST) continue;
      if (errno == EXDEV || errno == EPERM || errno == EOPNOTSUPP || errno == EMLINK) break;
      return failed(errno);
    }
  }

  // Another filesystem: a copy under a temporary name.
  UniqueFd in(::open(part_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!in) return failed(errno);
  static std::atomic<unsigned> copies{0};
  const auto prefix = copy_temp_prefix(part_path);
  const auto temp =
      fs::path(target.download_dir) / (prefix + std::to_string(::getpid()) + "-" + std::to_string(copies.fetch_add(1)));
  remove_leftovers(target.download_dir, prefix, temp);
  UniqueFd out(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!out) return failed(errno);
  auto copied = copy_bytes(in.get(), out.get(), [&] {
    std::lock_guard guard(lock);
    return still_wanted();
  });
  if (copied && *copied && ::fdatasync(out.get()) != 0)
    copied = tl::unexpected("cannot copy the file: " + errno_text(errno));
  out.reset();
  std::lock_guard guard(lock);
  if (copied && *copied && still_wanted()) {
    auto moved = rename_into(temp, target);
    if (moved) return finished(*moved, target, part_path, meta_path);
    copied = tl::unexpected(moved.error());
  }
  ::unlink(temp.c_str());
  if (!copied) return tl::unexpected(copied.error());
  return tl::unexpected(std::string(MoveCancelled));
}

}  // namespace wpn::net
