#include "healthcheck.hpp"

#include <fmt/format.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>

namespace ecsemu {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

HealthcheckResult probe_health(const Config& config, std::chrono::milliseconds timeout) {
  HealthcheckResult out;
  std::string host = config.host;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (!ec && address.is_unspecified()) {
    host = address.is_v6() ? "::1" : "127.0.0.1";
  }
  const std::string where = fmt::format("http://{}:{}/_ecsemu/health", host, config.port);
  asio::io_context io;
  beast::tcp_stream stream(io);
  beast::flat_buffer buffer;
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, "/_ecsemu/health", 11};
  req.set(bhttp::field::host, host);
  req.set(bhttp::field::connection, "close");
  bhttp::response<bhttp::string_body> res;
  asio::ip::tcp::resolver resolver(io);
  boost::system::error_code failure;
  bool answered = false;
  resolver.async_resolve(host, std::to_string(config.port),
                         [&](boost::system::error_code rec, asio::ip::tcp::resolver::results_type r) {
                           if (rec) {
                             failure = rec;
                             return;
                           }
                           stream.expires_after(timeout);
                           stream.async_connect(r, [&](boost::system::error_code cec, const asio::ip::tcp::endpoint&) {
                             if (cec) {
                               failure = cec;
                               return;
                             }
                             bhttp::async_write(stream, req, [&](boost::system::error_code wec, std::size_t) {
                               if (wec) {
                                 failure = wec;
                                 return;
                               }
                               bhttp::async_read(stream, buffer, res, [&](boost::system::error_code r2, std::size_t) {
                                 failure = r2;
                                 answered = !r2;
                               });
                             });
                           });
                         });
  io.run_for(timeout + std::chrono::milliseconds(100));
  if (failure) {
    out.message = fmt::format("{}: {}", where, failure.message());
    return out;
  }
  if (!answered) {
    out.message = fmt::format("{}: no answer within {} ms", where, timeout.count());
    return out;
  }
  if (res.result() != bhttp::status::ok) {
    out.message = fmt::format("{}: HTTP {}", where, res.result_int());
    return out;
  }
  auto body = boost::json::parse(res.body(), ec);
  const auto* status = !ec && body.is_object() ? body.as_object().if_contains("status") : nullptr;
  if (status == nullptr || !status->is_string() || status->as_string() != "running") {
    out.message = fmt::format("{}: not an ecsemu health answer", where);
    return out;
  }
  out.healthy = true;
  out.message = fmt::format("{}: running", where);
  return out;
}

}  // namespace ecsemu
