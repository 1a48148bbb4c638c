#include "proxy/http_relay.hpp"

#include <charconv>
#include <chrono>
#include <optional>
#include <random>
#include <string>

#include <fmt/format.h>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include "log.hpp"
#include "proxy/rule_match.hpp"

namespace ecsemu::proxy {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;

namespace {

constexpr std::uint32_t kMaxHeaderBytes = 64 * 1024;
constexpr std::uint64_t kMaxBodyBytes = std::uint64_t{1} << 30;
constexpr std::chrono::seconds kConnectTimeout{10};  // ALB's connection timeout to a target
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

struct HttpConnection final : Closable, std::enable_shared_from_this<HttpConnection> {
  explicit HttpConnection(tcp::socket socket) : client(std::move(socket)), timer(client.get_executor()) {}

  void close_async() override {
    asio::post(client.get_executor(), [self = shared_from_this()] { self->close_now(); });
  }
  void close_now() {
    closed = true;
    boost::system::error_code ec;
    client.socket().close(ec);
    if (upstream) {
      upstream->close(ec);
    }
    timer.cancel();
  }
  // Cancels the upstream operation in flight when `timeout` passes first.
  void arm(std::chrono::steady_clock::duration timeout) {
    timed_out = false;
    std::uint64_t generation = ++timer_generation;
    timer.expires_after(timeout);
    timer.async_wait([self = shared_from_this(), generation](boost::system::error_code ec) {
      if (!ec && self->timer_generation == generation) {
        self->timed_out = true;
        if (self->upstream) {
          boost::system::error_code ignored;
          self->upstream->cancel(ignored);
        }
      }
    });
  }
  void disarm() {
    ++timer_generation;
    timer.cancel();
  }

