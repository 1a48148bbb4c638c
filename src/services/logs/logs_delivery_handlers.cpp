// CloudWatch Logs vended-logs delivery: delivery sources (the AWS resources that send logs), delivery
// destinations (S3, CloudWatch Logs, Firehose, X-Ray), their policies, and the deliveries pairing them. The
// configuration is stored and validated as AWS does; the services that would send the logs are not emulated.
#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/pagination.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/logs/logs_handlers.hpp"
#include "services/logs/logs_views.hpp"
#include "state/world.hpp"

namespace ecsemu::logs {

namespace {

struct SourceService {
  std::string_view service;  // the resource ARN's service field
  std::array<std::string_view, 5> log_types;
};

// The services PutDeliverySource accepts and the log types each sends (PutDeliverySource's logType
// documentation).
constexpr std::array<SourceService, 9> kSourceServices = {{
    {"bedrock", {"APPLICATION_LOGS"}},
    {"cloudfront", {"ACCESS_LOGS"}},
    {"codewhisperer", {"EVENT_LOGS"}},
    {"mediapackage", {"EGRESS_ACCESS_LOGS", "INGRESS_ACCESS_LOGS"}},
    {"mediatailor", {"AD_DECISION_SERVER_LOGS", "MANIFEST_SERVICE_LOGS", "TRANSCODE_LOGS"}},
    {"sso", {"ERROR_LOGS"}},
    {"q", {"EVENT_LOGS"}},
    {"qbusiness", {"EVENT_LOGS"}},
    {"workmail",
     {"ACCESS_CONTROL_LOGS", "AUTHENTICATION_LOGS", "WORKMAIL_AVAILABILITY_PROVIDER_LOGS",
      "WORKMAIL_MAILBOX_ACCESS_LOGS", "WORKMAIL_PERSONAL_ACCESS_TOKEN_LOGS"}},
}};

[[noreturn]] void validation(std::string message) {
  throw aws::ServiceError("ValidationException", std::move(message));
}

[[noreturn]] void not_found(std::string message) {
  throw aws::ServiceError("ResourceNotFoundException", std::move(message));
}

[[noreturn]] void conflict(std::string message) { throw aws::ServiceError("ConflictException", std::move(message)); }

// "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE" -> SERVICE; empty for anything that is not an ARN.
std::string_view arn_service(std::string_view arn) {
  if (arn.substr(0, 4) != "arn:") {
    return {};
  }
  std::size_t partition_end = arn.find(':', 4);
  if (partition_end == std::string_view::npos) {
    return {};
  }
  std::size_t service_end = arn.find(':', partition_end + 1);
  if (service_end == std::string_view::npos) {
    return {};
  }
  return arn.substr(partition_end + 1, service_end - partition_end - 1);
}

// The delivery destination type a destination resource ARN implies.
std::string_view destination_type_of(std::string_view resource_arn) {
  std::string_view service = arn_service(resource_arn);
  if (service == "s3") {
    return "S3";
  }
  if (service == "logs") {
    return "CWL";
  }
  if (service == "firehose") {
    return "FH";
  }
  if (service == "xray") {
    return "XRAY";
  }
  return {};
}

aws::Pager pager_of(const aws::Input& in) {
  aws::Pager pager(in.opt_str("nextToken"), static_cast<std::size_t>(in.int_or("limit", 50)));
  if (!pager.valid()) {
    validation("The specified nextToken is invalid.");
  }
  return pager;
}

template <typename Map, typename ToJson>
json::object list_page(const Map& items, const aws::Input& in, std::string_view member, ToJson to_json) {
  aws::Pager pager = pager_of(in);
  std::vector<const typename Map::value_type*> entries;
  for (const auto& entry : items) {
    entries.push_back(&entry);
  }
  json::array out;
  for (const auto* entry : pager.page(std::move(entries), [](const auto* e) { return e->first; })) {
    out.push_back(to_json(entry->second));
  }
  json::object result{{member, std::move(out)}};
  if (pager.more()) {
    result["nextToken"] = pager.next_token();
  }
  return result;
}

DeliverySource& find_source(LogsState& state, std::string_view name) {
  auto it = state.delivery_sources.find(std::string(name));
  if (it == state.delivery_sources.end()) {
    not_found(fmt::format("Delivery source {} does not exist.", name));
  }
  return it->second;
}

DeliveryDestination& find_destination(LogsState& state, std::string_view name) {
  auto it = state.delivery_destinations.find(std::string(name));
  if (it == state.delivery_destinations.end()) {
    not_found(fmt::format("Delivery destination {} does not exist.", name));
  }
  return it->second;
}

Delivery& find_delivery(LogsState& state, std::string_view id) {
  auto it = state.deliveries.find(std::string(id));
  if (it == state.deliveries.end()) {
    not_found(fmt::format("Delivery {} does not exist.", id));
  }
  return it->second;
}

void set_tags(std::map<std::string, std::string>& tags, const aws::Input& in) {
  for (auto& [key, value] : in.string_map("tags")) {
    tags[key] = value;
  }
}

}  // namespace

json::value put_delivery_source(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name(in.str("name"));
  std::string_view resource_arn = in.str("resourceArn");
  std::string_view log_type = in.str("logType");
  std::string_view service = arn_service(resource_arn);
  auto supported = std::find_if(kSourceServices.begin(), kSourceServices.end(),
                                [&](const SourceService& s) { return s.service == service; });
  if (supported == kSourceServices.end()) {
    not_found(fmt::format("The resource {} does not exist or does not support log delivery.", resource_arn));
  }
  if (std::find(supported->log_types.begin(), supported->log_types.end(), log_type) == supported->log_types.end() ||
      log_type.empty()) {
    validation(fmt::format("Log type {} is not supported by service {}.", log_type, service));
  }
  LogsState& state = ctx.store().logs;
  auto it = state.delivery_sources.find(name);
  if (it != state.delivery_sources.end() && it->second.resource_arn != resource_arn) {
    conflict(fmt::format("Delivery source {} already exists for resource {}; its resource cannot be changed.", name,
                         it->second.resource_arn));
  }
  DeliverySource& source = state.delivery_sources[name];
  source.name = name;
  source.resource_arn = std::string(resource_arn);
  source.service = std::string(service);
  source.log_type = std::string(log_type);
  set_tags(source.tags, in);
  return json::object{{"deliverySource", delivery_source_json(ctx.region, ctx.account_id, source)}};
}

json::value get_delivery_source(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  const DeliverySource& source = find_source(ctx.store().logs, in.str("name"));
  return json::object{{"deliverySource", delivery_source_json(ctx.region, ctx.account_id, source)}};
}

json::value describe_delivery_sources(aws::RequestContext& ctx, const json::object& input) {
  return list_page(ctx.store().logs.delivery_sources, aws::Input(input), "deliverySources",
                   [&](const DeliverySource& s) { return delivery_source_json(ctx.region, ctx.account_id, s); });
}

json::value delete_delivery_source(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  LogsState& state = ctx.store().logs;
  std::string name(in.str("name"));
  find_source(state, name);
  for (const auto& [id, delivery] : state.deliveries) {
    if (delivery.source_name == name) {
      conflict(fmt::format("Delivery source {} is used by delivery {}.", name, id));
    }
  }
  state.delivery_sources.erase(name);
  return json::object{};
}

json::value put_delivery_destination(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string name(in.str("name"));
  std::string resource_arn(in.sub("deliveryDestinationConfiguration").str("destinationResourceArn"));
  std::string type(in.str("deliveryDestinationType"));
  if (type.empty()) {
    type = std::string(destination_type_of(resource_arn));
  }
  if (type.empty()) {
    validation(resource_arn.empty() ? "deliveryDestinationConfiguration must be specified."
                                    : fmt::format("{} is not a supported delivery destination.", resource_arn));
  }
  if (type != "XRAY" && resource_arn.empty()) {
    validation("deliveryDestinationConfiguration must be specified.");
  }
  if (!resource_arn.empty() && destination_type_of(resource_arn) != type) {
    validation(fmt::format("{} is not a destination of type {}.", resource_arn, type));
  }
  std::string output_format(in.str("outputFormat"));
  LogsState& state = ctx.store().logs;
  auto it = state.delivery_destinations.find(name);
  if (it != state.delivery_destinations.end()) {
    if (!output_format.empty() && output_format != it->second.output_format) {
      validation(fmt::format("The outputFormat of delivery destination {} cannot be changed.", name));
    }
    if (type != it->second.type) {
      validation(fmt::format("The type of delivery destination {} cannot be changed.", name));
    }
  }
  DeliveryDestination& destination = state.delivery_destinations[name];
  destination.name = name;
  destination.type = type;
  destination.resource_arn = resource_arn;
  if (!output_format.empty()) {
    destination.output_format = output_format;
  }
  set_tags(destination.tags, in);
  return json::object{{"deliveryDestination", delivery_destination_json(ctx.region, ctx.account_id, destination)}};
}

json::value get_delivery_destination(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  const DeliveryDestination& destination = find_destination(ctx.store().logs, in.str("name"));
  return json::object{{"deliveryDestination", delivery_destination_json(ctx.region, ctx.account_id, destination)}};
}

json::value describe_delivery_destinations(aws::RequestContext& ctx, const json::object& input) {
  return list_page(
      ctx.store().logs.delivery_destinations, aws::Input(input), "deliveryDestinations",
      [&](const DeliveryDestination& d) { return delivery_destination_json(ctx.region, ctx.account_id, d); });
}

json::value delete_delivery_destination(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  LogsState& state = ctx.store().logs;
  std::string name(in.str("name"));
  find_destination(state, name);
  std::string arn = logs_arn(ctx.region, ctx.account_id, "delivery-destination", name);
  for (const auto& [id, delivery] : state.deliveries) {
    if (delivery.destination_arn == arn) {
      conflict(fmt::format("Delivery destination {} is used by delivery {}.", name, id));
    }
  }
  state.delivery_destinations.erase(name);
  return json::object{};
}

json::value put_delivery_destination_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  DeliveryDestination& destination = find_destination(ctx.store().logs, in.str("deliveryDestinationName"));
  destination.policy = std::string(in.str("deliveryDestinationPolicy"));
  return json::object{{"policy", delivery_policy_json(destination)}};
}

