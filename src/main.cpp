// ecsemu: wiring only. Config -> App -> run.
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "app.hpp"
#include "config.hpp"
#include "healthcheck.hpp"
#include "log.hpp"

extern char** environ;

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    env.emplace_back(*e);
  }
  ecsemu::ParsedArgs parsed = ecsemu::parse_args(args, env);
  if (parsed.list_operations) {
    ecsemu::aws::OperationRegistry registry;
    ecsemu::aws::register_all_services(registry);
    ecsemu::aws::ServiceCatalog catalog;
    boost::json::object out;
    for (const auto& service : catalog.services()) {
      boost::json::array ops;
      for (const auto& op : registry.operations(service.key)) {
        ops.emplace_back(op);
      }
      out[service.key] = std::move(ops);
    }
    std::puts(boost::json::serialize(out).c_str());
    return 0;
  }
  if (!parsed.config) {
    std::fputs(parsed.output.c_str(), parsed.exit_code == 0 ? stdout : stderr);
    return parsed.exit_code;
  }
  if (parsed.healthcheck) {
    ecsemu::HealthcheckResult health = ecsemu::probe_health(*parsed.config, std::chrono::seconds(3));
    std::fprintf(health.healthy ? stdout : stderr, "%s\n", health.message.c_str());
    return health.healthy ? 0 : 1;
  }
  ecsemu::log::set_level(parsed.config->log_level);
  try {
    ecsemu::App app(*parsed.config);
    std::uint16_t port = app.listen();
    std::printf("ecsemu %s listening on http://%s:%u\n", ECSEMU_VERSION, parsed.config->host.c_str(), port);
    std::fflush(stdout);
    app.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ecsemu: %s\n", e.what());
    return 1;
  }
  return 0;
}
