#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecsemu::logs {

// Milliseconds since the epoch, as CloudWatch Logs counts time.
using Millis = std::int64_t;

Millis to_millis(std::chrono::system_clock::time_point t);

// Where an event sits in its stream: by timestamp, then by arrival (seq is unique per region).
struct EventKey {
  Millis timestamp = 0;
  std::uint64_t seq = 0;
  auto operator<=>(const EventKey&) const = default;
};

struct LogEvent {
  Millis timestamp = 0;
  Millis ingestion_time = 0;
  std::uint64_t seq = 0;
  std::string message;

  EventKey key() const { return {timestamp, seq}; }
};

struct LogStream {
  std::string name;
  Millis creation_time = 0;
  std::vector<LogEvent> events;  // sorted by key()
  std::optional<Millis> first_event;
  std::optional<Millis> last_event;
  std::optional<Millis> last_ingestion;
  std::uint64_t uploads = 0;  // PutLogEvents calls, for the (no longer required) sequence token
  std::uint64_t bytes = 0;    // stored message bytes
};

struct MetricTransformation {
  std::string metric_name;
  std::string metric_namespace;
  std::string metric_value;
  std::optional<double> default_value;
  std::vector<std::pair<std::string, std::string>> dimensions;
  std::string unit;
};

struct MetricFilter {
  std::string name;
  std::string pattern;
  std::vector<MetricTransformation> transformations;
  Millis creation_time = 0;
  bool apply_on_transformed_logs = false;
};

struct SubscriptionFilter {
  std::string name;
  std::string pattern;
  std::string destination_arn;
  std::string role_arn;
  std::string distribution;
  Millis creation_time = 0;
  bool apply_on_transformed_logs = false;
};

struct LogGroup {
  std::string name;
  Millis creation_time = 0;
  std::optional<int> retention_days;
  std::string kms_key_id;
  std::string log_group_class = "STANDARD";
  bool deletion_protection = false;
  std::map<std::string, std::string> tags;
  std::map<std::string, LogStream> streams;
  std::map<std::string, MetricFilter> metric_filters;
  std::map<std::string, SubscriptionFilter> subscription_filters;

  std::uint64_t stored_bytes() const;
};

// PutResourcePolicy: an account-wide policy (policyScope ACCOUNT) or one on a log group (RESOURCE).
struct ResourcePolicy {
  std::string name;
  std::string document;
  std::string resource_arn;  // empty for an account policy
  std::string revision_id;
  Millis last_updated = 0;
  std::uint64_t order = 0;  // creation order, the listing's page key
};

// PutDestination: a cross-account subscription target. Stored; nothing is delivered to it.
struct Destination {
  std::string name;
  std::string target_arn;
  std::string role_arn;
  std::string access_policy;
  Millis creation_time = 0;
  std::map<std::string, std::string> tags;
};

// Vended-logs delivery (PutDeliverySource, PutDeliveryDestination, CreateDelivery). Stored and listed; the
// services that would send the logs are not emulated.
struct DeliverySource {
  std::string name;
  std::string resource_arn;
  std::string service;  // the ARN's service ("cloudfront")
  std::string log_type;
  std::map<std::string, std::string> tags;
};

struct DeliveryDestination {
  std::string name;
  std::string type;  // S3, CWL, FH, XRAY
  std::string output_format;
  std::string resource_arn;
  std::optional<std::string> policy;
  std::map<std::string, std::string> tags;
};

struct Delivery {
  std::string id;
  std::string source_name;
  std::string destination_arn;
  std::string destination_type;
  std::vector<std::string> record_fields;
  std::optional<std::string> field_delimiter;
  std::optional<std::string> s3_suffix_path;
  std::optional<bool> s3_hive_compatible;
  std::map<std::string, std::string> tags;
};

// Everything CloudWatch Logs keeps for one (account, region).
struct LogsState {
  std::map<std::string, LogGroup> groups;
  std::uint64_t next_seq = 1;
  std::vector<ResourcePolicy> resource_policies;  // in creation order, as DescribeResourcePolicies lists them
  std::map<std::string, Destination> destinations;
  std::map<std::string, DeliverySource> delivery_sources;
  std::map<std::string, DeliveryDestination> delivery_destinations;
  std::map<std::string, Delivery> deliveries;  // by id
};

