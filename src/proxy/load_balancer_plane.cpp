#include "proxy/load_balancer_plane.hpp"

#include <map>
#include <mutex>
#include <optional>
#include <set>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "log.hpp"
#include "proxy/health_checker.hpp"
#include "proxy/http_relay.hpp"
#include "proxy/plane_core.hpp"
#include "proxy/tcp_relay.hpp"

namespace ecsemu::proxy {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

asio::ip::address parse_address(const std::string& host, boost::system::error_code& ec) {
  auto address = asio::ip::make_address(host == "localhost" ? std::string("127.0.0.1") : host, ec);
  return address;
}

// Where the plane connects for a target; port 0 when it cannot.
tcp::endpoint resolve(const Endpoint& target, const std::string& instance_host) {
  const std::string& host = target.connect_host.empty() ? instance_host : target.connect_host;
  boost::system::error_code ec;
  auto address = parse_address(host, ec);
  if (ec || target.connect_port <= 0 || target.connect_port > 65535) {
    return {};
  }
  if (address.is_unspecified()) {  // published on every interface: reach it on loopback
    address = address.is_v4() ? asio::ip::address(asio::ip::address_v4::loopback())
                              : asio::ip::address(asio::ip::address_v6::loopback());
  }
  return tcp::endpoint(address, static_cast<unsigned short>(target.connect_port));
}

asio::awaitable<void> serve_connection(std::shared_ptr<PlaneCore> core, tcp::socket socket, std::uint16_t port) {
  PortMode mode = PortMode::Http;
  {
    auto state = core->current();
    auto it = state->ports.find(port);
    if (it == state->ports.end()) {
      co_return;  // the port's last listener went away while this connection was accepted
    }
    mode = it->second.mode;
  }
  if (mode == PortMode::Http) {
    co_await serve_http(std::move(core), std::move(socket), port);
  } else {
    co_await serve_tcp(std::move(core), std::move(socket), port);
  }
}

// One listening socket. Every use of the acceptor is under mutex_, so publish() can close it from any thread.
class PortAcceptor : public std::enable_shared_from_this<PortAcceptor> {
 public:
  PortAcceptor(std::shared_ptr<PlaneCore> core, std::uint16_t port)
      : core_(std::move(core)), port_(port), acceptor_(core_->executor), backoff_(core_->executor) {}

  boost::system::error_code listen(const asio::ip::address& address) {
    boost::system::error_code ec;
    tcp::endpoint endpoint(address, port_);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) {
      acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
      acceptor_.bind(endpoint, ec);
    }
    if (!ec) {
      acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    }
    return ec;
  }

  void accept_next() {
    std::lock_guard lock(mutex_);
    if (closed_) {
      return;
    }
    incoming_.emplace(asio::make_strand(core_->executor));
    acceptor_.async_accept(*incoming_,
                           [self = shared_from_this()](boost::system::error_code ec) { self->on_accept(ec); });
  }

  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    boost::system::error_code ec;
    acceptor_.close(ec);
    backoff_.cancel();
  }

 private:
  void on_accept(boost::system::error_code ec) {
    std::optional<tcp::socket> socket;
    {
      std::lock_guard lock(mutex_);
      if (closed_ || ec == asio::error::operation_aborted) {
        return;
      }
      socket = std::move(incoming_);
      incoming_.reset();
      if (ec) {
        // Out of file descriptors or the like: keep the connections we have and try again shortly.
        log::warn("msg=\"load balancer accept failed\" port={} error=\"{}\"", port_, ec.message());
        backoff_.expires_after(std::chrono::milliseconds(50));
        backoff_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
          if (!wait_ec) {
            self->accept_next();
          }
        });
        return;
      }
    }
    auto executor = socket->get_executor();
    asio::co_spawn(executor, serve_connection(core_, std::move(*socket), port_), asio::detached);
    accept_next();
  }

  std::shared_ptr<PlaneCore> core_;
  std::uint16_t port_;
  std::mutex mutex_;
  bool closed_ = false;
  tcp::acceptor acceptor_;
  std::optional<tcp::socket> incoming_;
  asio::steady_timer backoff_;
};

