// wpn-vectors FILE.json... : runs every golden vector of schema
// "wpn-golden-vectors/1" (crypto or hash kind, detected by content) against
// the protocol core. Prints one line per failed check, then "N passed, M failed"
// (counted per vector). Exit status 1 when anything failed, nothing ran, or a
// file has an unknown schema.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "protocol/cipher_tables.h"
#include "protocol/file_hash.h"
#include "protocol/frontcode.h"
#include "protocol/hex.h"
#include "protocol/key_block.h"
#include "protocol/tcp_cipher.h"
#include "protocol/udp_cipher.h"

namespace {

using namespace wpn::protocol;
using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::string_view Schema = "wpn-golden-vectors/1";

// A malformed vector file is reported like a failed check.
struct BadVector : std::exception {
  explicit BadVector(std::string what) : message(std::move(what)) {}
  const char* what() const noexcept override { return message.c_str(); }
  std::string message;
};

class Runner {
 public:
  explicit Runner(std::string file) : file_(std::move(file)) {}

  // Runs one vector; any failed check or exception marks it failed.
  template <class Body>
  void vector(const std::string& path, Body&& body) {
    path_ = path;
    failed_checks_ = 0;
    try {
      body();
    } catch (const std::exception& e) {
      fail("", std::string("error: ") + e.what());
    }
    if (failed_checks_ == 0) {
      ++passed_;
    } else {
      ++failed_;
    }
  }

  void expect(bool ok, const std::string& field, const std::string& detail = "") {
    if (!ok) fail(field, detail.empty() ? "mismatch" : detail);
  }

  void expect_bytes(ByteView got, ByteView want, const std::string& field) {
    if (!std::equal(got.begin(), got.end(), want.begin(), want.end())) {
      fail(field, "expected " + to_hex(want) + " got " + to_hex(got));
    }
  }

  void expect_u32(std::uint32_t got, std::uint32_t want, const std::string& field) {
    if (got != want) fail(field, "expected " + hex32(want) + " got " + hex32(got));
  }

  void fail(const std::string& field, const std::string& detail) {
    ++failed_checks_;
    std::printf("FAIL %s: %s%s%s: %s\n", file_.c_str(), path_.c_str(), field.empty() ? "" : ".", field.c_str(),
                detail.c_str());
  }

  int passed() const noexcept { return passed_; }
  int failed() const noexcept { return failed_; }

  static std::string hex32(std::uint32_t v) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", v);
    return text;
  }

 private:
  std::string file_;
  std::string path_;
  int failed_checks_ = 0;
  int passed_ = 0;
  int failed_ = 0;
};

// --- JSON field access --------------------------------------------------------

std::string text(const Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key)) throw BadVector("missing field " + key);
  return o->getValue<std::string>(key);
}

Bytes bytes(const Object::Ptr& o, const std::string& key) {
  const auto value = from_hex(text(o, key));
  if (!value) throw BadVector("field " + key + " is not hex");
  return *value;
}

template <std::size_t N>
std::array<Byte, N> fixed_bytes(const Object::Ptr& o, const std::string& key) {
  const Bytes value = bytes(o, key);
  if (value.size() != N) throw BadVector("field " + key + " has the wrong length");
  std::array<Byte, N> out{};
  std::copy(value.begin(), value.end(), out.begin());
  return out;
}

std::uint32_t number(const std::string& value, const std::string& key) {
  if (value.size() < 3 || value.size() > 10 || value.compare(0, 2, "0x") != 0) {
    throw BadVector("field " + key + " is not a 0x number");
  }
  std::uint32_t out = 0;
  for (std::size_t i = 2; i < value.size(); ++i) {
    const auto digit = from_hex(std::string("0") + value[i]);
    if (!digit) throw BadVector("field " + key + " is not a 0x number");
    out = out << 4 | (*digit)[0];
  }
  return out;
}

std::uint32_t number(const Object::Ptr& o, const std::string& key) { return number(text(o, key), key); }

std::optional<std::uint32_t> optional_number(const Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key)) throw BadVector("missing field " + key);
  if (o->isNull(key)) return std::nullopt;
  return number(o, key);
}

Object::Ptr object(const Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key)) throw BadVector("missing field " + key);
  return o->getObject(key);
}

