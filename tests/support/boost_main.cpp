#define BOOST_TEST_MODULE OpenWPN
#include <boost/test/unit_test.hpp>