void stop_cell(const std::shared_ptr<HealthCell>& cell) {
  cell->stopped = true;
  asio::post(cell->strand, [cell] { cell->timer.cancel(); });
}

}  // namespace

struct LoadBalancerPlane::Impl {
  explicit Impl(std::shared_ptr<PlaneCore> plane) : core(std::move(plane)) {}

  void publish(std::shared_ptr<const Snapshot> snapshot);
  void stop();
  std::shared_ptr<PortAcceptor> open_port(std::uint16_t port);
  void log_once(const std::string& key, const std::string& line);

  std::shared_ptr<PlaneCore> core;
  std::mutex mutex;
  bool stopped = false;
  std::map<std::uint16_t, std::shared_ptr<PortAcceptor>> acceptors;
  std::set<std::uint16_t> failed_ports;
  std::map<std::string, std::uint16_t> bound;                                   // listener ARN -> bound port
  std::map<std::string, std::shared_ptr<HealthCell>> cells;                     // target group, target id, port
  std::map<std::string, std::shared_ptr<std::atomic<std::uint64_t>>> counters;  // by target group ARN
  std::set<std::string> logged;
};

void LoadBalancerPlane::Impl::log_once(const std::string& key, const std::string& line) {
  if (logged.insert(key).second) {
    log::warn("{}", line);
  }
}

std::shared_ptr<PortAcceptor> LoadBalancerPlane::Impl::open_port(std::uint16_t port) {
  const std::string& host = core->options.bind_host;
  boost::system::error_code ec;
  auto address = parse_address(host, ec);
  auto acceptor = std::make_shared<PortAcceptor>(core, port);
  if (!ec) {
    ec = acceptor->listen(address);
  }
  if (ec) {
    if (failed_ports.insert(port).second) {
      log::error("msg=\"load balancer listener cannot bind\" host={} port={} error=\"{}\"", host, port, ec.message());
    }
    return nullptr;
  }
  failed_ports.erase(port);
  log::info("msg=\"load balancer listening\" host={} port={}", host, port);
  acceptor->accept_next();
  return acceptor;
}

