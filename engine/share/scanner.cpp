#include "share/scanner.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <system_error>
#include <utility>
#include <vector>

#include "share/file_stat.h"

namespace wpn::share {
namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr auto ProgressInterval = std::chrono::milliseconds(250);

std::string errno_text(int error) { return std::error_code(error, std::generic_category()).message(); }

std::string join(const std::string& dir, std::string_view name) {
  std::string out;
  out.reserve(dir.size() + 1 + name.size());
  out += dir;
  if (out.empty() || out.back() != '/') out += '/';
  out += name;
  return out;
}

std::string strip_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// FNV-1a: for the few folder names a non-recursive scan compares.
constexpr std::uint64_t FnvBasis = 0xcbf29ce484222325ULL;
std::uint64_t fnv(std::uint64_t state, std::string_view bytes) {
  for (const char c : bytes) state = (state ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return state;
}

// A streaming 64-bit hash taking 8 bytes a step (a byte-wise hash was a tenth of a rescan's
// CPU time): the walk hashes a folder's prefix once and continues it with each name, which
// gives what hashing the whole string at once gives when the index is read.
class StreamHash {
 public:
  StreamHash& add(std::string_view bytes) {
    const char* p = bytes.data();
    std::size_t n = bytes.size();
    length_ += n;
    for (; n > 0 && fill_ != 0; --n) push(*p++);
    for (; n >= 8; n -= 8, p += 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, p, 8);
      state_ = step(state_, word);
    }
    for (; n > 0; --n) push(*p++);
    return *this;
  }
  std::uint64_t value() const {
    std::uint64_t h = fill_ != 0 ? step(state_, pending_) : state_;
    h = (h ^ length_) * 0xff51afd7ed558ccdULL;
    return h ^ (h >> 33);
  }

 private:
  static std::uint64_t step(std::uint64_t h, std::uint64_t word) {
    h = (h ^ word) * 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 32);
  }
  void push(char c) {
    pending_ |= std::uint64_t{static_cast<unsigned char>(c)} << (8 * fill_);
    if (++fill_ == 8) {
      state_ = step(state_, pending_);
      pending_ = 0;
      fill_ = 0;
    }
  }
  std::uint64_t state_ = FnvBasis;
  std::uint64_t pending_ = 0;
  std::uint64_t length_ = 0;
  unsigned fill_ = 0;
};

std::uint64_t identity_hash(const StatIdentity& id) {
  std::uint64_t h = FnvBasis;
  for (const std::uint64_t v : {id.size, static_cast<std::uint64_t>(id.mtime_ns), id.inode, id.device})
    h = ((h ^ v) * 0x100000001b3ULL) ^ (h >> 29);
  return h;
}

// Closes the directory stream on every path out.
struct DirCloser {
  DIR* dir = nullptr;
  ~DirCloser() {
    if (dir != nullptr) ::closedir(dir);
  }
};

}  // namespace

struct Scanner::Walk {
  struct Frame {
    std::string path;    // absolute local directory
    std::string folder;  // announced folder bytes
  };

  // A row below the scope as the scan began, without its strings (48 bytes, and a 4-8 byte
  // slot, so a million rows take ~60 MB while the scan runs): the path and announced name as 64-bit hashes with the
  // path's length, the stat identity as a hash. A hash collision (odds ~1e-8 at a million files) can make a changed
  // file look unchanged until it changes again; nothing else.
  struct Known {
    std::uint64_t path_hash = 0;
    std::uint32_t path_length = 0;
    std::uint32_t sub_hash = 0;  // first folder below the scope; 0 = directly in it
    std::uint64_t name_hash = 0;
    std::uint64_t identity = 0;
    FileId id = 0;
    bool settled = false;
    bool seen = false;
  };

  Walk(Scanner& owner, const ScanScope& scanned) : scanner(owner), scope(scanned) {}

  Scanner& scanner;
  const ScanScope& scope;
  Generation generation = 0;
  ScanFinished summary;
  ScanProgress progress;
  std::vector<ScanEntry> batch;
  std::set<std::uint32_t> present_subdirs;  // direct sub-folders of a non-recursive scope, hashed
  // The rows below the scope when the scan began, compared in memory: an unchanged, settled
  // file costs no index write, and rows never seen are what the sweep removes. They come in
  // row order, which is the order an earlier walk recorded them in, so the row after the
  // last one found is tried first; only a miss goes through an open-addressed table of
  // positions, built on the first miss (a random probe per file was most of the walk's own
  // CPU time: two cache misses each).
  std::vector<Known> known;
  std::size_t next_known = 0;
  std::vector<std::uint32_t> slots;  // 1 + position in known; 0 = empty
  std::uint64_t slot_mask = 0;
  std::string error;
  SteadyClock::time_point last_progress = SteadyClock::now();
  std::uint64_t entries_read = 0;

