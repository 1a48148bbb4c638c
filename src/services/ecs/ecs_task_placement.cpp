// EC2/EXTERNAL placement of new tasks: the cluster's container instances as placement candidates.
#include "services/ecs/ecs_task_placement.hpp"

#include <algorithm>
#include <map>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_container_instance_filter.hpp"

namespace ecsemu::ecs {

using aws::ServiceError;

namespace {

constexpr std::size_t kMaxCount = 10;

PlacementCandidate candidate_of(const EcsState& state, const ContainerInstance& instance, const std::string& group) {
  PlacementCandidate c;
  c.arn = instance.arn;
  c.id = instance.id;
  c.ec2_instance_id = instance.ec2_instance_id;
  for (const auto& [name, value] : instance.attributes) {
    c.attributes[name] = value.value_or("");
  }
  c.active = instance.status == "ACTIVE";
  c.agent_connected = instance.agent_connected;
  Reservation r = reserved_on_instance(state, instance.arn);
  c.remaining_cpu = instance.registered_cpu - r.cpu;
  c.remaining_memory = instance.registered_memory - r.memory;
  c.used_tcp_ports.insert(instance.registered_tcp_ports.begin(), instance.registered_tcp_ports.end());
  c.used_tcp_ports.insert(r.tcp_ports.begin(), r.tcp_ports.end());
  c.used_udp_ports.insert(instance.registered_udp_ports.begin(), instance.registered_udp_ports.end());
  c.used_udp_ports.insert(r.udp_ports.begin(), r.udp_ports.end());
  for (const auto& id : task_ids_on_instance(state.tasks, instance.arn)) {
    const Task& task = state.tasks.tasks.at(id);
    if (task.group == group && task.state != TaskState::Stopped) {
      ++c.group_tasks;
    }
  }
  return c;
}

}  // namespace

void place_on_instances(EcsState& state, const Cluster& cluster, const Task& proto, const LaunchRequest& request,
                        std::mt19937_64& rng, std::vector<std::string>& placements,
                        std::vector<PlacementFailure>& failures) {
  std::vector<PlacementCandidate> candidates;
  std::map<std::string, const ContainerInstance*> by_arn;
  if (request.explicit_instances) {
    if (request.container_instances.empty() || request.container_instances.size() > kMaxCount) {
      throw ServiceError("InvalidParameterException", "containerInstances must list 1 to 10 container instances.");
    }
  }
  for (const auto& [id, instance] : state.container_instances.instances) {
    if (instance.cluster_arn == cluster.arn && instance.status != "INACTIVE") {
      by_arn[instance.arn] = &instance;
    }
  }
  PlacementRequest placement;
  placement.cpu = task_cpu_units(proto);
  placement.memory = task_memory_mib(proto);
  for (const auto& c : proto.containers) {
    for (const auto& p : c.ports) {
      placement.ports.push_back({p.host_port, p.protocol});
    }
  }
  placement.constraints = request.constraints;
  placement.strategies = request.strategies;
  std::map<std::string, InstanceFilter> filters;
  for (const auto& c : request.constraints) {
    if (c.type == "memberOf" && filters.count(c.expression) == 0) {
      try {
        filters.emplace(c.expression, InstanceFilter::parse(c.expression));
      } catch (const FilterError& e) {
        throw ServiceError("InvalidParameterException", std::string("Invalid placement constraint: ") + e.what());
      }
    }
  }
  placement.member_of = [&](const PlacementCandidate& candidate, const std::string& expression) {
    auto f = filters.find(expression);
    auto inst = by_arn.find(candidate.arn);
    if (f == filters.end() || inst == by_arn.end()) {
      return false;
    }
    const ContainerInstance& ci = *inst->second;
    return f->second.matches([&](std::string_view subject) -> std::vector<std::string> {
      if (subject.rfind("attribute:", 0) == 0) {
        auto a = ci.attributes.find(std::string(subject.substr(10)));
        if (a == ci.attributes.end()) {
          return {};
        }
        return {a->second.value_or("")};
      }
      if (subject == "ec2InstanceId") {
        return {ci.ec2_instance_id};
      }
      if (subject == "agentConnected") {
        return {ci.agent_connected ? "true" : "false"};
      }
      if (subject == "agentVersion") {
        return {ci.agent_version};
      }
      if (subject == "runningTasksCount") {
        return {std::to_string(task_counts_on_instance(state, ci.arn).first)};
      }
      if (subject == "task:group") {
        std::vector<std::string> groups;
        for (const auto& tid : task_ids_on_instance(state.tasks, ci.arn)) {
          const Task& t = state.tasks.tasks.at(tid);
          if (t.state != TaskState::Stopped) {
            groups.push_back(t.group);
          }
        }
        return groups;
      }
      return {};
    });
  };
  if (request.explicit_instances) {
    for (const auto& identifier : request.container_instances) {
      ContainerInstance* ci = find_container_instance(state, cluster.arn, identifier);
      if (ci == nullptr || ci->status == "INACTIVE") {
        failures.push_back({identifier, "MISSING"});
        continue;
      }
      PlacementRequest one = placement;
      one.count = 1;
      auto r = place_tasks({candidate_of(state, *ci, proto.group)}, one, rng);
      if (r.placements.empty()) {
        failures.insert(failures.end(), r.failures.begin(), r.failures.end());
        if (r.failures.empty()) {
          failures.push_back({ci->arn, "INACTIVE"});
        }
      } else {
        placements.push_back(r.placements.front());
      }
    }
  } else {
    for (const auto& [arn, instance] : by_arn) {
      candidates.push_back(candidate_of(state, *instance, proto.group));
    }
    bool any_active =
        std::any_of(candidates.begin(), candidates.end(), [](const PlacementCandidate& c) { return c.active; });
    if (!any_active) {
      throw ServiceError("InvalidParameterException", "No Container Instances were found in your cluster.");
    }
    placement.count = request.count;
    auto r = place_tasks(std::move(candidates), placement, rng);
    placements = std::move(r.placements);
    failures = std::move(r.failures);
  }
}

}  // namespace ecsemu::ecs
