#include "session/user_base_name.h"

#include <Poco/Logger.h>

#include <fstream>
#include <random>
#include <system_error>

#include "protocol/codecs/common.h"

namespace wpn::session {

namespace {

Poco::Logger& logger() { return Poco::Logger::get("wpn.engine"); }

constexpr std::string_view FileName = "user_name";
constexpr std::size_t DigitCount = 3;
constexpr std::size_t MinStem = 3;  // nuggit's \S{3,} before the digits

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

unsigned random_digits() {
  std::random_device device;
  return std::uniform_int_distribution<unsigned>(0, 999)(device);
}

}  // namespace

bool has_name_digits(std::string_view base) noexcept {
  if (base.size() < MinStem + DigitCount) return false;
  for (std::size_t i = base.size() - DigitCount; i < base.size(); ++i)
    if (!is_digit(base[i])) return false;
  return true;
}

std::string base_name_with_digits(std::string_view chosen, unsigned digits) {
  std::string base(protocol::base_name_of(chosen));
  for (char& c : base) {
    const auto b = static_cast<unsigned char>(c);
    if (b <= 0x20 || b == 0x7F) c = '_';
  }
  if (has_name_digits(base)) return base;
  while (base.size() < MinStem) base.push_back('_');
  const unsigned value = digits % 1000;
  base.push_back(static_cast<char>('0' + value / 100));
  base.push_back(static_cast<char>('0' + value / 10 % 10));
  base.push_back(static_cast<char>('0' + value % 10));
  return base;
}

// The file holds two lines: the chosen name, then the base it was given.
std::string settle_user_base_name(const std::string& chosen, const std::filesystem::path& data_dir) {
  if (has_name_digits(protocol::base_name_of(chosen))) return base_name_with_digits(chosen, 0);
  std::string stem = base_name_with_digits(chosen, 0);
  stem.resize(stem.size() - DigitCount);
  if (data_dir.empty()) return base_name_with_digits(chosen, random_digits());
  const auto path = data_dir / FileName;
  {
    std::ifstream in(path);
    std::string saved_chosen;
    std::string saved_base;
    if (in && std::getline(in, saved_chosen) && std::getline(in, saved_base) && saved_chosen == chosen &&
        has_name_digits(saved_base) && saved_base.size() == stem.size() + DigitCount &&
        saved_base.compare(0, stem.size(), stem) == 0)
      return saved_base;
  }
  const std::string base = base_name_with_digits(chosen, random_digits());
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  std::ofstream out(path, std::ios::trunc);
  out << chosen << '\n' << base << '\n';
  out.flush();
  if (!out)
    logger().warning("cannot save the user name to %s: the digits of %s hold for this run only", path.string(), base);
  else
    logger().information("user name %s is %s on the network", chosen, base);
  return base;
}

}  // namespace wpn::session
