#pragma once

#include <map>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/logs/logs_model.hpp"

namespace ecsemu::logs {

// LogGroup (DescribeLogGroups).
boost::json::object log_group_json(std::string_view region, std::string_view account, const LogGroup& group);
// LogStream (DescribeLogStreams).
boost::json::object log_stream_json(std::string_view region, std::string_view account, const LogGroup& group,
                                    const LogStream& stream);
// OutputLogEvent (GetLogEvents).
boost::json::object output_event_json(const LogEvent& event);
// FilteredLogEvent (FilterLogEvents).
boost::json::object filtered_event_json(const LogStream& stream, const LogEvent& event);
// MetricFilter, SubscriptionFilter.
boost::json::object metric_filter_json(const LogGroup& group, const MetricFilter& filter);
boost::json::object subscription_filter_json(const LogGroup& group, const SubscriptionFilter& filter);
// RejectedLogEventsInfo.
boost::json::object rejected_json(const Rejected& rejected);
// Tags {key: value}.
boost::json::object tags_json(const std::map<std::string, std::string>& tags);

// Resource policies, destinations and vended-logs delivery (logs_policy_handlers.cpp,
// logs_delivery_handlers.cpp).
boost::json::object resource_policy_json(const ResourcePolicy& policy);
boost::json::object destination_json(std::string_view region, std::string_view account, const Destination& destination);
boost::json::object delivery_source_json(std::string_view region, std::string_view account,
                                         const DeliverySource& source);
boost::json::object delivery_destination_json(std::string_view region, std::string_view account,
                                              const DeliveryDestination& destination);
boost::json::object delivery_json(std::string_view region, std::string_view account, const Delivery& delivery);
// GetDeliveryDestinationPolicy's `policy`: empty when the destination has none.
boost::json::object delivery_policy_json(const DeliveryDestination& destination);

}  // namespace ecsemu::logs
