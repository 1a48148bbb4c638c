// Listener certificates: Add/Describe/RemoveListenerCertificates. They are kept and listed; the data plane does
// not terminate TLS.
#include <algorithm>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "services/elbv2/elbv2_handlers.hpp"
#include "state/world.hpp"

namespace ecsemu::elbv2 {

namespace json = boost::json;
using namespace aws::members;

namespace {

std::vector<std::string> certificate_arns(const json::object& input) {
  std::vector<std::string> out;
  if (const auto* arr = array_member(input, "Certificates")) {
    for (const auto& c : *arr) {
      out.emplace_back(string_member(c.as_object(), "CertificateArn"));
    }
  }
  return out;
}

}  // namespace

json::value add_listener_certificates(aws::RequestContext& ctx, const json::object& input) {
  Listener& l = require_listener(ctx.store().elbv2, string_member(input, "ListenerArn"));
  if (l.protocol != "HTTPS" && l.protocol != "TLS") {
    validation(fmt::format("Certificates cannot be added to {} listeners", l.protocol));
  }
  std::vector<std::string> arns = certificate_arns(input);
  for (const auto& arn : arns) {
    check_certificate_arn(arn);
  }
  std::vector<Certificate> next = l.certificates;
  json::array added;
  for (const auto& arn : arns) {
    bool known = std::any_of(next.begin(), next.end(), [&](const Certificate& c) { return c.arn == arn; });
    if (!known) {
      next.push_back({arn, false});
    }
    added.push_back(json::object{{"CertificateArn", arn}, {"IsDefault", false}});
  }
  long extra = std::count_if(next.begin(), next.end(), [](const Certificate& c) { return !c.is_default; });
  if (extra > kMaxCertificatesPerListener) {
    throw aws::ServiceError("TooManyCertificatesException",
                            fmt::format("A listener can have at most {} certificates besides its default one",
                                        kMaxCertificatesPerListener));
  }
  l.certificates = std::move(next);
  return json::object{{"Certificates", std::move(added)}};
}

json::value describe_listener_certificates(aws::RequestContext& ctx, const json::object& input) {
  Listener& l = require_listener(ctx.store().elbv2, string_member(input, "ListenerArn"));
  Page page = parse_page(input);
  json::array out;
  json::object result;
  for (std::size_t i = page.after; i < l.certificates.size(); ++i) {
    if (out.size() == page.size) {
      result["NextMarker"] = next_marker(i);
      break;
    }
    out.push_back(json::object{{"CertificateArn", l.certificates[i].arn}, {"IsDefault", l.certificates[i].is_default}});
  }
  result["Certificates"] = std::move(out);
  return result;
}

json::value remove_listener_certificates(aws::RequestContext& ctx, const json::object& input) {
  Listener& l = require_listener(ctx.store().elbv2, string_member(input, "ListenerArn"));
  std::vector<std::string> arns = certificate_arns(input);
  for (const auto& c : l.certificates) {
    if (c.is_default && std::find(arns.begin(), arns.end(), c.arn) != arns.end()) {
      throw aws::ServiceError("OperationNotPermittedException",
                              fmt::format("The default certificate '{}' of a listener cannot be removed", c.arn));
    }
  }
  std::erase_if(l.certificates,
                [&](const Certificate& c) { return std::find(arns.begin(), arns.end(), c.arn) != arns.end(); });
  return json::object{};
}

}  // namespace ecsemu::elbv2
