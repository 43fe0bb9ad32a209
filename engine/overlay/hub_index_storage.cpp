#include "overlay/hub_index_storage.h"

#include <algorithm>
#include <cstring>

namespace wpn::overlay {

std::uint32_t NameArena::store(std::string_view name) {
  // An empty name takes no bytes (view() answers it from its length alone): before the first
  // chunk exists there is nowhere to point.
  if (name.empty()) return 0;
  if (name.size() > ChunkSize - used_) {
    chunks_.push_back(std::make_unique<char[]>(std::max(ChunkSize, name.size())));
    used_ = 0;
  }
  const auto at = static_cast<std::uint32_t>(((chunks_.size() - 1) << ChunkBits) | used_);
  std::memcpy(chunks_.back().get() + used_, name.data(), name.size());
  // An oversized name fills its chunk: the next name starts a new one.
  used_ = name.size() > ChunkSize ? ChunkSize : used_ + name.size();
  return at;
}

std::string_view NameArena::view(std::uint32_t at, std::uint32_t length) const noexcept {
  if (length == 0) return {};
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

void PostingList::push_back(std::uint32_t ref) {
  if (count_ % SkipEvery == 0) skips_.push_back({last_, static_cast<std::uint32_t>(bytes_.size())});
  std::uint32_t delta = ref - last_;
  while (delta >= 0x80) {
    bytes_.push_back(static_cast<std::uint8_t>(delta | 0x80U));
    delta >>= 7U;
  }
  bytes_.push_back(static_cast<std::uint8_t>(delta));
  last_ = ref;
  ++count_;
}

void PostingList::Cursor::decode() noexcept {
  std::uint32_t delta = 0;
  for (unsigned shift = 0;; shift += 7) {
    const std::uint8_t b = list_->bytes_[at_++];
    delta |= static_cast<std::uint32_t>(b & 0x7FU) << shift;
    if ((b & 0x80U) == 0) break;
  }
  value_ += delta;
  loaded_ = true;
}

std::optional<std::uint32_t> PostingList::Cursor::get() noexcept {
  if (index_ >= list_->count_) return std::nullopt;
  if (!loaded_) decode();
  return value_;
}

void PostingList::Cursor::next() noexcept {
  if (index_ >= list_->count_) return;
  if (!loaded_) decode();
  ++index_;
  loaded_ = false;
}

void PostingList::Cursor::seek(std::uint32_t target) noexcept {
  const auto current = get();
  if (!current || *current >= target) return;
  // Jump to the last block that starts after a ref below target, if it lies ahead.
  const auto& skips = list_->skips_;
  const auto block = static_cast<std::size_t>(
      std::partition_point(skips.begin(), skips.end(), [&](const Skip& s) { return s.before < target; }) -
      skips.begin());
  if (block > 0 && (block - 1) * SkipEvery > index_) {
    index_ = (block - 1) * SkipEvery;
    at_ = skips[block - 1].offset;
    value_ = skips[block - 1].before;
    loaded_ = false;
  }
  for (auto v = get(); v && *v < target; v = get()) next();
}

std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed) noexcept {
  std::uint64_t h = 1469598103934665603ULL ^ (seed * 0x9E3779B97F4A7C15ULL);
  for (char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h ^ (h >> 29U);
}

}  // namespace wpn::overlay
