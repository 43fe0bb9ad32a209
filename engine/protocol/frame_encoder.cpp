#include "protocol/frame_encoder.h"

#include <algorithm>
#include <span>

namespace wpn::protocol {

EncodeResult encode_frame(std::uint16_t type, ByteView payload, Bytes& out, TcpCipher* cipher,
                          std::size_t max_payload) {
  if (payload.size() > std::min(max_payload, ReceivePayloadCap))
    return tl::unexpected<EncodeErrc>(EncodeErrc::PayloadTooLarge);
  const std::size_t start = out.size();
  ByteWriter writer(out);
  writer.u16le(type);
  writer.u16le(static_cast<std::uint16_t>(payload.size()));
  writer.bytes(payload);
  if (cipher) cipher->encrypt(std::span<Byte>(out).subspan(start));
  return out.size() - start;
}

FrameEncoder::FrameEncoder(std::optional<TcpCipher> cipher, std::size_t max_payload) noexcept
    : cipher_(cipher), max_payload_(std::min(max_payload, ReceivePayloadCap)) {}

EncodeResult FrameEncoder::encode(std::uint16_t type, ByteView payload, Bytes& out) {
  return encode_frame(type, payload, out, cipher_ ? &*cipher_ : nullptr, max_payload_);
}

std::optional<std::uint32_t> FrameEncoder::cipher_state() const noexcept {
  if (!cipher_) return std::nullopt;
  return cipher_->key();
}

}  // namespace wpn::protocol
