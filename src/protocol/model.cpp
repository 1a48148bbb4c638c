#include "ecsemu/protocol/model.hpp"

#include <algorithm>
#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace ecsemu::protocol {

namespace json = boost::json;

namespace {

std::string string_at(const json::object& obj, std::string_view key) {
  if (const json::value* v = obj.if_contains(key); v != nullptr && v->is_string()) {
    return std::string(v->get_string());
  }
  return {};
}

bool bool_at(const json::object& obj, std::string_view key, bool fallback = false) {
  if (const json::value* v = obj.if_contains(key); v != nullptr && v->is_bool()) {
    return v->get_bool();
  }
  return fallback;
}

std::optional<double> number_at(const json::object& obj, std::string_view key) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr) {
    return std::nullopt;
  }
  if (v->is_int64()) {
    return static_cast<double>(v->get_int64());
  }
  if (v->is_uint64()) {
    return static_cast<double>(v->get_uint64());
  }
  if (v->is_double()) {
    return v->get_double();
  }
  return std::nullopt;
}

const json::object& object_at(const json::object& obj, std::string_view key, std::string_view what) {
  const json::value* v = obj.if_contains(key);
  if (v == nullptr || !v->is_object()) {
    throw std::runtime_error("service model: " + std::string(what) + " has no object '" + std::string(key) + "'");
  }
  return v->get_object();
}

ShapeType parse_shape_type(std::string_view type, std::string_view shape_name) {
  if (type == "structure") {
    return ShapeType::Structure;
  }
  if (type == "list") {
    return ShapeType::List;
  }
  if (type == "map") {
    return ShapeType::Map;
  }
  if (type == "string" || type == "character") {
    return ShapeType::String;
  }
  if (type == "integer" || type == "byte" || type == "short") {
    return ShapeType::Integer;
  }
  if (type == "long" || type == "bigInteger") {
    return ShapeType::Long;
  }
  if (type == "boolean") {
    return ShapeType::Boolean;
  }
  if (type == "float") {
    return ShapeType::Float;
  }
  if (type == "double" || type == "bigDecimal") {
    return ShapeType::Double;
  }
  if (type == "timestamp") {
    return ShapeType::Timestamp;
  }
  if (type == "blob") {
    return ShapeType::Blob;
  }
  throw std::runtime_error("service model: shape " + std::string(shape_name) + " has unknown type '" +
                           std::string(type) + "'");
}

bool supported_protocol(std::string_view name) { return name == "json" || name == "query" || name == "ec2"; }

Protocol parse_protocol(std::string_view name) {
  if (name == "json") {
    return Protocol::Json;
  }
  if (name == "query") {
    return Protocol::Query;
  }
  if (name == "ec2") {
    return Protocol::Ec2;
  }
  throw std::runtime_error("service model: unsupported protocol '" + std::string(name) + "'");
}

}  // namespace

const MemberRef* Shape::find_member(std::string_view member_name) const {
  auto it = member_index.find(member_name);
  return it == member_index.end() ? nullptr : &members[it->second];
}

bool Shape::is_required(std::string_view member_name) const {
  return std::find(required.begin(), required.end(), member_name) != required.end();
}

std::unique_ptr<ServiceModel> ServiceModel::from_json(std::string_view service_json) {
  json::value doc;
  try {
    doc = json::parse(service_json);
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("service model: not JSON: ") + e.what());
  }
  if (!doc.is_object()) {
    throw std::runtime_error("service model: not a JSON object");
  }
  return from_value(doc.get_object());
}

