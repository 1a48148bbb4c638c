#pragma once

// Generic, spec-driven wire codecs for the three protocols ecsemu serves: awsJson1_1 ("json"),
// "query" and "ec2". Requests become one canonical Document (a boost::json::object keyed by the spec's
// member names); Documents become responses shaped only by the operation's output shape.
//
// Canonical Document values, the same whatever protocol carried them:
//   structure -> object      list -> array        map -> object (keys as strings)
//   string    -> string      boolean -> bool      integer/long -> int64
//   float/double -> double   blob -> string holding the decoded bytes
//   timestamp -> double, seconds since the Unix epoch (fractions allowed)
//   document (free-form JSON) -> any JSON value, as sent

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "ecsemu/protocol/model.hpp"

namespace ecsemu::protocol {

// Decoded (percent-decoded, '+' as space) key/value pairs of a query string or form body, in wire order.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Parses "a=1&b=x%20y" (form-urlencoded or a URL query) into QueryParams.
QueryParams parse_form(std::string_view text);

// awsJson1_1 request body -> Document. An empty body is an empty object.
// Malformed JSON, or a value whose JSON type does not fit its shape, throws ServiceError
// "SerializationException".
boost::json::object parse_json_request(const Operation& op, std::string_view body);

// query / ec2 request parameters (Action and Version already consumed or ignored) -> Document.
// Naming follows the model's protocol: query uses member names / locationName with ".member.N" lists and
// ".entry.N.key/.value" maps (or flattened forms); ec2 uses queryName, else capitalized locationName, else
// capitalized member name, with ".N" lists. Unparseable scalars throw the protocol's validation error.
boost::json::object parse_query_request(const ServiceModel& model, const Operation& op, const QueryParams& params);

// Checks a Document against the operation's input shape: required members, types, enum values, min/max
// lengths and ranges. Throws the protocol's validation error:
//   json  -> "ValidationException"   query -> "ValidationError"
//   ec2   -> "MissingParameter" (required member absent) / "InvalidParameterValue" (anything else)
// with AWS's message form ("1 validation error detected: Value null at 'cluster' failed to satisfy
// constraint: Member must not be null").
void validate_input(const ServiceModel& model, const Operation& op, const boost::json::object& input);

struct WireResponse {
  unsigned status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (e.g. x-amzn-ErrorType)
};

struct SerializeOptions {
  // When true, a Document member that the output shape does not declare is a programming error
  // (std::logic_error); tests run with it on. When false such members are silently dropped.
  bool strict = false;
};

// Document -> a 200 response in the model's protocol. `output` may be null/empty for operations
// without an output shape.
WireResponse serialize_output(const ServiceModel& model, const Operation& op, const boost::json::value& output,
                              std::string_view request_id, const SerializeOptions& options = {});

// ServiceError -> error response in the protocol's envelope. The wire code and HTTP status come from the
// model's error shape when `error.code()` names one (shape name or error.code), else from the error
// itself (status 0 -> 400).
WireResponse serialize_error(const ServiceModel& model, const aws::ServiceError& error, std::string_view request_id);

// The same, with the error shape's modeled members besides the message (e.g. ELBv2 has none, some services
// carry "reason" or "resourceIds"), serialized per that shape: into the JSON body beside "__type", or as
// elements of <Error> for query/ec2. Members the error shape does not declare are dropped.
WireResponse serialize_error(const ServiceModel& model, const aws::ServiceError& error, std::string_view request_id,
                             const boost::json::object& members);

// The same, for a protocol without a model at hand (e.g. the request named no known service).
// `xml_namespace` is used by query/ec2 envelopes when non-empty.
WireResponse serialize_error(Protocol protocol, std::string_view xml_namespace, const aws::ServiceError& error,
                             std::string_view request_id);

}  // namespace ecsemu::protocol
