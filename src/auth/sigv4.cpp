#include "ecsemu/auth/sigv4.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>

#include "auth/sigv4_crypto.hpp"
#include "auth/sigv4_text.hpp"
#include "ecsemu/url_coding.hpp"

namespace ecsemu::auth {

using namespace detail;

namespace {

constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr std::chrono::minutes kMaxClockSkew{15};
constexpr std::string_view kSignatureMismatch =
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access "
    "Key and signing method. Consult the service documentation for details.";

// Appends a header value trimmed, with every run of white space (folded lines included) collapsed to one space.
void append_collapsed(std::string& out, std::string_view value) {
  value = trim(value);
  bool pending_space = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = true;
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.push_back(c);
  }
}

// Removes empty and '.' segments and resolves '..', keeping a trailing slash (the non-S3 rule; botocore's
// posixpath.normpath plus the trailing slash).
std::string normalize_path(std::string_view path) {
  if (path.empty() || path == "/") {
    return "/";
  }
  std::vector<std::string_view> segments;
  std::string_view rest = path;
  while (true) {
    std::size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    if (segment == "..") {
      if (!segments.empty()) {
        segments.pop_back();
      }
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    if (slash == std::string_view::npos) {
      break;
    }
    rest = rest.substr(slash + 1);
  }
  std::string out;
  out.reserve(path.size() + 1);
  for (std::string_view segment : segments) {
    out.push_back('/');
    out.append(segment);
  }
  if (segments.empty() || path.back() == '/') {
    out.push_back('/');
  }
  return out;
}

// How to read an ambiguous request: the first variant is what botocore signs; the others are what some clients sign.
struct CanonicalVariant {
  bool decode_path = false;         // decode the path's escapes before encoding (S3 style, encoded once)
  bool unsigned_presigned = false;  // presigned payload hash UNSIGNED-PAYLOAD (S3 style)
};

std::string canonical_uri(std::string_view path, bool decode) {
  std::string normalized = normalize_path(path);
  return uri_encode(decode ? url_decode(normalized) : normalized, false);
}

void append_canonical_query(std::string& out, std::string_view query, bool presigned) {
  if (query.empty()) {
    return;
  }
  Params encoded;
  for (auto& [name, value] : decode_query(query)) {
    if (presigned && name == kParamSignature) {
      continue;
    }
    encoded.emplace_back(uri_encode(name, true), uri_encode(value, true));
  }
  std::sort(encoded.begin(), encoded.end());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (i != 0) {
      out.push_back('&');
    }
    out.append(encoded[i].first).push_back('=');
    out.append(encoded[i].second);
  }
}

std::string build_canonical_request(const SigV4Request& request, const SigV4Claim& claim, CanonicalVariant variant) {
  Target target = split_target(request.target);
  std::string out;
  out.reserve(256 + request.target.size());
  out.append(request.method).push_back('\n');
  out.append(canonical_uri(target.path, variant.decode_path)).push_back('\n');
  append_canonical_query(out, target.query, claim.presigned);
  out.push_back('\n');
  for (const std::string& name : claim.signed_headers) {
    out.append(name).push_back(':');
    bool first = true;
    for (const auto& [key, value] : request.headers) {
      if (!iequals(key, name)) {
        continue;
      }
      if (!first) {
        out.push_back(',');
      }
      append_collapsed(out, value);
      first = false;
    }
    out.push_back('\n');
  }
  out.push_back('\n');
  for (std::size_t i = 0; i < claim.signed_headers.size(); ++i) {
    if (i != 0) {
      out.push_back(';');
    }
    out.append(claim.signed_headers[i]);
  }
  out.push_back('\n');
  if (!claim.content_sha256.empty()) {
    out.append(claim.content_sha256);
  } else if (claim.presigned && variant.unsigned_presigned) {
    out.append(kUnsignedPayload);
  } else {
    out.append(sha256_hex(request.body));
  }
  return out;
}

bool signatures_equal(std::string_view expected, std::string_view provided) {
  return detail::constant_time_equal(expected, provided);
}

}  // namespace

std::string uri_encode(std::string_view text, bool encode_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_' ||
                      c == '.' || c == '~' || (c == '/' && !encode_slash);
    if (unreserved) {
      out.push_back(c);
    } else {
      auto byte = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kDigits[byte >> 4]);
      out.push_back(kDigits[byte & 0x0f]);
    }
  }
  return out;
}

