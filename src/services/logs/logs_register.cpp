#include "services/logs/logs_handlers.hpp"

namespace ecsemu::logs {

void register_operations(aws::OperationRegistry& registry) {
  registry.add("logs", "CreateLogGroup", &create_log_group);
  registry.add("logs", "DeleteLogGroup", &delete_log_group);
  registry.add("logs", "DescribeLogGroups", &describe_log_groups);
  registry.add("logs", "ListLogGroups", &list_log_groups);
  registry.add("logs", "PutRetentionPolicy", &put_retention_policy);
  registry.add("logs", "DeleteRetentionPolicy", &delete_retention_policy);
  registry.add("logs", "PutLogGroupDeletionProtection", &put_log_group_deletion_protection);
  registry.add("logs", "TagLogGroup", &tag_log_group);
  registry.add("logs", "UntagLogGroup", &untag_log_group);
  registry.add("logs", "ListTagsLogGroup", &list_tags_log_group);
  registry.add("logs", "TagResource", &tag_resource);
  registry.add("logs", "UntagResource", &untag_resource);
  registry.add("logs", "ListTagsForResource", &list_tags_for_resource);
  registry.add("logs", "CreateLogStream", &create_log_stream);
  registry.add("logs", "DeleteLogStream", &delete_log_stream);
  registry.add("logs", "DescribeLogStreams", &describe_log_streams);
  registry.add("logs", "PutLogEvents", &put_log_events);
  registry.add("logs", "GetLogEvents", &get_log_events);
  registry.add("logs", "FilterLogEvents", &filter_log_events);
  registry.add("logs", "PutMetricFilter", &put_metric_filter);
  registry.add("logs", "DescribeMetricFilters", &describe_metric_filters);
  registry.add("logs", "DeleteMetricFilter", &delete_metric_filter);
  registry.add("logs", "PutSubscriptionFilter", &put_subscription_filter);
  registry.add("logs", "DescribeSubscriptionFilters", &describe_subscription_filters);
  registry.add("logs", "DeleteSubscriptionFilter", &delete_subscription_filter);
  registry.add("logs", "TestMetricFilter", &test_metric_filter);
}

}  // namespace ecsemu::logs
