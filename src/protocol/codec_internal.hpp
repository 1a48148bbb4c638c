#pragma once

// Private helpers shared by the protocol codecs.

#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "ecsemu/protocol/codec.hpp"
#include "ecsemu/protocol/model.hpp"
#include "protocol/timestamp.hpp"

namespace ecsemu::protocol::detail {

// The name a reference carries on the wire (locationName on the reference, else on the target shape), or
// empty when neither has one.
inline const std::string& location_name(const MemberRef& ref) {
  return !ref.location_name.empty() || ref.shape == nullptr ? ref.location_name : ref.shape->location_name;
}

inline bool is_flattened(const MemberRef& ref) {
  return ref.flattened || (ref.shape != nullptr && ref.shape->flattened);
}

inline TimestampFormat timestamp_format(const MemberRef& ref, TimestampFormat fallback) {
  if (!ref.timestamp_format.empty()) {
    return timestamp_format_from_trait(ref.timestamp_format, fallback);
  }
  return timestamp_format_from_trait(ref.shape->timestamp_format, fallback);
}

inline bool is_float_type(ShapeType t) { return t == ShapeType::Float || t == ShapeType::Double; }
inline bool is_integer_type(ShapeType t) { return t == ShapeType::Integer || t == ShapeType::Long; }

// The protocol's error for a request it cannot read: json "SerializationException", query "ValidationError",
// ec2 "InvalidParameterValue".
[[noreturn]] void throw_parse_error(Protocol protocol, std::string message);

// A Document number as int64 when it is an integral value in range.
bool as_int64(const boost::json::value& v, std::int64_t& out);
// A Document number as double (any numeric kind).
bool as_double(const boost::json::value& v, double& out);

// Shortest round-trip text for a double; NaN / Infinity / -Infinity for non-finite values.
std::string format_double(double v);
// Parses an integer literal (optional sign, digits only) into int64; false on junk or overflow.
bool parse_int64(std::string_view text, std::int64_t& out);
// Parses a decimal number or NaN / Infinity / -Infinity; false on junk.
bool parse_double(std::string_view text, double& out);

// Wire code, HTTP status and fault side of an error, resolved through the model's error shapes.
struct ErrorInfo {
  std::string code;
  unsigned status = 400;
  bool sender_fault = true;
  const Shape* shape = nullptr;  // the model's error shape, when known
};
// The wire code is the shape's error.code, else its name; an unknown code is sent as given.
ErrorInfo resolve_error(const ServiceModel* model, const aws::ServiceError& error);

// Serializers of each protocol.
WireResponse serialize_json_output(const ServiceModel& model, const Operation& op, const boost::json::value& output,
                                   std::string_view request_id, const SerializeOptions& options);
WireResponse serialize_json_error(const ServiceModel* model, const aws::ServiceError& error,
                                  std::string_view request_id, const boost::json::object* members);
WireResponse serialize_xml_output(const ServiceModel& model, const Operation& op, const boost::json::value& output,
                                  std::string_view request_id, const SerializeOptions& options);
WireResponse serialize_xml_error(Protocol protocol, const ServiceModel* model, std::string_view xml_namespace,
                                 const aws::ServiceError& error, std::string_view request_id,
                                 const boost::json::object* members);

}  // namespace ecsemu::protocol::detail
