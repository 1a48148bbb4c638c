// query and ec2 responses and error envelopes.

#include <cmath>
#include <stdexcept>

#include "protocol/base64.hpp"
#include "protocol/codec_internal.hpp"
#include "protocol/xml_writer.hpp"

namespace ecsemu::protocol {

namespace json = boost::json;

namespace {

class XmlBodyWriter {
 public:
  XmlBodyWriter(XmlWriter& out, const SerializeOptions& options) : out_(out), options_(options) {}

  // Members of `shape` from `in`, in spec order; `skip_message` leaves out Message/message (error envelopes
  // carry it themselves).
  void structure_members(const Shape& shape, const json::object& in, bool skip_message = false) {
    if (options_.strict) {
      for (const auto& [key, value] : in) {
        if (shape.find_member(key) == nullptr) {
          throw std::logic_error("serializer: member '" + std::string(key) + "' is not declared by shape " +
                                 shape.name);
        }
      }
    }
    for (const MemberRef& m : shape.members) {
      if (skip_message && (m.name == "message" || m.name == "Message")) {
        continue;
      }
      const json::value* v = in.if_contains(m.name);
      if (v == nullptr || v->is_null()) {
        continue;
      }
      member(m, element_name(m), *v);
    }
  }

 private:
  static std::string_view element_name(const MemberRef& m) {
    if (m.shape->type == ShapeType::List && detail::is_flattened(m)) {
      const std::string& item = detail::location_name(m.shape->member);
      if (!item.empty()) {
        return item;
      }
    }
    const std::string& location = detail::location_name(m);
    return location.empty() ? std::string_view(m.name) : std::string_view(location);
  }

  void fail(const Shape& shape, const json::value& in) const {
    if (options_.strict) {
      throw std::logic_error("serializer: value of kind " + std::string(json::to_string(in.kind())) +
                             " does not fit shape " + shape.name);
    }
  }

  void member(const MemberRef& ref, std::string_view name, const json::value& in) {
    const Shape& shape = *ref.shape;
    switch (shape.type) {
      case ShapeType::Structure:
        if (!in.is_object()) {
          return fail(shape, in);
        }
        out_.open(name);
        structure_members(shape, in.get_object());
        out_.close(name);
        return;
      case ShapeType::List: {
        if (!in.is_array()) {
          return fail(shape, in);
        }
        bool flat = detail::is_flattened(ref);
        const std::string& item_location = detail::location_name(shape.member);
        std::string_view item_name =
            flat ? name : (item_location.empty() ? std::string_view("member") : std::string_view(item_location));
        if (!flat) {
          out_.open(name);
        }
        for (const json::value& item : in.get_array()) {
          if (!item.is_null()) {
            member(shape.member, item_name, item);
          }
        }
        if (!flat) {
          out_.close(name);
        }
        return;
      }
      case ShapeType::Map: {
        if (!in.is_object()) {
          return fail(shape, in);
        }
        bool flat = detail::is_flattened(ref);
        const std::string& key_location = detail::location_name(shape.key);
        const std::string& value_location = detail::location_name(shape.value);
        std::string_view key_name = key_location.empty() ? std::string_view("key") : std::string_view(key_location);
        std::string_view value_name =
            value_location.empty() ? std::string_view("value") : std::string_view(value_location);
        std::string_view entry_name = flat ? name : std::string_view("entry");
        if (!flat) {
          out_.open(name);
        }
        for (const auto& [key, item] : in.get_object()) {
          if (item.is_null()) {
            continue;
          }
          out_.open(entry_name);
          out_.element(key_name, key);
          member(shape.value, value_name, item);
          out_.close(entry_name);
        }
        if (!flat) {
          out_.close(name);
        }
        return;
      }
      default:
        break;
    }
    std::string text;
    if (!scalar(ref, in, text)) {
      return fail(shape, in);
    }
    out_.element(name, text);
  }