void LoadBalancerPlane::Impl::publish(std::shared_ptr<const Snapshot> snapshot) {
  std::lock_guard lock(mutex);
  if (stopped) {
    return;
  }
  if (!snapshot) {
    snapshot = std::make_shared<const Snapshot>();
  }
  auto state = std::make_shared<PlaneState>();
  state->snapshot = snapshot;
  const PlaneOptions& options = core->options;

  struct NewCheck {
    std::shared_ptr<HealthCell> cell;
    std::string group_arn;
    std::string target_id;
    int port;
  };
  std::vector<NewCheck> new_checks;
  std::map<std::string, std::shared_ptr<HealthCell>> next_cells;
  std::map<std::string, std::shared_ptr<std::atomic<std::uint64_t>>> next_counters;
  for (const auto& [arn, config] : snapshot->target_groups) {
    GroupState group;
    group.config = &config;
    auto& counter = counters[arn];
    if (!counter) {
      counter = std::make_shared<std::atomic<std::uint64_t>>(0);
    }
    next_counters[arn] = counter;
    group.next = counter;
    bool checked = config.health_check.enabled && config.target_type != "lambda";
    for (const auto& target : config.targets) {
      group.endpoints.push_back(resolve(target, options.instance_host));
      std::shared_ptr<HealthCell> cell;
      if (checked) {
        std::string key = arn + '\n' + target.target_id + '\n' + std::to_string(target.port);
        auto it = cells.find(key);
        if (it != cells.end()) {
          cell = it->second;
        } else if (auto again = next_cells.find(key); again != next_cells.end()) {
          cell = again->second;
        } else {
          cell = std::make_shared<HealthCell>(core->executor);
          new_checks.push_back(NewCheck{cell, arn, target.target_id, target.port});
        }
        next_cells[key] = cell;
      }
      group.health.push_back(std::move(cell));
    }
    state->groups.emplace(arn, std::move(group));
  }

  std::map<std::string, std::uint16_t> next_bound;
  for (const auto& listener : snapshot->listeners) {
    next_bound[listener.arn] = 0;
    PortMode mode = PortMode::Http;
    if (listener.protocol == "TCP") {
      mode = PortMode::Tcp;
    } else if (listener.protocol != "HTTP") {
      log_once(listener.arn, fmt::format("msg=\"load balancer listener not served: the emulator serves HTTP and TCP "
                                         "listeners only\" listener={} protocol={}",
                                         listener.arn, listener.protocol));
      continue;
    }
    int port = listener.port + options.port_offset;
    if (port < 1 || port > 65535) {
      log_once(listener.arn, fmt::format("msg=\"load balancer listener not served: port out of range\" listener={} "
                                         "port={}",
                                         listener.arn, port));
      continue;
    }
    PortState& port_state = state->ports[static_cast<std::uint16_t>(port)];
    if (port_state.listeners.empty()) {
      port_state.mode = mode;
    } else if (port_state.mode != mode) {
      log_once(listener.arn, fmt::format("msg=\"load balancer listener not served: its port is taken by a listener "
                                         "of another protocol\" listener={} port={}",
                                         listener.arn, port));
      continue;
    }
    port_state.listeners.push_back(&listener);
  }

  for (auto it = acceptors.begin(); it != acceptors.end();) {
    if (state->ports.count(it->first) == 0) {
      it->second->close();
      log::info("msg=\"load balancer port closed\" port={}", it->first);
      it = acceptors.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [port, port_state] : state->ports) {
    if (acceptors.count(port) == 0) {
      if (auto acceptor = open_port(port)) {
        acceptors.emplace(port, std::move(acceptor));
      }
    }
    bool open = acceptors.count(port) != 0;
    for (const ListenerConfig* listener : port_state.listeners) {
      next_bound[listener->arn] = open ? port : 0;
    }
  }

  std::set<tcp::endpoint> endpoints;
  for (const auto& [arn, group] : state->groups) {
    endpoints.insert(group.endpoints.begin(), group.endpoints.end());
  }
  core->pool.retain(endpoints);
  core->state.store(std::shared_ptr<const PlaneState>(std::move(state)), std::memory_order_release);
  bound = std::move(next_bound);
  for (const auto& [key, cell] : cells) {
    if (next_cells.count(key) == 0) {
      stop_cell(cell);
    }
  }
  cells = std::move(next_cells);
  counters = std::move(next_counters);
  for (auto& check : new_checks) {
    asio::co_spawn(
        check.cell->strand,
        run_health_checks(core, check.cell, std::move(check.group_arn), std::move(check.target_id), check.port),
        asio::detached);
  }
}

void LoadBalancerPlane::Impl::stop() {
  std::lock_guard lock(mutex);
  if (stopped) {
    return;
  }
  stopped = true;
  core->mark_stopped();
  for (auto& [port, acceptor] : acceptors) {
    acceptor->close();
  }
  acceptors.clear();
  for (auto& [key, cell] : cells) {
    stop_cell(cell);
  }
  cells.clear();
  bound.clear();
  core->state.store(std::make_shared<const PlaneState>(), std::memory_order_release);
  core->close_connections();
  core->pool.close_all();
}

LoadBalancerPlane::LoadBalancerPlane(asio::any_io_executor executor, PlaneOptions options, HealthSink sink)
    : impl_(std::make_shared<Impl>(
          std::make_shared<PlaneCore>(std::move(executor), std::move(options), std::move(sink)))) {}

LoadBalancerPlane::~LoadBalancerPlane() { impl_->stop(); }

void LoadBalancerPlane::publish(std::shared_ptr<const Snapshot> snapshot) { impl_->publish(std::move(snapshot)); }

void LoadBalancerPlane::stop() { impl_->stop(); }

std::uint16_t LoadBalancerPlane::bound_port(const std::string& listener_arn) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->bound.find(listener_arn);
  return it == impl_->bound.end() ? 0 : it->second;
}

}  // namespace ecsemu::proxy
