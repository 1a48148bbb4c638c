#pragma once

// Real-socket helpers for the load-balancer data plane tests: a small HTTP target server, a blocking HTTP
// client, a plane running on a two-thread io_context, and snapshot builders. Everything on 127.0.0.1 with
// ephemeral ports.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "proxy/lb_snapshot.hpp"
#include "proxy/load_balancer_plane.hpp"

namespace ecsemu::testing {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// A port that was free a moment ago.
inline std::uint16_t free_port() {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

// Polls until done() or the deadline; true when done.
inline bool wait_until(const std::function<bool()>& done,
                       std::chrono::milliseconds deadline = std::chrono::milliseconds(10000)) {
  auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

// An HTTP server answering every request with its name as the body; "/health" answers health_status.
class TestTarget {
 public:
  explicit TestTarget(std::string name)
      : name_(std::move(name)), acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    asio::co_spawn(io_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TestTarget() {
    io_.stop();
    thread_.join();
  }
  TestTarget(const TestTarget&) = delete;
  TestTarget& operator=(const TestTarget&) = delete;

  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string header_seen(const std::string& name) {
    std::lock_guard lock(mutex_);
    auto it = last_headers_.find(name);
    return it == last_headers_.end() ? std::string() : it->second;
  }

  std::atomic<int> status{200};
  std::atomic<int> health_status{200};
  std::atomic<bool> silent{false};   // reads requests and never answers
  std::atomic<bool> hang_up{false};  // reads requests and closes the connection
  std::atomic<int> requests{0};      // not counting /health
  std::atomic<int> health_requests{0};
  std::atomic<int> connections{0};

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket(io_);
      co_await acceptor_.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        co_return;
      }
      ++connections;
      asio::co_spawn(io_, serve(std::move(socket)), asio::detached);
    }
  }
  asio::awaitable<void> serve(tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    boost::system::error_code ec;
    for (;;) {
      bhttp::request<bhttp::string_body> req;
      co_await bhttp::async_read(socket, buffer, req, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        co_return;
      }
      bool health = req.target() == "/health";
      if (health) {
        ++health_requests;
      } else {
        ++requests;
        std::lock_guard lock(mutex_);
        last_headers_.clear();
        for (const auto& field : req) {
          last_headers_[std::string(field.name_string())] = std::string(field.value());
        }
        last_headers_["target"] = std::string(req.target());
        last_headers_["body"] = req.body();
      }
      if (hang_up) {
        co_return;
      }
      if (silent) {
        asio::steady_timer forever(io_, std::chrono::hours(1));
        co_await forever.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        co_return;
      }
      int code = health ? health_status.load() : req.target() == "/upgrade" ? 101 : status.load();
      bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(code), req.version()};
      res.set(bhttp::field::content_type, "text/plain");
      if (code >= 200 && code != 204 && code != 304) {
        res.body() = name_;
      }
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      co_await bhttp::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || !req.keep_alive()) {
        co_return;
      }
    }
  }

  std::string name_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mutex_;
  std::map<std::string, std::string> last_headers_;
};

struct HttpResult {
  int status = 0;  // 0: no answer (the connection failed or closed)
  std::string body;
  std::map<std::string, std::string> headers;
};

// A blocking HTTP/1.1 client on one connection (keep-alive).
class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port) : socket_(io_) {
    boost::system::error_code ec;
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    connected_ = !ec;
    timeval timeout{10, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }
  bool connected() const { return connected_; }

