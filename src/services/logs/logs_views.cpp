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
    json::object o{{"metricName", t.metric_name}, {"metricNamespace", t.metric_namespace},
                   {"metricValue", t.metric_value}};
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
  json::object out{{"filterName", filter.name},
                   {"logGroupName", group.name},
                   {"filterPattern", filter.pattern},
                   {"destinationArn", filter.destination_arn},
                   {"distribution", filter.distribution},
                   {"applyOnTransformedLogs", filter.apply_on_transformed_logs},
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

}  // namespace ecsemu::logs
