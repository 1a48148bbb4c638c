// Traffic sources of a group: classic load balancer names, ELBv2 target groups and the TrafficSources API that
// covers both (Attach/Detach/Describe LoadBalancers, LoadBalancerTargetGroups, TrafficSources).
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/autoscaling/autoscaling_handlers.hpp"
#include "services/autoscaling/autoscaling_reconcile.hpp"
#include "services/autoscaling/autoscaling_traffic.hpp"
#include "services/elbv2/elbv2_plane.hpp"
#include "state/world.hpp"

namespace ecsemu::autoscaling {

namespace json = boost::json;
using aws::string_member;

namespace {

void attach(aws::RequestContext& ctx, const json::object& input) {
  Group& g = require_group(ctx.store().autoscaling, string_member(input, "AutoScalingGroupName"));
  for (auto& source : traffic_sources_of(ctx.store(), input)) {
    bool known = std::any_of(g.traffic_sources.begin(), g.traffic_sources.end(), [&](const TrafficSource& t) {
      return t.identifier == source.identifier && t.type == source.type;
    });
    if (!known) {
      g.traffic_sources.push_back(std::move(source));
    }
  }
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, g, now_seconds(ctx));
  elbv2::mark_snapshot_changed(ctx);
}

// Detaching what is not attached is not an error on AWS (the call succeeds and changes nothing).
void detach(aws::RequestContext& ctx, const json::object& input) {
  Group& g = require_group(ctx.store().autoscaling, string_member(input, "AutoScalingGroupName"));
  std::vector<TrafficSource> gone;
  for (const auto& name : aws::string_list(input, "LoadBalancerNames")) {
    gone.push_back({name, "elb", false});
  }
  for (const auto& arn : aws::string_list(input, "TargetGroupARNs")) {
    gone.push_back({arn, "elbv2", false});
  }
  if (const auto* arr = aws::array_member(input, "TrafficSources")) {
    for (const auto& t : *arr) {
      if (t.is_object()) {
        gone.push_back({std::string(string_member(t.as_object(), "Identifier")),
                        std::string(string_member(t.as_object(), "Type")), false});
      }
    }
  }
  std::erase_if(g.traffic_sources, [&](const TrafficSource& t) {
    return std::any_of(gone.begin(), gone.end(), [&](const TrafficSource& x) {
      return x.identifier == t.identifier && (x.type.empty() || x.type == t.type);
    });
  });
  reconcile_group(ctx.store(), ctx.account_id, ctx.region, g, now_seconds(ctx));
  elbv2::mark_snapshot_changed(ctx);
}

// One page of the group's traffic sources of `type` (all types when empty), each as `row` makes it.
template <typename Row>
json::object describe(aws::RequestContext& ctx, const json::object& input, std::string_view type, const char* member,
                      Row row) {
  Group& g = require_group(ctx.store().autoscaling, string_member(input, "AutoScalingGroupName"));
  long limit = max_records(input, 100, 100);
  std::string after = page_after(input);
  json::array out;
  json::object result;
  bool started = after.empty();
  std::string last;
  for (const auto& t : g.traffic_sources) {
    if (!type.empty() && t.type != type) {
      continue;
    }
    std::string key = t.type + "|" + t.identifier;
    if (!started) {
      started = key == after;
      continue;
    }
    if (static_cast<long>(out.size()) == limit) {
      result["NextToken"] = aws::encode_page_token(last);
      break;
    }
    last = key;
    out.push_back(row(t, traffic_state(ctx.store(), g, t)));
  }
  if (!started) {
    throw aws::ServiceError("InvalidNextToken", "The token provided is not valid.");
  }
  result[member] = std::move(out);
  return result;
}

}  // namespace

json::value attach_load_balancers(aws::RequestContext& ctx, const json::object& input) {
  attach(ctx, input);
  return json::object{};
}

json::value detach_load_balancers(aws::RequestContext& ctx, const json::object& input) {
  detach(ctx, input);
  return json::object{};
}

json::value describe_load_balancers(aws::RequestContext& ctx, const json::object& input) {
  return describe(ctx, input, "elb", "LoadBalancers", [](const TrafficSource& t, std::string state) {
    return json::object{{"LoadBalancerName", t.identifier}, {"State", std::move(state)}};
  });
}

json::value attach_load_balancer_target_groups(aws::RequestContext& ctx, const json::object& input) {
  attach(ctx, input);
  return json::object{};
}

json::value detach_load_balancer_target_groups(aws::RequestContext& ctx, const json::object& input) {
  detach(ctx, input);
  return json::object{};
}

json::value describe_load_balancer_target_groups(aws::RequestContext& ctx, const json::object& input) {
  return describe(ctx, input, "elbv2", "LoadBalancerTargetGroups", [](const TrafficSource& t, std::string state) {
    return json::object{{"LoadBalancerTargetGroupARN", t.identifier}, {"State", std::move(state)}};
  });
}

json::value attach_traffic_sources(aws::RequestContext& ctx, const json::object& input) {
  attach(ctx, input);
  return json::object{};
}

json::value detach_traffic_sources(aws::RequestContext& ctx, const json::object& input) {
  detach(ctx, input);
  return json::object{};
}

json::value describe_traffic_sources(aws::RequestContext& ctx, const json::object& input) {
  std::string type(string_member(input, "TrafficSourceType"));
  return describe(ctx, input, type, "TrafficSources", [](const TrafficSource& t, std::string state) {
    return json::object{
        {"TrafficSource", t.identifier}, {"Identifier", t.identifier}, {"Type", t.type}, {"State", std::move(state)}};
  });
}

}  // namespace ecsemu::autoscaling
