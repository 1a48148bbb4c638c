#include "runtime/docker_client.hpp"

#include "ecsemu/url_coding.hpp"

#include <charconv>
#include <limits>
#include <memory>

#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace ecsemu::runtime {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace json = boost::json;

namespace {

using UnixStream = beast::basic_stream<asio::local::stream_protocol, asio::any_io_executor>;
using TcpStream = beast::basic_stream<asio::ip::tcp, asio::any_io_executor>;
using Request = bhttp::request<bhttp::string_body>;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr std::uint64_t kMaxBody = 64ull * 1024 * 1024;

std::pair<int, int> version_parts(std::string_view v) {
  int major = 0;
  int minor = 0;
  auto dot = v.find('.');
  std::string_view a = v.substr(0, dot);
  std::from_chars(a.data(), a.data() + a.size(), major);
  if (dot != std::string_view::npos) {
    std::string_view b = v.substr(dot + 1);
    std::from_chars(b.data(), b.data() + b.size(), minor);
  }
  return {major, minor};
}

std::string describe(const boost::system::error_code& ec, std::string_view what) {
  if (ec == beast::error::timeout) {
    return fmt::format("{}: timed out", what);
  }
  return fmt::format("{}: {}", what, ec.message());
}

Request make_request(bhttp::verb method, const std::string& target, std::string body) {
  Request req{method, target, 11};
  req.set(bhttp::field::host, "docker");
  req.set(bhttp::field::user_agent, "ecsemu/" ECSEMU_VERSION);
  if (!body.empty()) {
    req.set(bhttp::field::content_type, "application/json");
    req.body() = std::move(body);
  }
  req.prepare_payload();
  return req;
}

// Connects `stream` to the endpoint before its deadline (already set). Returns an error message or "".
asio::awaitable<std::string> connect(UnixStream& stream, const DockerEndpoint& endpoint) {
  auto [ec] = co_await stream.async_connect(asio::local::stream_protocol::endpoint(endpoint.path), kTuple);
  co_return ec ? describe(ec, "cannot connect to " + endpoint.describe()) : std::string();
}

asio::awaitable<std::string> connect(TcpStream& stream, const DockerEndpoint& endpoint) {
  asio::ip::tcp::resolver resolver(stream.get_executor());
  auto [rec, results] = co_await resolver.async_resolve(endpoint.host, endpoint.port, kTuple);
  if (rec) {
    co_return describe(rec, "cannot resolve " + endpoint.describe());
  }
  auto [ec, ep] = co_await stream.async_connect(results, kTuple);
  co_return ec ? describe(ec, "cannot connect to " + endpoint.describe()) : std::string();
}

template <typename Stream>
asio::awaitable<DockerResponse> exchange(const DockerEndpoint& endpoint, Request req,
                                         std::chrono::milliseconds timeout) {
  Stream stream(co_await asio::this_coro::executor);
  stream.expires_after(timeout);  // one deadline for the whole call
  DockerResponse out;
  out.error = co_await connect(stream, endpoint);
  if (!out.error.empty()) {
    co_return out;
  }
  auto [wec, wn] = co_await bhttp::async_write(stream, req, kTuple);
  if (wec) {
    out.error = describe(wec, "docker request");
    co_return out;
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxBody);
  auto [rec, rn] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
  if (rec) {
    out.error = describe(rec, "docker response");
    co_return out;
  }
  out.status = parser.get().result_int();
  out.body = std::move(parser.get().body());
  beast::error_code ignored;
  stream.socket().shutdown(asio::socket_base::shutdown_both, ignored);
  co_return out;
}

template <typename Stream>
asio::awaitable<std::string> run_stream(const DockerEndpoint& endpoint, Request req, std::function<void()> on_open,
                                        std::function<bool(std::string_view)> on_data,
                                        std::chrono::milliseconds header_timeout) {
  Stream stream(co_await asio::this_coro::executor);
  stream.expires_after(header_timeout);
  if (auto err = co_await connect(stream, endpoint); !err.empty()) {
    co_return err;
  }
  auto [wec, wn] = co_await bhttp::async_write(stream, req, kTuple);
  if (wec) {
    co_return describe(wec, "docker stream request");
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::buffer_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
  if (hec) {
    co_return describe(hec, "docker stream header");
  }
  if (parser.get().result_int() != 200) {
    co_return fmt::format("docker stream answered HTTP {}", parser.get().result_int());
  }
  stream.expires_never();  // the stream is long-lived; it ends when the server or the socket says so
  if (on_open) {
    on_open();
  }
  char chunk[16384];
  while (!parser.is_done()) {
    parser.get().body().data = chunk;
    parser.get().body().size = sizeof(chunk);
    // async_read_some: hand on whatever arrived (async_read would wait for a full chunk buffer).
    auto [ec, n] = co_await bhttp::async_read_some(stream, buffer, parser, kTuple);
    if (ec == bhttp::error::need_buffer) {
      ec = {};
    }
    std::size_t got = sizeof(chunk) - parser.get().body().size;
    if (got > 0 && !on_data(std::string_view(chunk, got))) {
      co_return "docker stream: message too large";
    }
    if (ec) {
      co_return ec == bhttp::error::end_of_stream || ec == asio::error::eof ? std::string()
                                                                            : describe(ec, "docker stream");
    }
  }
  co_return std::string();
}

}  // namespace

std::string DockerEndpoint::describe() const { return unix_socket ? "unix://" + path : "tcp://" + host + ":" + port; }

std::optional<DockerEndpoint> parse_docker_host(std::string_view text, std::string& error) {
  DockerEndpoint out;
  if (text.empty()) {
    return out;
  }
  if (text.rfind("unix://", 0) == 0) {
    out.path = std::string(text.substr(7));
    if (out.path.empty() || out.path.front() != '/') {
      error = fmt::format("'{}': a unix:// address needs an absolute socket path", text);
      return std::nullopt;
    }
    return out;
  }
  if (text.rfind("tcp://", 0) == 0) {
    std::string_view rest = text.substr(6);
    if (auto slash = rest.find('/'); slash != std::string_view::npos) {
      if (rest.substr(slash) != "/") {
        error = fmt::format("'{}': a tcp:// address takes no path", text);
        return std::nullopt;
      }
      rest = rest.substr(0, slash);
    }
    out.unix_socket = false;
    out.path.clear();
    std::string_view host = rest;
    std::string_view port = "2375";
    if (!rest.empty() && rest.front() == '[') {  // [v6]:port
      auto close = rest.find(']');
      if (close == std::string_view::npos) {
        error = fmt::format("'{}': unclosed '[' in the host", text);
        return std::nullopt;
      }
      host = rest.substr(1, close - 1);
      if (close + 1 < rest.size()) {
        if (rest[close + 1] != ':') {
          error = fmt::format("'{}': expected ':' after ']'", text);
          return std::nullopt;
        }
        port = rest.substr(close + 2);
      }
    } else if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
      host = rest.substr(0, colon);
      port = rest.substr(colon + 1);
    }
    int port_number = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), port_number);
    if (host.empty() || ec != std::errc() || ptr != port.data() + port.size() || port_number < 1 ||
        port_number > 65535) {
      error = fmt::format("'{}': expected tcp://HOST:PORT", text);
      return std::nullopt;
    }
    out.host = std::string(host);
    out.port = std::string(port);
    return out;
  }
  error = fmt::format("'{}': expected unix:///path/to/docker.sock or tcp://HOST:PORT", text);
  return std::nullopt;
}

