#include "ecsemu/auth/sigv4.hpp"

// parse_claim: what a request's Authorization header or presigned X-Amz-* parameters claim, validated.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

#include "auth/sigv4_text.hpp"

namespace ecsemu::auth {

using namespace detail;

namespace {

constexpr long kMaxPresignedExpires = 604800;

// The presigned-request parameters, by their exact (case-sensitive) names.
constexpr std::string_view kParamAlgorithm = "X-Amz-Algorithm";
constexpr std::string_view kParamCredential = "X-Amz-Credential";
constexpr std::string_view kParamDate = "X-Amz-Date";
constexpr std::string_view kParamExpires = "X-Amz-Expires";
constexpr std::string_view kParamSignedHeaders = "X-Amz-SignedHeaders";
constexpr std::string_view kParamSecurityToken = "X-Amz-Security-Token";

// "AKID/20150830/us-east-1/service/aws4_request" into the claim; returns an error message or "".
std::string parse_credential(std::string_view credential, SigV4Claim& claim) {
  std::array<std::string_view, 4> scope;  // date, region, service, terminator (taken from the right)
  std::string_view rest = credential;
  for (std::size_t i = scope.size(); i-- > 0;) {
    std::size_t slash = rest.rfind('/');
    if (slash == std::string_view::npos) {
      return fmt::format("Credential should be scoped to a valid region, not '{}'. ", credential);
    }
    scope[i] = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (rest.empty()) {
    return fmt::format("Credential should have an access key: '{}'.", credential);
  }
  if (scope[3] != kTerminator) {
    return fmt::format("Credential should be scoped with a valid terminator: 'aws4_request', not '{}'. ", scope[3]);
  }
  if (scope[0].size() != 8 || !all_digits(scope[0])) {
    return fmt::format("Credential should be scoped to a valid date (yyyymmdd), not '{}'. ", scope[0]);
  }
  if (scope[1].empty()) {
    return "Credential should be scoped to a valid region. ";
  }
  if (scope[2].empty()) {
    return "Credential should be scoped to correct service. ";
  }
  claim.access_key = std::string(rest);
  claim.date = std::string(scope[0]);
  claim.region = std::string(scope[1]);
  claim.service = std::string(scope[2]);
  return {};
}

// "host;x-amz-date" into the claim (lower-cased); returns an error message or "".
std::string parse_signed_headers(std::string_view list, SigV4Claim& claim) {
  claim.signed_headers.clear();
  bool has_host = false;
  std::string_view rest = list;
  while (true) {
    std::size_t semicolon = rest.find(';');
    std::string_view name = trim(rest.substr(0, semicolon));
    if (name.empty()) {
      return fmt::format("SignedHeaders has an empty header name: '{}'.", list);
    }
    std::string lowered(name);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), to_lower);
    has_host = has_host || lowered == "host";
    claim.signed_headers.push_back(std::move(lowered));
    if (semicolon == std::string_view::npos) {
      break;
    }
    rest = rest.substr(semicolon + 1);
  }
  if (!has_host) {
    return "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
  }
  return {};
}

// The Authorization header's three components; returns an error message or "".
std::string parse_authorization(std::string_view header, SigV4Claim& claim) {
  std::string_view value = trim(header);
  if (value.substr(0, kAlgorithm.size()) != kAlgorithm ||
      (value.size() > kAlgorithm.size() && !is_space(value[kAlgorithm.size()]))) {
    return fmt::format("Authorization header requires the '{}' algorithm. Authorization={}", kAlgorithm, value);
  }
  std::optional<std::string_view> credential;
  std::optional<std::string_view> signed_headers;
  std::optional<std::string_view> signature;
  std::string_view rest = value.substr(kAlgorithm.size());
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view component = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (component.empty()) {
      continue;
    }
    std::size_t eq = component.find('=');
    if (eq == std::string_view::npos) {
      return fmt::format("'{}' not a valid key=value pair (missing equal-sign) in Authorization header: '{}'",
                         component, value);
    }
    std::string_view key = trim(component.substr(0, eq));
    std::optional<std::string_view>* target = key == "Credential"      ? &credential
                                              : key == "SignedHeaders" ? &signed_headers
                                              : key == "Signature"     ? &signature
                                                                       : nullptr;
    if (target == nullptr) {
      return fmt::format("'{}' is not a valid component of the Authorization header: '{}'", key, value);
    }
    if (target->has_value()) {
      return fmt::format("Authorization header has '{}' more than once: '{}'", key, value);
    }
    *target = trim(component.substr(eq + 1));
  }
  std::string missing;
  for (auto [name, part] : {std::pair{"Credential", credential}, std::pair{"SignedHeaders", signed_headers},
                            std::pair{"Signature", signature}}) {
    if (!part || part->empty()) {
      missing += fmt::format("Authorization header requires '{}' parameter. ", name);
    }
  }
  if (!missing.empty()) {
    return fmt::format("{}Authorization={}", missing, value);
  }
  if (std::string error = parse_credential(*credential, claim); !error.empty()) {
    return error;
  }
  if (std::string error = parse_signed_headers(*signed_headers, claim); !error.empty()) {
    return error;
  }
  claim.signature = std::string(*signature);
  return {};
}

