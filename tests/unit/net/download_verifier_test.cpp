// DownloadVerifier on a real loop thread with real files. One worker takes the checks in
// order and its verdicts reach the loop in that order, so a later check's verdict arriving
// proves an earlier one's was dropped, not just late.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "net/download_verifier.h"
#include "net/event_loop.h"
#include "share/hash_file.h"
#include "support/eventually.h"
#include "support/temp_dir.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace wpn;

namespace {

struct Verdict {
  protocol::FileKey key;
  net::DownloadVerifier::Verdict verdict;
};

struct VerifierSetup {
  test::TempDir dir;
  net::LoopThread thread;
  std::vector<Verdict> verdicts;  // loop thread
  std::optional<net::DownloadVerifier> verifier;

  VerifierSetup() {
    thread.call([this] {
      verifier.emplace(thread.loop(),
                       [this](const protocol::FileKey& key, net::DownloadVerifier::Verdict verdict, std::string) {
                         verdicts.push_back({key, std::move(verdict)});
                       });
    });
  }
  ~VerifierSetup() {
    thread.call([this] { verifier.reset(); });
  }
  // A file of `size` bytes, each from `seed`; its key as the share hasher computes it.
  std::pair<std::string, protocol::FileKey> file(const std::string& name, std::size_t size, char seed) {
    const auto path = (dir.path() / name).string();
    std::string content(size, seed);
    for (std::size_t i = 0; i < size; ++i) content[i] = static_cast<char>(static_cast<std::size_t>(seed) + i * 7);
    std::ofstream(path, std::ios::binary) << content;
    return {path, share::hash_file(path).value()};
  }
  void verify(const protocol::FileKey& key, const std::string& path) {
    thread.call([&] { verifier->verify(key, path, path + ".meta"); });
  }
  std::vector<Verdict> seen() {
    std::vector<Verdict> out;
    thread.call([&] { out = verdicts; });
    return out;
  }
  bool seen_count(std::size_t n) {
    return test::eventually([&] { return seen().size() >= n; }, 10s);
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(download_verifier)

BOOST_AUTO_TEST_CASE(verdicts_say_whether_the_part_file_holds_its_key) {
  VerifierSetup s;
  const auto [good, good_key] = s.file("good.part", 3'000'000, 1);
  const auto [other, other_key] = s.file("other.part", 3'000'000, 2);
  s.verify(good_key, good);
  s.verify(other_key, good);  // the wrong bytes for this key
  s.verify(protocol::FileKey{{9}, 10}, (s.dir.path() / "missing.part").string());
  BOOST_REQUIRE(s.seen_count(3));
  const auto seen = s.seen();
  BOOST_TEST(seen[0].key.hex() == good_key.hex());
  BOOST_TEST((seen[0].verdict && *seen[0].verdict));
  BOOST_TEST((seen[1].verdict && !*seen[1].verdict));
  BOOST_TEST(!seen[2].verdict.has_value());
  BOOST_TEST(seen[2].verdict.error().find("cannot verify") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_forgotten_or_superseded_check_brings_no_verdict) {
  VerifierSetup s;
  const auto [a, a_key] = s.file("a.part", 2'000'000, 3);
  const auto [b, b_key] = s.file("b.part", 2'000'000, 4);
  const auto [c, c_key] = s.file("c.part", 2'000'000, 5);
  s.verify(a_key, a);
  s.thread.call([&, key = a_key] { s.verifier->forget(key); });
  s.verify(b_key, c);  // superseded at once: only the next check of b counts
  s.verify(b_key, b);
  s.verify(c_key, c);  // the last: once its verdict is here, every earlier one would be too
  BOOST_REQUIRE(s.seen_count(2));
  BOOST_TEST(test::holds_for([&] { return s.seen().size() == 2; }, 200ms));
  const auto seen = s.seen();
  BOOST_TEST(seen[0].key.hex() == b_key.hex());
  BOOST_TEST((seen[0].verdict && *seen[0].verdict));
  BOOST_TEST(seen[1].key.hex() == c_key.hex());
  bool checking = true;
  s.thread.call([&] { checking = s.verifier->checking_count() != 0; });
  BOOST_TEST(!checking);
}

BOOST_AUTO_TEST_CASE(stop_drops_the_checks_and_the_verifier_works_again_after) {
  VerifierSetup s;
  std::vector<std::pair<std::string, protocol::FileKey>> files;
  for (int i = 0; i < 6; ++i) files.push_back(s.file("f" + std::to_string(i) + ".part", 4'000'000, char(10 + i)));
  s.thread.call([&] {
    for (const auto& [path, key] : files) s.verifier->verify(key, path, path + ".meta");
    s.verifier->stop();  // the worker may be in a check: its verdict must not come
  });
  const auto [last, last_key] = s.file("last.part", 1'000'000, 40);
  s.verify(last_key, last);
  BOOST_REQUIRE(s.seen_count(1));
  const auto seen = s.seen();
  BOOST_TEST(seen.size() == 1u);
  BOOST_TEST(seen[0].key.hex() == last_key.hex());
}

BOOST_AUTO_TEST_CASE(many_checks_asked_at_once_all_get_their_verdict_in_order) {
  VerifierSetup s;
  std::vector<std::pair<std::string, protocol::FileKey>> files;
  for (int i = 0; i < 8; ++i) files.push_back(s.file("m" + std::to_string(i) + ".part", 1'500'000, char(50 + i)));
  s.thread.call([&] {
    for (const auto& [path, key] : files) s.verifier->verify(key, path, path + ".meta");
  });
  BOOST_REQUIRE(s.seen_count(files.size()));
  const auto seen = s.seen();
  for (std::size_t i = 0; i < files.size(); ++i) {
    BOOST_TEST(seen[i].key.hex() == files[i].second.hex());
    BOOST_TEST((seen[i].verdict && *seen[i].verdict));
  }
}

BOOST_AUTO_TEST_SUITE_END()
