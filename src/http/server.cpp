#include "http/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "log.hpp"

namespace ecsemu::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

Response plain_error(unsigned version, bhttp::status status, std::string_view text) {
  Response res{status, version};
  res.set(bhttp::field::content_type, "text/plain");
  res.body() = std::string(text);
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

struct InFlight {
  explicit InFlight(std::atomic<std::size_t>& counter) : counter_(counter) { ++counter_; }
  ~InFlight() { --counter_; }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
  std::atomic<std::size_t>& counter_;
};

asio::awaitable<void> serve_connection(tcp::socket socket, std::shared_ptr<Server::Shared> shared) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  boost::system::error_code ec;
  tcp::endpoint remote = stream.socket().remote_endpoint(ec);
  stream.socket().set_option(tcp::no_delay(true), ec);
  const Limits& limits = shared->limits;

  for (;;) {
    // Idle: wait for the first byte of the next request under the keep-alive deadline.
    if (buffer.size() == 0) {
      stream.expires_after(limits.idle_timeout);
      std::size_t n =
          co_await stream.async_read_some(buffer.prepare(4096), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        break;
      }
      buffer.commit(n);
    }
    // Reading: the whole request under the read deadline.
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(limits.max_body_bytes);
    stream.expires_after(limits.read_timeout);
    co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      Response res;
      if (ec == bhttp::error::body_limit) {
        res = plain_error(11, bhttp::status::payload_too_large, "request body too large\n");
      } else if (ec == bhttp::error::header_limit) {
        res = plain_error(11, bhttp::status::request_header_fields_too_large, "request header too large\n");
      } else if (ec == beast::error::timeout || ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
                 ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
        break;
      } else {
        res = plain_error(11, bhttp::status::bad_request, "malformed HTTP request\n");
      }
      stream.expires_after(limits.write_timeout);
      co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
      break;
    }

    Exchange exchange{parser.release(), remote};
    bool keep_alive = exchange.request.keep_alive() && !shared->stopping.load();
    unsigned version = exchange.request.version();
    Response res;
    {
      InFlight guard(shared->in_flight);
      try {
        res = co_await shared->handler(exchange);
      } catch (const std::exception& e) {
        log::error("msg=\"unhandled exception in request handler\" error=\"{}\"", e.what());
        res = plain_error(version, bhttp::status::internal_server_error, "internal error\n");
      }
    }
    res.version(version);
    res.keep_alive(keep_alive && res.keep_alive());
    keep_alive = res.keep_alive();
    stream.expires_after(limits.write_timeout);
    co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !keep_alive) {
      break;
    }
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.socket().close(ec);
}

}  // namespace

Server::Server(asio::io_context& io, Limits limits, Handler handler)
    : io_(io), shared_(std::make_shared<Shared>()), acceptor_(io) {
  shared_->limits = limits;
  shared_->handler = std::move(handler);
}

Server::~Server() = default;

tcp::endpoint Server::listen(const std::string& host, std::uint16_t port) {
  tcp::endpoint endpoint(asio::ip::make_address(host), port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  return acceptor_.local_endpoint();
}

void Server::start() { asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached); }

void Server::stop() {
  shared_->stopping = true;
  boost::system::error_code ec;
  acceptor_.close(ec);
}

asio::awaitable<void> Server::accept_loop() {
  boost::system::error_code ec;
  asio::steady_timer backoff(io_);
  while (acceptor_.is_open()) {
    tcp::socket socket(asio::make_strand(io_));
    co_await acceptor_.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) {
      break;
    }
    if (ec) {
      // Out of file descriptors or similar: keep serving the connections we have and try again shortly.
      log::warn("msg=\"accept failed\" error=\"{}\"", ec.message());
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve_connection(std::move(socket), shared_), asio::detached);
  }
}

}  // namespace ecsemu::http
