#include "proxy/tcp_relay.hpp"

#include <array>
#include <chrono>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "log.hpp"
#include "proxy/rule_match.hpp"

namespace ecsemu::proxy {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr std::chrono::seconds kConnectTimeout{10};
constexpr std::size_t kChunk = 16 * 1024;

struct TcpPair final : Closable, std::enable_shared_from_this<TcpPair> {
  TcpPair(std::shared_ptr<PlaneCore> plane, tcp::socket client_socket)
      : core(std::move(plane)), client(std::move(client_socket)), target(client.get_executor()) {}
  void close_async() override {
    asio::post(client.get_executor(), [self = shared_from_this()] { self->close_now(); });
  }
  void close_now() {
    boost::system::error_code ec;
    client.close(ec);
    target.close(ec);
  }
  std::shared_ptr<PlaneCore> core;
  std::optional<ConnectionRegistration> registration;  // until both directions have ended
  tcp::socket client;
  tcp::socket target;
  int open_directions = 2;
};

asio::awaitable<void> pump(std::shared_ptr<TcpPair> pair, tcp::socket& from, tcp::socket& to) {
  std::array<char, kChunk> buffer;
  boost::system::error_code ec;
  for (;;) {
    std::size_t n = co_await from.async_read_some(asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      break;
    }
    co_await asio::async_write(to, asio::buffer(buffer.data(), n), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      break;
    }
  }
  if (ec == asio::error::eof) {
    to.shutdown(tcp::socket::shutdown_send, ec);  // pass the half-close on
  } else {
    pair->close_now();
  }
  if (--pair->open_directions == 0) {
    pair->close_now();
  }
}

}  // namespace

asio::awaitable<void> serve_tcp(std::shared_ptr<PlaneCore> core, tcp::socket socket, std::uint16_t bound_port) {
  auto pair = std::make_shared<TcpPair>(core, std::move(socket));
  pair->registration.emplace(*core, pair);
  auto state = core->current();
  const ListenerConfig* listener = state->listener_for(bound_port, {});
  const GroupState* group = nullptr;
  if (listener != nullptr) {
    for (const auto& rule : listener->rules) {
      const RuleAction* action = terminal_action(rule);
      if (action != nullptr && action->type == "forward" && !action->forward.empty()) {
        group = state->group(action->forward.front().arn);
        break;
      }
    }
  }
  int index = group == nullptr ? -1 : pick_target(*group);
  if (index < 0) {
    pair->close_now();  // no target: NLB resets the connection
    co_return;
  }
  tcp::endpoint endpoint = group->endpoints[static_cast<std::size_t>(index)];
  asio::steady_timer timer(pair->client.get_executor());
  timer.expires_after(kConnectTimeout);
  timer.async_wait([pair](boost::system::error_code ec) {
    if (!ec) {
      pair->close_now();
    }
  });
  boost::system::error_code ec;
  co_await pair->target.async_connect(endpoint, asio::redirect_error(asio::use_awaitable, ec));
  timer.cancel();
  if (ec || !pair->client.is_open()) {
    log::debug("msg=\"load balancer tcp connect failed\" listener={} error=\"{}\"", listener->arn, ec.message());
    pair->close_now();
    co_return;
  }
  state.reset();  // a long connection need not keep an old snapshot alive
  pair->target.set_option(tcp::no_delay(true), ec);
  pair->client.set_option(tcp::no_delay(true), ec);
  auto executor = pair->client.get_executor();
  asio::co_spawn(executor, pump(pair, pair->target, pair->client), asio::detached);
  co_await pump(pair, pair->client, pair->target);
}

}  // namespace ecsemu::proxy
