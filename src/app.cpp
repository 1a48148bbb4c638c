#include "app.hpp"

#include <sys/resource.h>

#include <charconv>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/serialize.hpp>

#include "log.hpp"
#include "runtime/docker_runtime.hpp"
#include "runtime/simulated_runtime.hpp"
#include "runtime/vpc_network.hpp"
#include "services/autoscaling/autoscaling_reconcile.hpp"
#include "services/ec2/ec2_instances.hpp"
#include "services/ecs/ecs_task_network.hpp"
#include "services/elbv2/elbv2_plane.hpp"
#include "taskmeta/link_local_address.hpp"
#include "taskmeta/task_credentials.hpp"
#include "taskmeta/task_metadata.hpp"

namespace ecsemu {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
namespace json = boost::json;

namespace {

http::Response json_response(const http::Request& req, bhttp::status status, const json::value& body) {
  http::Response res{status, req.version()};
  res.set(bhttp::field::content_type, "application/json");
  res.body() = json::serialize(body);
  res.prepare_payload();
  return res;
}

void raise_fd_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
}

}  // namespace

App::App(Config config)
    : config_(std::move(config)),
      io_(static_cast<int>(config_.threads)),
      credentials_(config_.account_id),
      state_strand_(asio::make_strand(io_)),
      ids_(make_random_id_source()),
      pipeline_(config_, catalog_, registry_, credentials_, world_, state_strand_, clock_, *ids_),
      signals_(io_, SIGINT, SIGTERM),
      started_(std::chrono::steady_clock::now()) {
  if (!config_.credentials_file.empty()) {
    credentials_.load_file(config_.credentials_file);
  }
  aws::register_all_services(registry_);
  pipeline_.set_credential_resolver(&issued_keys_);
  // The state dir's lock is taken before Docker is touched: a second ecsemu on the same directory stops here.
  open_state_dir();
  // Runtime observations are applied on the state strand, where the reconciler lives.
  runtime::ObservationSink sink = [this](runtime::Observation obs) {
    asio::post(state_strand_, [this, obs = std::move(obs)] {
      tasks_->apply(obs);
      if (state_dir_) {
        mark_dirty(obs.plan.task_arn);
      }
    });
  };
  if (config_.runtime == "docker") {
    runtime_ = make_docker_runtime(std::move(sink));
  } else {
    runtime_ = std::make_unique<runtime::SimulatedRuntime>(io_.get_executor(), std::move(sink));
  }
  tasks_ = std::make_unique<sched::TaskReconciler>(world_, *runtime_, clock_);
  if (state_dir_) {
    // No container is created for a task the state dir does not hold yet (a restart would not know it).
    tasks_->set_launch_hook([this](const ecs::Task& task) {
      ecs::TaskArnParts parts;
      if (ecs::parse_task_arn(task.arn, parts)) {
        commit_quietly(parts.account, parts.region);
      }
    });
  }
  sweep_timer_ = std::make_unique<asio::steady_timer>(state_strand_);
  ec2_timer_ = std::make_unique<asio::steady_timer>(state_strand_);
  services_ = std::make_unique<sched::ServiceScheduler>(world_, *tasks_, clock_, config_.time_scale);
  services_->set_poster([this](std::function<void()> fn) { asio::post(state_strand_, std::move(fn)); });
  tasks_->set_change_hook([this](ecs::EcsState& state, const ecs::Task&) { services_->request(state); });
  resync_timer_ = std::make_unique<asio::steady_timer>(state_strand_);
  autoscaling_timer_ = std::make_unique<asio::steady_timer>(state_strand_);
  // The load-balancer data plane reads published snapshots; its health results are applied on the state strand.
  proxy::PlaneOptions lb_options;
  lb_options.bind_host = config_.elb_host;
  lb_options.port_offset = config_.elb_port_offset;
  lb_options.instance_host = config_.publish_host;
  lb_options.time_scale = config_.time_scale;
  load_balancers_ = std::make_unique<proxy::LoadBalancerPlane>(
      io_.get_executor(), lb_options, [this](std::vector<proxy::TargetHealthReport> reports) {
        asio::post(state_strand_, [this, reports = std::move(reports)] {
          elbv2::apply_health(world_, reports);
          all_dirty_ = state_dir_ != nullptr;
          world_.for_each([this](const std::string&, const std::string&, state::RegionStore& store) {
            services_->request(store.ecs);  // rollouts and health replacement read the targets' health
          });
        });
      });
  services_->set_targets_changed([this] { publish_load_balancers(); });
  // The controllers act on what each request changed (aws::Changes), in this order, on the state strand.
  pipeline_.set_change_handler([this](state::RegionStore& store, const aws::Changes& changes) {
    if (changes.tasks) {
      tasks_->reconcile(store.ecs);
    }
    if (changes.services) {
      services_->request(store.ecs);
    }
    if (changes.load_balancers) {
      publish_load_balancers();
    }
  });
  http::Limits limits;
  limits.max_body_bytes = config_.max_body_bytes;
  limits.read_timeout = config_.read_timeout;
  limits.idle_timeout = config_.idle_timeout;
  server_ = std::make_unique<http::Server>(io_, limits, [this](http::Exchange& exchange) { return route(exchange); });
  inside_ = std::make_unique<taskmeta::InsideEndpoint>(
      [this](std::string token, int version) -> asio::awaitable<std::optional<taskmeta::TaskView>> {
        co_return co_await pipeline_.on_state(
            [this, &token, version] { return taskmeta::find_task_view(world_, token, version); });
      },
      [this](std::string id) -> asio::awaitable<taskmeta::CredentialsAnswer> {
        co_return co_await pipeline_.on_state(
            [this, &id] { return taskmeta::task_role_credentials(world_, *ids_, clock_.now(), id); });
      },
      docker_endpoint_, docker_api_version_);
  imds_ = std::make_unique<taskmeta::InstanceMetadataEndpoint>(
      [this](std::string ip, bool credentials) -> asio::awaitable<std::optional<taskmeta::InstanceDocuments>> {
        co_return co_await pipeline_.on_state([this, &ip, credentials] {
          return taskmeta::find_instance_documents(world_, *ids_, clock_.now(), ip, credentials);
        });
      },
      clock_, ids_->hex(64));
  if (config_.runtime == "docker") {
    imds_server_ = std::make_unique<http::Server>(io_, limits,
                                                  [this](http::Exchange& exchange) { return imds_->handle(exchange); });
    inside_server_ =
        std::make_unique<http::Server>(io_, limits, [this](http::Exchange& exchange) { return route(exchange); });
    credentials_server_ =
        std::make_unique<http::Server>(io_, limits, [this](http::Exchange& exchange) { return route(exchange); });
  }
}