const std::string* find_param(const Params& params, std::string_view name) {
  for (const auto& [key, value] : params) {
    if (key == name) {
      return &value;
    }
  }
  return nullptr;
}

// The X-Amz-* query parameters of a presigned request; returns an error message or "".
std::string parse_presigned(const Params& params, SigV4Claim& claim) {
  static constexpr std::array<std::string_view, 6> kRequired = {kParamAlgorithm, kParamCredential,    kParamSignature,
                                                                kParamDate,      kParamSignedHeaders, kParamExpires};
  for (std::string_view name : kRequired) {
    auto count = std::count_if(params.begin(), params.end(), [&](const auto& p) { return p.first == name; });
    if (count == 0) {
      return "AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', "
             "'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires'. Re-examine the query-string parameters.";
    }
    if (count > 1) {
      return fmt::format("The query-string parameter '{}' is given more than once.", name);
    }
  }
  if (*find_param(params, kParamAlgorithm) != kAlgorithm) {
    return "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"";
  }
  if (std::string error = parse_credential(*find_param(params, kParamCredential), claim); !error.empty()) {
    return error;
  }
  if (std::string error = parse_signed_headers(*find_param(params, kParamSignedHeaders), claim); !error.empty()) {
    return error;
  }
  claim.signature = *find_param(params, kParamSignature);
  if (claim.signature.empty()) {
    return "X-Amz-Signature must not be empty.";
  }
  const std::string& expires = *find_param(params, kParamExpires);
  claim.expires = all_digits(expires) && expires.size() <= 7 ? std::stol(expires) : 0;
  if (claim.expires < 1 || claim.expires > kMaxPresignedExpires) {
    return fmt::format("X-Amz-Expires must be a number of seconds from 1 to {}, not '{}'.", kMaxPresignedExpires,
                       expires);
  }
  claim.amz_date = *find_param(params, kParamDate);
  if (const std::string* token = find_param(params, kParamSecurityToken)) {
    claim.session_token = *token;
  }
  return {};
}

bool looks_presigned(std::string_view query, Params& params) {
  if (query.find("X-Amz-") == std::string_view::npos) {
    return false;
  }
  params = decode_query(query);
  return std::any_of(params.begin(), params.end(), [](const auto& p) {
    return p.first == kParamAlgorithm || p.first == kParamCredential || p.first == kParamSignature ||
           p.first == kParamSignedHeaders;
  });
}

}  // namespace

ParseResult parse_claim(const SigV4Request& request) {
  ParseResult result;
  SigV4Claim& claim = result.claim;
  auto fail = [&result](SigV4Error error, std::string message) {
    result.error = error;
    result.message = std::move(message);
    result.claim = SigV4Claim{};
    return std::move(result);
  };

  const std::string* authorization = find_header(request, "authorization");
  Params params;
  bool presigned = looks_presigned(split_target(request.target).query, params);
  if (authorization != nullptr && presigned) {
    return fail(SigV4Error::Malformed,
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization "
                "header should be specified");
  }
  if (authorization == nullptr && !presigned) {
    return fail(SigV4Error::Missing, "Request is missing Authentication Token");
  }

  claim.presigned = presigned;
  if (presigned) {
    if (std::string error = parse_presigned(params, claim); !error.empty()) {
      return fail(SigV4Error::Malformed, std::move(error));
    }
  } else {
    if (std::string error = parse_authorization(*authorization, claim); !error.empty()) {
      return fail(SigV4Error::Malformed, std::move(error));
    }
    if (const std::string* amz_date = find_header(request, "x-amz-date")) {
      claim.amz_date = std::string(trim(*amz_date));
    } else if (const std::string* date = find_header(request, "date")) {
      std::string_view value = trim(*date);
      std::optional<SysSeconds> parsed = parse_http_date(value);
      claim.amz_date = parsed ? format_amz_date(*parsed) : std::string(value);
    } else {
      return fail(SigV4Error::Malformed,
                  "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                  "Authorization=" +
                      std::string(trim(*authorization)));
    }
  }

  if (!parse_amz_date(claim.amz_date)) {
    return fail(
        SigV4Error::Malformed,
        fmt::format("X-Amz-Date must be in the ISO8601 basic format yyyyMMddTHHmmssZ, not '{}'.", claim.amz_date));
  }
  if (claim.date != std::string_view(claim.amz_date).substr(0, 8)) {
    return fail(SigV4Error::Malformed,
                fmt::format("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
                            "HTTP: '{}' != '{}', from '{}'.",
                            claim.date, claim.amz_date.substr(0, 8), claim.amz_date));
  }
  if (claim.session_token.empty()) {
    if (const std::string* token = find_header(request, "x-amz-security-token")) {
      claim.session_token = std::string(trim(*token));
    }
  }
  if (const std::string* content_sha256 = find_header(request, "x-amz-content-sha256")) {
    claim.content_sha256 = std::string(trim(*content_sha256));
  }
  return result;
}

}  // namespace ecsemu::auth
