#pragma once

// A small Docker Engine API client: HTTP/1.1 over the unix socket or TCP (DOCKER_HOST), one connection per call,
// a deadline on every call, JSON bodies, chunked responses and the long-lived event stream. Everything is
// asynchronous (C++20 coroutines, each call on the executor of the coroutine that awaits it); failures come back as
// values, never as exceptions.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>

namespace ecsemu::runtime {

// Where the engine listens: unix:///var/run/docker.sock (default) or tcp://HOST:PORT.
struct DockerEndpoint {
  bool unix_socket = true;
  std::string path = "/var/run/docker.sock";  // unix
  std::string host;                           // tcp
  std::string port;                           // tcp
  std::string describe() const;               // back in DOCKER_HOST form
};

// Parses a DOCKER_HOST value ("" means the default socket). Returns nullopt and sets `error` when it is not a
// unix:// or tcp:// address.
std::optional<DockerEndpoint> parse_docker_host(std::string_view text, std::string& error);

// The API versions this client speaks: it asks for the server's version when that is lower than ours.
inline constexpr std::string_view kDockerApiVersion = "1.41";
inline constexpr std::string_view kDockerMinApiVersion = "1.25";

// <0, 0, >0 like strcmp, comparing "MAJOR.MINOR" numerically; unparsable parts count as 0.
int compare_api_versions(std::string_view a, std::string_view b);
// The version to use with a server that reports `server_version` (its ApiVersion) and `server_min` (MinAPIVersion,
// may be empty): the lower of the server's and ours. Nullopt and `error` set when the two ranges do not meet.
std::optional<std::string> negotiate_api_version(std::string_view server_version, std::string_view server_min,
                                                 std::string& error);

// Docker's `filters` parameter: {"label":["a=b"],"type":["container"]} as JSON.
std::string docker_filters(const std::map<std::string, std::vector<std::string>>& filters);
// "/v1.41" + path + "?k=v&..." with values percent-encoded.
std::string docker_target(std::string_view api_version, std::string_view path,
                          const std::vector<std::pair<std::string, std::string>>& query = {});
// Splits a container image reference into the fromImage and tag parameters of POST /images/create
// ("busybox" -> busybox, latest; "host:5000/a/b:1" -> host:5000/a/b, 1; digests stay in fromImage).
std::pair<std::string, std::string> split_image_reference(std::string_view image);

struct DockerResponse {
  std::string error;    // transport failure (connect, timeout, parse); empty when an HTTP answer arrived
  unsigned status = 0;  // HTTP status
  std::string body;

  bool ok() const { return error.empty() && status >= 200 && status < 300; }
  bool not_found() const { return error.empty() && status == 404; }
  // The body as JSON (null when it is not JSON).
  boost::json::value json() const;
  // What went wrong, as Docker says it: the transport error, or the body's "message", or the body itself.
  std::string message() const;
};

class DockerClient {
 public:
  explicit DockerClient(DockerEndpoint endpoint);

  const DockerEndpoint& endpoint() const { return endpoint_; }
  const std::string& api_version() const { return api_version_; }
  void set_api_version(std::string version) { api_version_ = std::move(version); }

  // One call. `target` is sent as given (use versioned() for API paths). A JSON body sets its content type.
  boost::asio::awaitable<DockerResponse> request(boost::beast::http::verb method, std::string target,
                                                 std::string body = {},
                                                 std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // The versioned target for `path` ("/containers/json" -> "/v1.41/containers/json?...").
  std::string versioned(std::string_view path,
                        const std::vector<std::pair<std::string, std::string>>& query = {}) const;

  // GET /version, then settles the API version used by later calls. Returns an error message, or "".
  boost::asio::awaitable<std::string> negotiate(std::chrono::milliseconds timeout);

  // Opens `target` and calls `on_message` for every newline-delimited JSON object of the response, until the
  // server ends it, it fails, or the coroutine is cancelled. `on_open` runs once the response header has
  // arrived (the stream is live). Returns why it ended ("" when the server closed it cleanly).
  boost::asio::awaitable<std::string> stream(std::string target, std::function<void()> on_open,
                                             std::function<void(const boost::json::value&)> on_message,
                                             std::chrono::milliseconds header_timeout);
  // Like stream(), with the response body's bytes as they arrive (chunked coding removed); `on_data` returns
  // false to end the stream.
  boost::asio::awaitable<std::string> stream_bytes(std::string target, std::function<void()> on_open,
                                                   std::function<bool(std::string_view)> on_data,
                                                   std::chrono::milliseconds header_timeout);

 private:
  DockerEndpoint endpoint_;
  std::string api_version_{kDockerApiVersion};
};

}  // namespace ecsemu::runtime