  beast::tcp_stream client;
  std::optional<tcp::socket> upstream;
  asio::steady_timer timer;
  std::uint64_t timer_generation = 0;
  bool timed_out = false;
  bool closed = false;
  beast::flat_buffer client_buffer;
  beast::flat_buffer upstream_buffer;
};

void set_page(Response& res, int status, std::string_view reason) {
  res.result(static_cast<unsigned>(status));
  res.set(bhttp::field::server, "awselb/2.0");
  res.set(bhttp::field::content_type, "text/html");
  res.body() = error_page(status, reason);
  res.prepare_payload();
}

void set_fixed_response(Response& res, const RuleAction& action) {
  unsigned status = 200;
  auto [ptr, ec] =
      std::from_chars(action.status_code.data(), action.status_code.data() + action.status_code.size(), status);
  if (ec != std::errc() || status < 200 || status > 599) {
    set_page(res, 500, "Internal Server Error");
    return;
  }
  res.result(status);
  res.set(bhttp::field::server, "awselb/2.0");
  res.set(bhttp::field::content_type,
          action.content_type.empty() ? std::string("text/plain; charset=utf-8") : action.content_type);
  res.body() = action.message_body;
  res.prepare_payload();
}

std::minstd_rand& random_engine() {
  thread_local std::minstd_rand engine(std::random_device{}());
  return engine;
}

// Weighted random choice among the action's target groups.
const GroupState* choose_group(const PlaneState& state, const RuleAction& action) {
  if (action.forward.empty()) {
    return nullptr;
  }
  const WeightedTargetGroup* chosen = &action.forward.front();
  if (action.forward.size() > 1) {
    long total = 0;
    for (const auto& group : action.forward) {
      total += group.weight > 0 ? group.weight : 0;
    }
    if (total > 0) {
      long roll = std::uniform_int_distribution<long>(0, total - 1)(random_engine());
      for (const auto& group : action.forward) {
        long weight = group.weight > 0 ? group.weight : 0;
        if (roll < weight) {
          chosen = &group;
          break;
        }
        roll -= weight;
      }
    }
  }
  return state.group(chosen->arn);
}

void add_forwarded_headers(Request& req, std::string_view client_ip, int listener_port) {
  auto existing = req.find("X-Forwarded-For");
  if (existing == req.end()) {
    req.set("X-Forwarded-For", client_ip);
  } else {
    std::string value(existing->value());
    value += ", ";
    value += client_ip;
    req.set("X-Forwarded-For", value);
  }
  req.set("X-Forwarded-Proto", "http");
  char port_text[8];
  auto [end, ec] = std::to_chars(port_text, port_text + sizeof(port_text), listener_port);
  req.set("X-Forwarded-Port", std::string_view(port_text, static_cast<std::size_t>(end - port_text)));
  if (req.find("X-Amzn-Trace-Id") == req.end()) {
    auto epoch = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    auto& engine = random_engine();
    req.set("X-Amzn-Trace-Id",
            fmt::format("Root=1-{:08x}-{:08x}{:08x}{:08x}", epoch.count(), engine(), engine(), engine()));
  }
  req.erase(bhttp::field::expect);
}

// Sends the request to the target and reads its answer into res: 0, or the status to answer instead
// (502 when the target cannot be reached or breaks the exchange, 504 when it does not answer in time).
asio::awaitable<int> relay(PlaneCore& core, std::shared_ptr<HttpConnection> conn, const tcp::endpoint& endpoint,
                           Request& req, Response& res, bool head) {
  boost::system::error_code ec;
  req.version(11);
  req.keep_alive(true);
  req.prepare_payload();
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = false;
    if (attempt == 0) {
      if (auto idle = core.pool.take(endpoint)) {
        conn->upstream.emplace(std::move(*idle));
        reused = true;
      }
    }
    if (!reused) {
      conn->upstream.emplace(core.executor);
      conn->arm(kConnectTimeout);
      co_await conn->upstream->async_connect(endpoint, asio::redirect_error(asio::use_awaitable, ec));
      conn->disarm();
      if (ec || conn->closed) {
        conn->upstream.reset();
        co_return conn->timed_out ? 504 : 502;
      }
      conn->upstream->set_option(tcp::no_delay(true), ec);
    }
    conn->arm(core.options.idle_timeout);
    co_await bhttp::async_write(*conn->upstream, req, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      conn->disarm();
      conn->upstream.reset();
      if (reused && !conn->timed_out && !conn->closed) {
        continue;  // the pooled connection had been closed by the target: once more on a new one
      }
      co_return conn->timed_out ? 504 : 502;
    }
    conn->upstream_buffer.clear();
    std::optional<bhttp::response_parser<bhttp::string_body>> parser;
    bool got_interim = false;
    for (;;) {
      parser.emplace();
      parser->body_limit(boost::none);
      parser->skip(head);
      co_await bhttp::async_read(*conn->upstream, conn->upstream_buffer, *parser,
                                 asio::redirect_error(asio::use_awaitable, ec));
      int code = ec ? 0 : parser->get().result_int();
      if (code >= 100 && code < 200 && code != 101) {
        got_interim = true;
        continue;  // 100 Continue and the like: the final answer follows
      }
      break;
    }
    conn->disarm();
    if (ec) {
      bool nothing = !got_interim && !parser->got_some() && conn->upstream_buffer.size() == 0;
      conn->upstream.reset();
      if (reused && nothing && !conn->timed_out && !conn->closed) {
        continue;
      }
      co_return conn->timed_out ? 504 : 502;
    }
    if (parser->get().result_int() == 101) {
      // A protocol upgrade (WebSocket): not relayed by the emulator.
      log::warn("msg=\"load balancer target switched protocols; upgrades are not relayed\" target={}:{}",
                endpoint.address().to_string(), endpoint.port());
      conn->upstream.reset();
      co_return 502;
    }
    res = parser->release();
    if (res.keep_alive() && conn->upstream_buffer.size() == 0 && !conn->closed) {
      core.pool.give(endpoint, std::move(*conn->upstream));
    }
    conn->upstream.reset();
    co_return 0;
  }
  co_return 502;
}

// Fits a target's response for the client: the body re-framed, the connection header the client's.
void prepare_for_client(Response& res, bool head) {
  res.erase("Keep-Alive");
  if (head) {
    if (res.chunked()) {
      res.chunked(false);
    }
    return;
  }
  try {
    res.prepare_payload();
  } catch (const std::exception&) {
    res.body().clear();  // a body on a 204 or 304: dropped
    res.prepare_payload();
  }
}

// Answers one request into res; false when the connection must close without an answer.
asio::awaitable<bool> answer(PlaneCore& core, const std::shared_ptr<HttpConnection>& conn, std::uint16_t bound_port,
                             const tcp::endpoint& remote, std::string_view client_ip, Request& req, Response& res) {
  auto state = core.current();
  std::string_view host = host_without_port(req[bhttp::field::host]);
  const ListenerConfig* listener = state->listener_for(bound_port, host);
  if (listener == nullptr || listener->protocol != "HTTP") {
    co_return false;  // the listener is gone
  }
  RequestFacts facts;
  facts.method = req.method_string();
  facts.host = host;
  split_target(req.target(), facts.path, facts.query);
  facts.headers = &req.base();
  facts.source = remote.address();
  const RuleConfig* rule = select_rule(*listener, facts);
  const RuleAction* action = rule == nullptr ? nullptr : terminal_action(*rule);
  if (action == nullptr) {
    log::warn("msg=\"load balancer rule has no action the emulator serves\" listener={}", listener->arn);
    set_page(res, 503, "Service Temporarily Unavailable");
    co_return true;
  }
  if (action->type == "fixed-response") {
    set_fixed_response(res, *action);
    co_return true;
  }
  if (action->type == "redirect") {
    RedirectInput input;
    input.protocol = listener->protocol;
    input.host = host.empty() ? std::string_view(listener->dns_name) : host;
    input.port = listener->port;
    input.path = facts.path;
    input.query = facts.query;
    int status = redirect_status(*action);
    set_page(res, status, status == 302 ? "Found" : "Moved Permanently");
    res.set(bhttp::field::location, redirect_location(*action, input));
    co_return true;
  }
  const GroupState* group = choose_group(*state, *action);
  int index = group == nullptr ? -1 : pick_target(*group);
  if (index < 0) {
    set_page(res, 503, "Service Temporarily Unavailable");
    co_return true;
  }
  const tcp::endpoint& endpoint = group->endpoints[static_cast<std::size_t>(index)];
  if (endpoint.port() == 0) {
    set_page(res, 502, "Bad Gateway");
    co_return true;
  }
  add_forwarded_headers(req, client_ip, listener->port);
  bool head = req.method() == bhttp::verb::head;
  int failure = co_await relay(core, conn, endpoint, req, res, head);
  if (failure == 502) {
    set_page(res, 502, "Bad Gateway");
  } else if (failure == 504) {
    set_page(res, 504, "Gateway Time-out");
  } else {
    prepare_for_client(res, head);
  }
  log::debug("msg=\"load balancer request\" listener={} target={}:{} status={}", listener->arn,
             endpoint.address().to_string(), endpoint.port(), res.result_int());
  co_return true;
}

}  // namespace

