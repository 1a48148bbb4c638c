#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/input.hpp"
#include "aws/operation_registry.hpp"
#include "aws/pagination.hpp"
#include "services/logs/logs_model.hpp"

namespace ecsemu::logs {

namespace json = boost::json;

// Groups, retention, tags (logs_group_handlers.cpp).
aws::Operation create_log_group, delete_log_group, describe_log_groups, list_log_groups, put_retention_policy,
    delete_retention_policy, put_log_group_deletion_protection, tag_log_group, untag_log_group, list_tags_log_group,
    tag_resource, untag_resource, list_tags_for_resource;

// Streams and events (logs_stream_handlers.cpp).
aws::Operation create_log_stream, delete_log_stream, describe_log_streams, put_log_events, get_log_events;

// Filtering (logs_filter_handlers.cpp).
aws::Operation filter_log_events, put_metric_filter, describe_metric_filters, delete_metric_filter,
    put_subscription_filter, describe_subscription_filters, delete_subscription_filter, test_metric_filter;

// Resource policies and destinations (logs_policy_handlers.cpp).
aws::Operation put_resource_policy, describe_resource_policies, delete_resource_policy, put_destination,
    put_destination_policy, describe_destinations, delete_destination;

// Vended-logs delivery (logs_delivery_handlers.cpp).
aws::Operation put_delivery_source, get_delivery_source, describe_delivery_sources, delete_delivery_source,
    put_delivery_destination, get_delivery_destination, describe_delivery_destinations, delete_delivery_destination,
    put_delivery_destination_policy, get_delivery_destination_policy, delete_delivery_destination_policy,
    create_delivery, get_delivery, describe_deliveries, delete_delivery, update_delivery_configuration;

void register_operations(aws::OperationRegistry& registry);

// Shared by the handlers: the group a request names by logGroupName or logGroupIdentifier (exactly one of
// them; InvalidParameterException otherwise), or ResourceNotFoundException.
std::string requested_group(const aws::RequestContext& ctx, const aws::Input& in);
// The request's `nextToken` as a Pager would read it; InvalidParameterException for a foreign token.
[[noreturn]] void invalid_token();
// The pager of a request's nextToken and limit (50 when not given); invalid_token() for a foreign token.
aws::Pager pager_of(const aws::Input& in);
// The region's Logs state, or nullptr before anything was made in it (reads never create a store).
const LogsState* find_state(const aws::RequestContext& ctx);
[[noreturn]] void no_resource();
// The request's logGroupName and `member` ("logStreamName" or "filterName"), each checked as AWS checks it.
struct GroupAnd {
  std::string group;
  std::string name;
};
GroupAnd group_and(const aws::Input& in, std::string_view member);
// The group the request's logGroupName names (checked), or ResourceNotFoundException.
LogGroup& named_group(aws::RequestContext& ctx, const aws::Input& in);

}  // namespace ecsemu::logs
