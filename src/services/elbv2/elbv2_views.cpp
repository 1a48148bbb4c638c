#include "services/elbv2/elbv2_views.hpp"

#include "ecsemu/json_strings.hpp"

namespace ecsemu::elbv2 {

namespace json = boost::json;

namespace {

json::object action_json(const Action& a) {
  json::object out{{"Type", a.type}, {"Order", a.order}};
  if (a.type == "forward") {
    if (a.forward.size() == 1) {
      out["TargetGroupArn"] = a.forward.front().arn;
    }
    json::array groups;
    for (const auto& g : a.forward) {
      groups.push_back(json::object{{"TargetGroupArn", g.arn}, {"Weight", g.weight}});
    }
    json::object stickiness{{"Enabled", a.stickiness_enabled}};
    if (a.stickiness_duration) {
      stickiness["DurationSeconds"] = *a.stickiness_duration;
    }
    out["ForwardConfig"] =
        json::object{{"TargetGroups", std::move(groups)}, {"TargetGroupStickinessConfig", std::move(stickiness)}};
  } else if (a.type == "fixed-response") {
    json::object c{{"StatusCode", a.status_code}};
    if (a.content_type) {
      c["ContentType"] = *a.content_type;
    }
    if (a.message_body) {
      c["MessageBody"] = *a.message_body;
    }
    out["FixedResponseConfig"] = std::move(c);
  } else if (a.type == "redirect") {
    out["RedirectConfig"] =
        json::object{{"Protocol", a.redirect_protocol}, {"Port", a.redirect_port},   {"Host", a.redirect_host},
                     {"Path", a.redirect_path},         {"Query", a.redirect_query}, {"StatusCode", a.redirect_status}};
  }
  return out;
}

json::object condition_json(const Condition& c) {
  json::object out{{"Field", c.field}};
  json::object config;
  if (c.field == "query-string") {
    json::array values;
    for (const auto& [k, v] : c.query) {
      json::object kv{{"Value", v}};
      if (!k.empty()) {
        kv["Key"] = k;
      }
      values.push_back(std::move(kv));
    }
    config["Values"] = std::move(values);
  } else {
    config["Values"] = string_array(c.values);
  }
  if (c.field == "host-header") {
    out["Values"] = string_array(c.values);
    out["HostHeaderConfig"] = std::move(config);
  } else if (c.field == "path-pattern") {
    out["Values"] = string_array(c.values);
    out["PathPatternConfig"] = std::move(config);
  } else if (c.field == "http-header") {
    config["HttpHeaderName"] = c.header_name;
    out["HttpHeaderConfig"] = std::move(config);
  } else if (c.field == "http-request-method") {
    out["HttpRequestMethodConfig"] = std::move(config);
  } else if (c.field == "query-string") {
    out["QueryStringConfig"] = std::move(config);
  } else if (c.field == "source-ip") {
    out["SourceIpConfig"] = std::move(config);
  }
  return out;
}

}  // namespace

json::object load_balancer_json(const LoadBalancer& lb) {
  json::array zones;
  for (const auto& z : lb.zones) {
    zones.push_back(
        json::object{{"ZoneName", z.zone_name}, {"SubnetId", z.subnet_id}, {"LoadBalancerAddresses", json::array{}}});
  }
  json::object out{{"LoadBalancerArn", lb.arn},
                   {"DNSName", lb.dns_name},
                   {"CanonicalHostedZoneId", lb.canonical_hosted_zone_id},
                   {"CreatedTime", lb.created},
                   {"LoadBalancerName", lb.name},
                   {"Scheme", lb.scheme},
                   {"VpcId", lb.vpc_id},
                   {"State", json::object{{"Code", "active"}}},
                   {"Type", lb.type},
                   {"AvailabilityZones", std::move(zones)},
                   {"IpAddressType", lb.ip_address_type}};
  if (lb.type == "application" || !lb.security_groups.empty()) {
    out["SecurityGroups"] = string_array(lb.security_groups);
  }
  return out;
}

json::object target_group_json(const Elbv2State& state, const TargetGroup& g) {
  const HealthCheck& hc = g.health_check;
  json::object out{{"TargetGroupArn", g.arn},
                   {"TargetGroupName", g.name},
                   {"HealthCheckEnabled", hc.enabled},
                   {"HealthCheckIntervalSeconds", hc.interval},
                   {"HealthCheckTimeoutSeconds", hc.timeout},
                   {"HealthyThresholdCount", hc.healthy_threshold},
                   {"UnhealthyThresholdCount", hc.unhealthy_threshold},
                   {"TargetType", g.target_type},
                   {"LoadBalancerArns", string_array(load_balancers_of(state, g.arn))}};
  if (!g.protocol.empty()) {
    out["Protocol"] = g.protocol;
    out["Port"] = g.port;
    out["VpcId"] = g.vpc_id;
    out["IpAddressType"] = g.ip_address_type;
  }
  if (!g.protocol_version.empty()) {
    out["ProtocolVersion"] = g.protocol_version;
  }
  if (!hc.protocol.empty()) {
    out["HealthCheckProtocol"] = hc.protocol;
    out["HealthCheckPort"] = hc.port;
  }
  if (!hc.path.empty()) {
    out["HealthCheckPath"] = hc.path;
  }
  if (!hc.matcher_http.empty() || !hc.matcher_grpc.empty()) {
    json::object m;
    if (!hc.matcher_http.empty()) {
      m["HttpCode"] = hc.matcher_http;
    }
    if (!hc.matcher_grpc.empty()) {
      m["GrpcCode"] = hc.matcher_grpc;
    }
    out["Matcher"] = std::move(m);
  }
  return out;
}

json::array actions_json(const std::vector<Action>& actions) {
  json::array out;
  for (const auto& a : actions) {
    out.push_back(action_json(a));
  }
  return out;
}

json::object listener_json(const Elbv2State& state, const Listener& l) {
  json::object out{
      {"ListenerArn", l.arn}, {"LoadBalancerArn", l.load_balancer_arn}, {"Port", l.port}, {"Protocol", l.protocol}};
  auto rule = state.rules.find(l.default_rule_arn);
  out["DefaultActions"] = rule == state.rules.end() ? json::array{} : actions_json(rule->second.actions);
  json::array certs;  // the listener shows its default certificate; DescribeListenerCertificates lists all
  for (const auto& c : l.certificates) {
    if (c.is_default) {
      certs.push_back(json::object{{"CertificateArn", c.arn}});
    }
  }
  if (!certs.empty()) {
    out["Certificates"] = std::move(certs);
  }
  if (!l.ssl_policy.empty()) {
    out["SslPolicy"] = l.ssl_policy;
  }
  if (!l.alpn_policy.empty()) {
    out["AlpnPolicy"] = string_array(l.alpn_policy);
  }
  return out;
}

json::object rule_json(const Rule& r) {
  json::array conditions;
  for (const auto& c : r.conditions) {
    conditions.push_back(condition_json(c));
  }
  return json::object{{"RuleArn", r.arn},
                      {"Priority", r.is_default ? std::string("default") : std::to_string(r.priority)},
                      {"Conditions", std::move(conditions)},
                      {"Actions", actions_json(r.actions)},
                      {"IsDefault", r.is_default}};
}

json::object target_health_json(const Elbv2State& state, const TargetGroup& g, const Target& t) {
  json::object target{{"Id", t.id}};
  if (g.target_type != "lambda") {
    target["Port"] = t.port;
  }
  if (g.target_type == "ip" && !t.availability_zone.empty()) {
    target["AvailabilityZone"] = t.availability_zone;
  }
  HealthView h = target_health(state, g, t);
  json::object health{{"State", h.state}};
  if (!h.reason.empty()) {
    health["Reason"] = h.reason;
  }
  if (!h.description.empty()) {
    health["Description"] = h.description;
  }
  json::object out{{"Target", std::move(target)}, {"TargetHealth", std::move(health)}};
  if (g.target_type != "lambda") {
    out["HealthCheckPort"] = g.health_check.port == "traffic-port" ? std::to_string(t.port) : g.health_check.port;
  }
  return out;
}

json::array tags_json(const TagList& tags) {
  json::array out;
  for (const auto& [k, v] : tags) {
    out.push_back(json::object{{"Key", k}, {"Value", v}});
  }
  return out;
}

json::array attributes_json(const AttributeMap& attributes) {
  json::array out;
  for (const auto& [k, v] : attributes) {
    out.push_back(json::object{{"Key", k}, {"Value", v}});
  }
  return out;
}

}  // namespace ecsemu::elbv2