asio::awaitable<void> serve_http(std::shared_ptr<PlaneCore> core, tcp::socket socket, std::uint16_t bound_port) {
  auto conn = std::make_shared<HttpConnection>(std::move(socket));
  ConnectionRegistration registration(*core, conn);
  boost::system::error_code ec;
  tcp::endpoint remote = conn->client.socket().remote_endpoint(ec);
  if (ec) {
    co_return;
  }
  conn->client.socket().set_option(tcp::no_delay(true), ec);
  const std::string client_ip = remote.address().to_string();
  while (!core->stopped.load() && !conn->closed) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(kMaxHeaderBytes);
    parser.body_limit(kMaxBodyBytes);
    conn->client.expires_after(core->options.idle_timeout);
    co_await bhttp::async_read_header(conn->client, conn->client_buffer, parser,
                                      asio::redirect_error(asio::use_awaitable, ec));
    if (!ec && !parser.is_done()) {
      if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
        co_await asio::async_write(conn->client, asio::buffer(kContinue.data(), kContinue.size()),
                                   asio::redirect_error(asio::use_awaitable, ec));
      }
      if (!ec) {
        co_await bhttp::async_read(conn->client, conn->client_buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
      }
    }
    Response res;
    bool keep_alive = false;
    if (ec) {
      if (ec == bhttp::error::end_of_stream || ec == asio::error::eof || ec == beast::error::timeout ||
          ec == asio::error::operation_aborted || ec == asio::error::connection_reset || conn->closed ||
          !parser.got_some()) {
        break;
      }
      res.version(11);
      set_page(res, 400, "Bad Request");
    } else {
      Request& req = parser.get();
      keep_alive = req.keep_alive();
      unsigned version = req.version();
      if (!co_await answer(*core, conn, bound_port, remote, client_ip, req, res)) {
        break;
      }
      res.version(version);
    }
    res.keep_alive(keep_alive && !core->stopped.load());
    keep_alive = res.keep_alive();
    conn->client.expires_after(core->options.idle_timeout);
    co_await bhttp::async_write(conn->client, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !keep_alive) {
      break;
    }
  }
  conn->client.socket().shutdown(tcp::socket::shutdown_send, ec);
  conn->client.socket().close(ec);
  conn->timer.cancel();
}

}  // namespace ecsemu::proxy