inline constexpr std::size_t kMaxResourcePolicies = 10;

inline constexpr std::size_t kMaxBatchEvents = 10000;
inline constexpr std::size_t kMaxBatchBytes = 1048576;
inline constexpr std::size_t kEventOverheadBytes = 26;
inline constexpr Millis kMaxBatchSpan = 24LL * 3600 * 1000;
inline constexpr Millis kMaxPast = 14LL * 24 * 3600 * 1000;
inline constexpr Millis kMaxFuture = 2LL * 3600 * 1000;
inline constexpr std::size_t kMaxSubscriptionFilters = 2;

// Names: AWS's patterns (LogGroupName [\.\-_/#A-Za-z0-9]+, LogStreamName and FilterName [^:*]*); the
// validation error names the member as AWS does. Throws InvalidParameterException.
void check_group_name(std::string_view name, std::string_view member = "logGroupName");
void check_stream_name(std::string_view name, std::string_view member = "logStreamName");
void check_filter_name(std::string_view name);
// retentionInDays must be one of AWS's values. Throws InvalidParameterException.
void check_retention(std::int64_t days);

std::string group_arn(std::string_view region, std::string_view account, std::string_view group);  // no ":*"
std::string stream_arn(std::string_view region, std::string_view account, std::string_view group,
                       std::string_view stream);
// The group an ARN ("arn:aws:logs:REGION:ACCOUNT:log-group:NAME", optionally ending ":*") names, when it
// names one in this region and account; std::nullopt for anything else.
std::optional<std::string> group_of_arn(std::string_view arn, std::string_view region, std::string_view account);

// A logGroupIdentifier (a name or an ARN) -> the group name.
std::string group_of_identifier(std::string_view identifier, std::string_view region, std::string_view account);

// ARNs of the other resources Logs tags ("arn:aws:logs:REGION:ACCOUNT:KIND:NAME").
std::string logs_arn(std::string_view region, std::string_view account, std::string_view kind, std::string_view name);

// Throws ResourceNotFoundException with AWS's message.
LogGroup& find_group(LogsState& state, std::string_view name);
const LogGroup& find_group(const LogsState& state, std::string_view name);
LogStream& find_stream(LogGroup& group, std::string_view name);
const LogStream& find_stream(const LogGroup& group, std::string_view name);

// The oldest timestamp a group still keeps at `now` (0 without a retention policy).
Millis retention_cutoff(const LogGroup& group, Millis now);
// Drops the events retention has expired.
void enforce_retention(LogGroup& group, Millis now);

struct InputEvent {
  Millis timestamp = 0;
  std::string message;
};

// rejectedLogEventsInfo: indexes of the batch (-1 when absent).
struct Rejected {
  long too_new_start = -1;
  long too_old_end = -1;
  long expired_end = -1;
  bool any() const { return too_new_start >= 0 || too_old_end >= 0 || expired_end >= 0; }
};

// PutLogEvents' rules: at most 10,000 events and 1,048,576 bytes (messages plus 26 bytes each), in
// chronological order, spanning at most 24 hours (each a thrown InvalidParameterException). Events more than
// 2 hours ahead of `now`, more than 14 days behind it, or older than the group's retention are not stored and
// reported; the others are appended.
Rejected put_events(LogsState& state, LogGroup& group, LogStream& stream, std::vector<InputEvent> events, Millis now);

// A GetLogEvents token: a position between events ("f/..." forward, "b/..." backward).
struct StreamToken {
  bool forward = true;
  EventKey key;
};
std::string encode_stream_token(const StreamToken& token);
std::optional<StreamToken> decode_stream_token(std::string_view text);

// FilterLogEvents' event ids and page keys: the event's key as fixed-width digits (sorts as the key does).
std::string event_id(const EventKey& key);

// A key that sorts in the opposite order of `key` (for descending pages over ascending tokens).
std::string descending_key(std::string_view key);

}  // namespace ecsemu::logs
