#pragma once

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "services/ecs/ecs_tags.hpp"

namespace ecsemu::ecs {

// A registered task definition revision. Contract relied on by tasks and services: family, revision, arn,
// status and `spec` (the RegisterTaskDefinition input as sent, keyed by the spec's member names, tags removed;
// task-level cpu and memory are normalized to CPU units and MiB, e.g. "1 vCPU" -> "1024", "2 GB" -> "2048").
struct TaskDefinition {
  std::string family;
  int revision = 0;
  std::string arn;
  std::string status = "ACTIVE";  // ACTIVE, INACTIVE, DELETE_IN_PROGRESS
  boost::json::object spec;  // written once, at registration (a revision is immutable): the state journal relies on it
  Tags tags;
  double registered_at = 0;        // epoch seconds
  double deregistered_at = 0;      // 0 while ACTIVE
  double delete_requested_at = 0;  // 0 unless DELETE_IN_PROGRESS
  std::string registered_by;
  // Derived once at registration (what AWS computes): attribute names and launch types.
  std::vector<std::string> requires_attributes;
  std::vector<std::string> compatibilities;
};

// (family, revision): the order ListTaskDefinitions lists in.
using TaskDefinitionKey = std::pair<std::string, int>;

enum class TaskDefinitionStatus { kActive = 0, kInactive = 1, kDeleteInProgress = 2 };
std::string_view status_name(TaskDefinitionStatus status);
std::optional<TaskDefinitionStatus> parse_task_definition_status(std::string_view name);

// All task definitions of one account and region. Revisions and their status change only through the member
// functions so the per-status indexes stay right; listings and "latest ACTIVE" lookups are O(log n).
struct TaskDefinitionStore {
  std::map<std::string, std::map<int, TaskDefinition>> families;  // family -> revision -> definition

  // Stores a new revision of `definition.family` (revision numbers are never reused) and returns it.
  TaskDefinition& add(TaskDefinition&& definition, std::string_view region, std::string_view account);
  TaskDefinition* find(std::string_view family, int revision);
  // The highest ACTIVE revision of a family, or null.
  TaskDefinition* latest_active(std::string_view family);
  bool has_active(std::string_view family) const;
  void set_status(TaskDefinition& definition, TaskDefinitionStatus status);
  const std::set<TaskDefinitionKey>& with_status(TaskDefinitionStatus status) const {
    return by_status_[static_cast<std::size_t>(status)];
  }
  std::size_t size() const { return size_; }
  // For the state codec (src/state/): the last revision each family has had, deleted ones included, and a store
  // rebuilt from saved families and last revisions (its indexes derived again). A codec that edits `families` and
  // the last revisions in place calls reindex() before the store is used again.
  const std::map<std::string, int, std::less<>>& last_revisions() const { return last_revision_; }
  std::map<std::string, int, std::less<>>& last_revisions_to_restore() { return last_revision_; }
  void restore(std::map<std::string, std::map<int, TaskDefinition>> saved,
               std::map<std::string, int, std::less<>> last_revisions);
  void reindex();

 private:
  std::map<std::string, int, std::less<>> last_revision_;  // survives deletion: numbers are never reused
  std::array<std::set<TaskDefinitionKey>, 3> by_status_;
  std::size_t size_ = 0;
};

std::string task_definition_arn(std::string_view region, std::string_view account, std::string_view family,
                                int revision);

// What a `taskDefinition` parameter names: "family", "family:revision" or a task-definition ARN.
// revision is 0 when only a family is given; nullopt when the identifier is malformed.
struct TaskDefinitionRef {
  std::string family;
  int revision = 0;
};
std::optional<TaskDefinitionRef> parse_task_definition_ref(std::string_view identifier);

// True for family and container names: 1 to 255 letters, digits, hyphens and underscores.
bool valid_family_name(std::string_view name);

// Task-level cpu ("1024", "1 vCPU", "0.25 vcpu") in CPU units / memory ("2048", "2 GB", "2GB") in MiB.
std::optional<long> parse_task_cpu(std::string_view text);
std::optional<long> parse_task_memory(std::string_view text);
// True when Fargate offers this cpu (units) and memory (MiB) combination.
bool fargate_combination_supported(long cpu, long memory);

// Checks a RegisterTaskDefinition input the way AWS does; throws ClientException / InvalidParameterException.
// Returns the spec to store (tags removed, task cpu/memory normalized).
boost::json::object checked_task_definition_spec(const boost::json::object& input);
// Why the definition cannot run on Fargate (empty when it can).
std::string fargate_incompatibility(const boost::json::object& spec);
// The attributes a container instance needs to run the definition (names only), as AWS derives them.
std::vector<std::string> derive_requires_attributes(const boost::json::object& spec);
// The launch types the definition is compatible with, as AWS reports them.
std::vector<std::string> derive_compatibilities(const boost::json::object& spec);

}  // namespace ecsemu::ecs
