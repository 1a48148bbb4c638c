#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace ecsemu::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;
using Response = boost::beast::http::response<boost::beast::http::string_body>;

struct Limits {
  std::size_t max_body_bytes = 8 * 1024 * 1024;
  std::size_t max_header_bytes = 64 * 1024;
  std::chrono::milliseconds read_timeout{30000};   // one request, from its first byte to its last
  std::chrono::milliseconds idle_timeout{120000};  // keep-alive: waiting for a request's first byte
  std::chrono::milliseconds write_timeout{30000};
};

// Everything the server knows of the peer and the request, beyond the message itself.
struct Exchange {
  Request request;
  boost::asio::ip::tcp::endpoint remote;
};

using Handler = std::function<boost::asio::awaitable<Response>(Exchange&)>;

// An asynchronous HTTP/1.1 server: keep-alive, a deadline on every read and write, a body size limit
// (413 past it), one coroutine per connection on its own strand.
class Server {
 public:
  Server(boost::asio::io_context& io, Limits limits, Handler handler);
  ~Server();

  // Binds and listens; returns the bound endpoint (port 0 picks a free one). Throws boost::system::system_error.
  boost::asio::ip::tcp::endpoint listen(const std::string& host, std::uint16_t port);
  void start();
  // Stops accepting; connections finish the request they are serving and close.
  void stop();
  std::size_t requests_in_flight() const { return shared_->in_flight.load(); }
  bool stopping() const { return shared_->stopping.load(); }

  struct Shared {
    Limits limits;
    Handler handler;
    std::atomic<std::size_t> in_flight{0};
    std::atomic<bool> stopping{false};
  };

 private:
  boost::asio::awaitable<void> accept_loop();

  boost::asio::io_context& io_;
  std::shared_ptr<Shared> shared_;
  boost::asio::ip::tcp::acceptor acceptor_;
};

}  // namespace ecsemu::http
