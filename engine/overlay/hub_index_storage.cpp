#include "overlay/hub_index_storage.h"

#include <cstring>

namespace wpn::overlay {

std::uint32_t NameArena::store(std::string_view name) {
  if (name.size() > ChunkSize - used_) {
    chunks_.push_back(std::make_unique<char[]>(std::max(ChunkSize, name.size())));
    used_ = 0;
  }
  const auto at = static_cast<std::uint32_t>(((chunks_.size() - 1) << ChunkBits) | used_);
  if (!name.empty()) std::memcpy(chunks_.back().get() + used_, name.data(), name.size());
  // An oversized name fills its chunk: the next name starts a new one.
  used_ = name.size() > ChunkSize ? ChunkSize : used_ + name.size();
  return at;
}

std::string_view NameArena::view(std::uint32_t at, std::uint32_t length) const noexcept {
  return {chunks_[at >> ChunkBits].get() + (at & (ChunkSize - 1)), length};
}

void NameArena::clear() noexcept {
  chunks_.clear();
  used_ = ChunkSize;
}

std::size_t RefTable::slot_of(std::uint32_t ref, std::uint64_t hash) const noexcept {
  if (slots_.empty()) return SIZE_MAX;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    if (slots_[i] == ref) return i;
    if (slots_[i] == Empty) return SIZE_MAX;
  }
}

void RefTable::place(std::uint32_t ref, std::uint64_t hash) noexcept {
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i] != Empty) i = (i + 1) & mask;
  slots_[i] = ref;
}

bool RefTable::erase(std::uint32_t ref, std::uint64_t hash) noexcept {
  const std::size_t i = slot_of(ref, hash);
  if (i == SIZE_MAX) return false;
  slots_[i] = Erased;
  --size_;
  if (size_ == 0) clear();
  return true;
}

void RefTable::replace(std::uint32_t ref, std::uint64_t hash, std::uint32_t other) noexcept {
  const std::size_t i = slot_of(ref, hash);
  if (i != SIZE_MAX) slots_[i] = other;
}

void RefTable::clear() noexcept {
  slots_.clear();
  slots_.shrink_to_fit();
  size_ = used_ = 0;
}

std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed) noexcept {
  std::uint64_t h = 1469598103934665603ULL ^ (seed * 0x9E3779B97F4A7C15ULL);
  for (char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h ^ (h >> 29U);
}

}  // namespace wpn::overlay