int compare_api_versions(std::string_view a, std::string_view b) {
  auto pa = version_parts(a);
  auto pb = version_parts(b);
  if (pa == pb) {
    return 0;
  }
  return pa < pb ? -1 : 1;
}

std::optional<std::string> negotiate_api_version(std::string_view server_version, std::string_view server_min,
                                                 std::string& error) {
  if (version_parts(server_version) == std::pair{0, 0}) {
    error = fmt::format("the Docker engine reports no usable API version ('{}')", server_version);
    return std::nullopt;
  }
  if (compare_api_versions(server_version, kDockerMinApiVersion) < 0) {
    error = fmt::format("the Docker engine speaks API {}, older than the {} ecsemu needs", server_version,
                        kDockerMinApiVersion);
    return std::nullopt;
  }
  if (!server_min.empty() && compare_api_versions(server_min, kDockerApiVersion) > 0) {
    error =
        fmt::format("the Docker engine needs API {} or newer; ecsemu speaks up to {}", server_min, kDockerApiVersion);
    return std::nullopt;
  }
  return std::string(compare_api_versions(server_version, kDockerApiVersion) < 0 ? server_version : kDockerApiVersion);
}

std::string docker_filters(const std::map<std::string, std::vector<std::string>>& filters) {
  json::object out;
  for (const auto& [key, values] : filters) {
    json::array list;
    for (const auto& v : values) {
      list.emplace_back(v);
    }
    out[key] = std::move(list);
  }
  return json::serialize(out);
}

