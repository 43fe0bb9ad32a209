#include "net/resolver.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "support/eventually.h"

namespace n = wpn::net;
using namespace std::chrono_literals;
using wpn::test::eventually;

namespace {

// A lookup that says where and how often it ran, and can be held up.
struct ScriptedLookup {
  struct State {
    std::atomic<int> calls{0};
    std::atomic<bool> started{false};
    std::atomic<bool> returned{false};
    std::atomic<std::thread::id> thread{};
  };
  std::shared_ptr<State> state = std::make_shared<State>();
  std::chrono::milliseconds delay{0};

  n::ResolveFunction function() const {
    return [state = state, delay = delay](const std::string& host, std::uint16_t port) -> n::ResolveResult {
      ++state->calls;
      state->thread = std::this_thread::get_id();
      state->started = true;
      std::this_thread::sleep_for(delay);
      state->returned = true;
      if (host == "throws.test") throw std::runtime_error("resolver broke");
      if (host != "hub.test") return tl::unexpected(std::string("no such name"));
      return Poco::Net::SocketAddress("127.0.0.9", port);
    };
  }
};

// What a request's done saw, read on the test thread.
struct Answer {
  std::atomic<bool> arrived{false};
  std::optional<n::ResolveResult> result;
  std::thread::id thread;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(resolver)

BOOST_AUTO_TEST_CASE(a_dotted_address_is_answered_later_on_the_loop_without_a_lookup) {
  n::LoopThread thread;
  ScriptedLookup lookup;
  auto answer = std::make_shared<Answer>();
  std::unique_ptr<n::Resolver> resolver;
  bool inline_answer = false;
  thread.call([&] {
    resolver = std::make_unique<n::Resolver>(thread.loop(), lookup.function());
    resolver->resolve("127.0.0.7", 7950, [answer](n::ResolveResult r) {
      answer->result = std::move(r);
      answer->thread = std::this_thread::get_id();
      answer->arrived = true;
    });
    inline_answer = answer->arrived;
  });
  BOOST_REQUIRE(eventually([&] { return answer->arrived.load(); }, 5s));
  BOOST_TEST(!inline_answer);
  BOOST_TEST(lookup.state->calls == 0);
  BOOST_REQUIRE(answer->result->has_value());
  BOOST_TEST((*answer->result)->toString() == "127.0.0.7:7950");
  std::thread::id loop_thread;
  thread.call([&] {
    loop_thread = std::this_thread::get_id();
    resolver.reset();
  });
  BOOST_TEST((answer->thread == loop_thread));
}

BOOST_AUTO_TEST_CASE(a_name_is_looked_up_on_another_thread_and_answered_on_the_loop) {
  n::LoopThread thread;
  ScriptedLookup lookup;
  auto found = std::make_shared<Answer>();
  auto unknown = std::make_shared<Answer>();
  auto broken = std::make_shared<Answer>();
  std::unique_ptr<n::Resolver> resolver;
  const auto keep = [](std::shared_ptr<Answer> answer) {
    return [answer](n::ResolveResult r) {
      answer->result = std::move(r);
      answer->thread = std::this_thread::get_id();
      answer->arrived = true;
    };
  };
  std::thread::id loop_thread;
  thread.call([&] {
    loop_thread = std::this_thread::get_id();
    resolver = std::make_unique<n::Resolver>(thread.loop(), lookup.function());
    resolver->resolve("hub.test", 6699, keep(found));
    resolver->resolve("nowhere.test", 6699, keep(unknown));
    resolver->resolve("throws.test", 6699, keep(broken));
  });
  BOOST_REQUIRE(eventually([&] { return found->arrived && unknown->arrived && broken->arrived; }, 5s));
  BOOST_TEST(lookup.state->calls == 3);
  BOOST_TEST((lookup.state->thread.load() != loop_thread));
  BOOST_TEST((found->thread == loop_thread));
  BOOST_REQUIRE(found->result->has_value());
  BOOST_TEST((*found->result)->toString() == "127.0.0.9:6699");
  BOOST_TEST(unknown->result->error() == "no such name");
  BOOST_TEST(broken->result->error() == "resolver broke");
  thread.call([&] { resolver.reset(); });
}

BOOST_AUTO_TEST_CASE(a_cancelled_request_is_never_answered) {
  n::LoopThread thread;
  ScriptedLookup lookup;
  lookup.delay = 100ms;
  auto cancelled = std::make_shared<Answer>();
  auto kept = std::make_shared<Answer>();
  std::unique_ptr<n::Resolver> resolver;
  thread.call([&] {
    resolver = std::make_unique<n::Resolver>(thread.loop(), lookup.function());
    const auto id = resolver->resolve("hub.test", 1, [cancelled](n::ResolveResult) { cancelled->arrived = true; });
    resolver->resolve("hub.test", 2, [kept](n::ResolveResult) { kept->arrived = true; });
    resolver->cancel(id);
  });
  // Answers come in request order, so the later one marks the end of the earlier.
  BOOST_REQUIRE(eventually([&] { return kept->arrived.load(); }, 5s));
  BOOST_TEST(!cancelled->arrived);
  thread.call([&] { resolver.reset(); });
}

BOOST_AUTO_TEST_CASE(stopping_during_a_slow_lookup_neither_waits_for_it_nor_hears_it) {
  n::LoopThread thread;
  ScriptedLookup lookup;
  lookup.delay = 1500ms;
  auto answer = std::make_shared<Answer>();
  std::unique_ptr<n::Resolver> resolver;
  thread.call([&] {
    resolver = std::make_unique<n::Resolver>(thread.loop(), lookup.function());
    resolver->resolve("hub.test", 6699, [answer](n::ResolveResult) { answer->arrived = true; });
  });
  BOOST_REQUIRE(eventually([&] { return lookup.state->started.load(); }, 5s));
  const auto before = std::chrono::steady_clock::now();
  thread.call([&] { resolver.reset(); });
  BOOST_TEST((std::chrono::steady_clock::now() - before < 200ms));
  BOOST_REQUIRE(eventually([&] { return lookup.state->returned.load(); }, 5s));
  // The loop runs on, and the late answer reaches nobody.
  int after = 0;
  thread.call([&] { after = 1; });
  BOOST_TEST(after == 1);
  BOOST_TEST(wpn::test::holds_for([&] { return !answer->arrived; }, 100ms));
}

BOOST_AUTO_TEST_SUITE_END()
