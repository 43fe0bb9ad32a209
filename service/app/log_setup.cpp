#include "service/app/log_setup.h"

#include <Poco/ConsoleChannel.h>
#include <Poco/FileChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/PatternFormatter.h>
#include <Poco/SplitterChannel.h>

namespace wpn::service {

namespace {

constexpr const char* LinePattern = "%Y-%m-%d %H:%M:%S.%i %q %s: %t";

// POCO's AutoPtr adopts raw pointers without a reference, so everything stays in AutoPtrs.
Poco::Channel::Ptr formatted(const Poco::Channel::Ptr& channel) {
  Poco::AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter(LinePattern));
  formatter->setProperty("times", "local");
  return Poco::Channel::Ptr(new Poco::FormattingChannel(formatter, channel));
}

}  // namespace

Poco::AutoPtr<LogRing> setup_logging(const ServiceSettings& settings, const LogOutputs& outputs) {
  Poco::AutoPtr<LogRing> ring(new LogRing(settings.log_ring_lines));
  Poco::AutoPtr<Poco::SplitterChannel> splitter(new Poco::SplitterChannel);
  splitter->addChannel(ring);
  if (outputs.console) splitter->addChannel(formatted(Poco::Channel::Ptr(new Poco::ConsoleChannel)));
  if (!outputs.file.empty()) {
    Poco::AutoPtr<Poco::FileChannel> file(new Poco::FileChannel(outputs.file.string()));
    file->setProperty("rotation", std::to_string(settings.log_file_max_kib) + " K");
    file->setProperty("archive", "number");
    file->setProperty("purgeCount", std::to_string(settings.log_file_keep));
    file->setProperty("flush", "true");
    splitter->addChannel(formatted(Poco::Channel::Ptr(file)));
  }
  Poco::Logger::root().setChannel(splitter);
  Poco::Logger::setChannel("", splitter);  // loggers created earlier too
  set_log_level(settings.log_level);
  return ring;
}

void set_log_level(const std::string& level) {
  Poco::Logger::root().setLevel(level);
  // Loggers created before the change keep their own level unless told.
  Poco::Logger::setLevel("", Poco::Logger::parseLevel(level));
}

}  // namespace wpn::service