  static bool scalar(const MemberRef& ref, const json::value& in, std::string& text) {
    const Shape& shape = *ref.shape;
    switch (shape.type) {
      case ShapeType::String:
        if (!in.is_string()) {
          return false;
        }
        text = in.get_string();
        return true;
      case ShapeType::Boolean:
        if (!in.is_bool()) {
          return false;
        }
        text = in.get_bool() ? "true" : "false";
        return true;
      case ShapeType::Integer:
      case ShapeType::Long: {
        std::int64_t v = 0;
        if (!detail::as_int64(in, v)) {
          return false;
        }
        text = std::to_string(v);
        return true;
      }
      case ShapeType::Float:
      case ShapeType::Double: {
        double v = 0;
        if (!detail::as_double(in, v)) {
          return false;
        }
        text = in.is_double() ? detail::format_double(v)
                              : (in.is_int64() ? std::to_string(in.get_int64()) : std::to_string(in.get_uint64()));
        return true;
      }
      case ShapeType::Timestamp: {
        double v = 0;
        if (!detail::as_double(in, v)) {
          return false;
        }
        switch (detail::timestamp_format(ref, TimestampFormat::Iso8601)) {
          case TimestampFormat::Iso8601:
            text = format_iso8601(v, true);
            break;
          case TimestampFormat::HttpDate:
            text = format_http_date(v);
            break;
          case TimestampFormat::EpochSeconds:
            text = format_epoch_seconds(v);
            break;
        }
        return true;
      }
      case ShapeType::Blob:
        if (!in.is_string()) {
          return false;
        }
        text = base64_encode(in.get_string());
        return true;
      default:
        return false;
    }
  }

  XmlWriter& out_;
  const SerializeOptions& options_;
};

}  // namespace

namespace detail {

WireResponse serialize_xml_output(const ServiceModel& model, const Operation& op, const json::value& output,
                                  std::string_view request_id, const SerializeOptions& options) {
  const bool ec2 = model.metadata().protocol == Protocol::Ec2;
  WireResponse wire;
  wire.status = 200;
  wire.content_type = ec2 ? "text/xml;charset=UTF-8" : "text/xml";
  XmlWriter xml;
  if (ec2) {
    xml.declaration();
  }
  std::string root = op.name + "Response";
  xml.open(root, ec2 && model.metadata().xml_namespace.empty() ? "http://ec2.amazonaws.com/doc/2016-11-15/"
                                                               : std::string_view(model.metadata().xml_namespace));
  if (ec2) {
    xml.element("requestId", request_id);
  }
  const json::object* members = output.is_object() ? &output.get_object() : nullptr;
  if (options.strict && op.output == nullptr && members != nullptr && !members->empty()) {
    throw std::logic_error("serializer: operation " + op.name + " has no output shape but a non-empty Document");
  }
  if (op.output != nullptr) {
    std::string wrapper;
    if (!ec2) {
      wrapper = op.result_wrapper.empty() ? op.name + "Result" : op.result_wrapper;
      xml.open(wrapper);
    }
    if (members != nullptr) {
      XmlBodyWriter(xml, options).structure_members(*op.output, *members);
    }
    if (!ec2) {
      xml.close(wrapper);
    }
  }
  if (!ec2) {
    xml.open("ResponseMetadata");
    xml.element("RequestId", request_id);
    xml.close("ResponseMetadata");
  }
  xml.close(root);
  wire.body = xml.take();
  return wire;
}

WireResponse serialize_xml_error(Protocol protocol, const ServiceModel* model, std::string_view xml_namespace,
                                 const aws::ServiceError& error, std::string_view request_id,
                                 const json::object* members) {
  ErrorInfo info = resolve_error(model, error);
  WireResponse wire;
  wire.status = info.status;
  XmlWriter xml;
  SerializeOptions options;
  auto write_members = [&] {
    if (info.shape != nullptr && members != nullptr && !members->empty()) {
      XmlBodyWriter(xml, options).structure_members(*info.shape, *members, true);
    }
  };
  if (protocol == Protocol::Ec2) {
    wire.content_type = "text/xml;charset=UTF-8";
    xml.declaration();
    xml.open("Response");
    xml.open("Errors");
    xml.open("Error");
    xml.element("Code", info.code);
    xml.element("Message", error.message());
    write_members();
    xml.close("Error");
    xml.close("Errors");
    xml.element("RequestID", request_id);
    xml.close("Response");
  } else {
    wire.content_type = "text/xml";
    xml.open("ErrorResponse", xml_namespace);
    xml.open("Error");
    xml.element("Type", info.sender_fault ? "Sender" : "Receiver");
    xml.element("Code", info.code);
    xml.element("Message", error.message());
    write_members();
    xml.close("Error");
    xml.element("RequestId", request_id);
    xml.close("ErrorResponse");
  }
  wire.body = xml.take();
  return wire;
}

}  // namespace detail

}  // namespace ecsemu::protocol