std::string canonical_request(const SigV4Request& request, const SigV4Claim& claim) {
  return build_canonical_request(request, claim, CanonicalVariant{});
}

std::string string_to_sign(const SigV4Claim& claim, std::string_view canonical_request) {
  detail::Digest digest = detail::sha256(canonical_request);
  std::string out;
  out.reserve(kAlgorithm.size() + claim.amz_date.size() + claim.date.size() + claim.region.size() +
              claim.service.size() + kTerminator.size() + 64 + 8);
  out.append(kAlgorithm).push_back('\n');
  out.append(claim.amz_date).push_back('\n');
  out.append(claim.date).push_back('/');
  out.append(claim.region).push_back('/');
  out.append(claim.service).push_back('/');
  out.append(kTerminator).push_back('\n');
  std::size_t at = out.size();
  out.resize(at + 64);
  detail::hex_into(digest.data(), digest.size(), out.data() + at);
  return out;
}

std::string compute_signature(std::string_view secret_key, const SigV4Claim& claim, std::string_view string_to_sign) {
  detail::Digest key = detail::signing_key(secret_key, claim.date, claim.region, claim.service);
  detail::Digest mac = detail::hmac_sha256(detail::as_view(key), string_to_sign);
  std::string out(64, '\0');
  detail::hex_into(mac.data(), mac.size(), out.data());
  return out;
}

VerifyResult verify(const SigV4Request& request, const SigV4Claim& claim, std::string_view secret_key,
                    std::chrono::system_clock::time_point now) {
  std::optional<SysSeconds> signed_at = parse_amz_date(claim.amz_date);
  if (!signed_at) {
    return {SigV4Error::Malformed, fmt::format("X-Amz-Date '{}' is not a valid ISO8601 basic date.", claim.amz_date)};
  }
  SysSeconds current = std::chrono::floor<std::chrono::seconds>(now);
  if (claim.presigned) {
    if (*signed_at > current + kMaxClockSkew) {
      return {SigV4Error::RequestExpired, "Request is not yet valid"};
    }
    if (current > *signed_at + std::chrono::seconds(claim.expires)) {
      return {SigV4Error::RequestExpired, "Request has expired"};
    }
  } else if (*signed_at < current - kMaxClockSkew) {
    return {SigV4Error::RequestExpired,
            fmt::format("Signature expired: {} is now earlier than {} ({} - 15 min.)", claim.amz_date,
                        format_amz_date(current - kMaxClockSkew), format_amz_date(current))};
  } else if (*signed_at > current + kMaxClockSkew) {
    return {SigV4Error::RequestExpired,
            fmt::format("Signature not yet current: {} is still later than {} ({} + 15 min.)", claim.amz_date,
                        format_amz_date(current + kMaxClockSkew), format_amz_date(current))};
  }

  if (!claim.content_sha256.empty()) {
    if (is_sha256_hex(claim.content_sha256)) {
      std::string actual = sha256_hex(request.body);
      if (!iequals(actual, claim.content_sha256)) {
        return {SigV4Error::ContentHashMismatch,
                "The provided 'x-amz-content-sha256' header does not match what was computed."};
      }
    } else if (claim.content_sha256 != kUnsignedPayload) {
      return {SigV4Error::ContentHashMismatch,
              "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a valid sha256 value."};
    }
  }

  // What botocore signs first; then, only where the request is ambiguous, what other clients sign.
  bool path_has_escapes = split_target(request.target).path.find('%') != std::string_view::npos;
  bool payload_ambiguous = claim.presigned && claim.content_sha256.empty();
  for (bool decode_path : {false, true}) {
    if (decode_path && !path_has_escapes) {
      continue;
    }
    for (bool unsigned_presigned : {false, true}) {
      if (unsigned_presigned && !payload_ambiguous) {
        continue;
      }
      std::string canonical = build_canonical_request(request, claim, {decode_path, unsigned_presigned});
      std::string expected = compute_signature(secret_key, claim, string_to_sign(claim, canonical));
      if (signatures_equal(expected, claim.signature)) {
        return {};
      }
    }
  }
  return {SigV4Error::SignatureMismatch, std::string(kSignatureMismatch)};
}

}  // namespace ecsemu::auth