json::value get_delivery_destination_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  const DeliveryDestination& destination = find_destination(ctx.store().logs, in.str("deliveryDestinationName"));
  return json::object{{"policy", delivery_policy_json(destination)}};
}

json::value delete_delivery_destination_policy(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::string_view name = in.str("deliveryDestinationName");
  DeliveryDestination& destination = find_destination(ctx.store().logs, name);
  if (!destination.policy) {
    not_found(fmt::format("Delivery destination {} has no policy.", name));
  }
  destination.policy.reset();
  return json::object{};
}

json::value create_delivery(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  LogsState& state = ctx.store().logs;
  std::string source_name(in.str("deliverySourceName"));
  std::string destination_arn(in.str("deliveryDestinationArn"));
  find_source(state, source_name);
  std::string prefix = logs_arn(ctx.region, ctx.account_id, "delivery-destination", "");
  if (destination_arn.compare(0, prefix.size(), prefix) != 0) {
    not_found(fmt::format("Delivery destination {} does not exist.", destination_arn));
  }
  const DeliveryDestination& destination = find_destination(state, destination_arn.substr(prefix.size()));
  for (const auto& [id, existing] : state.deliveries) {
    if (existing.source_name == source_name && existing.destination_arn == destination_arn) {
      conflict(fmt::format("A delivery from {} to {} already exists: {}.", source_name, destination_arn, id));
    }
  }
  Delivery delivery;
  delivery.id = ctx.ids->chars(16, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  delivery.source_name = source_name;
  delivery.destination_arn = destination_arn;
  delivery.destination_type = destination.type;
  delivery.record_fields = in.strings("recordFields");
  if (auto delimiter = in.opt_str("fieldDelimiter")) {
    delivery.field_delimiter = std::string(*delimiter);
  }
  if (auto s3 = in.opt_sub("s3DeliveryConfiguration")) {
    if (destination.type != "S3") {
      validation("s3DeliveryConfiguration is only valid for a delivery to an S3 destination.");
    }
    if (auto suffix = s3->opt_str("suffixPath")) {
      delivery.s3_suffix_path = std::string(*suffix);
    }
    delivery.s3_hive_compatible = s3->opt_bool("enableHiveCompatiblePath");
  }
  set_tags(delivery.tags, in);
  auto [it, inserted] = state.deliveries.emplace(delivery.id, std::move(delivery));
  (void)inserted;
  return json::object{{"delivery", delivery_json(ctx.region, ctx.account_id, it->second)}};
}

json::value get_delivery(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  const Delivery& delivery = find_delivery(ctx.store().logs, in.str("id"));
  return json::object{{"delivery", delivery_json(ctx.region, ctx.account_id, delivery)}};
}

json::value describe_deliveries(aws::RequestContext& ctx, const json::object& input) {
  return list_page(ctx.store().logs.deliveries, aws::Input(input), "deliveries",
                   [&](const Delivery& d) { return delivery_json(ctx.region, ctx.account_id, d); });
}

json::value delete_delivery(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  LogsState& state = ctx.store().logs;
  find_delivery(state, in.str("id"));
  state.deliveries.erase(std::string(in.str("id")));
  return json::object{};
}

json::value update_delivery_configuration(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Delivery& delivery = find_delivery(ctx.store().logs, in.str("id"));
  if (in.has("recordFields")) {
    delivery.record_fields = in.strings("recordFields");
  }
  if (auto delimiter = in.opt_str("fieldDelimiter")) {
    delivery.field_delimiter = std::string(*delimiter);
  }
  if (auto s3 = in.opt_sub("s3DeliveryConfiguration")) {
    if (delivery.destination_type != "S3") {
      validation("s3DeliveryConfiguration is only valid for a delivery to an S3 destination.");
    }
    if (auto suffix = s3->opt_str("suffixPath")) {
      delivery.s3_suffix_path = std::string(*suffix);
    }
    if (auto hive = s3->opt_bool("enableHiveCompatiblePath")) {
      delivery.s3_hive_compatible = hive;
    }
  }
  return json::object{};
}

}  // namespace ecsemu::logs