// Calls body(item, "name[i]") for every element of o[key]; a missing list is one failure.
template <class Body>
void each(Runner& run, const Object::Ptr& o, const std::string& prefix, const std::string& key, Body&& body) {
  const std::string name = prefix.empty() ? key : prefix + "." + key;
  const Array::Ptr list = (o && o->has(key)) ? o->getArray(key) : nullptr;
  if (!list) {
    run.vector(name, [] { throw BadVector("missing list"); });
    return;
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string path = name + "[" + std::to_string(i) + "]";
    const Object::Ptr item = list->getObject(static_cast<unsigned>(i));
    run.vector(path, [&] {
      if (!item) throw BadVector("not an object");
      body(item);
    });
  }
}

// --- crypto.json ---------------------------------------------------------------

void check_crypt_key(Runner& run, const KeyBlock& block, const Object::Ptr& v) {
  const std::uint32_t want_id = number(v, "key_id");
  const auto id = decode_key_block_id(block);
  run.expect_u32(id ? *id : InvalidKeyId, want_id, "key_id");

  const Object::Ptr expected = object(v, "get_crypt_key");
  const CryptKeyResult got = get_crypt_key(block);
  run.expect_u32(got.id, number(expected, "return"), "get_crypt_key.return");
  const auto check_key = [&](const std::optional<std::uint32_t>& key, const std::string& name) {
    const auto want = optional_number(expected, name);
    if (want && key) {
      run.expect_u32(*key, *want, "get_crypt_key." + name);
    } else {
      run.expect(!want && !key, "get_crypt_key." + name, want ? "no key derived" : "unexpected key");
    }
  };
  check_key(got.up, "up_key");
  check_key(got.down, "down_key");
}

void run_key_blocks(Runner& run, const Object::Ptr& root) {
  const Object::Ptr kb = object(root, "key_blocks");
  each(run, kb, "key_blocks", "create", [&](const Object::Ptr& v) {
    const std::uint32_t id = number(v, "id");
    if (id > 0xFF) throw BadVector("id above 0xff");
    const auto random = fixed_bytes<16>(v, "random_bytes");
    const KeyBlock want = fixed_bytes<16>(v, "block");
    const KeyBlock made = create_key_block(static_cast<std::uint8_t>(id), std::span<const Byte, 16>(random));
    run.expect_bytes(made, want, "block");
    check_crypt_key(run, want, v);
  });
  each(run, kb, "key_blocks", "decode",
       [&](const Object::Ptr& v) { check_crypt_key(run, fixed_bytes<16>(v, "block"), v); });
}

