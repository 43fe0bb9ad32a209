#pragma once
// Waiting on a condition instead of a fixed sleep: the one polling helper of the tests.

#include <chrono>
#include <functional>

namespace wpn::test {

// Polls condition on the caller's thread until it holds or timeout passes; true if it held.
// The condition is checked once more at the deadline, so a slow machine only costs time.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(20));

// True if condition holds at every poll for the whole duration: for "nothing happens"
// checks, which need a window by nature. False as soon as it fails once.
bool holds_for(const std::function<bool()>& condition, std::chrono::milliseconds duration);

}  // namespace wpn::test
