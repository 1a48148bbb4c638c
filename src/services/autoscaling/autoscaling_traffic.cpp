#include "services/autoscaling/autoscaling_traffic.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "state/world.hpp"

namespace ecsemu::autoscaling {

namespace json = boost::json;
using namespace aws::members;

namespace {

std::string type_of_identifier(std::string_view id) {
  if (id.rfind("arn:", 0) == 0 && id.find(":vpc-lattice:") != std::string_view::npos) {
    return "vpc-lattice";
  }
  if (id.rfind("arn:", 0) == 0) {
    return "elbv2";
  }
  return "elb";
}

void add_unique(std::vector<TrafficSource>& out, TrafficSource source) {
  bool known = std::any_of(out.begin(), out.end(), [&](const TrafficSource& t) {
    return t.identifier == source.identifier && t.type == source.type;
  });
  if (!known) {
    out.push_back(std::move(source));
  }
}

bool wanted(const GroupInstance& i) { return i.lifecycle_state == "InService"; }

}  // namespace

std::vector<TrafficSource> traffic_sources_of(const state::RegionStore& store, const json::object& input) {
  std::vector<TrafficSource> out;
  for (auto& name : string_list(input, "LoadBalancerNames")) {
    add_unique(out, {std::move(name), "elb", false});
  }
  for (auto& arn : string_list(input, "TargetGroupARNs")) {
    add_unique(out, {std::move(arn), "elbv2", false});
  }
  if (const auto* arr = aws::array_member(input, "TrafficSources")) {
    for (const auto& t : *arr) {
      if (!t.is_object()) {
        continue;
      }
      std::string id(string_member(t.as_object(), "Identifier"));
      std::string type(string_member(t.as_object(), "Type"));
      if (type.empty()) {
        type = type_of_identifier(id);
      }
      if (type != "elb" && type != "elbv2" && type != "vpc-lattice") {
        throw aws::ServiceError("ValidationError",
                                fmt::format("Traffic source type {} is not valid. Valid values are elb, elbv2 and "
                                            "vpc-lattice.",
                                            type));
      }
      add_unique(out, {std::move(id), std::move(type), false});
    }
  }
  for (const auto& t : out) {
    if (t.type == "elbv2" && store.elbv2.target_groups.count(t.identifier) == 0) {
      throw aws::ServiceError("ValidationError",
                              "Provided Target Groups may not be valid. Please ensure they exist and try again.");
    }
    if (t.type == "vpc-lattice") {
      throw aws::ServiceError("ValidationError",
                              "Provided VPC Lattice target groups may not be valid. Please ensure they exist and "
                              "try again.");
    }
  }
  return out;
}

bool sync_traffic(state::RegionStore& store, const Group& group, double now) {
  bool changed = false;
  std::vector<std::string> attached = traffic_of_type(group, "elbv2");
  for (auto& [arn, tg] : store.elbv2.target_groups) {
    bool ours = std::find(attached.begin(), attached.end(), arn) != attached.end();
    if (ours) {
      for (const auto& i : group.instances) {
        if (!wanted(i)) {
          continue;
        }
        auto it = std::find_if(tg.targets.begin(), tg.targets.end(),
                               [&](const elbv2::Target& t) { return t.id == i.id && t.port == tg.port; });
        if (it == tg.targets.end()) {
          elbv2::Target target;
          target.id = i.id;
          target.port = tg.port;
          target.availability_zone = i.availability_zone;
          target.registered_by = group.arn;
          tg.targets.push_back(std::move(target));
          changed = true;
        } else if (it->registered_by == group.arn && it->draining) {
          it->draining = false;
          it->drain_started = 0;
          changed = true;
        }
      }
    }
    std::vector<std::pair<std::string, int>> gone;
    for (const auto& t : tg.targets) {
      if (t.registered_by != group.arn || t.draining) {
        continue;
      }
      bool keep = ours && std::any_of(group.instances.begin(), group.instances.end(),
                                      [&](const GroupInstance& i) { return i.id == t.id && wanted(i); });
      if (!keep) {
        gone.emplace_back(t.id, t.port);
      }
    }
    for (const auto& [id, port] : gone) {
      elbv2::begin_draining(store.elbv2, tg, id, port, now);
      changed = true;
    }
  }
  return changed;
}

std::string traffic_state(const state::RegionStore& store, const Group& group, const TrafficSource& source) {
  if (source.at_create) {
    return "InService";
  }
  if (source.type != "elbv2") {
    return "Added";
  }
  auto tg = store.elbv2.target_groups.find(source.identifier);
  if (tg == store.elbv2.target_groups.end()) {
    return "Added";
  }
  if (group.health_check_type == "ELB") {
    for (const auto& t : tg->second.targets) {
      if (t.registered_by == group.arn && !t.draining &&
          elbv2::target_health(store.elbv2, tg->second, t).state == "healthy") {
        return "InService";
      }
    }
  }
  return "Added";
}

}  // namespace ecsemu::autoscaling
