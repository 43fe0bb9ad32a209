#pragma once
// Compact building blocks of HubIndex: an append-only byte arena for file names and an
// open-addressing set of file refs. Both keep a few bytes per file where node-based
// containers cost tens (a heap node, a pointer and a cached hash per entry).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace wpn::overlay {

// Names packed into 64 KiB chunks; a name is addressed by a 32-bit location and never
// moves. A name longer than a chunk gets a chunk of its own.
class NameArena {
 public:
  std::uint32_t store(std::string_view name);
  std::string_view view(std::uint32_t at, std::uint32_t length) const noexcept;
  void clear() noexcept;

 private:
  static constexpr std::uint32_t ChunkBits = 16;
  static constexpr std::size_t ChunkSize = std::size_t{1} << ChunkBits;
  std::vector<std::unique_ptr<char[]>> chunks_;
  std::size_t used_ = ChunkSize;  // bytes used in the last chunk; full until one exists
};

// A hash set of 32-bit refs with linear probing. The set stores no keys: callers pass the
// hash of the key they look for and a test that says whether a stored ref holds it, and
// `rehash_of(ref)` whenever the table grows. Keys must be unique.
class RefTable {
 public:
  template <class Matches>
  std::optional<std::uint32_t> find(std::uint64_t hash, Matches matches) const {
    if (slots_.empty()) return std::nullopt;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint32_t ref = slots_[i];
      if (ref == Empty) return std::nullopt;
      if (ref != Erased && matches(ref)) return ref;
    }
  }
  template <class RehashOf>
  void insert(std::uint32_t ref, std::uint64_t hash, RehashOf rehash_of) {
    if ((used_ + 1) * 16 > slots_.size() * 13) grow(rehash_of);  // load at most 13/16
    place(ref, hash);
    ++used_;
    ++size_;
  }
  // Removes `ref`, stored under `hash`. Returns whether it was there.
  bool erase(std::uint32_t ref, std::uint64_t hash) noexcept;
  // Replaces `ref` (stored under `hash`) by `other`, which has the same key.
  void replace(std::uint32_t ref, std::uint64_t hash, std::uint32_t other) noexcept;
  void clear() noexcept;
  std::size_t size() const noexcept { return size_; }

 private:
  static constexpr std::uint32_t Empty = 0xFFFFFFFF;
  static constexpr std::uint32_t Erased = 0xFFFFFFFE;
  std::size_t slot_of(std::uint32_t ref, std::uint64_t hash) const noexcept;
  void place(std::uint32_t ref, std::uint64_t hash) noexcept;
  template <class RehashOf>
  void grow(RehashOf rehash_of) {
    std::vector<std::uint32_t> old;
    old.swap(slots_);
    std::size_t capacity = 16;
    while (capacity < (size_ + 1) * 2) capacity *= 2;  // load at most 1/2 right after
    slots_.assign(capacity, Empty);
    for (std::uint32_t ref : old) {
      if (ref != Empty && ref != Erased) place(ref, rehash_of(ref));
    }
    used_ = size_;
  }

  std::vector<std::uint32_t> slots_;
  std::size_t size_ = 0;
  std::size_t used_ = 0;  // live plus erased slots: what probing walks over
};

// A sorted list of refs, each stored as a varint of its distance from the one before (one
// or two bytes for most, against four in a plain vector), with a skip entry every 64 refs
// so a cursor can jump ahead. Refs must be appended in increasing order.
class PostingList {
 public:
  void push_back(std::uint32_t ref);
  std::size_t size() const noexcept { return count_; }

  class Cursor {
   public:
    explicit Cursor(const PostingList& list) noexcept : list_(&list) {}
    // The current ref, or nullopt past the end.
    std::optional<std::uint32_t> get() noexcept;
    void next() noexcept;
    // Moves to the first ref >= target (never backwards).
    void seek(std::uint32_t target) noexcept;

   private:
    void decode() noexcept;
    const PostingList* list_;
    std::size_t at_ = 0;     // byte offset of the next varint
    std::size_t index_ = 0;  // position of the current ref
    std::uint32_t value_ = 0;
    bool loaded_ = false;
  };

 private:
  static constexpr std::size_t SkipEvery = 64;
  struct Skip {
    std::uint32_t before = 0;  // the ref preceding the block (0 for the first)
    std::uint32_t offset = 0;  // byte offset of the block's first varint
  };
  std::vector<std::uint8_t> bytes_;
  std::vector<Skip> skips_;
  std::uint32_t last_ = 0;
  std::uint32_t count_ = 0;
};

std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed = 0) noexcept;

}  // namespace wpn::overlay
