#include "share/background_priority.h"

#include <sys/resource.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <thread>

namespace wpn::share {
namespace {

int own_nice() { return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid())); }

BOOST_AUTO_TEST_SUITE(background_priority)

// Only the indexing thread yields: the rest of the process (the engine thread) keeps its
// priority.
BOOST_AUTO_TEST_CASE(lowers_the_calling_thread_only) {
  const int before = own_nice();
  BOOST_REQUIRE(before <= 19 - IndexingNice);
  int inside = before;
  std::thread worker([&] {
    lower_this_thread_priority(IndexingNice);
    inside = own_nice();
  });
  worker.join();
  BOOST_TEST(inside == before + IndexingNice);
  BOOST_TEST(own_nice() == before);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace wpn::share
