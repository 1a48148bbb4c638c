#include "taskmeta/inside_endpoint.hpp"

#include "ecsemu/url_coding.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace ecsemu::taskmeta {

namespace json = boost::json;
namespace bhttp = boost::beast::http;

namespace {

http::Response reply(const http::Request& req, bhttp::status status, const json::value& body) {
  http::Response res{status, req.version()};
  res.set(bhttp::field::content_type, "application/json");
  res.keep_alive(req.keep_alive());
  res.body() = json::serialize(body);
  res.prepare_payload();
  return res;
}

// "/v4/TOKEN/task/stats" -> version 4, token, rest "/task/stats".
struct MetadataPath {
  int version = 0;
  std::string token;
  std::string rest;
};

std::optional<MetadataPath> parse_path(std::string_view path) {
  MetadataPath out;
  if (path.rfind("/v4/", 0) == 0) {
    out.version = 4;
  } else if (path.rfind("/v3/", 0) == 0) {
    out.version = 3;
  } else {
    return std::nullopt;
  }
  path.remove_prefix(4);
  auto slash = path.find('/');
  out.token = std::string(path.substr(0, slash));
  out.rest = slash == std::string_view::npos ? "" : std::string(path.substr(slash));
  while (!out.rest.empty() && out.rest.back() == '/') {
    out.rest.pop_back();
  }
  return out;
}

}  // namespace

InsideEndpoint::InsideEndpoint(TaskLookup lookup, CredentialsLookup credentials,
                               std::optional<runtime::DockerEndpoint> docker, std::string docker_api_version)
    : lookup_(std::move(lookup)), credentials_(std::move(credentials)) {
  if (docker) {
    docker_.emplace(*docker);
    docker_->set_api_version(std::move(docker_api_version));
  }
}

bool InsideEndpoint::handles(std::string_view target) {
  return target.rfind("/v3/", 0) == 0 || target.rfind("/v4/", 0) == 0 || target.rfind("/v2/credentials", 0) == 0;
}

boost::asio::awaitable<json::value> InsideEndpoint::inspect(const std::string& docker_id) {
  if (!docker_ || docker_id.empty()) {
    co_return json::value{};
  }
  std::string target = docker_->versioned("/containers/" + url_encode(docker_id) + "/json");
  runtime::DockerResponse res =
      co_await docker_->request(bhttp::verb::get, std::move(target), std::string(), std::chrono::seconds(5));
  co_return res.ok() ? res.json() : json::value{};
}

boost::asio::awaitable<json::value> InsideEndpoint::stats(const std::string& docker_id) {
  if (!docker_ || docker_id.empty()) {
    co_return json::value{};
  }
  std::vector<std::pair<std::string, std::string>> query;
  query.emplace_back(std::string("stream"), std::string("false"));
  std::string target = docker_->versioned("/containers/" + url_encode(docker_id) + "/stats", query);
  runtime::DockerResponse res =
      co_await docker_->request(bhttp::verb::get, std::move(target), std::string(), std::chrono::seconds(10));
  co_return res.ok() ? res.json() : json::value{};
}

boost::asio::awaitable<json::object> InsideEndpoint::container(ContainerView view) {
  add_docker_inspect(view.metadata, co_await inspect(view.docker_id));
  co_return std::move(view.metadata);
}

boost::asio::awaitable<http::Response> InsideEndpoint::handle(http::Exchange& exchange) {
  const http::Request& req = exchange.request;
  std::string_view target = req.target();
  std::string_view path = target.substr(0, target.find('?'));
  if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
    co_return reply(req, bhttp::status::method_not_allowed,
                    json::object{{"code", "MethodNotAllowed"}, {"message", "Only GET is supported"}});
  }
  if (path.rfind("/v2/credentials", 0) == 0) {
    // "/v2/credentials/ID"; the agent takes everything after the prefix as the id.
    std::string_view id = path.substr(std::string_view("/v2/credentials").size());
    if (!id.empty() && id.front() == '/') {
      id.remove_prefix(1);
    }
    CredentialsAnswer answer = co_await credentials_(std::string(id));
    co_return reply(req, static_cast<bhttp::status>(answer.status), answer.body);
  }
  std::optional<MetadataPath> parsed = parse_path(path);
  std::optional<TaskView> view;
  if (parsed) {
    view = co_await lookup_(parsed->token, parsed->version);
  }
  if (!view) {
    co_return reply(req, bhttp::status::not_found,
                    json::object{{"code", "ResourceNotFound"},
                                 {"message", "Unable to get task metadata: no container with this token"}});
  }
  const std::string& rest = parsed->rest;
  if (rest.empty()) {
    co_return reply(req, bhttp::status::ok, co_await container(std::move(view->self)));
  }
  if (rest == "/task") {
    json::object task = std::move(view->task);
    json::array containers;
    for (auto& c : view->containers) {
      containers.push_back(co_await container(std::move(c)));
    }
    task["Containers"] = std::move(containers);
    co_return reply(req, bhttp::status::ok, task);
  }
  if (rest == "/stats") {
    co_return reply(req, bhttp::status::ok, co_await stats(view->self.docker_id));
  }
  if (rest == "/task/stats") {
    json::object all;
    for (const auto& c : view->containers) {
      if (!c.docker_id.empty()) {
        all[c.docker_id] = co_await stats(c.docker_id);
      }
    }
    co_return reply(req, bhttp::status::ok, all);
  }
  co_return reply(req, bhttp::status::not_found,
                  json::object{{"code", "ResourceNotFound"}, {"message", "Unknown task metadata path"}});
}

}  // namespace ecsemu::taskmeta
