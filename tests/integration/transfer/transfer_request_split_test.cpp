// GET and SEND go out as WinMX sends them (wire audit D11; nDPI's WinMX traces show "GET"
// as its own 3-byte TCP payload): the command word is one write, the rest of the line a
// second. A raw peer on loopback accepts our data connection, greets it with '1' and
// records its first recv.
//
// TCP does not keep write boundaries: a receiver that wakes late can find both writes
// already queued and read them in one recv. The sender uses TCP_NODELAY, so each write is
// its own segment; a single write of the whole line could never be read as "GET" alone.
// The test therefore makes several connections, requires that the first recv is always a
// prefix of the line starting with the command word and that the whole line arrives, and
// reports how often the first recv was the word alone.
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "protocol/codecs/transfer_notices.h"
#include "transfer_fixture.h"

using namespace std::chrono_literals;
using namespace wpn;

namespace {

constexpr int Attempts = 16;  // 3 to 8 of 8 first reads were exact here; none of 16: p < 0.001
const char* const PeerIp = "127.0.0.13";

class RawListener {
 public:
  RawListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    ::inet_pton(AF_INET, PeerIp, &address.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd_, 4) != 0) return;
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~RawListener() { ::close(fd_); }
  RawListener(const RawListener&) = delete;
  RawListener& operator=(const RawListener&) = delete;

  std::uint16_t port() const noexcept { return port_; }

  // Accepts one connection, sends '1', and returns what the first recv read, then the
  // whole line (read until `line_end` is seen or 3 s pass). The connection is closed.
  std::pair<std::string, std::string> first_read(const std::string& line_end) {
    pollfd wait{fd_, POLLIN, 0};
    if (::poll(&wait, 1, 5000) != 1) return {"no connection", ""};
    const int peer = ::accept(fd_, nullptr, nullptr);
    if (peer < 0) return {"accept failed", ""};
    ::send(peer, "1", 1, MSG_NOSIGNAL);
    char buffer[4096];
    pollfd readable{peer, POLLIN, 0};
    std::string first;
    if (::poll(&readable, 1, 5000) == 1) {
      const ssize_t n = ::recv(peer, buffer, sizeof buffer, 0);
      if (n > 0) first.assign(buffer, static_cast<std::size_t>(n));
    }
    std::string line = first;
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (line.find(line_end) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      if (::poll(&readable, 1, 100) != 1) continue;
      const ssize_t n = ::recv(peer, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      line.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(peer);
    return {first, line};
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

protocol::NodeHandle handle_of(const char* ip) { return protocol::NodeHandle{test::ip4(ip), 6257}; }

void check_first_reads(const std::vector<std::pair<std::string, std::string>>& reads, const std::string& word) {
  int exactly_the_word = 0;
  for (const auto& [first, line] : reads) {
    BOOST_TEST_CONTEXT("first recv \"" << first << "\" of \"" << line << "\"") {
      BOOST_TEST(line.starts_with(word));
      BOOST_TEST(line.starts_with(first));
      BOOST_TEST(first.size() >= word.size());
    }
    if (first == word) ++exactly_the_word;
  }
  // TCP keeps no write boundaries: a loaded receiver often reads both writes at once, so how
  // many first reads are exactly the word is reported, not required. That the word is its
  // own write is pinned by the machines' unit tests (downloader_test, uploader_test).
  BOOST_TEST_MESSAGE(word << ": first recv exactly the command word in " << exactly_the_word << " of " << reads.size()
                          << " connections");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transfer_request_split)

BOOST_AUTO_TEST_CASE(get_is_written_before_the_rest_of_the_line) {
  test::TempDir dir;
  RawListener holder;
  BOOST_REQUIRE(holder.port() != 0);
  std::vector<std::pair<std::string, std::string>> reads;
  for (int i = 0; i < Attempts; ++i) {
    // A fresh downloader each time: a closed source retries later and would hold a slot.
    test::TransferWorld world;
    auto& downloader =
        world.add_node(test::node_settings(dir.path(), "bob_0000" + std::to_string(i), "127.0.0.3"), nullptr);
    protocol::FileKey key;
    key.hash.fill(static_cast<protocol::Byte>(i + 1));
    key.size = 1000;
    const protocol::TransferAddress source{handle_of(PeerIp), "alice_00001", "Share\\f" + std::to_string(i) + ".mp3"};
    bool added = false;
    world.call([&] {
      added = downloader.add_download(key, "f" + std::to_string(i) + ".mp3", {source}).has_value();
      downloader.on_transfer_notice(protocol::DownloadStart{std::nullopt, source, test::ip4(PeerIp), holder.port()});
    });
    BOOST_REQUIRE(added);
    reads.push_back(holder.first_read("\" M"));
  }
  check_first_reads(reads, "GET");
  BOOST_TEST(reads.size() == static_cast<std::size_t>(Attempts));
}

BOOST_AUTO_TEST_CASE(send_is_written_before_the_rest_of_the_line) {
  test::TempDir dir;
  test::SharedFiles shared(dir.path());
  test::write_random_file(shared.root() / "song.mp3", 4096, 7);
  const auto announced = shared.add("song.mp3");
  test::TransferWorld world;
  auto settings = test::node_settings(dir.path(), "alice_00001", "127.0.0.2");
  auto& uploader = world.add_node(settings, &shared.lookup());
  RawListener requester;
  BOOST_REQUIRE(requester.port() != 0);
  std::vector<std::pair<std::string, std::string>> reads;
  for (int i = 0; i < Attempts; ++i) {
    const protocol::TransferAddress from{handle_of(PeerIp), "bob_0000" + std::to_string(i), announced};
    world.call([&] {
      uploader.on_transfer_notice(protocol::UploadRequested{std::nullopt, from, 0, protocol::OptionWidth::OneByte});
      uploader.on_transfer_notice(protocol::UploadStart{std::nullopt, from, test::ip4(PeerIp), requester.port()});
    });
    reads.push_back(requester.first_read(" 4096"));
  }
  check_first_reads(reads, "SEND");
}

BOOST_AUTO_TEST_SUITE_END()
