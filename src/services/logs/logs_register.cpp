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
  registry.add("logs", "PutResourcePolicy", &put_resource_policy);
  registry.add("logs", "DescribeResourcePolicies", &describe_resource_policies);
  registry.add("logs", "DeleteResourcePolicy", &delete_resource_policy);
  registry.add("logs", "PutDestination", &put_destination);
  registry.add("logs", "PutDestinationPolicy", &put_destination_policy);
  registry.add("logs", "DescribeDestinations", &describe_destinations);
  registry.add("logs", "DeleteDestination", &delete_destination);
  registry.add("logs", "PutDeliverySource", &put_delivery_source);
  registry.add("logs", "GetDeliverySource", &get_delivery_source);
  registry.add("logs", "DescribeDeliverySources", &describe_delivery_sources);
  registry.add("logs", "DeleteDeliverySource", &delete_delivery_source);
  registry.add("logs", "PutDeliveryDestination", &put_delivery_destination);
  registry.add("logs", "GetDeliveryDestination", &get_delivery_destination);
  registry.add("logs", "DescribeDeliveryDestinations", &describe_delivery_destinations);
  registry.add("logs", "DeleteDeliveryDestination", &delete_delivery_destination);
  registry.add("logs", "PutDeliveryDestinationPolicy", &put_delivery_destination_policy);
  registry.add("logs", "GetDeliveryDestinationPolicy", &get_delivery_destination_policy);
  registry.add("logs", "DeleteDeliveryDestinationPolicy", &delete_delivery_destination_policy);
  registry.add("logs", "CreateDelivery", &create_delivery);
  registry.add("logs", "GetDelivery", &get_delivery);
  registry.add("logs", "DescribeDeliveries", &describe_deliveries);
  registry.add("logs", "DeleteDelivery", &delete_delivery);
  registry.add("logs", "UpdateDeliveryConfiguration", &update_delivery_configuration);
}

}  // namespace ecsemu::logs
