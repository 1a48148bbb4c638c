// awsJson1_1: request parsing and response / error serialization.

#include <cmath>
#include <limits>
#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/serialize.hpp>

#include "protocol/base64.hpp"
#include "protocol/codec_internal.hpp"

namespace ecsemu::protocol {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxJsonDepth = 64;

[[noreturn]] void type_error(std::string_view path, std::string_view expected) {
  detail::throw_parse_error(Protocol::Json,
                            "Unexpected value type at '" + std::string(path) + "': expected " + std::string(expected));
}

std::string join(std::string_view path, std::string_view name) {
  if (path.empty()) {
    return std::string(name);
  }
  std::string out;
  out.reserve(path.size() + 1 + name.size());
  out.append(path).append(".").append(name);
  return out;
}

json::value parse_value(const MemberRef& ref, const json::value& in, const std::string& path);

json::object parse_structure(const Shape& shape, const json::object& in, const std::string& path) {
  json::object out;
  for (const MemberRef& m : shape.members) {
    const std::string& wire = detail::location_name(m);
    const json::value* v = in.if_contains(wire.empty() ? m.name : wire);
    if (v == nullptr || v->is_null()) {
      continue;
    }
    out.emplace(m.name, parse_value(m, *v, join(path, m.name)));
  }
  return out;
}

json::value parse_value(const MemberRef& ref, const json::value& in, const std::string& path) {
  const Shape& shape = *ref.shape;
  if (shape.document) {
    return in;
  }
  switch (shape.type) {
    case ShapeType::Structure:
      if (!in.is_object()) {
        type_error(path, "an object");
      }
      return parse_structure(shape, in.get_object(), path);
    case ShapeType::List: {
      if (!in.is_array()) {
        type_error(path, "an array");
      }
      json::array out;
      out.reserve(in.get_array().size());
      std::size_t index = 0;
      for (const json::value& item : in.get_array()) {
        ++index;
        if (item.is_null()) {
          out.emplace_back(nullptr);
          continue;
        }
        out.push_back(parse_value(shape.member, item, join(path, std::to_string(index))));
      }
      return out;
    }
    case ShapeType::Map: {
      if (!in.is_object()) {
        type_error(path, "an object");
      }
      json::object out;
      for (const auto& [key, item] : in.get_object()) {
        if (item.is_null()) {
          continue;
        }
        out.emplace(key, parse_value(shape.value, item, join(path, key)));
      }
      return out;
    }
    case ShapeType::String:
      if (!in.is_string()) {
        type_error(path, "a string");
      }
      return in;
    case ShapeType::Boolean:
      if (!in.is_bool()) {
        type_error(path, "a boolean");
      }
      return in;
    case ShapeType::Integer:
    case ShapeType::Long: {
      std::int64_t v = 0;
      if (!detail::as_int64(in, v)) {
        type_error(path, "an integer");
      }
      if (shape.type == ShapeType::Integer &&
          (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max())) {
        type_error(path, "a 32-bit integer");
      }
      return v;
    }
    case ShapeType::Float:
    case ShapeType::Double: {
      double v = 0;
      if (in.is_string()) {
        std::string_view s = in.get_string();
        if (s != "NaN" && s != "Infinity" && s != "-Infinity") {
          type_error(path, "a number");
        }
        detail::parse_double(s, v);
        return v;
      }
      if (!detail::as_double(in, v)) {
        type_error(path, "a number");
      }
      return v;
    }
    case ShapeType::Timestamp: {
      double v = 0;
      if (in.is_string()) {
        auto t = parse_timestamp(in.get_string());
        if (!t) {
          type_error(path, "a timestamp");
        }
        return *t;
      }
      if (!detail::as_double(in, v) || !std::isfinite(v)) {
        type_error(path, "a timestamp");
      }
      return v;
    }
    case ShapeType::Blob: {
      if (!in.is_string()) {
        type_error(path, "a base64-encoded string");
      }
      auto bytes = base64_decode(in.get_string());
      if (!bytes) {
        detail::throw_parse_error(Protocol::Json, "Value at '" + path + "' is not valid base64");
      }
      return json::string(*bytes);
    }
  }
  return in;
}

// ---- output ----

struct JsonWriter {
  const SerializeOptions& options;

  [[noreturn]] void mismatch(std::string_view what) const {
    throw std::logic_error("serializer: " + std::string(what));
  }

