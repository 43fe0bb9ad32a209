#pragma once
// The made-up vocabulary of the hub benchmarks: 5,000 words, drawn with a skew so a few are
// very common, from a fixed mix function, so every hub benchmark indexes the same words.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wpn::bench {

inline std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

class Words {
 public:
  Words() {
    static const char* const Syllables[] = {"ka",  "lo",  "mi",  "ne",  "ru",  "sa",  "to", "vi", "zen", "dra", "mor",
                                            "lin", "qua", "bel", "cor", "fen", "gal", "hy", "jo", "pri", "ster"};
    constexpr std::size_t Count = sizeof(Syllables) / sizeof(Syllables[0]);
    for (std::uint64_t i = 0; words_.size() < 5000; ++i) {
      std::uint64_t h = mix(i * 31 + 5);
      std::string w;
      for (int s = 0; s < 3; ++s, h /= Count) w += Syllables[h % Count];
      w += std::to_string(i % 97);
      words_.push_back(w);
    }
  }
  // Word for hash `h`: dense at the first words.
  const std::string& pick(std::uint64_t h) const {
    const std::size_t skew = static_cast<std::size_t>((h % 1000) * (h % 1000) / 1000);  // 0..998
    return words_[(skew * 5 + (h >> 20) % 5) % words_.size()];
  }

 private:
  std::vector<std::string> words_;
};

}  // namespace wpn::bench
