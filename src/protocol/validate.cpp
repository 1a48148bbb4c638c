// Input validation against the operation's input shape, with AWS's message form.

#include <algorithm>
#include <cmath>
#include <vector>

#include "protocol/codec_internal.hpp"

namespace ecsemu::protocol {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxListedErrors = 20;
constexpr std::size_t kMaxEchoedValue = 4096;

struct Violation {
  std::string path;
  std::string value;  // rendered value ("null", "'abc'", "'12'")
  std::string constraint;
  bool missing = false;
  std::string wire_name;  // for ec2 MissingParameter
};

std::string format_number(double v) {
  if (v == std::trunc(v) && std::fabs(v) < 1e18) {
    return std::to_string(static_cast<long long>(v));
  }
  return detail::format_double(v);
}

std::size_t utf8_length(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string capitalize(std::string_view name) {
  std::string out(name);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') {
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  }
  return out;
}

class Validator {
 public:
  explicit Validator(Protocol protocol) : protocol_(protocol) {}

  void structure(const Shape& shape, const json::object& in, const std::string& path, std::size_t depth) {
    if (depth > 64) {
      return;
    }
    for (const std::string& required : shape.required) {
      const json::value* v = in.if_contains(required);
      if (v == nullptr || v->is_null()) {
        const MemberRef* m = shape.find_member(required);
        Violation violation{join(path, required), "null", "Member must not be null", true, ""};
        if (m != nullptr) {
          violation.wire_name = ec2_name(*m);
        }
        violations_.push_back(std::move(violation));
      }
    }
    for (const MemberRef& m : shape.members) {
      const json::value* v = in.if_contains(m.name);
      if (v == nullptr || v->is_null()) {
        continue;
      }
      value(m, *v, join(path, m.name), depth + 1);
    }
  }

  const std::vector<Violation>& violations() const { return violations_; }

 private:
  static std::string join(const std::string& path, std::string_view name) {
    return path.empty() ? std::string(name) : path + "." + std::string(name);
  }

  static std::string ec2_name(const MemberRef& m) {
    if (!m.query_name.empty()) {
      return m.query_name;
    }
    const std::string& location = detail::location_name(m);
    return capitalize(location.empty() ? m.name : location);
  }

  static std::string render(const Shape& shape, const json::value& v) {
    if (shape.sensitive) {
      return "'***'";
    }
    if (v.is_string()) {
      // AWS echoes the whole value; the request body limit bounds it, the cap keeps a pathological one readable.
      std::string_view s = v.get_string();
      return "'" + std::string(s.substr(0, kMaxEchoedValue)) + "'";
    }
    double d = 0;
    if (detail::as_double(v, d)) {
      // Coral quotes numbers too: "Value '100' at 'maxResults' failed to satisfy constraint".
      return "'" + format_number(d) + "'";
    }
    if (v.is_bool()) {
      return v.get_bool() ? "true" : "false";
    }
    return "null";
  }

  void add(const std::string& path, std::string rendered, std::string constraint) {
    violations_.push_back({path, std::move(rendered), std::move(constraint), false, ""});
  }

  void type_mismatch(const Shape& shape, const json::value& v, const std::string& path, std::string_view type) {
    add(path, render(shape, v), "Member must be of type " + std::string(type));
  }

  void length(const Shape& shape, const json::value& v, std::size_t n, const std::string& path) {
    if (shape.min && static_cast<double>(n) < *shape.min) {
      add(path, render(shape, v), "Member must have length greater than or equal to " + format_number(*shape.min));
    }
    if (shape.max && static_cast<double>(n) > *shape.max) {
      add(path, render(shape, v), "Member must have length less than or equal to " + format_number(*shape.max));
    }
  }

