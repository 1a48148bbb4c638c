#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "services/ecs/ecs_account_setting_model.hpp"
#include "services/ecs/ecs_container_instance_model.hpp"
#include "services/ecs/ecs_daemon_model.hpp"
#include "services/ecs/ecs_express_model.hpp"
#include "services/ecs/ecs_service_model.hpp"
#include "services/ecs/ecs_tags.hpp"
#include "services/ecs/ecs_task_definition_model.hpp"
#include "services/ecs/ecs_task_model.hpp"

namespace ecsemu::ecs {

struct Cluster {
  std::string name;
  std::string arn;
  std::string status = "ACTIVE";  // ACTIVE, INACTIVE (deleted, still describable)
  // Client-supplied structures stored and echoed as sent (keys are the spec's member names).
  boost::json::array settings;                  // ClusterSettings
  boost::json::value configuration;             // ClusterConfiguration, null when absent
  boost::json::array capacity_providers;        // names
  boost::json::array default_strategy;          // CapacityProviderStrategy
  boost::json::value service_connect_defaults;  // ClusterServiceConnectDefaults, null when absent
  Tags tags;
};

// ECS state of one account and region.
struct EcsState {
  std::string region;  // the store's region and account (set when the store is created)
  std::string account;
  std::map<std::string, Cluster> clusters;     // by name: listings come out in a stable order
  TaskDefinitionStore task_definitions;        // ecs_task_definition_*.cpp
  ContainerInstanceStore container_instances;  // ecs_container_instance_*.cpp (also capacity providers, attributes)
  TaskStore tasks;                             // ecs_task_*.cpp
  ServiceStore services;                       // ecs_service_*.cpp
  AccountSettingStore account_settings;        // ecs_account_setting_*.cpp
  ExpressServiceStore express_services;        // ecs_express_*.cpp
  DaemonStore daemons;                         // ecs_daemon_*.cpp
};

// Per-area facts the cluster views and DeleteCluster need; each area implements its own.
struct ClusterCounts {
  int registered_container_instances = 0;
  int running_tasks = 0;
  int pending_tasks = 0;
  int active_services = 0;
  int draining_services = 0;
  int running_ec2_tasks = 0;
  int running_fargate_tasks = 0;
  int pending_ec2_tasks = 0;
  int pending_fargate_tasks = 0;
  int active_ec2_services = 0;
  int active_fargate_services = 0;
  int draining_ec2_services = 0;
  int draining_fargate_services = 0;
};
void add_container_instance_counts(const EcsState& state, std::string_view cluster_arn, ClusterCounts& counts);
void add_task_counts(const EcsState& state, std::string_view cluster_arn, ClusterCounts& counts);
void add_service_counts(const EcsState& state, std::string_view cluster_arn, ClusterCounts& counts);
ClusterCounts cluster_counts(const EcsState& state, std::string_view cluster_arn);

// The tags of an ECS resource named by ARN, by resource type ("task-definition", "container-instance", "task",
// "service", "capacity-provider", "task-set"): null when this account and region have no such resource.
// `id` is the ARN's part after "TYPE/". Each area implements its own types.
Tags* find_task_definition_tags(EcsState& state, std::string_view id);
Tags* find_container_instance_tags(EcsState& state, std::string_view id);  // also capacity providers: see below
Tags* find_capacity_provider_tags(EcsState& state, std::string_view id);
Tags* find_task_tags(EcsState& state, std::string_view id);
Tags* find_service_tags(EcsState& state, std::string_view id);
Tags* find_task_set_tags(EcsState& state, std::string_view id);

std::string cluster_arn(std::string_view region, std::string_view account, std::string_view name);
// A new ACTIVE cluster with ECS's default settings (containerInsights disabled).
Cluster new_cluster(std::string_view region, std::string_view account, std::string_view name);
// The `default` cluster, created on first use as ECS gives every account one (an INACTIVE one is re-created).
Cluster& ensure_default_cluster(EcsState& state);

// The cluster a `cluster` parameter names: a name or a cluster ARN of this account and region.
// Returns the name, or an empty string when the identifier is not a well-formed name or ARN.
std::string cluster_name_from_identifier(std::string_view identifier);

// True for names ECS accepts: 1 to 255 letters, digits, hyphens and underscores.
bool valid_cluster_name(std::string_view name);

}  // namespace ecsemu::ecs
