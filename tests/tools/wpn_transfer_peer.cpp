// wpn_transfer_peer: one TransferManager in its own process, serving the files of
// <dir>/share, so a test can kill -9 a real uploader mid-transfer.
//
//   wpn_transfer_peer --name alice_00001 --ip 127.0.0.2 --dir DIR [--upload-limit BYTES_PER_S]
//                     [--incomplete DIR (instead of DIR/<name>-incomplete)]
//
// stdout: "PORT <data port>" once listening, then "PKT <type hex> <payload hex>" for
// every 0x1Fxx packet the machines send to their primary, and "PHASE <transfer id> <phase>"
// (TransferPhase as a number) when a transfer's phase changes. stdin: "NOTICE <type hex>
// <payload hex>" delivers a primary->secondary 0x1Fxx packet; "DOWNLOAD <key hex> <source
// name> <source ip> <virtual name>" starts a download; "QUIT" ends.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "protocol/codecs/transfer_notices.h"
#include "protocol/codecs/transfer_requests.h"
#include "protocol/hex.h"
#include "transfer_fixture.h"

using namespace wpn;

int main(int argc, char** argv) {
  std::string name, ip, dir, incomplete;
  std::uint64_t upload_limit = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    const std::string value = argv[i + 1];
    if (option == "--name")
      name = value;
    else if (option == "--ip")
      ip = value;
    else if (option == "--dir")
      dir = value;
    else if (option == "--incomplete")
      incomplete = value;
    else if (option == "--upload-limit")
      upload_limit = std::stoull(value);
  }
  if (name.empty() || ip.empty() || dir.empty()) {
    std::cerr << "usage: wpn_transfer_peer --name N --ip 127.0.0.x --dir DIR [--upload-limit B/s] [--incomplete DIR]\n";
    return 2;
  }
  test::SharedFiles shared(dir);
  for (const auto& entry : std::filesystem::directory_iterator(shared.root()))
    if (entry.is_regular_file()) shared.add(entry.path().filename().string());

  auto settings = test::node_settings(dir, name, ip);
  settings.limits.upload = upload_limit;
  if (!incomplete.empty()) settings.incomplete_dir = incomplete;
  net::LoopThread thread;
  std::unique_ptr<net::TransferManager> manager;
  std::uint16_t port = 0;
  thread.call([&] {
    manager = std::make_unique<net::TransferManager>(thread.loop(), settings, &shared.lookup());
    manager->set_identity(settings.identity);  // the name a download's GET line carries
    manager->set_packet_sender([](const protocol::TransferRequestMessage& message) {
      protocol::Bytes payload;
      protocol::encode(message, payload);
      std::printf("PKT %04x %s\n", protocol::type_of(message), protocol::to_hex(payload).c_str());
      std::fflush(stdout);
    });
    manager->set_event_sink([](const transfer::TransferEvent& event) {
      if (const auto* changed = std::get_if<transfer::TransferStateChanged>(&event)) {
        std::printf("PHASE %llu %d\n", static_cast<unsigned long long>(changed->transfer),
                    static_cast<int>(changed->phase));
        std::fflush(stdout);
      }
    });
    if (auto error = manager->start()) {
      std::cerr << *error << "\n";
      return;  // port stays 0
    }
    port = manager->data_port();
  });
  if (port == 0) return 1;  // the caller sees an exit, not a port to dial
  std::printf("PORT %u\n", static_cast<unsigned>(port));
  std::fflush(stdout);

  std::string line;
  while (std::getline(std::cin, line)) {
    if (line == "QUIT") break;
    char key_text[64] = {};
    char source[128] = {};
    char source_ip[32] = {};
    char file[1024] = {};
    if (std::sscanf(line.c_str(), "DOWNLOAD %63s %127s %31s %1023s", key_text, source, source_ip, file) == 4) {
      const auto wire = protocol::from_hex(key_text).value_or(protocol::Bytes{});
      if (wire.size() != 20) continue;
      const auto key = protocol::FileKey::from_wire(std::span<const protocol::Byte, 20>(wire.data(), 20));
      const protocol::TransferAddress address{protocol::NodeHandle{test::ip4(source_ip), 6257}, source, file};
      thread.call([&] { manager->add_download(key, file, {address}); });
      continue;
    }
    char type_text[8] = {};
    char payload_text[8192] = {};
    if (std::sscanf(line.c_str(), "NOTICE %7s %8191s", type_text, payload_text) < 1) continue;
    const auto type = static_cast<std::uint16_t>(std::stoul(type_text, nullptr, 16));
    const auto payload = protocol::from_hex(payload_text).value_or(protocol::Bytes{});
    auto notice = protocol::decode_transfer_notice(type, protocol::ByteView(payload.data(), payload.size()));
    if (!notice) {
      std::cerr << "bad notice: " << line << "\n";
      continue;
    }
    thread.loop().post([&manager, n = *notice] { manager->on_transfer_notice(n); });
  }
  thread.call([&] { manager.reset(); });
  thread.stop();
  return 0;
}