std::unique_ptr<ServiceModel> ServiceModel::from_value(const json::object& doc) {
  auto model = std::make_unique<ServiceModel>();
  const json::object& meta = object_at(doc, "metadata", "document");
  const json::object& shapes = object_at(doc, "shapes", "document");
  const json::object& operations = object_at(doc, "operations", "document");

  Metadata& md = model->metadata_;
  md.protocol_name = string_at(meta, "protocol");
  // A model that lists several protocols (CloudWatch: smithy-rpc-v2-cbor, json, query) is served in the first
  // of them ecsemu speaks.
  if (!supported_protocol(md.protocol_name)) {
    if (const auto* list = meta.if_contains("protocols"); list != nullptr && list->is_array()) {
      for (const auto& p : list->get_array()) {
        if (p.is_string() && supported_protocol(p.get_string())) {
          md.protocol_name = std::string(p.get_string());
          break;
        }
      }
    }
  }
  md.protocol = parse_protocol(md.protocol_name);
  md.api_version = string_at(meta, "apiVersion");
  md.target_prefix = string_at(meta, "targetPrefix");
  md.json_version = string_at(meta, "jsonVersion");
  md.endpoint_prefix = string_at(meta, "endpointPrefix");
  md.signing_name = string_at(meta, "signingName");
  if (md.signing_name.empty()) {
    md.signing_name = md.endpoint_prefix;
  }
  md.service_id = string_at(meta, "serviceId");
  md.global_endpoint = string_at(meta, "globalEndpoint");
  if (const json::value* ns = meta.if_contains("xmlNamespace"); ns != nullptr) {
    if (ns->is_object()) {
      md.xml_namespace = string_at(ns->get_object(), "uri");
    } else if (ns->is_string()) {
      md.xml_namespace = std::string(ns->get_string());
    }
  }

  // Pass 1: one Shape per name, so references can be linked whatever their order.
  model->shapes_.reserve(shapes.size());
  for (const auto& [name, body] : shapes) {
    auto shape = std::make_unique<Shape>();
    shape->name = std::string(name);
    model->shapes_.emplace(shape->name, std::move(shape));
  }

  auto resolve = [&](const json::value& ref_value, std::string_view context) -> MemberRef {
    if (!ref_value.is_object()) {
      throw std::runtime_error("service model: reference in " + std::string(context) + " is not an object");
    }
    const json::object& ref = ref_value.get_object();
    MemberRef out;
    std::string target = string_at(ref, "shape");
    out.shape = model->find_shape(target);
    if (out.shape == nullptr) {
      throw std::runtime_error("service model: " + std::string(context) + " refers to unknown shape '" + target + "'");
    }
    out.location_name = string_at(ref, "locationName");
    out.query_name = string_at(ref, "queryName");
    out.flattened = bool_at(ref, "flattened");
    out.xml_attribute = bool_at(ref, "xmlAttribute");
    out.idempotency_token = bool_at(ref, "idempotencyToken");
    out.host_label = bool_at(ref, "hostLabel");
    out.timestamp_format = string_at(ref, "timestampFormat");
    return out;
  };

  // Pass 2: fill and link.
  for (const auto& [name, body_value] : shapes) {
    Shape& shape = *model->shapes_.find(std::string_view(name))->second;
    if (!body_value.is_object()) {
      throw std::runtime_error("service model: shape " + shape.name + " is not an object");
    }
    const json::object& body = body_value.get_object();
    shape.type = parse_shape_type(string_at(body, "type"), shape.name);
    shape.exception = bool_at(body, "exception");
    shape.fault = bool_at(body, "fault");
    shape.document = bool_at(body, "document");
    shape.is_union = bool_at(body, "union");
    shape.flattened = bool_at(body, "flattened");
    shape.location_name = string_at(body, "locationName");
    shape.timestamp_format = string_at(body, "timestampFormat");
    shape.sensitive = bool_at(body, "sensitive");
    shape.pattern = string_at(body, "pattern");
    shape.min = number_at(body, "min");
    shape.max = number_at(body, "max");
    shape.result_wrapper = string_at(body, "resultWrapper");
    if (const json::value* err = body.if_contains("error"); err != nullptr && err->is_object()) {
      const json::object& e = err->get_object();
      shape.error_code = string_at(e, "code");
      if (auto status = number_at(e, "httpStatusCode"); status.has_value()) {
        shape.error_status = static_cast<int>(*status);
      }
      shape.error_sender_fault = bool_at(e, "senderFault", !shape.fault);
    } else {
      shape.error_sender_fault = !shape.fault;
    }
    if (const json::value* en = body.if_contains("enum"); en != nullptr && en->is_array()) {
      for (const json::value& v : en->get_array()) {
        if (v.is_string()) {
          shape.enum_values.emplace_back(v.get_string());
        }
      }
    }
    switch (shape.type) {
      case ShapeType::Structure: {
        if (const json::value* members = body.if_contains("members"); members != nullptr && members->is_object()) {
          shape.members.reserve(members->get_object().size());
          for (const auto& [member_name, ref] : members->get_object()) {
            MemberRef m = resolve(ref, shape.name + "." + std::string(member_name));
            m.name = std::string(member_name);
            shape.members.push_back(std::move(m));
          }
        }
        if (const json::value* req = body.if_contains("required"); req != nullptr && req->is_array()) {
          for (const json::value& r : req->get_array()) {
            if (r.is_string()) {
              shape.required.emplace_back(r.get_string());
            }
          }
        }
        shape.member_index.reserve(shape.members.size());
        for (std::size_t i = 0; i < shape.members.size(); ++i) {
          shape.member_index.emplace(shape.members[i].name, i);
        }
        break;
      }
      case ShapeType::List:
        if (const json::value* member = body.if_contains("member"); member != nullptr) {
          shape.member = resolve(*member, shape.name + ".member");
        } else {
          throw std::runtime_error("service model: list " + shape.name + " has no member");
        }
        break;
      case ShapeType::Map: {
        const json::value* key = body.if_contains("key");
        const json::value* value = body.if_contains("value");
        if (key == nullptr || value == nullptr) {
          throw std::runtime_error("service model: map " + shape.name + " lacks key or value");
        }
        shape.key = resolve(*key, shape.name + ".key");
        shape.value = resolve(*value, shape.name + ".value");
        break;
      }
      default:
        break;
    }
  }

  // Operations.
  model->operations_.reserve(operations.size());
  for (const auto& [name, body_value] : operations) {
    if (!body_value.is_object()) {
      throw std::runtime_error("service model: operation " + std::string(name) + " is not an object");
    }
    const json::object& body = body_value.get_object();
    Operation op;
    op.name = std::string(name);
    if (const json::value* http = body.if_contains("http"); http != nullptr && http->is_object()) {
      op.http_method = string_at(http->get_object(), "method");
      op.request_uri = string_at(http->get_object(), "requestUri");
    }
    if (op.http_method.empty()) {
      op.http_method = "POST";
    }
    if (op.request_uri.empty()) {
      op.request_uri = "/";
    }
    op.deprecated = bool_at(body, "deprecated");
    if (const json::value* in = body.if_contains("input"); in != nullptr) {
      op.input = resolve(*in, op.name + ".input").shape;
    }
    if (const json::value* out = body.if_contains("output"); out != nullptr) {
      op.output = resolve(*out, op.name + ".output").shape;
      if (out->is_object()) {
        op.result_wrapper = string_at(out->get_object(), "resultWrapper");
      }
      if (op.result_wrapper.empty()) {
        op.result_wrapper = op.output->result_wrapper;
      }
    }
    if (const json::value* errors = body.if_contains("errors"); errors != nullptr && errors->is_array()) {
      for (const json::value& e : errors->get_array()) {
        op.errors.push_back(resolve(e, op.name + ".errors").shape);
      }
    }
    model->operations_.emplace(op.name, std::move(op));
  }
  model->operation_list_.reserve(model->operations_.size());
  for (const auto& [name, op] : model->operations_) {
    model->operation_list_.push_back(&op);
  }
  std::sort(model->operation_list_.begin(), model->operation_list_.end(),
            [](const Operation* a, const Operation* b) { return a->name < b->name; });

  // Errors by shape name and by wire code. A shape name wins over another shape's wire code.
  for (const auto& [name, shape] : model->shapes_) {
    if (shape->exception && !shape->error_code.empty()) {
      model->errors_by_code_.emplace(shape->error_code, shape.get());
    }
  }
  for (const auto& [name, shape] : model->shapes_) {
    if (shape->exception) {
      model->errors_by_code_[name] = shape.get();
    }
  }
  return model;
}

const Operation* ServiceModel::find_operation(std::string_view name) const {
  auto it = operations_.find(name);
  return it == operations_.end() ? nullptr : &it->second;
}

const Shape* ServiceModel::find_shape(std::string_view name) const {
  auto it = shapes_.find(name);
  return it == shapes_.end() ? nullptr : it->second.get();
}

const Shape* ServiceModel::find_error(std::string_view code) const {
  auto it = errors_by_code_.find(code);
  return it == errors_by_code_.end() ? nullptr : it->second;
}

}  // namespace ecsemu::protocol
