// Task definition storage: revisions, per-status indexes, identifiers and ARNs.
#include <algorithm>
#include <charconv>
#include <climits>

#include <fmt/format.h>

#include "services/ecs/ecs_task_definition_model.hpp"

namespace ecsemu::ecs {

std::string_view status_name(TaskDefinitionStatus status) {
  switch (status) {
    case TaskDefinitionStatus::kActive:
      return "ACTIVE";
    case TaskDefinitionStatus::kInactive:
      return "INACTIVE";
    case TaskDefinitionStatus::kDeleteInProgress:
      return "DELETE_IN_PROGRESS";
  }
  return "ACTIVE";
}

std::optional<TaskDefinitionStatus> parse_task_definition_status(std::string_view name) {
  for (auto status :
       {TaskDefinitionStatus::kActive, TaskDefinitionStatus::kInactive, TaskDefinitionStatus::kDeleteInProgress}) {
    if (status_name(status) == name) {
      return status;
    }
  }
  return std::nullopt;
}

std::string task_definition_arn(std::string_view region, std::string_view account, std::string_view family,
                                int revision) {
  return fmt::format("arn:aws:ecs:{}:{}:task-definition/{}:{}", region, account, family, revision);
}

bool valid_family_name(std::string_view name) {
  if (name.empty() || name.size() > 255) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::optional<TaskDefinitionRef> parse_task_definition_ref(std::string_view identifier) {
  if (identifier.rfind("arn:", 0) == 0) {
    // arn:PARTITION:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION
    auto marker = identifier.find(":task-definition/");
    if (marker == std::string_view::npos || identifier.find(":ecs:") == std::string_view::npos) {
      return std::nullopt;
    }
    identifier = identifier.substr(marker + 17);
  }
  TaskDefinitionRef ref;
  auto colon = identifier.find(':');
  if (colon != std::string_view::npos) {
    std::string_view digits = identifier.substr(colon + 1);
    int revision = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), revision);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || revision < 1) {
      return std::nullopt;
    }
    ref.revision = revision;
    identifier = identifier.substr(0, colon);
  }
  if (!valid_family_name(identifier)) {
    return std::nullopt;
  }
  ref.family = std::string(identifier);
  return ref;
}

TaskDefinition& TaskDefinitionStore::add(TaskDefinition&& definition, std::string_view region,
                                         std::string_view account) {
  auto last = last_revision_.find(definition.family);
  if (last == last_revision_.end()) {
    last = last_revision_.emplace(definition.family, 0).first;
  }
  definition.revision = ++last->second;
  definition.arn = task_definition_arn(region, account, definition.family, definition.revision);
  definition.status = std::string(status_name(TaskDefinitionStatus::kActive));
  by_status_[0].emplace(definition.family, definition.revision);
  ++size_;
  auto& revisions = families[definition.family];
  int revision = definition.revision;
  return revisions.emplace(revision, std::move(definition)).first->second;
}

TaskDefinition* TaskDefinitionStore::find(std::string_view family, int revision) {
  auto it = families.find(std::string(family));
  if (it == families.end()) {
    return nullptr;
  }
  auto rev = it->second.find(revision);
  return rev == it->second.end() ? nullptr : &rev->second;
}

TaskDefinition* TaskDefinitionStore::latest_active(std::string_view family) {
  const auto& active = by_status_[0];
  auto it = active.upper_bound(TaskDefinitionKey(std::string(family), INT_MAX));
  if (it == active.begin()) {
    return nullptr;
  }
  --it;
  return it->first == family ? find(family, it->second) : nullptr;
}

bool TaskDefinitionStore::has_active(std::string_view family) const {
  const auto& active = by_status_[0];
  auto it = active.lower_bound(TaskDefinitionKey(std::string(family), 0));
  return it != active.end() && it->first == family;
}

void TaskDefinitionStore::set_status(TaskDefinition& definition, TaskDefinitionStatus status) {
  auto current = parse_task_definition_status(definition.status).value_or(TaskDefinitionStatus::kActive);
  TaskDefinitionKey key(definition.family, definition.revision);
  by_status_[static_cast<std::size_t>(current)].erase(key);
  by_status_[static_cast<std::size_t>(status)].insert(std::move(key));
  definition.status = std::string(status_name(status));
}

void TaskDefinitionStore::restore(std::map<std::string, std::map<int, TaskDefinition>> saved,
                                  std::map<std::string, int, std::less<>> last_revisions) {
  families = std::move(saved);
  last_revision_ = std::move(last_revisions);
  reindex();
}

void TaskDefinitionStore::reindex() {
  for (auto& index : by_status_) {
    index.clear();
  }
  size_ = 0;
  for (const auto& [family, revisions] : families) {
    int& last = last_revision_[family];
    for (const auto& [revision, definition] : revisions) {
      auto status = parse_task_definition_status(definition.status).value_or(TaskDefinitionStatus::kActive);
      by_status_[static_cast<std::size_t>(status)].emplace(family, revision);
      ++size_;
      last = std::max(last, revision);  // a revision number is never reused, whatever the saved counter says
    }
  }
}

}  // namespace ecsemu::ecs
