#pragma once
// Plain-text output for wpnctl: aligned columns and human sizes.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace wpn::ctl {

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : rows_{std::move(header)} {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // The last column is not padded (it usually holds a path or name).
  void print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

// 1536 -> "1.5 KiB".
std::string human_size(std::uint64_t bytes);
// 225 -> "3:45".
std::string human_duration(std::uint64_t seconds);

}  // namespace wpn::ctl