  void refuse(std::string path, std::string reason) {
    ++summary.refused;
    scanner.emit(FileRefused{std::move(path), std::move(reason)});
  }

  bool cancelled() const { return scanner.hooks_.cancel != nullptr && scanner.hooks_.cancel->load(); }

  void report_progress(bool force) {
    const auto now = SteadyClock::now();
    if (!force && now - last_progress < ProgressInterval) return;
    last_progress = now;
    progress.files_seen = summary.files_seen;
    progress.files_queued = summary.queued;
    scanner.emit(progress);
  }

  // Records the batch and queues what needs hashing, under the gate.
  bool flush() {
    if (batch.empty()) return true;
    if (scanner.hooks_.before_batch) scanner.hooks_.before_batch();
    const bool ok = scanner.index_.with([&](ShareIndex& index) {
      BatchGuard guard(index);
      if (!guard.begun()) return false;
      for (std::size_t i = 0; i < batch.size(); ++i) {
        auto recorded = index.record_scanned(batch[i], generation);
        if (!recorded) {
          if (recorded.error().code == IndexErrc::NameConflict) {
            refuse(batch[i].local_path,
                   "another shared file already has this name (names are compared as Windows does)");
            continue;
          }
          error = "index: " + recorded.error().message;
          return false;
        }
        if (!recorded->needs_hash) continue;
        ++summary.queued;
        if (scanner.hooks_.enqueue_hash)
          scanner.hooks_.enqueue_hash(
              HashJob{batch[i].local_path, recorded->id, batch[i].stat, recorded->outcome == ScanOutcome::Changed,
                      batch[i].announced_folder + '\\' + batch[i].announced_file, scope.root.id});
      }
      if (auto committed = guard.commit(); !committed) {
        error = "index: " + committed.error().message;
        return false;
      }
      return true;
    });
    if (!ok) return false;
    batch.clear();
    return true;
  }

  static std::uint32_t sub_hash_of(std::string_view name) {
    return static_cast<std::uint32_t>(fnv(FnvBasis, name)) | 1U;
  }

  Known* find_known(std::uint64_t hash, std::size_t length) {
    if (next_known < known.size()) {
      Known& k = known[next_known];
      if (k.path_hash == hash && k.path_length == length) {
        ++next_known;
        return &k;
      }
    }
    if (known.empty()) return nullptr;
    if (slots.empty()) index_known();
    for (std::uint64_t i = hash & slot_mask;; i = (i + 1) & slot_mask) {
      const std::uint32_t slot = slots[i];
      if (slot == 0) return nullptr;
      Known& k = known[slot - 1];
      if (k.path_hash == hash && k.path_length == length) {
        next_known = slot;  // the row after this one
        return &k;
      }
    }
  }

  void index_known() {
    std::size_t size = 16;
    while (size < known.size() * 2) size *= 2;
    slots.assign(size, 0);
    slot_mask = size - 1;
    for (std::size_t n = 0; n < known.size(); ++n) {
      std::uint64_t i = known[n].path_hash & slot_mask;
      while (slots[i] != 0) i = (i + 1) & slot_mask;
      slots[i] = static_cast<std::uint32_t>(n + 1);
    }
  }