App::~App() = default;

std::unique_ptr<runtime::ContainerRuntime> App::make_docker_runtime(runtime::ObservationSink sink) {
  std::string error;
  auto endpoint = runtime::parse_docker_host(config_.docker_host, error);
  if (!endpoint) {
    throw std::runtime_error("docker host " + error);
  }
  runtime::PrepareOptions prepare;
  if (state_dir_) {
    prepare.state_dir = state_dir_->path();
    // The containers of the saved world's tasks that are not stopped wait for adoption (TaskReconciler).
    // So are the VPC networks of the awsvpc ones.
    world_.for_each([&](const std::string&, const std::string&, const state::RegionStore& store) {
      for (const auto& [id, task] : store.ecs.tasks.tasks) {
        if (task.state == ecs::TaskState::Stopped) {
          continue;
        }
        prepare.adopt_tasks.insert(task.arn);
        if (task.network_mode == "awsvpc") {
          if (auto vpc = ecs::task_vpc_of(world_, task)) {
            prepare.adopt_networks.insert(runtime::vpc_network_name(vpc->vpc_id));
          }
        }
      }
    });
  }
  runtime::DockerStartup startup = runtime::negotiate_docker(*endpoint, std::chrono::seconds(10));
  if (!startup.error.empty()) {
    throw std::runtime_error(startup.error + "; start Docker, point --docker-host at it, or use --runtime simulated");
  }
  docker_clean_up_ = std::move(prepare);
  docker_endpoint_ = *endpoint;
  docker_api_version_ = startup.api_version;
  runtime::DockerRuntimeOptions options;
  options.endpoint = *endpoint;
  options.publish_host = config_.publish_host;
  options.keep_stopped_containers = config_.keep_stopped_containers;
  if (state_dir_) {
    options.state_dir = state_dir_->path();
  }
  auto docker =
      std::make_unique<runtime::DockerRuntime>(io_.get_executor(), std::move(sink), options, startup.api_version);
  docker->start();
  return docker;
}

