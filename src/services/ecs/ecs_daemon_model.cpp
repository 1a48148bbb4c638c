#include "services/ecs/ecs_daemon_model.hpp"

#include <algorithm>
#include <random>

#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

namespace {

bool is_live(const Task& task) { return task.last_status != "STOPPED"; }

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// "arn:aws:ecs:REGION:ACCOUNT:RESOURCE" -> RESOURCE when region and account are ours; nullopt when malformed,
// empty when another account or region.
std::optional<std::string_view> arn_resource(std::string_view arn, std::string_view region, std::string_view account) {
  constexpr std::string_view kPrefix = "arn:aws:ecs:";
  if (arn.rfind(kPrefix, 0) != 0) {
    return std::nullopt;
  }
  std::string_view rest = arn.substr(kPrefix.size());
  auto c1 = rest.find(':');
  if (c1 == std::string_view::npos) {
    return std::nullopt;
  }
  auto c2 = rest.find(':', c1 + 1);
  if (c2 == std::string_view::npos) {
    return std::nullopt;
  }
  if (rest.substr(0, c1) != region || rest.substr(c1 + 1, c2 - c1 - 1) != account) {
    return std::string_view{};
  }
  return rest.substr(c2 + 1);
}

}  // namespace

std::string daemon_task_group(std::string_view daemon_name) { return fmt::format("daemon:{}", daemon_name); }

