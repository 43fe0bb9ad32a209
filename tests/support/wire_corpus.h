#pragma once
// The frames of tests/data/wire_corpus (see its README): one whole plaintext frame per
// file, named after its source and case.

#include <string>
#include <string_view>
#include <vector>

#include "protocol/frame.h"

namespace wpn::test {

struct CorpusFrame {
  std::string name;  // file name without ".hex"
  protocol::Frame frame;
  bool hostile = false;  // "hostile_*": must be skipped by every receiver
};

// Every frame of wire_corpus/<direction> ("to_secondary", "to_hub"), sorted by name. A file
// whose header length disagrees with its bytes is a corpus bug and throws.
std::vector<CorpusFrame> wire_corpus(std::string_view direction);

}  // namespace wpn::test
