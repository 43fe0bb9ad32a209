#include "net/unique_fd.h"

#include <fcntl.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <utility>

using wpn::net::UniqueFd;

namespace {

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

int open_null() { return ::open("/dev/null", O_RDONLY | O_CLOEXEC); }

}  // namespace

BOOST_AUTO_TEST_SUITE(unique_fd)

BOOST_AUTO_TEST_CASE(closes_its_descriptor_once_when_it_goes) {
  const int raw = open_null();
  BOOST_REQUIRE(raw >= 0);
  {
    UniqueFd fd(raw);
    BOOST_TEST(fd.get() == raw);
    BOOST_TEST(is_open(raw));
  }
  BOOST_TEST(!is_open(raw));
}

BOOST_AUTO_TEST_CASE(a_move_hands_over_the_descriptor_and_leaves_nothing_behind) {
  UniqueFd first(open_null());
  const int raw = first.get();
  UniqueFd second(std::move(first));
  BOOST_TEST(!first.valid());  // NOLINT(bugprone-use-after-move): the moved-from state is the point
  BOOST_TEST(second.get() == raw);
  UniqueFd third(open_null());
  const int replaced = third.get();
  third = std::move(second);
  BOOST_TEST(!is_open(replaced));
  BOOST_TEST(third.get() == raw);
  BOOST_TEST(is_open(raw));
}

BOOST_AUTO_TEST_CASE(release_gives_the_descriptor_up_and_reset_closes_it) {
  UniqueFd fd(open_null());
  const int raw = fd.release();
  BOOST_TEST(!fd.valid());
  BOOST_TEST(is_open(raw));
  fd.reset(raw);
  fd.reset();
  BOOST_TEST(!is_open(raw));
}

BOOST_AUTO_TEST_SUITE_END()