bool valid_daemon_name(std::string_view name) {
  if (name.empty() || name.size() > 255) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string daemon_task_definition_arn(std::string_view region, std::string_view account, std::string_view family,
                                       int revision) {
  return fmt::format("arn:aws:ecs:{}:{}:daemon-task-definition/{}:{}", region, account, family, revision);
}

std::string daemon_arn(std::string_view region, std::string_view account, std::string_view cluster,
                       std::string_view name) {
  return fmt::format("arn:aws:ecs:{}:{}:daemon/{}/{}", region, account, cluster, name);
}

std::string random_daemon_id() {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> dist(0, kAlphabet.size() - 1);
  std::string out;
  for (int i = 0; i < 20; ++i) {
    out.push_back(kAlphabet[dist(engine)]);
  }
  return out;
}

DaemonTaskDefinition* find_daemon_task_definition(EcsState& state, std::string_view region, std::string_view account,
                                                  std::string_view identifier, bool require_revision) {
  if (identifier.rfind("arn:", 0) == 0) {
    auto resource = arn_resource(identifier, region, account);
    constexpr std::string_view kType = "daemon-task-definition/";
    if (!resource || resource->rfind(kType, 0) != 0) {
      return nullptr;
    }
    identifier = resource->substr(kType.size());
    require_revision = true;
  }
  auto colon = identifier.find(':');
  std::string family(identifier.substr(0, colon));
  auto fam = state.daemons.task_definitions.find(family);
  if (fam == state.daemons.task_definitions.end()) {
    return nullptr;
  }
  if (colon == std::string_view::npos) {
    if (require_revision) {
      return nullptr;
    }
    for (auto it = fam->second.rbegin(); it != fam->second.rend(); ++it) {
      if (it->second.status == "ACTIVE") {
        return &it->second;
      }
    }
    return nullptr;
  }
  std::string_view rev = identifier.substr(colon + 1);
  if (rev.empty() || rev.size() > 9 ||
      !std::all_of(rev.begin(), rev.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return nullptr;
  }
  auto it = fam->second.find(std::stoi(std::string(rev)));
  return it == fam->second.end() ? nullptr : &it->second;
}

std::string daemon_task_definition_status(const EcsState& state, const DaemonTaskDefinition& definition) {
  if (definition.status != "DELETE_IN_PROGRESS") {
    return definition.status;
  }
  for (const auto& [arn, daemon] : state.daemons.daemons) {
    if (daemon_gone(state, daemon)) {
      continue;
    }
    auto rev = state.daemons.revisions.find(daemon.current_revision_arn);
    if (daemon.status == "ACTIVE" && rev != state.daemons.revisions.end() &&
        rev->second.task_definition_arn == definition.arn) {
      return "DELETE_IN_PROGRESS";
    }
    for (const auto& revision_arn : daemon.revision_arns) {
      auto r = state.daemons.revisions.find(revision_arn);
      if (r == state.daemons.revisions.end() || r->second.task_definition_arn != definition.arn) {
        continue;
      }
      for (const auto& [id, task] : state.tasks.tasks) {
        if (is_live(task) && task.started_by == r->second.id && task.group == daemon_task_group(daemon.name)) {
          return "DELETE_IN_PROGRESS";
        }
      }
    }
  }
  return "DELETED";
}

std::vector<DaemonProviderCount> daemon_revision_counts(const EcsState& state, const DaemonRevision& revision) {
  std::vector<DaemonProviderCount> counts;
  for (const auto& name : revision.capacity_providers) {
    counts.push_back(DaemonProviderCount{name});
  }
  auto daemon = state.daemons.daemons.find(revision.daemon_arn);
  if (daemon == state.daemons.daemons.end()) {
    return counts;
  }
  std::string group = daemon_task_group(daemon->second.name);
  for (const auto& [id, task] : state.tasks.tasks) {
    if (!is_live(task) || task.group != group || task.started_by != revision.id ||
        task.cluster_arn != revision.cluster_arn) {
      continue;
    }
    std::string provider = task.capacity_provider_name;
    auto slash = task.container_instance_arn.rfind('/');
    if (slash != std::string::npos) {
      auto inst = state.container_instances.instances.find(task.container_instance_arn.substr(slash + 1));
      if (inst != state.container_instances.instances.end() && !inst->second.capacity_provider_name.empty()) {
        provider = inst->second.capacity_provider_name;
      }
    }
    for (auto& count : counts) {
      if (count.capacity_provider != provider) {
        continue;
      }
      if (task.desired_status == "STOPPED") {
        ++count.draining_instances;
      } else {
        ++count.running_instances;
        if (task.last_status == "RUNNING") {
          ++count.running_tasks;
        }
      }
    }
  }
  return counts;
}

int daemon_live_tasks(const EcsState& state, const Daemon& daemon) {
  std::string group = daemon_task_group(daemon.name);
  int live = 0;
  for (const auto& id : task_ids_in_group(state.tasks, daemon.cluster_arn, group)) {
    const Task& task = state.tasks.tasks.at(id);
    if (is_live(task) &&
        std::any_of(daemon.revision_arns.begin(), daemon.revision_arns.end(), [&](const std::string& arn) {
          auto r = state.daemons.revisions.find(arn);
          return r != state.daemons.revisions.end() && r->second.id == task.started_by;
        })) {
      ++live;
    }
  }
  return live;
}

int daemon_target_instances(const EcsState& state, std::string_view cluster_arn,
                            const std::vector<std::string>& capacity_providers) {
  int n = 0;
  for (const auto& [id, inst] : state.container_instances.instances) {
    if (inst.cluster_arn == cluster_arn && inst.status == "ACTIVE" &&
        contains(capacity_providers, inst.capacity_provider_name)) {
      ++n;
    }
  }
  return n;
}

bool daemon_gone(const EcsState& state, const Daemon& daemon) {
  return daemon.status == "DELETE_IN_PROGRESS" && daemon_live_tasks(state, daemon) == 0;
}

std::string daemon_deployment_status(EcsState& state, DaemonDeployment& deployment, double now) {
  if (!deployment.stored_status.empty()) {
    return deployment.stored_status;
  }
  auto daemon = state.daemons.daemons.find(deployment.daemon_arn);
  bool done = false;
  if (daemon == state.daemons.daemons.end()) {
    done = true;
  } else if (deployment.target_revision_arn.empty()) {
    done = daemon_live_tasks(state, daemon->second) == 0;
  } else {
    auto revision = state.daemons.revisions.find(deployment.target_revision_arn);
    if (revision == state.daemons.revisions.end()) {
      done = true;
    } else {
      int running = 0;
      for (const auto& count : daemon_revision_counts(state, revision->second)) {
        running += count.running_tasks;
      }
      int target_live = 0;
      for (const auto& count : daemon_revision_counts(state, revision->second)) {
        target_live += count.running_instances + count.draining_instances;
      }
      int others = daemon_live_tasks(state, daemon->second) - target_live;
      done = running >= daemon_target_instances(state, deployment.cluster_arn, revision->second.capacity_providers) &&
             others == 0;
    }
  }
  if (!done) {
    return "IN_PROGRESS";
  }
  if (deployment.finished_at == 0) {
    deployment.finished_at = now;
  }
  return "SUCCESSFUL";
}

Daemon& require_daemon(EcsState& state, std::string_view region, std::string_view account, std::string_view arn,
                       const char* missing_error) {
  auto resource = arn_resource(arn, region, account);
  constexpr std::string_view kType = "daemon/";
  if (!resource || (!resource->empty() && resource->rfind(kType, 0) != 0)) {
    throw aws::ServiceError("InvalidParameterException", "The daemon ARN provided is invalid.");
  }
  if (resource->empty()) {
    throw aws::ServiceError(missing_error, "The specified daemon could not be found.");
  }
  std::string_view path = resource->substr(kType.size());
  auto slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == path.size()) {
    throw aws::ServiceError("InvalidParameterException", "The daemon ARN provided is invalid.");
  }
  auto cluster = state.clusters.find(std::string(path.substr(0, slash)));
  if (cluster == state.clusters.end() || cluster->second.status != "ACTIVE") {
    throw aws::ServiceError("ClusterNotFoundException", "Cluster not found.");
  }
  auto it = state.daemons.daemons.find(std::string(arn));
  if (it == state.daemons.daemons.end() || daemon_gone(state, it->second)) {
    throw aws::ServiceError(missing_error, "The specified daemon could not be found.");
  }
  return it->second;
}

DaemonDeployment& start_daemon_deployment(EcsState& state, Daemon& daemon, const DaemonRevision* target, double now) {
  std::vector<std::string> sources;
  for (const auto& arn : daemon.deployment_arns) {
    auto& previous = state.daemons.deployments.at(arn);
    if (daemon_deployment_status(state, previous, now) == "IN_PROGRESS") {
      previous.stored_status = "STOPPED";
      previous.status_reason = "Superseded by a newer daemon deployment.";
      previous.stopped_at = now;
    }
  }
  if (!daemon.current_revision_arn.empty()) {
    sources.push_back(daemon.current_revision_arn);
  }
  DaemonDeployment deployment;
  deployment.id = random_daemon_id();
  auto prefix = daemon.arn.find(":daemon/");
  deployment.arn = fmt::format("{}:daemon-deployment/{}/{}/{}", daemon.arn.substr(0, prefix), daemon.cluster_name,
                               daemon.name, deployment.id);
  deployment.daemon_arn = daemon.arn;
  deployment.cluster_arn = daemon.cluster_arn;
  deployment.target_revision_arn = target != nullptr ? target->arn : std::string();
  deployment.source_revision_arns = std::move(sources);
  deployment.configuration = daemon.deployment_configuration;
  deployment.created_at = now;
  daemon.deployment_arns.push_back(deployment.arn);
  if (target != nullptr) {
    daemon.current_revision_arn = target->arn;
  }
  return state.daemons.deployments[deployment.arn] = std::move(deployment);
}

Tags* find_daemon_tags(EcsState& state, std::string_view region, std::string_view account, std::string_view id) {
  std::string arn = fmt::format("arn:aws:ecs:{}:{}:daemon/{}", region, account, id);
  auto found = state.daemons.daemons.find(arn);
  if (found == state.daemons.daemons.end() || daemon_gone(state, found->second)) {
    return nullptr;
  }
  return &found->second.tags;
}

Tags* find_daemon_task_definition_tags(EcsState& state, std::string_view region, std::string_view account,
                                       std::string_view id) {
  auto* definition = find_daemon_task_definition(state, region, account, id, true);
  return definition == nullptr ? nullptr : &definition->tags;
}

}  // namespace ecsemu::ecs
