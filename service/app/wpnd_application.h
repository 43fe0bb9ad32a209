#pragma once
// wpnd as a POCO ServerApplication. The constructor registers nothing, initialize() blocks
// the signals the main thread waits for (before any thread exists), main() starts the
// service, reports readiness and waits: SIGTERM/SIGINT stop, SIGHUP reloads.
//
//   wpnd [--config FILE] [--share DIR]... [--data-dir DIR] [--runtime-dir DIR] [--daemon]
//        [--role secondary|primary|cache] [--bind ADDR] [--data-port N] [--cache HOST:PORT]...
//        [--name BASENAME] [--passive]

#include <Poco/Util/ServerApplication.h>

#include <string>
#include <vector>

#include "service/app/wpnd_service.h"

namespace wpn::service {

class WpndApplication final : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override;
  void initialize(Poco::Util::Application& self) override;
  int main(const std::vector<std::string>& args) override;

 private:
  void on_setting(const std::string& name, const std::string& value);
  void on_config(const std::string& name, const std::string& value);
  void on_help(const std::string& name, const std::string& value);
  void on_version(const std::string& name, const std::string& value);
  void on_daemon(const std::string& name, const std::string& value);
  int wait_for_signals(WpndService& service);

  ServiceOptions options_;
  bool help_ = false;
  bool version_ = false;
};

}  // namespace wpn::service
