#include "hash_command.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "exit_codes.h"
#include "share/hash_file.h"

namespace wpn::ctl {

int run_hash(const std::vector<std::string>& files, bool json, std::ostream& out, std::ostream& err) {
  if (files.empty()) {
    err << "usage: wpnctl hash FILE...\n";
    return ExitUsage;
  }
  Poco::JSON::Array results;
  int status = ExitOk;
  for (const auto& path : files) {
    const auto key = share::hash_file(path);
    if (!key) {
      err << "wpnctl: " << path << ": " << key.error().reason << '\n';
      status = ExitFailure;
      if (json) {
        Poco::JSON::Object entry;
        entry.set("path", path);
        entry.set("error", key.error().reason);
        results.add(entry);
      }
      continue;
    }
    if (json) {
      Poco::JSON::Object entry;
      entry.set("path", path);
      entry.set("key", key->hex());
      entry.set("hash", key->hash_text());
      entry.set("size", key->size);
      results.add(entry);
    } else {
      out << key->hex() << "  " << key->hash_text() << "  " << path << '\n';
    }
  }
  if (json) {
    results.stringify(out);
    out << '\n';
  }
  return status;
}

}  // namespace wpn::ctl