std::string docker_target(std::string_view api_version, std::string_view path,
                          const std::vector<std::pair<std::string, std::string>>& query) {
  std::string out = fmt::format("/v{}{}", api_version, path);
  char sep = '?';
  for (const auto& [key, value] : query) {
    out.push_back(sep);
    out += url_encode(key);
    out.push_back('=');
    out += url_encode(value);
    sep = '&';
  }
  return out;
}

std::pair<std::string, std::string> split_image_reference(std::string_view image) {
  if (image.find('@') != std::string_view::npos) {
    return {std::string(image), std::string()};
  }
  auto slash = image.rfind('/');
  auto colon = image.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    return {std::string(image.substr(0, colon)), std::string(image.substr(colon + 1))};
  }
  return {std::string(image), "latest"};
}

json::value DockerResponse::json() const {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  return ec ? json::value() : v;
}

std::string DockerResponse::message() const {
  if (!error.empty()) {
    return error;
  }
  json::value v = json();
  if (v.is_object()) {
    if (const auto* m = v.as_object().if_contains("message"); m != nullptr && m->is_string()) {
      return std::string(m->as_string());
    }
  }
  std::string text = body;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text.empty() ? fmt::format("HTTP {}", status) : text;
}

DockerClient::DockerClient(DockerEndpoint endpoint) : endpoint_(std::move(endpoint)) {}

std::string DockerClient::versioned(std::string_view path,
                                    const std::vector<std::pair<std::string, std::string>>& query) const {
  return docker_target(api_version_, path, query);
}

// Not a coroutine itself: the caller's arguments are consumed here, before anything suspends (GCC 12 mishandles
// class-type temporaries passed by value straight into a coroutine inside a co_await expression).
asio::awaitable<DockerResponse> DockerClient::request(bhttp::verb method, std::string target, std::string body,
                                                      std::chrono::milliseconds timeout) {
  Request req = make_request(method, target, std::move(body));
  if (endpoint_.unix_socket) {
    return exchange<UnixStream>(endpoint_, std::move(req), timeout);
  }
  return exchange<TcpStream>(endpoint_, std::move(req), timeout);
}

asio::awaitable<std::string> DockerClient::negotiate(std::chrono::milliseconds timeout) {
  DockerResponse res = co_await request(bhttp::verb::get, "/version", {}, timeout);
  if (!res.ok()) {
    co_return fmt::format("no Docker engine answers at {} ({})", endpoint_.describe(), res.message());
  }
  json::value v = res.json();
  std::string server_version;
  std::string server_min;
  if (v.is_object()) {
    if (const auto* s = v.as_object().if_contains("ApiVersion"); s != nullptr && s->is_string()) {
      server_version = s->as_string();
    }
    if (const auto* s = v.as_object().if_contains("MinAPIVersion"); s != nullptr && s->is_string()) {
      server_min = s->as_string();
    }
  }
  std::string error;
  auto version = negotiate_api_version(server_version, server_min, error);
  if (!version) {
    co_return error;
  }
  api_version_ = *version;
  co_return std::string();
}

asio::awaitable<std::string> DockerClient::stream(std::string target, std::function<void()> on_open,
                                                  std::function<void(const json::value&)> on_message,
                                                  std::chrono::milliseconds header_timeout) {
  auto pending = std::make_shared<std::string>();
  auto on_data = [pending, on_message = std::move(on_message)](std::string_view data) {
    pending->append(data);
    for (auto nl = pending->find('\n'); nl != std::string::npos; nl = pending->find('\n')) {
      std::string line = pending->substr(0, nl);
      pending->erase(0, nl + 1);
      boost::system::error_code jec;
      json::value message = json::parse(line, jec);
      if (!jec && on_message) {
        on_message(message);
      }
    }
    return pending->size() <= kMaxBody;
  };
  return stream_bytes(std::move(target), std::move(on_open), std::move(on_data), header_timeout);
}

asio::awaitable<std::string> DockerClient::stream_bytes(std::string target, std::function<void()> on_open,
                                                        std::function<bool(std::string_view)> on_data,
                                                        std::chrono::milliseconds header_timeout) {
  Request req = make_request(bhttp::verb::get, target, {});
  if (endpoint_.unix_socket) {
    return run_stream<UnixStream>(endpoint_, std::move(req), std::move(on_open), std::move(on_data), header_timeout);
  }
  return run_stream<TcpStream>(endpoint_, std::move(req), std::move(on_open), std::move(on_data), header_timeout);
}

}  // namespace ecsemu::runtime