  HttpResult request(const std::string& target, const std::string& host = "lb.test",
                     const std::map<std::string, std::string>& headers = {}, bhttp::verb method = bhttp::verb::get,
                     const std::string& body = {}) {
    HttpResult result;
    if (!connected_) {
      return result;
    }
    bhttp::request<bhttp::string_body> req{method, target, 11};
    req.set(bhttp::field::host, host);
    for (const auto& [name, value] : headers) {
      req.set(name, value);
    }
    req.body() = body;
    req.prepare_payload();
    boost::system::error_code ec;
    bhttp::write(socket_, req, ec);
    if (ec) {
      return result;
    }
    bhttp::response_parser<bhttp::string_body> parser;
    parser.skip(method == bhttp::verb::head);
    bhttp::read(socket_, buffer_, parser, ec);
    if (ec) {
      return result;
    }
    const auto& res = parser.get();
    result.status = res.result_int();
    result.body = res.body();
    for (const auto& field : res) {
      result.headers[std::string(field.name_string())] = std::string(field.value());
    }
    return result;
  }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

inline HttpResult http_get(std::uint16_t port, const std::string& target, const std::string& host = "lb.test",
                           const std::map<std::string, std::string>& headers = {}) {
  HttpClient client(port);
  return client.request(target, host, headers);
}

// True when nothing listens on the port any more.
inline bool refused(std::uint16_t port) {
  asio::io_context io;
  tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  return ec == asio::error::connection_refused;
}

// The plane on a two-thread io_context, collecting health reports.
class PlaneRunner {
 public:
  explicit PlaneRunner(proxy::PlaneOptions options = {}) : work_(asio::make_work_guard(io_)) {
    plane_ = std::make_unique<proxy::LoadBalancerPlane>(io_.get_executor(), std::move(options),
                                                        [this](std::vector<proxy::TargetHealthReport> reports) {
                                                          std::lock_guard lock(mutex_);
                                                          for (auto& report : reports) {
                                                            reports_.push_back(std::move(report));
                                                          }
                                                        });
    for (int i = 0; i < 2; ++i) {
      threads_.emplace_back([this] { io_.run(); });
    }
  }
  ~PlaneRunner() {
    plane_->stop();
    plane_.reset();
    work_.reset();
    io_.stop();
    for (auto& thread : threads_) {
      thread.join();
    }
  }
  PlaneRunner(const PlaneRunner&) = delete;
  PlaneRunner& operator=(const PlaneRunner&) = delete;

  proxy::LoadBalancerPlane& plane() { return *plane_; }
  void publish(proxy::Snapshot snapshot) {
    plane_->publish(std::make_shared<const proxy::Snapshot>(std::move(snapshot)));
  }
  std::vector<proxy::TargetHealthReport> reports() {
    std::lock_guard lock(mutex_);
    return reports_;
  }
  // The reports so far for one target, in order.
  std::vector<proxy::TargetHealthReport> reports_for(int port) {
    std::vector<proxy::TargetHealthReport> out;
    for (auto& report : reports()) {
      if (report.port == port) {
        out.push_back(report);
      }
    }
    return out;
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::vector<std::thread> threads_;
  std::unique_ptr<proxy::LoadBalancerPlane> plane_;
  std::mutex mutex_;
  std::vector<proxy::TargetHealthReport> reports_;
};

inline proxy::Endpoint ip_target(std::uint16_t port) {
  proxy::Endpoint endpoint;
  endpoint.target_id = "127.0.0.1";
  endpoint.port = port;
  endpoint.connect_host = "127.0.0.1";
  endpoint.connect_port = port;
  endpoint.availability_zone = "us-east-1a";
  return endpoint;
}

inline proxy::TargetGroupConfig target_group(const std::string& arn, std::vector<std::uint16_t> ports,
                                             bool health_checks = false, const std::string& protocol = "HTTP") {
  proxy::TargetGroupConfig group;
  group.arn = arn;
  group.protocol = protocol;
  group.target_type = "ip";
  group.health_check.enabled = health_checks;
  group.health_check.protocol = protocol;
  for (auto port : ports) {
    group.targets.push_back(ip_target(port));
  }
  return group;
}

inline proxy::RuleAction forward_to(std::vector<std::pair<std::string, int>> groups) {
  proxy::RuleAction action;
  action.type = "forward";
  action.order = 1;
  for (auto& [arn, weight] : groups) {
    action.forward.push_back(proxy::WeightedTargetGroup{arn, weight});
  }
  return action;
}

inline proxy::ListenerConfig listener(const std::string& arn, int port, proxy::RuleAction default_action,
                                      const std::string& protocol = "HTTP", const std::string& dns_name = "lb.test") {
  proxy::ListenerConfig config;
  config.arn = arn;
  config.load_balancer_arn = arn + "-lb";
  config.load_balancer_type = protocol == "TCP" ? "network" : "application";
  config.dns_name = dns_name;
  config.protocol = protocol;
  config.port = port;
  proxy::RuleConfig rule;
  rule.is_default = true;
  rule.actions.push_back(std::move(default_action));
  config.rules.push_back(std::move(rule));
  return config;
}

}  // namespace ecsemu::testing