void App::open_state_dir() {
  if (config_.state_dir.empty()) {
    return;
  }
  auto started = std::chrono::steady_clock::now();
  state_dir_ = std::make_unique<state::StateDir>(config_.state_dir);
  state::LoadReport report = state_dir_->load(world_);
  if (report.records > 0 || report.dropped_bytes > 0) {
    state_dir_->checkpoint(world_);  // the next start-up reads one file
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  log::info("msg=\"state loaded\" dir={} snapshot_bytes={} journal_records={} dropped_bytes={} regions={} ms={:.1f}",
            state_dir_->path(), report.snapshot_bytes, report.records, report.dropped_bytes, world_.region_count(), ms);
  pipeline_.set_commit_handler(
      [this](const aws::RequestContext& ctx) { state_dir_->commit_region(world_, ctx.account_id, ctx.region); });
  checkpoint_timer_ = std::make_unique<asio::steady_timer>(state_strand_);
}

void App::resume_restored_world() {
  world_.for_each([this](const std::string&, const std::string&, state::RegionStore& store) {
    tasks_->resume_restored(store.ecs);
    services_->request(store.ecs);
  });
  publish_load_balancers();
}

void App::checkpoint_now() {
  try {
    state_dir_->checkpoint(world_);
    dirty_regions_.clear();
    all_dirty_ = false;
  } catch (const state::StateDirError& e) {
    log::error("msg=\"snapshot not written\" error=\"{}\"", e.what());
  }
}

void App::commit_quietly(const std::string& account_id, const std::string& region) {
  try {
    state_dir_->commit_region(world_, account_id, region);
  } catch (const state::StateDirError& e) {
    log::error("msg=\"journal record not written\" account={} region={} error=\"{}\"", account_id, region, e.what());
  }
}

void App::mark_dirty(const std::string& task_arn) {
  ecs::TaskArnParts parts;
  if (ecs::parse_task_arn(task_arn, parts)) {
    dirty_regions_.emplace(parts.account, parts.region);
  } else {
    all_dirty_ = true;
  }
}

void App::schedule_checkpoint() {
  checkpoint_timer_->expires_after(std::chrono::milliseconds(200));
  checkpoint_timer_->async_wait([this](boost::system::error_code ec) {
    if (ec) {
      return;
    }
    if (all_dirty_) {
      world_.for_each([this](const std::string& account, const std::string& region, const state::RegionStore&) {
        dirty_regions_.emplace(account, region);
      });
      all_dirty_ = false;
    }
    for (const auto& [account, region] : dirty_regions_) {
      commit_quietly(account, region);
    }
    dirty_regions_.clear();
    schedule_checkpoint();
  });
}

std::uint16_t App::listen() {
  raise_fd_limit();
  std::uint16_t port = server_->listen(config_.host, config_.port).port();
  if (inside_server_) {
    listen_inside(port);
  }
  return port;
}

void App::listen_inside(std::uint16_t port) {
  std::string address(taskmeta::kTaskEndpointAddress);
  taskmeta::AddressResult added = taskmeta::add_loopback_address(address);
  if (added.outcome == taskmeta::AddressOutcome::Denied || added.outcome == taskmeta::AddressOutcome::Failed) {
    std::string fallback = taskmeta::docker_bridge_address();
    log::warn(
        "msg=\"cannot add the task endpoint address to lo; containers reach ecsemu at the Docker bridge "
        "gateway instead\" address={} error=\"{}\" fallback={}",
        address, added.error, fallback.empty() ? "none" : fallback);
    address = fallback;
  }
  if (address.empty()) {
    credentials_server_.reset();
    return;
  }
  try {
    inside_server_->listen(address, port);
  } catch (const boost::system::system_error& e) {
    // --host 0.0.0.0 already listens there.
    if (e.code() != boost::asio::error::address_in_use) {
      log::warn("msg=\"task endpoint not served\" address={} port={} error=\"{}\"", address, port, e.what());
      inside_server_.reset();
      credentials_server_.reset();
      return;
    }
    inside_server_.reset();
  }
  inside_address_ = address;
  std::string origin = fmt::format("http://{}:{}", address, port);
  // The SDKs read AWS_CONTAINER_CREDENTIALS_RELATIVE_URI from 169.254.170.2 port 80. The first ecsemu on the
  // machine to bind it serves its tasks' credentials there; the others hand out the full URL on their own port.
  std::string credentials_origin = origin;
  if (address == taskmeta::kTaskEndpointAddress && port == 80) {
    credentials_origin = sched::kRelativeCredentialsOrigin;
    credentials_server_.reset();
  } else if (address == taskmeta::kTaskEndpointAddress && credentials_server_) {
    try {
      credentials_server_->listen(address, 80);
      credentials_origin = sched::kRelativeCredentialsOrigin;
    } catch (const boost::system::system_error& e) {
      log::info("msg=\"task credentials served on the task endpoint's port\" reason=\"{}:80 {}\"", address,
                e.code().message());
      credentials_server_.reset();
    }
  } else {
    credentials_server_.reset();
  }
  log::info("msg=\"task endpoint\" origin={} credentials_origin={} address_added={}", origin, credentials_origin,
            added.outcome == taskmeta::AddressOutcome::Added);
  std::string imds_origin = listen_instance_metadata(origin);
  tasks_->set_inside({origin, origin, ids_.get(), credentials_origin, imds_origin});
}

std::string App::listen_instance_metadata(const std::string& inside_origin) {
  std::string address(taskmeta::kInstanceMetadataAddress);
  taskmeta::AddressResult added = taskmeta::add_loopback_address(address);
  if (added.outcome == taskmeta::AddressOutcome::Added || added.outcome == taskmeta::AddressOutcome::AlreadyPresent) {
    try {
      imds_server_->listen(address, 80);
      imds_address_held_ = true;
      log::info("msg=\"instance metadata service\" origin=http://{}", address);
      return "";
    } catch (const boost::system::system_error& e) {
      log::info("msg=\"instance metadata served on the task endpoint\" reason=\"{}:80 {}\" origin={}", address,
                e.code().message(), inside_origin);
    }
  } else {
    log::info("msg=\"instance metadata served on the task endpoint\" reason=\"{}\" origin={}", added.error,
              inside_origin);
  }
  imds_server_.reset();
  if (added.outcome == taskmeta::AddressOutcome::Added) {
    taskmeta::remove_loopback_address_if_unused(address);
  }
  return inside_origin;
}

asio::awaitable<http::Response> App::route(http::Exchange& exchange) {
  std::string_view target = exchange.request.target();
  if (target.rfind("/_ecsemu/", 0) == 0 || target.rfind("/moto-api/", 0) == 0) {
    co_return co_await control(exchange);
  }
  if (taskmeta::InsideEndpoint::handles(target)) {
    co_return co_await inside_->handle(exchange);
  }
  if (taskmeta::InstanceMetadataEndpoint::handles(target)) {
    co_return co_await imds_->handle(exchange);
  }
  co_return co_await pipeline_.handle(exchange);
}

asio::awaitable<http::Response> App::control(http::Exchange& exchange) {
  const http::Request& req = exchange.request;
  std::string_view path = req.target().substr(0, req.target().find('?'));
  if (path == "/_ecsemu/health") {
    if (req.method() != bhttp::verb::get && req.method() != bhttp::verb::head) {
      co_return json_response(req, bhttp::status::method_not_allowed, json::object{{"error", "use GET"}});
    }
    json::object services;
    for (const auto& svc : catalog_.services()) {
      services[svc.key] = json::object{{"protocol", svc.protocol == protocol::Protocol::Json    ? "json"
                                                    : svc.protocol == protocol::Protocol::Query ? "query"
                                                                                                : "ec2"},
                                       {"implemented_operations", registry_.operations(svc.key).size()}};
    }
    double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    co_return json_response(req, bhttp::status::ok,
                            json::object{{"status", "running"},
                                         {"version", ECSEMU_VERSION},
                                         {"uptime_seconds", uptime},
                                         {"services", std::move(services)}});
  }
  if (path == "/_ecsemu/reset" || path == "/moto-api/reset") {
    if (req.method() != bhttp::verb::post) {
      co_return json_response(req, bhttp::status::method_not_allowed, json::object{{"error", "use POST"}});
    }
    // Forget the world first, so that no scheduler pass starts tasks for it; then stop everything the runtime
    // started (its late observations find no task and are dropped).
    co_await pipeline_.on_state([this] {
      world_.reset();
      publish_load_balancers();  // no listener is left
      if (state_dir_) {
        checkpoint_now();  // the state dir holds the empty world too
      }
      return true;
    });
    co_await stop_runtime();
    log::info("msg=reset");
    co_return json_response(req, bhttp::status::ok, json::object{{"status", "ok"}});
  }
  if (path == "/_ecsemu/clock/advance") {
    // Moves ecsemu's clock forward by ?seconds=N (1..31536000): for tests of what expires (STS credentials).
    if (req.method() != bhttp::verb::post) {
      co_return json_response(req, bhttp::status::method_not_allowed, json::object{{"error", "use POST"}});
    }
    std::string_view target = req.target();
    std::string_view query = target.find('?') == std::string_view::npos ? "" : target.substr(target.find('?') + 1);
    long seconds = 0;
    if (query.rfind("seconds=", 0) == 0) {
      std::string_view digits = query.substr(8);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seconds);
      if (ec != std::errc() || end != digits.data() + digits.size()) {
        seconds = 0;
      }
    }
    if (seconds < 1 || seconds > 31536000) {
      co_return json_response(req, bhttp::status::bad_request,
                              json::object{{"error", "give ?seconds=N with N from 1 to 31536000"}});
    }
    clock_.advance(std::chrono::seconds(seconds));
    co_return json_response(req, bhttp::status::ok, json::object{{"now", epoch_seconds(clock_.now())}});
  }
  co_return json_response(req, bhttp::status::not_found,
                          json::object{{"error", "unknown control endpoint"}, {"path", std::string(path)}});
}