void run_tcp(Runner& run, const Object::Ptr& root) {
  const Object::Ptr tcp = object(root, "tcp");
  each(run, tcp, "tcp", "single", [&](const Object::Ptr& v) {
    const std::uint32_t key = number(v, "key");
    const Bytes plain = bytes(v, "plaintext");
    const Bytes cipher = bytes(v, "ciphertext");
    const std::uint32_t next = number(v, "next_key");
    Bytes buf = plain;
    TcpCipher enc(key);
    enc.encrypt(buf);
    run.expect_bytes(buf, cipher, "ciphertext");
    run.expect_u32(enc.key(), next, "next_key (encrypt)");
    buf = cipher;
    TcpCipher dec(key);
    dec.decrypt(buf);
    run.expect_bytes(buf, plain, "plaintext");
    run.expect_u32(dec.key(), next, "next_key (decrypt)");
  });
  each(run, tcp, "tcp", "chained", [&](const Object::Ptr& v) {
    const std::uint32_t key = number(v, "key");
    TcpCipher enc(key);
    TcpCipher dec(key);
    Bytes all_plain;
    const Array::Ptr steps = v->getArray("steps");
    if (!steps) throw BadVector("missing steps");
    for (std::size_t i = 0; i < steps->size(); ++i) {
      const Object::Ptr step = steps->getObject(static_cast<unsigned>(i));
      const std::string name = "steps[" + std::to_string(i) + "]";
      const Bytes plain = bytes(step, "plaintext");
      const Bytes cipher = bytes(step, "ciphertext");
      all_plain.insert(all_plain.end(), plain.begin(), plain.end());
      Bytes buf = plain;
      enc.encrypt(buf);
      run.expect_bytes(buf, cipher, name + ".ciphertext");
      run.expect_u32(enc.key(), number(step, "key_after"), name + ".key_after");
      buf = cipher;
      dec.decrypt(buf);
      run.expect_bytes(buf, plain, name + ".plaintext (decrypt)");
      run.expect_u32(dec.key(), number(step, "key_after"), name + ".key_after (decrypt)");
    }
    const Object::Ptr single = object(v, "single_call_equivalent");
    TcpCipher once(key);
    once.encrypt(all_plain);
    run.expect_bytes(all_plain, bytes(single, "ciphertext"), "single_call_equivalent.ciphertext");
    run.expect_u32(once.key(), number(single, "next_key"), "single_call_equivalent.next_key");
  });
  each(run, tcp, "tcp", "decrypt_only", [&](const Object::Ptr& v) {
    Bytes buf = bytes(v, "ciphertext");
    TcpCipher dec(number(v, "key"));
    dec.decrypt(buf);
    run.expect_bytes(buf, bytes(v, "plaintext"), "plaintext");
    run.expect_u32(dec.key(), number(v, "next_key"), "next_key");
  });
  run.vector("tcp.session", [&] {
    const Object::Ptr s = object(tcp, "session");
    const KeyBlock block = fixed_bytes<16>(s, "server_block");
    const auto id = decode_key_block_id(block);
    run.expect_u32(id ? *id : InvalidKeyId, number(s, "server_block_id"), "server_block_id");
    const auto keys = session_keys_from_server_block(block);
    if (!keys) {
      run.fail("server_block", "no session keys derived");
      return;
    }
    run.expect_u32(keys->client_to_server, number(s, "up_key"), "up_key");
    run.expect_u32(keys->server_to_client, number(s, "down_key"), "down_key");
    const auto direction = [&](const std::string& name, std::uint32_t key) {
      TcpCipher enc(key);
      TcpCipher dec(key);
      const Array::Ptr messages = s->getArray(name);
      if (!messages) throw BadVector("missing " + name);
      for (std::size_t i = 0; i < messages->size(); ++i) {
        const Object::Ptr m = messages->getObject(static_cast<unsigned>(i));
        const std::string field = name + "[" + std::to_string(i) + "]";
        Bytes buf = bytes(m, "plaintext");
        enc.encrypt(buf);
        run.expect_bytes(buf, bytes(m, "ciphertext"), field + ".ciphertext");
        run.expect_u32(enc.key(), number(m, "key_after"), field + ".key_after");
        buf = bytes(m, "ciphertext");
        dec.decrypt(buf);
        run.expect_bytes(buf, bytes(m, "plaintext"), field + ".plaintext (decrypt)");
      }
    };
    direction("client_to_server", keys->client_to_server);
    direction("server_to_client", keys->server_to_client);
  });
}

void run_udp(Runner& run, const Object::Ptr& root) {
  const Object::Ptr udp = object(root, "udp");
  each(run, udp, "udp", "encrypt", [&](const Object::Ptr& v) {
    Bytes buf = bytes(v, "plaintext");
    encrypt_datagram(buf);
    run.expect_bytes(buf, bytes(v, "ciphertext"), "ciphertext");
  });
  each(run, udp, "udp", "decrypt", [&](const Object::Ptr& v) {
    Bytes buf = bytes(v, "ciphertext");
    decrypt_datagram(buf);
    run.expect_bytes(buf, bytes(v, "plaintext"), "plaintext");
  });
  each(run, udp, "udp", "short_decrypt_divergence", [&](const Object::Ptr& v) {
    const Object::Ptr outputs = object(v, "outputs");
    Bytes buf = bytes(v, "ciphertext");
    decrypt_datagram(buf);
    run.expect_bytes(buf, bytes(outputs, "mxsock"), "outputs.mxsock");
    run.expect_bytes(buf, bytes(outputs, "nuggit"), "outputs.nuggit");
    buf = bytes(v, "original_plaintext");
    encrypt_datagram(buf);
    run.expect_bytes(buf, bytes(v, "ciphertext"), "ciphertext (encrypt of original_plaintext)");
  });
}

// The state a decoder reaches after the last block: forward table over bytes 120..131.
FrontcodeState final_state_of(const NodeListCipher& cipher) {
  FrontcodeState state{};
  for (std::size_t j = 0; j < FrontcodeBlockSize; ++j) {
    state[j] = wpn::protocol::tables::FrontcodeForward[j][cipher[NodeListCipherSize - FrontcodeBlockSize + j]];
  }
  return state;
}

