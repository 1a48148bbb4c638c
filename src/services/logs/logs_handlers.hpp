#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "aws/input.hpp"
#include "aws/operation_registry.hpp"
#include "services/logs/logs_model.hpp"

namespace ecsemu::logs {

namespace json = boost::json;

// Groups, retention, tags (logs_group_handlers.cpp).
json::value create_log_group(aws::RequestContext& ctx, const json::object& input);
json::value delete_log_group(aws::RequestContext& ctx, const json::object& input);
json::value describe_log_groups(aws::RequestContext& ctx, const json::object& input);
json::value list_log_groups(aws::RequestContext& ctx, const json::object& input);
json::value put_retention_policy(aws::RequestContext& ctx, const json::object& input);
json::value delete_retention_policy(aws::RequestContext& ctx, const json::object& input);
json::value put_log_group_deletion_protection(aws::RequestContext& ctx, const json::object& input);
json::value tag_log_group(aws::RequestContext& ctx, const json::object& input);
json::value untag_log_group(aws::RequestContext& ctx, const json::object& input);
json::value list_tags_log_group(aws::RequestContext& ctx, const json::object& input);
json::value tag_resource(aws::RequestContext& ctx, const json::object& input);
json::value untag_resource(aws::RequestContext& ctx, const json::object& input);
json::value list_tags_for_resource(aws::RequestContext& ctx, const json::object& input);

// Streams and events (logs_stream_handlers.cpp).
json::value create_log_stream(aws::RequestContext& ctx, const json::object& input);
json::value delete_log_stream(aws::RequestContext& ctx, const json::object& input);
json::value describe_log_streams(aws::RequestContext& ctx, const json::object& input);
json::value put_log_events(aws::RequestContext& ctx, const json::object& input);
json::value get_log_events(aws::RequestContext& ctx, const json::object& input);

// Filtering (logs_filter_handlers.cpp).
json::value filter_log_events(aws::RequestContext& ctx, const json::object& input);
json::value put_metric_filter(aws::RequestContext& ctx, const json::object& input);
json::value describe_metric_filters(aws::RequestContext& ctx, const json::object& input);
json::value delete_metric_filter(aws::RequestContext& ctx, const json::object& input);
json::value put_subscription_filter(aws::RequestContext& ctx, const json::object& input);
json::value describe_subscription_filters(aws::RequestContext& ctx, const json::object& input);
json::value delete_subscription_filter(aws::RequestContext& ctx, const json::object& input);
json::value test_metric_filter(aws::RequestContext& ctx, const json::object& input);

// Resource policies and destinations (logs_policy_handlers.cpp).
json::value put_resource_policy(aws::RequestContext& ctx, const json::object& input);
json::value describe_resource_policies(aws::RequestContext& ctx, const json::object& input);
json::value delete_resource_policy(aws::RequestContext& ctx, const json::object& input);
json::value put_destination(aws::RequestContext& ctx, const json::object& input);
json::value put_destination_policy(aws::RequestContext& ctx, const json::object& input);
json::value describe_destinations(aws::RequestContext& ctx, const json::object& input);
json::value delete_destination(aws::RequestContext& ctx, const json::object& input);

// Vended-logs delivery (logs_delivery_handlers.cpp).
json::value put_delivery_source(aws::RequestContext& ctx, const json::object& input);
json::value get_delivery_source(aws::RequestContext& ctx, const json::object& input);
json::value describe_delivery_sources(aws::RequestContext& ctx, const json::object& input);
json::value delete_delivery_source(aws::RequestContext& ctx, const json::object& input);
json::value put_delivery_destination(aws::RequestContext& ctx, const json::object& input);
json::value get_delivery_destination(aws::RequestContext& ctx, const json::object& input);
json::value describe_delivery_destinations(aws::RequestContext& ctx, const json::object& input);
json::value delete_delivery_destination(aws::RequestContext& ctx, const json::object& input);
json::value put_delivery_destination_policy(aws::RequestContext& ctx, const json::object& input);
json::value get_delivery_destination_policy(aws::RequestContext& ctx, const json::object& input);
json::value delete_delivery_destination_policy(aws::RequestContext& ctx, const json::object& input);
json::value create_delivery(aws::RequestContext& ctx, const json::object& input);
json::value get_delivery(aws::RequestContext& ctx, const json::object& input);
json::value describe_deliveries(aws::RequestContext& ctx, const json::object& input);
json::value delete_delivery(aws::RequestContext& ctx, const json::object& input);
json::value update_delivery_configuration(aws::RequestContext& ctx, const json::object& input);

void register_operations(aws::OperationRegistry& registry);

// Shared by the handlers: the group a request names by logGroupName or logGroupIdentifier (exactly one of
// them; InvalidParameterException otherwise), or ResourceNotFoundException.
std::string requested_group(const aws::RequestContext& ctx, const aws::Input& in);
// The request's `nextToken` as a Pager would read it; InvalidParameterException for a foreign token.
[[noreturn]] void invalid_token();

}  // namespace ecsemu::logs
