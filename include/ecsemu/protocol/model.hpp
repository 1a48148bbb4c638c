#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace boost::json {
class object;
}  // namespace boost::json

namespace ecsemu::protocol {

// Hash for unordered maps keyed by std::string that can be probed with a std::string_view (no allocation).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};
template <typename T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

enum class ShapeType { Structure, List, Map, String, Integer, Long, Boolean, Float, Double, Timestamp, Blob };

enum class Protocol { Json, Query, Ec2 };

struct Shape;

// A reference from a structure/list/map to another shape, with the traits botocore puts on references.
struct MemberRef {
  std::string name;  // member name (structure members) or empty (list member, map key/value)
  const Shape* shape = nullptr;
  std::string location_name;  // "locationName" on the reference, empty when absent
  std::string query_name;     // "queryName" (ec2 protocol), empty when absent
  bool flattened = false;     // "flattened" on the reference
  bool xml_attribute = false;
  bool idempotency_token = false;
  bool host_label = false;
  std::string timestamp_format;  // "timestampFormat" on the reference, empty when absent
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::String;

  // Structure
  std::vector<MemberRef> members;       // in spec order
  std::vector<std::string> required;    // required member names
  StringMap<std::size_t> member_index;  // member name -> index in `members`
  std::string result_wrapper;           // "resultWrapper" on an output shape (query), empty when absent
  bool exception = false;               // "exception": true
  bool fault = false;                   // "fault": true
  bool document = false;                // "document": true (free-form JSON)
  bool is_union = false;                // "union": true
  std::string error_code;               // error.code, empty when absent
  int error_status = 0;                 // error.httpStatusCode, 0 when absent
  bool error_sender_fault = true;       // error.senderFault (default true for exceptions)

  // List
  MemberRef member;  // list element
  // Map
  MemberRef key;
  MemberRef value;
  bool flattened = false;     // "flattened" on a list or map shape
  std::string location_name;  // "locationName" on the shape itself

  // Scalars
  std::vector<std::string> enum_values;
  std::optional<double> min;  // length for strings/lists/maps/blobs, value for numbers
  std::optional<double> max;
  std::string pattern;
  std::string timestamp_format;  // "timestampFormat" on the shape, empty when absent
  bool sensitive = false;

  const MemberRef* find_member(std::string_view member_name) const;
  bool is_required(std::string_view member_name) const;
};

struct Operation {
  std::string name;
  std::string http_method;        // "POST" for every protocol ecsemu serves
  std::string request_uri;        // "/"
  const Shape* input = nullptr;   // may be null
  const Shape* output = nullptr;  // may be null
  std::string result_wrapper;     // output.resultWrapper (query protocol), empty when absent
  std::vector<const Shape*> errors;
  bool deprecated = false;
};

struct Metadata {
  Protocol protocol = Protocol::Json;
  std::string protocol_name;    // "json", "query", "ec2"
  std::string api_version;      // "2014-11-13"
  std::string target_prefix;    // "AmazonEC2ContainerServiceV20141113" (json only)
  std::string json_version;     // "1.1" (json only)
  std::string signing_name;     // signingName, else endpointPrefix
  std::string endpoint_prefix;  // "ecs", "elasticloadbalancing"
  std::string service_id;       // "ECS", "Elastic Load Balancing v2"
  std::string xml_namespace;    // xmlNamespace.uri (query/ec2), empty when absent
  std::string global_endpoint;  // e.g. iam: "iam.amazonaws.com", empty when absent
};

// A botocore service model (service-2.json) loaded into linked shapes. Immutable once built.
class ServiceModel {
 public:
  // Parses a service-2.json document. Throws std::runtime_error on a document that is not a model.
  static std::unique_ptr<ServiceModel> from_json(std::string_view service_json);
  // The same, from an already parsed document with "metadata", "shapes" and "operations" (each operation
  // body as in service-2.json; its key is the operation name). Used by tests to build inline models.
  static std::unique_ptr<ServiceModel> from_value(const boost::json::object& doc);

  const Metadata& metadata() const { return metadata_; }
  const Operation* find_operation(std::string_view name) const;
  const Shape* find_shape(std::string_view name) const;
  // An exception shape by its shape name or by its error.code (wire code). Null when unknown.
  const Shape* find_error(std::string_view code) const;
  const std::vector<const Operation*>& operations() const { return operation_list_; }

  ServiceModel() = default;
  ServiceModel(const ServiceModel&) = delete;
  ServiceModel& operator=(const ServiceModel&) = delete;

 private:
  Metadata metadata_;
  StringMap<std::unique_ptr<Shape>> shapes_;
  StringMap<Operation> operations_;
  std::vector<const Operation*> operation_list_;  // sorted by name
  StringMap<const Shape*> errors_by_code_;
};

}  // namespace ecsemu::protocol
