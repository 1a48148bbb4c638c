#include "services/elbv2/elbv2_plane.hpp"

#include <algorithm>

#include "aws/request_context.hpp"
#include "services/elbv2/elbv2_model.hpp"
#include "state/world.hpp"

namespace ecsemu::elbv2 {

namespace {

proxy::RuleAction to_proxy(const Action& a) {
  proxy::RuleAction out;
  out.type = a.type;
  out.order = a.order;
  for (const auto& g : a.forward) {
    out.forward.push_back({g.arn, g.weight});
  }
  out.status_code = a.status_code;
  out.content_type = a.content_type.value_or("");
  out.message_body = a.message_body.value_or("");
  out.redirect_protocol = a.redirect_protocol;
  out.redirect_host = a.redirect_host;
  out.redirect_port = a.redirect_port;
  out.redirect_path = a.redirect_path;
  out.redirect_query = a.redirect_query;
  if (!a.redirect_status.empty()) {
    out.redirect_status = a.redirect_status;
  }
  return out;
}

proxy::RuleConfig to_proxy(const Rule& r) {
  proxy::RuleConfig out;
  out.priority = r.priority;
  out.is_default = r.is_default;
  for (const auto& c : r.conditions) {
    out.conditions.push_back({c.field, c.header_name, c.values, c.query});
  }
  for (const auto& a : r.actions) {
    out.actions.push_back(to_proxy(a));
  }
  std::stable_sort(out.actions.begin(), out.actions.end(),
                   [](const proxy::RuleAction& x, const proxy::RuleAction& y) { return x.order < y.order; });
  return out;
}

// Stopped and terminated instances get no traffic (AWS reports them unused, Target.InvalidState).
bool instance_can_serve(const state::RegionStore& store, const TargetGroup& g, const Target& t) {
  if (g.target_type != "instance") {
    return true;
  }
  auto it = store.ec2.instances.instances.find(t.id);
  return it != store.ec2.instances.instances.end() &&
         (it->second.state == ec2::InstanceStateName::Running || it->second.state == ec2::InstanceStateName::Pending);
}

proxy::TargetGroupConfig to_proxy(const state::RegionStore& store, const TargetGroup& g) {
  proxy::TargetGroupConfig out;
  out.arn = g.arn;
  out.protocol = g.protocol;
  out.target_type = g.target_type;
  const HealthCheck& hc = g.health_check;
  out.health_check.enabled = hc.enabled;
  out.health_check.protocol = hc.protocol;
  out.health_check.path = hc.path.empty() ? "/" : hc.path;
  out.health_check.port = hc.port;
  out.health_check.matcher = hc.matcher_http.empty() ? "200" : hc.matcher_http;
  out.health_check.interval = std::chrono::milliseconds(hc.interval * 1000L);
  out.health_check.timeout = std::chrono::milliseconds(hc.timeout * 1000L);
  out.health_check.healthy_threshold = hc.healthy_threshold;
  out.health_check.unhealthy_threshold = hc.unhealthy_threshold;
  for (const auto& t : g.targets) {
    if (t.draining || !instance_can_serve(store, g, t)) {
      continue;
    }
    proxy::Endpoint e;
    e.target_id = t.id;
    e.port = t.port;
    e.connect_host = g.target_type == "ip" ? (t.connect_host.empty() ? t.id : t.connect_host) : std::string();
    e.connect_port = t.port;
    e.availability_zone = t.availability_zone;
    out.targets.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::shared_ptr<const proxy::Snapshot> build_snapshot(state::World& world) {
  auto snapshot = std::make_shared<proxy::Snapshot>();
  std::vector<std::pair<std::uint64_t, proxy::ListenerConfig>> listeners;
  world.for_each([&](const std::string&, const std::string&, state::RegionStore& store) {
    const Elbv2State& st = store.elbv2;
    for (const auto& [arn, l] : st.listeners) {
      auto lb = st.load_balancers.find(l.load_balancer_arn);
      if (lb == st.load_balancers.end()) {
        continue;
      }
      proxy::ListenerConfig lc;
      lc.arn = l.arn;
      lc.load_balancer_arn = l.load_balancer_arn;
      lc.load_balancer_type = lb->second.type;
      lc.dns_name = lb->second.dns_name;
      lc.protocol = l.protocol;
      lc.port = l.port;
      for (const Rule* r : rules_of(st, l.arn)) {
        lc.rules.push_back(to_proxy(*r));
        for (const auto& a : r->actions) {
          for (const auto& fg : a.forward) {
            auto g = st.target_groups.find(fg.arn);
            if (g != st.target_groups.end() && snapshot->target_groups.count(fg.arn) == 0) {
              snapshot->target_groups.emplace(fg.arn, to_proxy(store, g->second));
            }
          }
        }
      }
      listeners.emplace_back(l.seq, std::move(lc));
    }
  });
  std::stable_sort(listeners.begin(), listeners.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [seq, lc] : listeners) {
    snapshot->listeners.push_back(std::move(lc));
  }
  return snapshot;
}

void mark_snapshot_changed(aws::RequestContext& ctx) { ctx.changes.load_balancers = true; }

void apply_health(state::World& world, const std::vector<proxy::TargetHealthReport>& reports) {
  for (const auto& report : reports) {
    world.for_each([&](const std::string&, const std::string&, state::RegionStore& store) {
      auto g = store.elbv2.target_groups.find(report.target_group_arn);
      if (g == store.elbv2.target_groups.end()) {
        return;
      }
      for (auto& t : g->second.targets) {
        if (t.id == report.target_id && t.port == report.port) {
          t.reported_state = report.state;
          t.reported_reason = report.state == "healthy" ? std::string() : report.reason;
          t.reported_description = report.state == "healthy" ? std::string() : report.description;
        }
      }
    });
  }
}

bool expire_draining(state::World& world, double now_epoch_seconds, double time_scale) {
  bool changed = false;
  world.for_each([&](const std::string&, const std::string&, state::RegionStore& store) {
    for (auto& [arn, g] : store.elbv2.target_groups) {
      double delay = deregistration_delay(g) * time_scale;
      auto expired = [&](const Target& t) { return t.draining && t.drain_started + delay <= now_epoch_seconds; };
      auto before = g.targets.size();
      g.targets.erase(std::remove_if(g.targets.begin(), g.targets.end(), expired), g.targets.end());
      changed = changed || g.targets.size() != before;
    }
  });
  return changed;
}

}  // namespace ecsemu::elbv2