void run_frontcode(Runner& run, const Object::Ptr& root) {
  const Object::Ptr fc = object(root, "frontcode");
  each(run, fc, "frontcode", "decrypt", [&](const Object::Ptr& v) {
    const auto input = fixed_bytes<NodeListCipherSize>(v, "input");
    const auto output = fixed_bytes<NodeListPlainSize>(v, "output");
    run.expect_bytes(decrypt_node_list(input), output, "output");
    // The backwards encoder must rebuild the input from the plaintext.
    run.expect_bytes(encrypt_node_list_from_final_state(output, final_state_of(input)), input, "input (re-encrypted)");
  });
  each(run, fc, "frontcode", "decrypt_disputed_table_entry", [&](const Object::Ptr& v) {
    const auto input = fixed_bytes<NodeListCipherSize>(v, "input");
    run.expect_bytes(decrypt_node_list(input), bytes(v, "output"), "output");
    run.expect_bytes(decrypt_node_list(input, FrontcodeTable::MxSock), bytes(v, "output_mxsock"), "output_mxsock");
    run.expect(!node_list_avoids_disputed_entry(input), "zero_byte_offset", "entry not detected");
  });
  each(run, fc, "frontcode", "encrypt", [&](const Object::Ptr& v) {
    const auto plain = fixed_bytes<NodeListPlainSize>(v, "plaintext");
    const auto state = fixed_bytes<FrontcodeBlockSize>(v, "random_state");
    const auto output = fixed_bytes<NodeListCipherSize>(v, "output");
    run.expect_bytes(encrypt_node_list_from_final_state(plain, state), output, "output");
    run.expect_bytes(decrypt_node_list(output), plain, "plaintext (decrypt of output)");
  });
}

// --- hash.json -------------------------------------------------------------------

// Generates the bytes of a hash.json rule on demand, so 100 MiB files need no memory.
class RuleReader final : public BlockReader {
 public:
  RuleReader(const std::string& rule, std::uint64_t size) : size_(size) {
    std::vector<std::string> parts(1);
    for (const char c : rule) {
      if (c == ':') {
        parts.emplace_back();
      } else {
        parts.back().push_back(c);
      }
    }
    const auto arg = [&](std::size_t i) -> std::uint64_t {
      std::size_t used = 0;
      const std::uint64_t value = std::stoull(parts.at(i), &used, 0);
      if (used != parts.at(i).size()) throw BadVector("bad rule " + rule);
      return value;
    };
    if (parts.size() == 4 && parts[0] == "affine") {
      kind_ = Kind::Affine;
      mul_ = arg(1);
      add_ = arg(2);
      mod_ = arg(3);
      if (mod_ == 0) throw BadVector("bad rule " + rule);
    } else if (parts.size() == 2 && parts[0] == "lcg") {
      kind_ = Kind::Lcg;
      seed_ = static_cast<std::uint32_t>(arg(1));
    } else if (parts.size() == 2 && parts[0] == "const") {
      kind_ = Kind::Const;
      add_ = arg(1) & 0xFF;
    } else {
      throw BadVector("unknown rule " + rule);
    }
  }

  tl::expected<std::size_t, std::error_code> read_at(std::uint64_t offset, std::span<Byte> out) override {
    if (offset >= size_) return std::size_t{0};
    const auto count = static_cast<std::size_t>(std::min<std::uint64_t>(out.size(), size_ - offset));
    std::uint32_t x = kind_ == Kind::Lcg ? lcg_after(offset) : 0;
    for (std::size_t k = 0; k < count; ++k) {
      const std::uint64_t i = offset + k;
      switch (kind_) {
        case Kind::Affine:
          out[k] = static_cast<Byte>((i * mul_ + add_) % mod_);
          break;
        case Kind::Const:
          out[k] = static_cast<Byte>(add_);
          break;
        case Kind::Lcg:
          x = x * LcgMul + LcgAdd;
          out[k] = static_cast<Byte>((x >> 16) & 0xFF);
          break;
      }
    }
    return count;
  }

 private:
  enum class Kind { Affine, Lcg, Const };
  static constexpr std::uint32_t LcgMul = 1103515245u;
  static constexpr std::uint32_t LcgAdd = 12345u;

