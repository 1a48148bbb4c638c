#pragma once

// The HTTP endpoints a task's containers call: task metadata v3 and v4 (/v3/<token>..., /v4/<token>...) and the
// task role credentials route (/v2/credentials/<id>). Task state comes as immutable TaskViews copied on the state
// strand; Docker's side (inspect, stats) comes from the engine. It never touches the World itself.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "http/server.hpp"
#include "runtime/docker_client.hpp"
#include "taskmeta/task_credentials.hpp"
#include "taskmeta/task_metadata.hpp"

namespace ecsemu::taskmeta {

// Copies the view of the container with that token (v3 or v4) on the state strand.
using TaskLookup = std::function<boost::asio::awaitable<std::optional<TaskView>>(std::string token, int version)>;

// Answers a task role credentials request for an id (task_credentials.hpp) on the state strand.
using CredentialsLookup = std::function<boost::asio::awaitable<CredentialsAnswer>(std::string id)>;

class InsideEndpoint {
 public:
  // `docker`: the engine to read inspect documents and stats from; none for the simulated runtime.
  InsideEndpoint(TaskLookup lookup, CredentialsLookup credentials, std::optional<runtime::DockerEndpoint> docker,
                 std::string docker_api_version);

  // Whether `target` is one of this endpoint's paths.
  static bool handles(std::string_view target);
  boost::asio::awaitable<http::Response> handle(http::Exchange& exchange);

 private:
  boost::asio::awaitable<boost::json::value> inspect(const std::string& docker_id);
  boost::asio::awaitable<boost::json::value> stats(const std::string& docker_id);
  boost::asio::awaitable<boost::json::object> container(ContainerView view);

  TaskLookup lookup_;
  CredentialsLookup credentials_;
  std::optional<runtime::DockerClient> docker_;
};

}  // namespace ecsemu::taskmeta
