#include <charconv>
#include <cmath>
#include <limits>

#include "protocol/codec_internal.hpp"

namespace ecsemu::protocol {

namespace detail {

void throw_parse_error(Protocol protocol, std::string message) {
  switch (protocol) {
    case Protocol::Json:
      throw aws::ServiceError("SerializationException", std::move(message), 400);
    case Protocol::Query:
      throw aws::ServiceError("ValidationError", std::move(message), 400);
    case Protocol::Ec2:
      throw aws::ServiceError("InvalidParameterValue", std::move(message), 400);
  }
  throw aws::ServiceError("ValidationError", std::move(message), 400);
}

bool as_int64(const boost::json::value& v, std::int64_t& out) {
  if (v.is_int64()) {
    out = v.get_int64();
    return true;
  }
  if (v.is_uint64()) {
    if (v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return false;
    }
    out = static_cast<std::int64_t>(v.get_uint64());
    return true;
  }
  if (v.is_double()) {
    double d = v.get_double();
    if (!std::isfinite(d) || d != std::trunc(d) || d < -9.2233720368547758e18 || d >= 9.2233720368547758e18) {
      return false;
    }
    out = static_cast<std::int64_t>(d);
    return true;
  }
  return false;
}

bool as_double(const boost::json::value& v, double& out) {
  if (v.is_double()) {
    out = v.get_double();
    return true;
  }
  if (v.is_int64()) {
    out = static_cast<double>(v.get_int64());
    return true;
  }
  if (v.is_uint64()) {
    out = static_cast<double>(v.get_uint64());
    return true;
  }
  return false;
}

std::string format_double(double v) {
  if (std::isnan(v)) {
    return "NaN";
  }
  if (std::isinf(v)) {
    return v > 0 ? "Infinity" : "-Infinity";
  }
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec != std::errc()) {
    return "0";
  }
  return std::string(buf, ptr);
}

namespace {

// The whole of `text` (non-empty) as a number, a leading '+' allowed as in JSON-less protocols' number text.
template <typename T>
bool whole_number_text(std::string_view text, T& out) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (*first == '+') {
    ++first;
    if (first == last || *first == '-') {
      return false;
    }
  }
  auto [ptr, ec] = std::from_chars(first, last, out);
  return ec == std::errc() && ptr == last;
}

}  // namespace

bool parse_int64(std::string_view text, std::int64_t& out) {
  if (text.empty() || text.size() > 24) {
    return false;
  }
  return whole_number_text(text, out);
}

bool parse_double(std::string_view text, double& out) {
  if (text == "NaN") {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (text == "Infinity" || text == "+Infinity") {
    out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (text == "-Infinity") {
    out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (text.empty() || text.size() > 64) {
    return false;
  }
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
      return false;
    }
  }
  return whole_number_text(text, out) && std::isfinite(out);
}

ErrorInfo resolve_error(const ServiceModel* model, const aws::ServiceError& error) {
  ErrorInfo info;
  info.code = error.code();
  info.sender_fault = error.sender_fault();
  if (model != nullptr) {
    info.shape = model->find_error(error.code());
  }
  unsigned status = 0;
  if (info.shape != nullptr) {
    if (!info.shape->error_code.empty()) {
      info.code = info.shape->error_code;
    } else {
      info.code = info.shape->name;
    }
    info.sender_fault = info.shape->error_sender_fault;
    if (info.shape->error_status > 0) {
      status = static_cast<unsigned>(info.shape->error_status);
    }
  }
  if (error.status() >= 100 && error.status() <= 599) {
    status = static_cast<unsigned>(error.status());
  }
  if (status == 0) {
    status = info.sender_fault ? 400 : 500;
  }
  info.status = status;
  return info;
}

}  // namespace detail

WireResponse serialize_output(const ServiceModel& model, const Operation& op, const boost::json::value& output,
                              std::string_view request_id, const SerializeOptions& options) {
  if (model.metadata().protocol == Protocol::Json) {
    return detail::serialize_json_output(model, op, output, request_id, options);
  }
  return detail::serialize_xml_output(model, op, output, request_id, options);
}

WireResponse serialize_error(const ServiceModel& model, const aws::ServiceError& error, std::string_view request_id) {
  return serialize_error(model, error, request_id, boost::json::object());
}

WireResponse serialize_error(const ServiceModel& model, const aws::ServiceError& error, std::string_view request_id,
                             const boost::json::object& members) {
  if (model.metadata().protocol == Protocol::Json) {
    return detail::serialize_json_error(&model, error, request_id, &members);
  }
  return detail::serialize_xml_error(model.metadata().protocol, &model, model.metadata().xml_namespace, error,
                                     request_id, &members);
}

WireResponse serialize_error(Protocol protocol, std::string_view xml_namespace, const aws::ServiceError& error,
                             std::string_view request_id) {
  if (protocol == Protocol::Json) {
    return detail::serialize_json_error(nullptr, error, request_id, nullptr);
  }
  return detail::serialize_xml_error(protocol, nullptr, xml_namespace, error, request_id, nullptr);
}

}  // namespace ecsemu::protocol