asio::awaitable<void> App::stop_runtime() {
  co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
      [this](auto handler) {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        runtime_->stop_all([shared] {
          auto executor = asio::get_associated_executor(*shared);
          asio::post(executor, [shared] { std::move (*shared)(); });
        });
      },
      asio::use_awaitable);
}

void App::schedule_sweep() {
  sweep_timer_->expires_after(std::chrono::seconds(60));
  sweep_timer_->async_wait([this](boost::system::error_code ec) {
    if (ec) {
      return;
    }
    tasks_->sweep();
    schedule_sweep();
  });
}

void App::schedule_ec2_tick() {
  ec2_timer_->expires_after(std::chrono::milliseconds(250));
  ec2_timer_->async_wait([this](boost::system::error_code ec) {
    if (ec) {
      return;
    }
    double now = sched::epoch_seconds(clock_.now());
    bool instances_changed = false;
    world_.for_each([&](const std::string& account, const std::string& region, state::RegionStore& store) {
      if (ec2::advance_instances(store, account, region, now)) {
        instances_changed = true;
        tasks_->reconcile(store.ecs);
        services_->request(store.ecs);  // instances came or went: daemons follow, replacements get placed
      }
    });
    // Instance targets follow their instance's state; draining targets leave once their delay is over.
    if (elbv2::expire_draining(world_, now, config_.time_scale) || instances_changed) {
      publish_load_balancers();
    }
    schedule_ec2_tick();
  });
}