  void value(const MemberRef& ref, const json::value& v, const std::string& path, std::size_t depth) {
    const Shape& shape = *ref.shape;
    if (shape.document || depth > 64) {
      return;
    }
    switch (shape.type) {
      case ShapeType::Structure:
        if (!v.is_object()) {
          return type_mismatch(shape, v, path, "structure");
        }
        return structure(shape, v.get_object(), path, depth);
      case ShapeType::List: {
        if (!v.is_array()) {
          return type_mismatch(shape, v, path, "list");
        }
        const json::array& items = v.get_array();
        if (shape.min && static_cast<double>(items.size()) < *shape.min) {
          add(path, "[...]", "Member must have length greater than or equal to " + format_number(*shape.min));
        }
        if (shape.max && static_cast<double>(items.size()) > *shape.max) {
          add(path, "[...]", "Member must have length less than or equal to " + format_number(*shape.max));
        }
        std::size_t index = 0;
        for (const json::value& item : items) {
          ++index;
          std::string item_path = path + "." + std::to_string(index) + ".member";
          if (item.is_null()) {
            add(item_path, "null", "Member must not be null");
            continue;
          }
          value(shape.member, item, item_path, depth + 1);
        }
        return;
      }
      case ShapeType::Map: {
        if (!v.is_object()) {
          return type_mismatch(shape, v, path, "map");
        }
        const json::object& entries = v.get_object();
        if (shape.min && static_cast<double>(entries.size()) < *shape.min) {
          add(path, "{...}", "Member must have length greater than or equal to " + format_number(*shape.min));
        }
        if (shape.max && static_cast<double>(entries.size()) > *shape.max) {
          add(path, "{...}", "Member must have length less than or equal to " + format_number(*shape.max));
        }
        for (const auto& [key, item] : entries) {
          json::value key_value = json::string(key);
          value(shape.key, key_value, path + ".key", depth + 1);
          if (!item.is_null()) {
            value(shape.value, item, path + "." + std::string(key) + ".value", depth + 1);
          }
        }
        return;
      }
      case ShapeType::String: {
        if (!v.is_string()) {
          return type_mismatch(shape, v, path, "string");
        }
        std::string_view s = v.get_string();
        // EC2 checks instance types in each operation with that operation's error (DescribeInstanceTypes:
        // InvalidInstanceType; RunInstances: InvalidParameterValue "Invalid value 'x' for InstanceType.").
        bool own_check = protocol_ == Protocol::Ec2 && shape.name == "InstanceType";
        if (!own_check && !shape.enum_values.empty() &&
            std::find(shape.enum_values.begin(), shape.enum_values.end(), s) == shape.enum_values.end()) {
          std::string set = "[";
          for (std::size_t i = 0; i < shape.enum_values.size(); ++i) {
            set += (i == 0 ? "" : ", ") + shape.enum_values[i];
          }
          set += "]";
          add(path, render(shape, v), "Member must satisfy enum value set: " + set);
        }
        length(shape, v, utf8_length(s), path);
        return;
      }
      case ShapeType::Blob:
        if (!v.is_string()) {
          return type_mismatch(shape, v, path, "blob");
        }
        length(shape, v, v.get_string().size(), path);
        return;
      case ShapeType::Boolean:
        if (!v.is_bool()) {
          return type_mismatch(shape, v, path, "boolean");
        }
        return;
      case ShapeType::Timestamp: {
        double d = 0;
        if (!detail::as_double(v, d)) {
          return type_mismatch(shape, v, path, "timestamp");
        }
        return;
      }
      case ShapeType::Integer:
      case ShapeType::Long:
      case ShapeType::Float:
      case ShapeType::Double: {
        double d = 0;
        std::int64_t i = 0;
        bool integral = detail::is_integer_type(shape.type);
        if (integral ? !detail::as_int64(v, i) : !detail::as_double(v, d)) {
          return type_mismatch(shape, v, path, integral ? "integer" : "number");
        }
        if (integral) {
          d = static_cast<double>(i);
        }
        if (std::isnan(d)) {
          return;
        }
        if (shape.min && d < *shape.min) {
          add(path, render(shape, v), "Member must have value greater than or equal to " + format_number(*shape.min));
        }
        if (shape.max && d > *shape.max) {
          add(path, render(shape, v), "Member must have value less than or equal to " + format_number(*shape.max));
        }
        return;
      }
    }
  }

  Protocol protocol_;
  std::vector<Violation> violations_;
};

}  // namespace

void validate_input(const ServiceModel& model, const Operation& op, const json::object& input) {
  if (op.input == nullptr || op.input->document) {
    return;
  }
  Protocol protocol = model.metadata().protocol;
  Validator validator(protocol);
  validator.structure(*op.input, input, "", 0);
  const auto& violations = validator.violations();
  if (violations.empty()) {
    return;
  }
  if (protocol == Protocol::Ec2) {
    for (const Violation& v : violations) {
      if (v.missing && v.path.find('.') == std::string::npos) {
        throw aws::ServiceError("MissingParameter", "The request must contain the parameter " + v.wire_name, 400);
      }
    }
  }
  std::string message = std::to_string(violations.size());
  message += violations.size() == 1 ? " validation error detected: " : " validation errors detected: ";
  std::size_t listed = 0;
  for (const Violation& v : violations) {
    if (listed == kMaxListedErrors) {
      break;
    }
    if (listed++ > 0) {
      message += "; ";
    }
    message += "Value " + v.value + " at '" + v.path + "' failed to satisfy constraint: " + v.constraint;
  }
  switch (protocol) {
    case Protocol::Json:
      throw aws::ServiceError("ValidationException", std::move(message), 400);
    case Protocol::Query:
      throw aws::ServiceError("ValidationError", std::move(message), 400);
    case Protocol::Ec2:
      throw aws::ServiceError("InvalidParameterValue", std::move(message), 400);
  }
}

}  // namespace ecsemu::protocol