  void on_file(const Frame& frame, const StreamHash& path_state, const StreamHash& folder_state, int dir_fd,
               const char* name, const struct stat* known_stat) {
    const std::string_view name_view(name);
    // Name filters first: in media mode most entries never need a stat.
    const auto by_name = scanner.filter_.check_file(name_view, 0);
    if (by_name.verdict == FilterVerdict::Skip) return;
    struct stat st {};
    if (known_stat != nullptr) {
      st = *known_stat;
    } else if (::fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno != ENOENT) refuse(join(frame.path, name_view), errno_text(errno));
      return;
    }
    if (!S_ISREG(st.st_mode)) return;
    ++summary.files_seen;
    const auto decision = scanner.filter_.check_file(name_view, static_cast<std::uint64_t>(st.st_size));
    if (decision.verdict == FilterVerdict::Refuse) return refuse(join(frame.path, name_view), decision.reason);
    auto encoded = scanner.encoder_.encode_component(name_view);
    if (!encoded) return refuse(join(frame.path, name_view), encoded.error().reason);
    const StatIdentity identity = to_stat_identity(st);
    const std::size_t path_length =
        frame.path.size() + (frame.path.back() == '/' ? std::size_t{0} : std::size_t{1}) + name_view.size();
    Known* row = find_known(StreamHash(path_state).add(name_view).value(), path_length);
    if (row != nullptr) {
      row->seen = true;
      // Unchanged and settled (hashed, or failed for this identity): nothing to write. A row
      // still waiting for its hash goes through the index, which knows whether it is done.
      if (row->settled && row->identity == identity_hash(identity) &&
          row->name_hash == StreamHash(folder_state).add(*encoded).value())
        return;
    }
    std::string path = join(frame.path, name_view);
    ScanEntry entry;
    entry.root_id = scope.root.id;
    entry.local_path = std::move(path);
    entry.announced_folder = frame.folder;
    entry.announced_file = std::move(*encoded);
    entry.stat = identity;
    entry.known_new = row == nullptr;
    batch.push_back(std::move(entry));
  }

  // Reads one directory; sub-folders to descend into are appended to `next`.
  bool read_dir(const Frame& frame, bool top, std::vector<Frame>& next) {
    if (scanner.hooks_.on_directory) scanner.hooks_.on_directory(scope.root.id, frame.path);
    const int fd = ::open(frame.path.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      if (top) {
        error = "cannot read " + frame.path + ": " + errno_text(errno);
        return false;
      }
      if (errno != ENOENT) refuse(frame.path, "folder cannot be read: " + errno_text(errno));
      return true;
    }
    DirCloser dir{::fdopendir(fd)};
    if (dir.dir == nullptr) {
      ::close(fd);
      error = "cannot read " + frame.path + ": " + errno_text(errno);
      return !top;
    }
    ++progress.folders_seen;
    StreamHash path_state;
    path_state.add(frame.path).add(frame.path.back() == '/' ? "" : "/");
    StreamHash folder_state;
    folder_state.add(frame.folder).add("\\");
    while (const dirent* entry = ::readdir(dir.dir)) {
      const char* name = entry->d_name;
      if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
      unsigned char type = entry->d_type;
      struct stat st {};
      const struct stat* stat_read = nullptr;
      if (type == DT_UNKNOWN) {
        if (::fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
        stat_read = &st;
      }
      if (type == DT_DIR) {
        on_subdir(frame, name, top, next);
      } else if (type == DT_REG) {
        on_file(frame, path_state, folder_state, fd, name, stat_read);
      } else if (type == DT_LNK) {
        on_symlink(frame, name);
      }
      if (batch.size() >= BatchSize && !flush()) return false;
      if ((++entries_read & 63U) == 0) report_progress(false);  // the clock once per 64 entries
    }
    return true;
  }

  void on_symlink(const Frame& frame, const char* name) {
    const std::string_view name_view(name);
    if (!scanner.filter_.descend_into(name_view)) return;  // hidden
    // A link named like a skipped file type is as uninteresting as that file; a link without
    // an extension may be a folder the owner expects to see shared.
    const bool typed = name_view.find('.') != std::string_view::npos;
    if (typed && scanner.filter_.check_file(name_view, 0).verdict == FilterVerdict::Skip) return;
    refuse(join(frame.path, name_view),
           "symbolic link: links are not followed (share the target folder as a root instead)");
  }

  // Emits FileRemoved for rows that were announced (had a key).
  void removed(const FileRecord& row) {
    ++summary.removed;
    if (row.key) scanner.emit(FileRemoved{row.id, scanner.encoder_.to_utf8(row.announced_name())});
  }

  bool load_known(const std::string& dir) {
    known.clear();
    known.reserve(scanner.rows_hint_);
    auto loaded = scanner.index_.with([&](ShareIndex& index) {
      return index.for_each_file_under(dir, [&](const FileScanRow& row) {
        Known k;
        k.path_hash = StreamHash().add(row.local_path).value();
        k.path_length = static_cast<std::uint32_t>(row.local_path.size());
        if (row.local_path.size() > dir.size() + 1) {
          const std::string_view rest = row.local_path.substr(dir.size() + 1);
          const auto slash = rest.find('/');
          if (slash != std::string_view::npos) k.sub_hash = sub_hash_of(rest.substr(0, slash));
        }
        k.name_hash = StreamHash().add(row.announced_name).value();
        k.identity = identity_hash(row.identity);
        k.id = row.id;
        k.settled = row.settled;
        known.push_back(k);
      });
    });
    if (!loaded) {
      error = "index: " + loaded.error().message;
      return false;
    }
    next_known = 0;
    slots.clear();
    return true;
  }

  // Removes the rows of the scope the walk did not find.
  void sweep(bool top_exists) {
    scanner.index_.with([&](ShareIndex& index) {
      BatchGuard guard(index);
      for (const Known& k : known) {
        if (k.seen) continue;
        const bool gone = !top_exists || scope.recursive || k.sub_hash == 0 || present_subdirs.count(k.sub_hash) == 0;
        if (!gone) continue;
        auto row = index.file_by_id(k.id);
        if (!row) return void(error = "index: " + row.error().message);
        if (!*row) continue;
        auto dropped = index.remove_file((*row)->local_path);
        if (!dropped) return void(error = "index: " + dropped.error().message);
        if (*dropped) removed(**row);
      }
      if (guard.begun()) {
        if (auto committed = guard.commit(); !committed) error = "index: " + committed.error().message;
      }
    });
  }

  void on_subdir(const Frame& frame, const char* name, bool top, std::vector<Frame>& next) {
    const std::string_view name_view(name);
    if (!scanner.filter_.descend_into(name_view)) return;
    if (!scope.recursive) {
      if (top) present_subdirs.insert(sub_hash_of(name_view));
      return;
    }
    auto encoded = scanner.encoder_.encode_component(name_view);
    if (!encoded) return refuse(join(frame.path, name_view), "folder name cannot be shared: " + encoded.error().reason);
    next.push_back(Frame{join(frame.path, name_view), frame.folder + '\\' + *encoded});
  }
};