void App::publish_load_balancers() { load_balancers_->publish(elbv2::build_snapshot(world_)); }

void App::schedule_resync() {
  resync_timer_->expires_after(services_->resync_period());
  resync_timer_->async_wait([this](boost::system::error_code ec) {
    if (ec) {
      return;
    }
    services_->resync();
    schedule_resync();
  });
}

void App::schedule_autoscaling() {
  autoscaling_timer_->expires_after(std::chrono::seconds(1));
  autoscaling_timer_->async_wait([this](boost::system::error_code ec) {
    if (ec) {
      return;
    }
    if (autoscaling::reconcile_all(world_, sched::epoch_seconds(clock_.now()))) {
      publish_load_balancers();  // instances entered or left their groups' target groups
    }
    schedule_autoscaling();
  });
}

void App::start_docker_clean_up() {
  if (!docker_clean_up_) {
    return;
  }
  auto done = std::make_shared<std::promise<void>>();
  std::shared_future<void> finished = done->get_future().share();
  docker_clean_up_thread_ = std::thread(
      [endpoint = *docker_endpoint_, version = docker_api_version_, options = std::move(*docker_clean_up_), done] {
        auto started = std::chrono::steady_clock::now();
        try {
          runtime::DockerStartup out = runtime::clean_up_docker(endpoint, version, std::chrono::seconds(10), options);
          double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
          log::info(
              "msg=\"docker runtime ready\" endpoint={} api_version={} leftover_containers_removed={} "
              "leftover_networks_removed={} containers_to_adopt={} ms={:.1f}",
              endpoint.describe(), version, out.removed, out.removed_networks, out.kept, ms);
        } catch (const std::exception& e) {
          log::error("msg=\"left-over clean-up failed\" error=\"{}\"", e.what());
        }
        done->set_value();
      });
  docker_clean_up_.reset();
  if (state_dir_) {
    // The saved world's containers are adopted (or removed) before anything on the state strand runs: requests
    // that read or change the world wait for it; the listener is already up.
    asio::post(state_strand_, [finished] { finished.wait(); });
  }
}

