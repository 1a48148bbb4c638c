// DockerRuntime: the Docker network of each VPC that awsvpc tasks run in (vpc_network.hpp).
//
// The first awsvpc task of a VPC creates the network ecsemu-<vpc-id> on the VPC's CIDR block, after checking that
// the block hijacks nothing: not a route or address of this host (other than Docker's own bridges), and no Docker
// network other than its own (Docker's default bridge, another program's network, another ecsemu's, or this
// ecsemu's network for another VPC with an overlapping block: two VPCs that both use 10.0.0.0/16, say). When the
// check fails the task runs as before, on Docker's default bridge with an address Docker picks, and the reason is
// logged. The network goes when the last task that uses it has gone, and at stop_all.
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

#include "log.hpp"
#include "runtime/docker_runtime.hpp"
#include "runtime/docker_task.hpp"
#include "runtime/vpc_network.hpp"

namespace ecsemu::runtime {

// The name of the network the task's pause container joins at its ENI address, or "" to fall back to the default
// bridge. A task given a network holds it (task->vpc_id) until release_vpc_network.
asio::awaitable<std::string> DockerRuntime::ensure_vpc_network(std::shared_ptr<RtTask> task) {
  if (!task->launch.awsvpc) {
    co_return std::string();
  }
  const AwsvpcNetworkSpec spec = *task->launch.awsvpc;
  const std::string& arn = task->launch.plan.task_arn;
  auto fall_back = [&](const std::string& why) {
    log::warn("msg=\"awsvpc task falls back to the default bridge\" task={} vpc={} reason=\"{}\"", arn, spec.vpc_id,
              why);
    return std::string();
  };
  auto block = parse_ipv4_block(spec.vpc_cidr);
  if (!block) {
    co_return fall_back(fmt::format("the VPC CIDR '{}' is not an IPv4 block", spec.vpc_cidr));
  }
  if (std::string problem = vpc_address_problem(*block, spec.private_ip); !problem.empty()) {
    co_return fall_back(problem);
  }
  while (adopting_ > 0) {
    co_await adopted_.async_wait(kTuple);  // an adopted task may bring this VPC's network
  }
  for (;;) {
    auto it = vpc_networks_.find(spec.vpc_id);
    if (it == vpc_networks_.end()) {
      break;
    }
    std::shared_ptr<VpcNet> net = it->second;
    if (net->state == VpcNet::State::Ready) {
      if (net->cidr != block->str()) {
        co_return fall_back(fmt::format("the VPC's network {} is on {}", net->name, net->cidr));
      }
      ++net->users;
      task->vpc_id = spec.vpc_id;
      co_return net->name;
    }
    co_await net->changed.async_wait(kTuple);  // being created or removed: look again once it is done
    if (task->stop_requested) {
      co_return std::string();
    }
  }
  auto net = std::make_shared<VpcNet>(strand_);
  net->name = vpc_network_name(spec.vpc_id);
  net->cidr = block->str();
  vpc_networks_[spec.vpc_id] = net;
  std::string why = co_await create_vpc_network(net->name, net->cidr);
  auto now = vpc_networks_.find(spec.vpc_id);
  const bool still_ours = now != vpc_networks_.end() && now->second == net;  // stop_all may have cleared the map
  if (!why.empty() || !still_ours) {
    if (still_ours) {
      vpc_networks_.erase(now);
    } else if (why.empty()) {
      co_await client_.request(verb::delete_, client_.versioned("/networks/" + net->name), {}, options_.call_timeout);
    }
    net->changed.cancel();
    co_return fall_back(why.empty() ? std::string("the runtime is stopping") : why);
  }
  net->state = VpcNet::State::Ready;
  net->users = 1;
  net->changed.cancel();
  task->vpc_id = spec.vpc_id;
  log::info("msg=\"vpc network created\" vpc={} network={} cidr={}", spec.vpc_id, net->name, net->cidr);
  co_return net->name;
}

// Checks the block against the host and Docker, then creates the network; returns why it did not.
asio::awaitable<std::string> DockerRuntime::create_vpc_network(const std::string& name, const std::string& cidr) {
  const auto block = parse_ipv4_block(cidr);
  if (!block) {
    co_return fmt::format("the VPC CIDR '{}' is not an IPv4 block", cidr);
  }
  DockerResponse list = co_await client_.request(verb::get, client_.versioned("/networks"), {}, options_.call_timeout);
  if (!list.ok()) {
    co_return "cannot list Docker networks: " + list.message();
  }
  std::vector<DockerNetworkInfo> networks = parse_docker_networks(list.json());
  std::string conflict = vpc_network_conflict(*block, name, instance_id_, read_host_routes(), networks);
  if (!conflict.empty()) {
    co_return conflict;
  }
  for (const auto& n : networks) {
    if (n.name == name && n.marker == instance_id_) {
      co_return std::string();  // ours already, e.g. left by a failed removal
    }
    if (n.name == name) {
      co_return fmt::format("Docker network {} exists and is not this ecsemu's", name);
    }
  }
  const std::string body = json::serialize(docker_vpc_network_create_body(name, *block, owner_labels()));
  DockerResponse created =
      co_await client_.request(verb::post, client_.versioned("/networks/create"), body, options_.call_timeout);
  if (!created.ok()) {
    co_return "cannot create Docker network " + name + ": " + created.message();
  }
  co_return std::string();
}

// The task's pause container is gone: the last task of a VPC takes its network with it.
asio::awaitable<void> DockerRuntime::release_vpc_network(std::shared_ptr<RtTask> task) {
  const std::string vpc_id = std::move(task->vpc_id);
  task->vpc_id.clear();
  auto it = vpc_networks_.find(vpc_id);
  if (vpc_id.empty() || it == vpc_networks_.end()) {
    co_return;
  }
  std::shared_ptr<VpcNet> net = it->second;
  if (net->state != VpcNet::State::Ready || net->users == 0 || --net->users > 0) {
    co_return;
  }
  net->state = VpcNet::State::Removing;
  DockerResponse res =
      co_await client_.request(verb::delete_, client_.versioned("/networks/" + net->name), {}, options_.call_timeout);
  if (!res.ok() && !res.not_found()) {
    log::warn("msg=\"vpc network remove failed\" network={} error=\"{}\"", net->name, res.message());
  } else {
    log::info("msg=\"vpc network removed\" vpc={} network={}", vpc_id, net->name);
  }
  if (auto now = vpc_networks_.find(vpc_id); now != vpc_networks_.end() && now->second == net) {
    vpc_networks_.erase(now);
  }
  net->changed.cancel();
}

// stop_all: every network this process created (its containers are gone by now).
asio::awaitable<void> DockerRuntime::remove_vpc_networks() {
  auto nets = std::move(vpc_networks_);
  vpc_networks_.clear();
  for (auto& [vpc_id, net] : nets) {
    net->changed.cancel();
  }
  const std::string target = client_.versioned(
      "/networks", {{"filters", docker_filters({{"label", {std::string(kMarkerLabel) + "=" + instance_id_}}})}});
  DockerResponse list = co_await client_.request(verb::get, target, {}, options_.call_timeout);
  if (!list.ok()) {
    log::warn("msg=\"cannot list vpc networks to remove\" error=\"{}\"", list.message());
    co_return;
  }
  // Those it created, and those it adopted from an earlier process on its state dir (which carry that one's marker).
  std::vector<std::string> doomed;
  std::set<std::string> names;
  for (const auto& n : parse_docker_networks(list.json())) {
    doomed.push_back(n.id);
    names.insert(n.name);
  }
  for (const auto& [vpc_id, net] : nets) {
    if (names.count(net->name) == 0) {
      doomed.push_back(net->name);
    }
  }
  std::size_t removed = 0;
  for (const auto& network : doomed) {
    DockerResponse res =
        co_await client_.request(verb::delete_, client_.versioned("/networks/" + network), {}, options_.call_timeout);
    if (res.ok() || res.not_found()) {
      ++removed;
    } else {
      log::warn("msg=\"vpc network remove failed\" network={} error=\"{}\"", network, res.message());
    }
  }
  if (removed > 0) {
    log::info("msg=\"vpc networks removed\" count={}", removed);
  }
}

}  // namespace ecsemu::runtime