  // The LCG state after `steps` steps, by composing the affine step map.
  std::uint32_t lcg_after(std::uint64_t steps) const {
    std::uint32_t mul = 1, add = 0;                      // accumulated map x -> mul*x + add
    std::uint32_t step_mul = LcgMul, step_add = LcgAdd;  // map for 2^bit steps
    for (; steps != 0; steps >>= 1) {
      if (steps & 1) {
        mul = mul * step_mul;
        add = add * step_mul + step_add;
      }
      step_add = step_add * step_mul + step_add;
      step_mul = step_mul * step_mul;
    }
    return mul * seed_ + add;
  }

  std::uint64_t size_;
  Kind kind_ = Kind::Const;
  std::uint64_t mul_ = 0, add_ = 0, mod_ = 1;
  std::uint32_t seed_ = 0;
};

void run_hash(Runner& run, const Object::Ptr& root) {
  each(run, root, "", "vectors", [&](const Object::Ptr& v) {
    const Object::Ptr file = object(v, "file");
    const auto size = file->getValue<std::uint64_t>("size");
    RuleReader reader(text(file, "rule"), size);
    const auto hash = hash_content(reader, size);
    if (!hash) {
      run.fail("hash_bytes", "hashing failed: " + hash.error().message());
      return;
    }
    run.expect(v->getValue<bool>("return"), "return", "vector expects failure");
    run.expect_bytes(*hash, bytes(v, "hash_bytes"), "hash_bytes");
    const Array::Ptr dwords = v->getArray("hash_dwords");
    if (!dwords || dwords->size() != 4) throw BadVector("hash_dwords needs 4 words");
    for (unsigned w = 0; w < 4; ++w) {
      std::uint32_t word = 0;
      for (unsigned b = 0; b < 4; ++b) word |= static_cast<std::uint32_t>((*hash)[4 * w + b]) << (8 * b);
      run.expect_u32(word, number(dwords->getElement<std::string>(w), "hash_dwords"),
                     "hash_dwords[" + std::to_string(w) + "]");
    }
    const auto key = make_file_key(*hash, size);
    run.expect(key.has_value(), "length", "size does not fit a file key");
    const auto length = v->getValue<std::uint64_t>("length");
    run.expect(key && key->size == length, "length",
               "expected " + std::to_string(length) + " got " + std::to_string(size));
  });
}

// --- driver -----------------------------------------------------------------------

bool read_file(const std::string& path, std::string& content) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return false;
  char chunk[65536];
  for (std::size_t got; (got = std::fread(chunk, 1, sizeof chunk, file)) > 0;) content.append(chunk, got);
  const bool ok = std::ferror(file) == 0;
  std::fclose(file);
  return ok;
}

bool run_file(Runner& run, const std::string& path) {
  std::string content;
  if (!read_file(path, content)) {
    std::printf("FAIL %s: cannot read\n", path.c_str());
    return false;
  }
  Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    root = parser.parse(content).extract<Object::Ptr>();
  } catch (const std::exception& e) {
    std::printf("FAIL %s: not a JSON object: %s\n", path.c_str(), e.what());
    return false;
  }
  if (!root || !root->has("schema") || root->getValue<std::string>("schema") != Schema) {
    std::printf("FAIL %s: unknown schema (want %s)\n", path.c_str(), std::string(Schema).c_str());
    return false;
  }
  const bool crypto = root->has("key_blocks") || root->has("tcp") || root->has("udp") || root->has("frontcode");
  // A section that is missing altogether counts as one failed vector.
  const auto section = [&](const char* name, void (*body)(Runner&, const Object::Ptr&)) {
    try {
      body(run, root);
    } catch (const std::exception& e) {
      const std::string why = e.what();
      run.vector(name, [&] { throw BadVector(why); });
    }
  };
  if (crypto) {
    section("key_blocks", run_key_blocks);
    section("tcp", run_tcp);
    section("udp", run_udp);
    section("frontcode", run_frontcode);
    return true;
  }
  if (root->has("vectors")) {
    run_hash(run, root);
    return true;
  }
  std::printf("FAIL %s: no crypto or hash vectors\n", path.c_str());
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: wpn-vectors FILE.json...\n");
    return 2;
  }
  int passed = 0;
  int failed = 0;
  bool files_ok = true;
  for (int i = 1; i < argc; ++i) {
    Runner run(argv[i]);
    files_ok = run_file(run, argv[i]) && files_ok;
    passed += run.passed();
    failed += run.failed();
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return (failed == 0 && passed > 0 && files_ok) ? 0 : 1;
}
