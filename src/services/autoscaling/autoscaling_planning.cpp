#include "services/autoscaling/autoscaling_planning.hpp"

#include <algorithm>
#include <map>

namespace ecsemu::autoscaling {

namespace {

bool counts(const GroupInstance& i) { return counts_in_capacity(i); }

// True when the instance was launched from something other than the group's current launch source.
bool outdated(const Group& group, const GroupInstance& i, std::string_view current_version) {
  if (!group.launch_configuration.empty()) {
    return i.launch_configuration != group.launch_configuration;
  }
  if (i.launch_template.id != group.launch_template.id) {
    return true;
  }
  // An instance records the version number it was launched from; "$Default"/"$Latest" resolve at launch time.
  std::string_view v = group.launch_template.version;
  if (!current_version.empty()) {
    v = current_version;
  }
  return !v.empty() && v.front() != '$' && i.launch_template.version != v;
}

}  // namespace

std::string next_zone(const Group& group, const std::vector<std::string>& planned) {
  if (group.availability_zones.empty()) {
    return {};
  }
  std::map<std::string, long> per_zone;
  for (const auto& z : group.availability_zones) {
    per_zone[z] = 0;
  }
  for (const auto& i : group.instances) {
    if (counts(i) && per_zone.count(i.availability_zone) != 0) {
      ++per_zone[i.availability_zone];
    }
  }
  for (const auto& z : planned) {
    ++per_zone[z];
  }
  std::string best = group.availability_zones.front();
  for (const auto& z : group.availability_zones) {
    if (per_zone[z] < per_zone[best]) {
      best = z;
    }
  }
  return best;
}

std::vector<std::string> select_for_scale_in(const Group& group, long count, std::string_view current_version) {
  std::vector<const GroupInstance*> candidates;
  for (const auto& i : group.instances) {
    if (counts(i) && !i.protected_from_scale_in) {
      candidates.push_back(&i);
    }
  }
  std::string policy = group.termination_policies.empty() ? "Default" : group.termination_policies.front();
  std::vector<std::string> out;
  std::map<std::string, long> per_zone;
  for (const auto& i : group.instances) {
    if (counts(i)) {
      ++per_zone[i.availability_zone];
    }
  }
  while (static_cast<long>(out.size()) < count && !candidates.empty()) {
    auto better = [&](const GroupInstance* a, const GroupInstance* b) {  // true when a goes before b
      if (policy == "NewestInstance") {
        return a->launched > b->launched;
      }
      if (policy == "OldestInstance") {
        return a->launched < b->launched;
      }
      // Default (and the launch-source policies): balance zones first, then outdated launch source, then oldest.
      if (policy == "Default" && per_zone[a->availability_zone] != per_zone[b->availability_zone]) {
        return per_zone[a->availability_zone] > per_zone[b->availability_zone];
      }
      if (outdated(group, *a, current_version) != outdated(group, *b, current_version)) {
        return outdated(group, *a, current_version);
      }
      return a->launched < b->launched;
    };
    auto pick = std::min_element(candidates.begin(), candidates.end(),
                                 [&](const auto* a, const auto* b) { return better(a, b); });
    out.push_back((*pick)->id);
    --per_zone[(*pick)->availability_zone];
    candidates.erase(pick);
  }
  return out;
}

}  // namespace ecsemu::autoscaling