Scanner::Scanner(const ShareSettings& settings, IndexGate& index, ScannerHooks hooks)
    : filter_(settings),
      encoder_(parse_code_page(settings.code_page).value_or(CodePage::Cp1252)),
      index_(index),
      hooks_(std::move(hooks)) {}

void Scanner::emit(ShareEvent event) const {
  if (hooks_.events) hooks_.events(event);
}

ScanFinished Scanner::scan(const ScanScope& scope) {
  const auto started = SteadyClock::now();
  Walk walk(*this, scope);
  const std::string root_path = strip_trailing_slashes(scope.root.local_path);
  const std::string dir = scope.dir.empty() ? root_path : strip_trailing_slashes(scope.dir);
  const bool whole_root = dir == root_path;
  walk.summary.root = scope.root.local_path;
  walk.progress.root = scope.root.local_path;
  if (!whole_root) walk.summary.folder = dir.substr(root_path.size() + 1);
  emit(ScanStarted{scope.root.local_path, walk.summary.folder});

  auto finish = [&]() {
    rows_hint_ = std::max({rows_hint_, walk.known.size(), static_cast<std::size_t>(walk.summary.files_seen)});
    walk.summary.error = walk.error;
    walk.summary.duration = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
    walk.report_progress(true);
    emit(walk.summary);
    return walk.summary;
  };

  if (!whole_root && (dir.size() <= root_path.size() || dir.compare(0, root_path.size(), root_path) != 0 ||
                      dir[root_path.size()] != '/')) {
    walk.error = dir + " is not inside the share root " + root_path;
    return finish();
  }

  // The announced folder of the scope: display name, then each component below the root.
  auto folder = encoder_.encode_component(scope.root.display_name);
  if (!folder) {
    walk.error = "display name cannot be announced: " + folder.error().reason;
    return finish();
  }
  std::string announced = *folder;
  if (!whole_root) {
    const std::string rel = dir.substr(root_path.size() + 1);
    std::size_t begin = 0;
    while (begin <= rel.size()) {
      const auto end = std::min(rel.find('/', begin), rel.size());
      auto part = encoder_.encode_component(std::string_view(rel).substr(begin, end - begin));
      if (!part) {
        walk.error = "folder name cannot be announced: " + part.error().reason;
        return finish();
      }
      announced += '\\' + *part;
      begin = end + 1;
    }
  }

  auto generation = index_.with([&](ShareIndex& index) { return index.begin_generation(scope.root.id); });
  if (!generation) {
    walk.error = "index: " + generation.error().message;
    return finish();
  }
  walk.generation = *generation;

  // A folder scan of a folder that is gone sweeps everything below it; a root that is gone
  // sweeps nothing (see the header).
  if (!walk.load_known(dir)) return finish();

  struct stat top_stat {};
  const bool top_exists = ::lstat(dir.c_str(), &top_stat) == 0 && S_ISDIR(top_stat.st_mode);
  if (!top_exists && whole_root) {
    walk.error = "cannot read " + dir + ": " + (errno != 0 ? errno_text(errno) : std::string("not a folder"));
    return finish();
  }

  if (top_exists) {
    std::vector<Walk::Frame> pending{Walk::Frame{dir, announced}};
    bool top = true;
    while (!pending.empty()) {
      if (walk.cancelled()) {
        walk.error = "cancelled";
        break;
      }
      Walk::Frame frame = std::move(pending.back());
      pending.pop_back();
      std::vector<Walk::Frame> next;
      if (!walk.read_dir(frame, top, next)) break;
      top = false;
      for (auto it = next.rbegin(); it != next.rend(); ++it) pending.push_back(std::move(*it));
    }
  }
  if (walk.error.empty()) walk.flush();
  if (!walk.error.empty()) return finish();

  walk.sweep(top_exists);
  return finish();
}

}  // namespace wpn::share
