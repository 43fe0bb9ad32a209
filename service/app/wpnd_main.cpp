// wpnd: the OpenWPN service. See wpnd_application.h for the command line.
#include <cstring>
#include <exception>
#include <iostream>
#include <vector>

#include <Poco/Util/OptionException.h>

#include "service/app/daemonize.h"
#include "service/app/wpnd_application.h"

int main(int argc, char** argv) {
  // --daemon is handled here, before POCO sees the arguments: POCO's own handling would
  // fork again and detach stdio before the configuration has been checked.
  std::vector<char*> args;
  bool daemon = false;
  for (int i = 0; i < argc; ++i) {
    if (i > 0 && std::strcmp(argv[i], "--daemon") == 0)
      daemon = true;
    else
      args.push_back(argv[i]);
  }
  if (daemon) wpn::service::daemonize();
  try {
    wpn::service::WpndApplication app;
    try {
      app.init(static_cast<int>(args.size()), args.data());
    } catch (const Poco::Util::OptionException& e) {
      std::cerr << "wpnd: " << e.displayText() << " (see wpnd --help)\n";
      return Poco::Util::Application::EXIT_USAGE;
    }
    // ServerApplication::run(argc, argv) would only add POCO's own daemon handling.
    return static_cast<Poco::Util::Application&>(app).run();
  } catch (const std::exception& e) {
    std::cerr << "wpnd: " << e.what() << '\n';
    return 70;  // EX_SOFTWARE
  }
}
