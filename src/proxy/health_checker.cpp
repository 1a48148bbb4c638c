#include "proxy/health_checker.hpp"

#include <charconv>

#include <fmt/format.h>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "log.hpp"
#include "proxy/rule_match.hpp"

namespace ecsemu::proxy {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// Timeouts scaled below this would fail on a busy machine rather than on a slow target.
constexpr std::chrono::milliseconds kMinTimeout{200};

CheckOutcome failed(const boost::system::error_code& ec) {
  if (ec == beast::error::timeout) {
    return {false, "Target.Timeout", "Request timed out"};
  }
  return {false, "Target.FailedHealthChecks", "Health checks failed"};
}

}  // namespace

asio::awaitable<CheckOutcome> check_once(const HealthCheckConfig& config, tcp::endpoint endpoint,
                                         std::chrono::milliseconds timeout) {
  boost::system::error_code ec;
  if (endpoint.port() == 0) {
    co_return failed(ec);
  }
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  stream.expires_after(timeout);
  co_await stream.async_connect(endpoint, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    co_return failed(ec);
  }
  if (config.protocol != "HTTP") {
    stream.socket().close(ec);
    co_return CheckOutcome{true, {}, {}};
  }
  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, config.path.empty() ? "/" : config.path, 11};
  req.set(bhttp::field::host, fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port()));
  req.set(bhttp::field::user_agent, "ELB-HealthChecker/2.0");
  req.keep_alive(false);
  co_await bhttp::async_write(stream, req, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    co_return failed(ec);
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::empty_body> parser;
  co_await bhttp::async_read_header(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    co_return failed(ec);
  }
  boost::system::error_code ignored;
  stream.socket().close(ignored);
  int code = parser.get().result_int();
  if (matcher_accepts(config.matcher, code)) {
    co_return CheckOutcome{true, {}, {}};
  }
  co_return CheckOutcome{false, "Target.ResponseCodeMismatch",
                         fmt::format("Health checks failed with these codes: [{}]", code)};
}

asio::awaitable<void> run_health_checks(std::shared_ptr<PlaneCore> core, std::shared_ptr<HealthCell> cell,
                                        std::string group_arn, std::string target_id, int port) {
  int passes = 0;
  int failures = 0;
  auto verdict = TargetHealth::Initial;
  boost::system::error_code ec;
  while (!cell->stopped.load() && !core->stopped.load()) {
    HealthCheckConfig config;
    tcp::endpoint endpoint;
    {
      auto state = core->current();
      const GroupState* group = state->group(group_arn);
      if (group == nullptr) {
        break;
      }
      std::size_t index = 0;
      while (index < group->health.size() && group->health[index].get() != cell.get()) {
        ++index;
      }
      if (index == group->health.size()) {
        break;  // the target left the group, or its checks were turned off
      }
      config = group->config->health_check;
      endpoint = group->endpoints[index];
    }
    if (config.port != "traffic-port") {
      int number = 0;
      auto [ptr, err] = std::from_chars(config.port.data(), config.port.data() + config.port.size(), number);
      if (err == std::errc() && number > 0 && number < 65536) {
        endpoint.port(static_cast<unsigned short>(number));
      }
    }
    auto started = std::chrono::steady_clock::now();
    auto interval = scaled(config.interval, core->options.time_scale);
    auto timeout = scaled(config.timeout, core->options.time_scale, kMinTimeout);
    CheckOutcome outcome = co_await check_once(config, endpoint, timeout);
    if (cell->stopped.load()) {
      break;
    }
    if (outcome.passed) {
      ++passes;
      failures = 0;
      if (verdict != TargetHealth::Healthy && passes >= config.healthy_threshold) {
        verdict = TargetHealth::Healthy;
        cell->state.store(static_cast<int>(verdict));
        log::info("msg=\"target healthy\" target_group={} target={}:{}", group_arn, target_id, port);
        core->report(*cell, TargetHealthReport{group_arn, target_id, port, "healthy", {}, {}});
      }
    } else {
      ++failures;
      passes = 0;
      if (verdict != TargetHealth::Unhealthy && failures >= config.unhealthy_threshold) {
        verdict = TargetHealth::Unhealthy;
        cell->state.store(static_cast<int>(verdict));
        log::info("msg=\"target unhealthy\" target_group={} target={}:{} reason={}", group_arn, target_id, port,
                  outcome.reason);
        core->report(*cell,
                     TargetHealthReport{group_arn, target_id, port, "unhealthy", outcome.reason, outcome.description});
      }
    }
    cell->timer.expires_at(started + interval);
    co_await cell->timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

}  // namespace ecsemu::proxy