  // Returns false when the value does not fit the shape (dropped unless strict).
  bool write(const MemberRef& ref, const json::value& in, json::value& out) const {
    const Shape& shape = *ref.shape;
    if (shape.document) {
      out = in;
      return true;
    }
    switch (shape.type) {
      case ShapeType::Structure: {
        if (!in.is_object()) {
          return fail(shape, in);
        }
        json::object obj;
        write_structure(shape, in.get_object(), obj);
        out = std::move(obj);
        return true;
      }
      case ShapeType::List: {
        if (!in.is_array()) {
          return fail(shape, in);
        }
        json::array arr;
        arr.reserve(in.get_array().size());
        for (const json::value& item : in.get_array()) {
          json::value v;
          if (item.is_null() || write(shape.member, item, v)) {
            arr.push_back(std::move(v));
          }
        }
        out = std::move(arr);
        return true;
      }
      case ShapeType::Map: {
        if (!in.is_object()) {
          return fail(shape, in);
        }
        json::object obj;
        for (const auto& [key, item] : in.get_object()) {
          json::value v;
          if (!item.is_null() && write(shape.value, item, v)) {
            obj.emplace(key, std::move(v));
          }
        }
        out = std::move(obj);
        return true;
      }
      case ShapeType::String:
        if (!in.is_string()) {
          return fail(shape, in);
        }
        out = in;
        return true;
      case ShapeType::Boolean:
        if (!in.is_bool()) {
          return fail(shape, in);
        }
        out = in;
        return true;
      case ShapeType::Integer:
      case ShapeType::Long: {
        std::int64_t v = 0;
        if (!detail::as_int64(in, v)) {
          return fail(shape, in);
        }
        out = v;
        return true;
      }
      case ShapeType::Float:
      case ShapeType::Double: {
        double v = 0;
        if (!detail::as_double(in, v)) {
          return fail(shape, in);
        }
        if (!std::isfinite(v)) {
          out = json::string(detail::format_double(v));
        } else {
          out = in.is_double() ? json::value(v) : in;
        }
        return true;
      }
      case ShapeType::Timestamp: {
        double v = 0;
        if (!detail::as_double(in, v)) {
          return fail(shape, in);
        }
        switch (detail::timestamp_format(ref, TimestampFormat::EpochSeconds)) {
          case TimestampFormat::Iso8601:
            out = json::string(format_iso8601(v, false));
            break;
          case TimestampFormat::HttpDate:
            out = json::string(format_http_date(v));
            break;
          case TimestampFormat::EpochSeconds:
            if (std::isfinite(v) && v == std::trunc(v) && std::fabs(v) < 1e15) {
              out = static_cast<std::int64_t>(v);
            } else {
              out = std::isfinite(v) ? std::round(v * 1000.0) / 1000.0 : 0.0;
            }
            break;
        }
        return true;
      }
      case ShapeType::Blob:
        if (!in.is_string()) {
          return fail(shape, in);
        }
        out = json::string(base64_encode(in.get_string()));
        return true;
    }
    return false;
  }

  void write_structure(const Shape& shape, const json::object& in, json::object& out) const {
    for (const auto& [key, value] : in) {
      const MemberRef* m = shape.find_member(key);
      if (m == nullptr) {
        if (options.strict) {
          mismatch("member '" + std::string(key) + "' is not declared by shape " + shape.name);
        }
        continue;
      }
      if (value.is_null()) {
        continue;
      }
      json::value v;
      if (write(*m, value, v)) {
        const std::string& wire = detail::location_name(*m);
        out.insert_or_assign(wire.empty() ? m->name : wire, std::move(v));
      }
    }
  }

  bool fail(const Shape& shape, const json::value& in) const {
    if (options.strict) {
      mismatch("value of kind " + std::string(json::to_string(in.kind())) + " does not fit shape " + shape.name);
    }
    return false;
  }
};

std::string content_type(const ServiceModel* model) {
  if (model != nullptr && model->metadata().json_version == "1.0") {
    return "application/x-amz-json-1.0";
  }
  return "application/x-amz-json-1.1";
}

}  // namespace

json::object parse_json_request(const Operation& op, std::string_view body) {
  std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  json::error_code ec;
  json::value doc = json::parse(body, ec, json::storage_ptr(), options);
  if (ec) {
    detail::throw_parse_error(Protocol::Json, "Request body is not valid JSON: " + ec.message());
  }
  if (!doc.is_object()) {
    detail::throw_parse_error(Protocol::Json, "Request body must be a JSON object");
  }
  if (op.input == nullptr) {
    return {};
  }
  if (op.input->document) {
    return std::move(doc.get_object());
  }
  return parse_structure(*op.input, doc.get_object(), "");
}

namespace detail {

WireResponse serialize_json_output(const ServiceModel& model, const Operation& op, const json::value& output,
                                   std::string_view /*request_id*/, const SerializeOptions& options) {
  WireResponse wire;
  wire.status = 200;
  wire.content_type = content_type(&model);
  json::object body;
  if (op.output != nullptr && output.is_object()) {
    JsonWriter{options}.write_structure(*op.output, output.get_object(), body);
  } else if (options.strict && op.output == nullptr && output.is_object() && !output.get_object().empty()) {
    throw std::logic_error("serializer: operation " + op.name + " has no output shape but a non-empty Document");
  }
  wire.body = json::serialize(body);
  return wire;
}

WireResponse serialize_json_error(const ServiceModel* model, const aws::ServiceError& error,
                                  std::string_view /*request_id*/, const json::object* members) {
  ErrorInfo info = resolve_error(model, error);
  WireResponse wire;
  wire.status = info.status;
  wire.content_type = content_type(model);
  json::object body;
  body["__type"] = info.code;
  std::string message_key = "message";
  if (info.shape != nullptr) {
    if (info.shape->find_member("Message") != nullptr && info.shape->find_member("message") == nullptr) {
      message_key = "Message";
    }
    if (members != nullptr && !members->empty()) {
      SerializeOptions options;
      json::object extra;
      JsonWriter{options}.write_structure(*info.shape, *members, extra);
      for (auto& [key, value] : extra) {
        if (key != "message" && key != "Message" && key != "__type") {
          body.insert_or_assign(key, std::move(value));
        }
      }
    }
  }
  if (!error.message().empty()) {
    body[message_key] = error.message();
  }
  wire.body = json::serialize(body);
  wire.headers.emplace_back("x-amzn-ErrorType", info.code);
  return wire;
}

}  // namespace detail

}  // namespace ecsemu::protocol
