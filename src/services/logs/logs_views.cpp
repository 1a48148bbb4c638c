#include "services/logs/logs_views.hpp"

#include <fmt/format.h>

namespace ecsemu::logs {

namespace json = boost::json;

json::object log_group_json(std::string_view region, std::string_view account, const LogGroup& group) {
  std::string arn = group_arn(region, account, group.name);
  json::object out{{"logGroupName", group.name},
                   {"creationTime", group.creation_time},
                   {"metricFilterCount", static_cast<std::int64_t>(group.metric_filters.size())},
                   {"arn", arn + ":*"},
                   {"logGroupArn", arn},
                   {"storedBytes", group.stored_bytes()},
                   {"logGroupClass", group.log_group_class},
                   {"deletionProtectionEnabled", group.deletion_protection}};
  if (group.retention_days) {
    out["retentionInDays"] = *group.retention_days;
  }
  if (!group.kms_key_id.empty()) {
    out["kmsKeyId"] = group.kms_key_id;
  }
  return out;
}

json::object log_stream_json(std::string_view region, std::string_view account, const LogGroup& group,
                             const LogStream& stream) {
  json::object out{{"logStreamName", stream.name},
                   {"creationTime", stream.creation_time},
                   {"arn", stream_arn(region, account, group.name, stream.name)},
                   // AWS has reported 0 for streams since 2019.
                   {"storedBytes", 0}};
  if (stream.first_event) {
    out["firstEventTimestamp"] = *stream.first_event;
  }
  if (stream.last_event) {
    out["lastEventTimestamp"] = *stream.last_event;
  }
  if (stream.last_ingestion) {
    out["lastIngestionTime"] = *stream.last_ingestion;
  }
  if (stream.uploads > 0) {
    out["uploadSequenceToken"] = fmt::format("{:056}", stream.uploads);
  }
  return out;
}

json::object output_event_json(const LogEvent& event) {
  return {{"timestamp", event.timestamp}, {"message", event.message}, {"ingestionTime", event.ingestion_time}};
}

json::object filtered_event_json(const LogStream& stream, const LogEvent& event) {
  return {{"logStreamName", stream.name},
          {"timestamp", event.timestamp},
          {"message", event.message},
          {"ingestionTime", event.ingestion_time},
          {"eventId", event_id(event.key())}};
}

json::object metric_filter_json(const LogGroup& group, const MetricFilter& filter) {
  json::array transformations;
  for (const auto& t : filter.transformations) {
    json::object o{
        {"metricName", t.metric_name}, {"metricNamespace", t.metric_namespace}, {"metricValue", t.metric_value}};
    if (t.default_value) {
      o["defaultValue"] = *t.default_value;
    }
    if (!t.dimensions.empty()) {
      json::object dims;
      for (const auto& [k, v] : t.dimensions) {
        dims[k] = v;
      }
      o["dimensions"] = std::move(dims);
    }
    if (!t.unit.empty()) {
      o["unit"] = t.unit;
    }
    transformations.push_back(std::move(o));
  }
  return {{"filterName", filter.name},
          {"filterPattern", filter.pattern},
          {"metricTransformations", std::move(transformations)},
          {"creationTime", filter.creation_time},
          {"logGroupName", group.name},
          {"applyOnTransformedLogs", filter.apply_on_transformed_logs}};
}

json::object subscription_filter_json(const LogGroup& group, const SubscriptionFilter& filter) {
  json::object out{{"filterName", filter.name},           {"logGroupName", group.name},
                   {"filterPattern", filter.pattern},     {"destinationArn", filter.destination_arn},
                   {"distribution", filter.distribution}, {"applyOnTransformedLogs", filter.apply_on_transformed_logs},
                   {"creationTime", filter.creation_time}};
  if (!filter.role_arn.empty()) {
    out["roleArn"] = filter.role_arn;
  }
  return out;
}

json::object rejected_json(const Rejected& rejected) {
  json::object out;
  if (rejected.too_new_start >= 0) {
    out["tooNewLogEventStartIndex"] = rejected.too_new_start;
  }
  if (rejected.too_old_end >= 0) {
    out["tooOldLogEventEndIndex"] = rejected.too_old_end;
  }
  if (rejected.expired_end >= 0) {
    out["expiredLogEventEndIndex"] = rejected.expired_end;
  }
  return out;
}

json::object tags_json(const std::map<std::string, std::string>& tags) {
  json::object out;
  for (const auto& [k, v] : tags) {
    out[k] = v;
  }
  return out;
}

json::object resource_policy_json(const ResourcePolicy& policy) {
  json::object out{{"policyName", policy.name},
                   {"policyDocument", policy.document},
                   {"lastUpdatedTime", policy.last_updated},
                   {"policyScope", policy.resource_arn.empty() ? "ACCOUNT" : "RESOURCE"},
                   {"revisionId", policy.revision_id}};
  if (!policy.resource_arn.empty()) {
    out["resourceArn"] = policy.resource_arn;
  }
  return out;
}

json::object destination_json(std::string_view region, std::string_view account, const Destination& destination) {
  json::object out{{"destinationName", destination.name},
                   {"targetArn", destination.target_arn},
                   {"roleArn", destination.role_arn},
                   {"arn", logs_arn(region, account, "destination", destination.name)},
                   {"creationTime", destination.creation_time}};
  if (!destination.access_policy.empty()) {
    out["accessPolicy"] = destination.access_policy;
  }
  return out;
}

json::object delivery_source_json(std::string_view region, std::string_view account, const DeliverySource& source) {
  return {{"name", source.name},
          {"arn", logs_arn(region, account, "delivery-source", source.name)},
          {"resourceArns", json::array{json::string(source.resource_arn)}},
          {"service", source.service},
          {"logType", source.log_type},
          {"tags", tags_json(source.tags)}};
}

json::object delivery_destination_json(std::string_view region, std::string_view account,
                                       const DeliveryDestination& destination) {
  json::object out{{"name", destination.name},
                   {"arn", logs_arn(region, account, "delivery-destination", destination.name)},
                   {"deliveryDestinationType", destination.type},
                   {"tags", tags_json(destination.tags)}};
  if (!destination.output_format.empty()) {
    out["outputFormat"] = destination.output_format;
  }
  if (!destination.resource_arn.empty()) {
    out["deliveryDestinationConfiguration"] = json::object{{"destinationResourceArn", destination.resource_arn}};
  }
  return out;
}

json::object delivery_json(std::string_view region, std::string_view account, const Delivery& delivery) {
  json::object out{{"id", delivery.id},
                   {"arn", logs_arn(region, account, "delivery", delivery.id)},
                   {"deliverySourceName", delivery.source_name},
                   {"deliveryDestinationArn", delivery.destination_arn},
                   {"deliveryDestinationType", delivery.destination_type},
                   {"tags", tags_json(delivery.tags)}};
  if (!delivery.record_fields.empty()) {
    json::array fields;
    for (const auto& field : delivery.record_fields) {
      fields.emplace_back(field);
    }
    out["recordFields"] = std::move(fields);
  }
  if (delivery.field_delimiter) {
    out["fieldDelimiter"] = *delivery.field_delimiter;
  }
  if (delivery.s3_suffix_path || delivery.s3_hive_compatible) {
    json::object s3;
    if (delivery.s3_suffix_path) {
      s3["suffixPath"] = *delivery.s3_suffix_path;
    }
    if (delivery.s3_hive_compatible) {
      s3["enableHiveCompatiblePath"] = *delivery.s3_hive_compatible;
    }
    out["s3DeliveryConfiguration"] = std::move(s3);
  }
  return out;
}

json::object delivery_policy_json(const DeliveryDestination& destination) {
  json::object out;
  if (destination.policy) {
    out["deliveryDestinationPolicy"] = *destination.policy;
  }
  return out;
}

}  // namespace ecsemu::logs
