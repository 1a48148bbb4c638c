// DockerClient against a scripted fake engine on a unix socket: chunked bodies, negotiation, deadlines, the
// event stream. No Docker needed.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "runtime/docker_client.hpp"

namespace asio = boost::asio;
using asio::local::stream_protocol;
using ecsemu::runtime::DockerClient;
using ecsemu::runtime::DockerEndpoint;
using ecsemu::runtime::DockerResponse;

namespace {

std::string socket_path() {
  static int n = 0;
  return "/tmp/ecsemu-fake-docker-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".sock";
}

// Accepts one connection, records the request head, writes `answer` (in `pieces` writes) unless `stall`.
struct FakeEngine {
  FakeEngine(asio::io_context& io, std::vector<std::string> pieces, bool stall = false)
      : path(socket_path()), acceptor(io), pieces(std::move(pieces)), stall(stall) {
    std::remove(path.c_str());
    acceptor.open();
    acceptor.bind(stream_protocol::endpoint(path));
    acceptor.listen();
    asio::co_spawn(io, serve(), asio::detached);
  }
  ~FakeEngine() { std::remove(path.c_str()); }

  asio::awaitable<void> serve() {
    stream_protocol::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    std::string head;
    co_await asio::async_read_until(socket, asio::dynamic_buffer(head), "\r\n\r\n", asio::use_awaitable);
    request_head = head;
    if (stall) {
      asio::steady_timer forever(socket.get_executor(), std::chrono::seconds(1));
      co_await forever.async_wait(asio::use_awaitable);
      co_return;
    }
    for (const auto& piece : pieces) {
      co_await asio::async_write(socket, asio::buffer(piece), asio::use_awaitable);
    }
  }

  DockerEndpoint endpoint() const {
    DockerEndpoint ep;
    ep.path = path;
    return ep;
  }

  std::string path;
  stream_protocol::acceptor acceptor;
  std::vector<std::string> pieces;
  bool stall;
  std::string request_head;
};

template <typename T>
T run(asio::io_context& io, asio::awaitable<T> work) {
  T out{};
  asio::co_spawn(io, std::move(work), [&](std::exception_ptr e, T value) {
    if (e) {
      std::rethrow_exception(e);
    }
    out = std::move(value);
  });
  io.run_for(std::chrono::seconds(10));
  return out;
}

}  // namespace

TEST_CASE("A chunked JSON answer is read whole, and the target goes out versioned", "[runtime][docker]") {
  asio::io_context io;
  FakeEngine engine(io, {"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                         "5\r\n[{\"Id\r\n", "8\r\n\":\"abc\"}\r\n", "1\r\n]\r\n0\r\n\r\n"});
  DockerClient client(engine.endpoint());
  const std::string target = client.versioned("/containers/json", {{"all", "1"}});
  DockerResponse res = run(io, client.request(boost::beast::http::verb::get, target, {}, std::chrono::seconds(5)));
  REQUIRE(res.ok());
  CHECK(res.json().as_array()[0].as_object().at("Id") == "abc");
  CHECK(engine.request_head.rfind("GET /v1.41/containers/json?all=1 HTTP/1.1\r\n", 0) == 0);
}

TEST_CASE("Negotiation settles on the engine's older API version", "[runtime][docker]") {
  asio::io_context io;
  std::string body = R"({"Version":"19.03","ApiVersion":"1.40","MinAPIVersion":"1.12"})";
  FakeEngine engine(io, {"HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body});
  DockerClient client(engine.endpoint());
  std::string error = run(io, client.negotiate(std::chrono::seconds(5)));
  CHECK(error.empty());
  CHECK(client.api_version() == "1.40");
  CHECK(client.versioned("/info") == "/v1.40/info");
  CHECK(engine.request_head.rfind("GET /version HTTP/1.1\r\n", 0) == 0);
}

TEST_CASE("An engine that never answers hits the call's deadline", "[runtime][docker]") {
  asio::io_context io;
  FakeEngine engine(io, {}, true);
  DockerClient client(engine.endpoint());
  auto started = std::chrono::steady_clock::now();
  DockerResponse res =
      run(io, client.request(boost::beast::http::verb::get, "/_ping", {}, std::chrono::milliseconds(200)));
  CHECK_FALSE(res.ok());
  CHECK(res.error.find("timed out") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
}

TEST_CASE("No engine at the socket is a connect error, and negotiation says where it looked", "[runtime][docker]") {
  asio::io_context io;
  DockerEndpoint nowhere;
  nowhere.path = "/tmp/ecsemu-no-such-docker.sock";
  DockerClient client(nowhere);
  std::string error = run(io, client.negotiate(std::chrono::seconds(2)));
  CHECK(error.find("no Docker engine answers at unix:///tmp/ecsemu-no-such-docker.sock") != std::string::npos);
}

TEST_CASE("The event stream delivers each JSON line, split across chunks or not, until the engine closes it",
          "[runtime][docker]") {
  asio::io_context io;
  FakeEngine engine(
      io, {"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
           "14\r\n{\"Action\":\"start\"}\n{\r\n", "12\r\n\"Action\":\"die\"}\nxx\r\n", "2\r\n\n\n\r\n", "0\r\n\r\n"});
  DockerClient client(engine.endpoint());
  bool opened = false;
  std::vector<std::string> actions;
  std::string why =
      run(io, client.stream(
                  "/v1.41/events", [&] { opened = true; },
                  [&](const boost::json::value& v) { actions.emplace_back(v.as_object().at("Action").as_string()); },
                  std::chrono::seconds(5)));
  CHECK(opened);
  CHECK(why.empty());
  CHECK(actions == std::vector<std::string>{"start", "die"});  // the malformed line is skipped
}

TEST_CASE("An event stream refused with an HTTP error says so", "[runtime][docker]") {
  asio::io_context io;
  FakeEngine engine(io, {"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"});
  DockerClient client(engine.endpoint());
  bool opened = false;
  std::string why =
      run(io, client.stream(
                  "/v1.41/events", [&] { opened = true; }, [](const boost::json::value&) {}, std::chrono::seconds(5)));
  CHECK_FALSE(opened);
  CHECK(why.find("400") != std::string::npos);
}