void App::run() {
  server_->start();
  start_docker_clean_up();
  if (inside_server_) {
    inside_server_->start();
  }
  if (credentials_server_) {
    credentials_server_->start();
  }
  if (imds_server_ && imds_address_held_) {
    imds_server_->start();
  }
  asio::post(state_strand_, [this] { schedule_sweep(); });
  asio::post(state_strand_, [this] { schedule_ec2_tick(); });
  asio::post(state_strand_, [this] { schedule_resync(); });
  asio::post(state_strand_, [this] { schedule_autoscaling(); });
  if (state_dir_) {
    asio::post(state_strand_, [this] {
      resume_restored_world();
      schedule_checkpoint();
    });
  }
  asio::steady_timer drain(io_);
  asio::steady_timer give_up(io_);
  auto deadline = std::make_shared<std::chrono::steady_clock::time_point>();
  // Last, the runtime stops what it started (bounded: a stuck engine does not hold the exit).
  auto stop_runtime_then_exit = [&] {
    give_up.expires_after(std::chrono::seconds(4));
    give_up.async_wait([&](boost::system::error_code ec) {
      if (!ec) {
        io_.stop();
      }
    });
    if (state_dir_) {
      // The containers keep running: the next start on this state dir adopts them.
      asio::post(io_, [&] { io_.stop(); });
      return;
    }
    runtime_->stop_all([&] { asio::post(io_, [&] { io_.stop(); }); });
  };
  std::function<void()> wait_drained = [&] {
    if (server_->requests_in_flight() == 0 || std::chrono::steady_clock::now() > *deadline) {
      stop_runtime_then_exit();
      return;
    }
    drain.expires_after(std::chrono::milliseconds(5));
    drain.async_wait([&](boost::system::error_code) { wait_drained(); });
  };
  signals_.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) {
      return;
    }
    log::info("msg=\"shutting down\" signal={}", signal);
    server_->stop();
    if (inside_server_) {
      inside_server_->stop();
    }
    if (credentials_server_) {
      credentials_server_->stop();
    }
    if (imds_server_ && imds_address_held_) {
      imds_server_->stop();
    }
    load_balancers_->stop();
    asio::post(state_strand_, [this] {
      sweep_timer_->cancel();
      ec2_timer_->cancel();
      resync_timer_->cancel();
      autoscaling_timer_->cancel();
      if (state_dir_) {
        checkpoint_timer_->cancel();
        checkpoint_now();  // what observations changed since the last snapshot
      }
    });
    *deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    wait_drained();
  });
  unsigned threads = config_.threads != 0 ? config_.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < threads; ++i) {
    workers.emplace_back([this] { io_.run(); });
  }
  io_.run();
  for (auto& t : workers) {
    t.join();
  }
  if (docker_clean_up_thread_.joinable()) {
    docker_clean_up_thread_.join();
  }
  inside_server_.reset();
  credentials_server_.reset();
  imds_server_.reset();
  if (imds_address_held_ && taskmeta::remove_loopback_address_if_unused(taskmeta::kInstanceMetadataAddress)) {
    log::info("msg=\"instance metadata address removed\" address={}", taskmeta::kInstanceMetadataAddress);
  }
  if (inside_address_ == taskmeta::kTaskEndpointAddress &&
      taskmeta::remove_loopback_address_if_unused(inside_address_)) {
    log::info("msg=\"task endpoint address removed\" address={}", inside_address_);
  }
}

}  // namespace ecsemu
