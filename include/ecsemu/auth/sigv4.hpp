#pragma once

// AWS Signature Version 4 verification: the Authorization header and presigned (query-string) forms.
// Pure functions over a request description, so the verifier is tested against the AWS SigV4 test suite.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ecsemu::auth {

struct SigV4Request {
  std::string method;                                        // "POST"
  std::string target;                                        // request-target as sent: "/path?query"
  std::vector<std::pair<std::string, std::string>> headers;  // as received, names in any case, in order
  std::string_view body;                                     // raw body
};

// What the signature claims, parsed from the Authorization header or the X-Amz-* query parameters.
struct SigV4Claim {
  bool presigned = false;
  std::string access_key;
  std::string date;  // yyyymmdd from the credential scope
  std::string region;
  std::string service;
  std::string amz_date;                     // X-Amz-Date (yyyymmddThhmmssZ)
  std::vector<std::string> signed_headers;  // lower case, as listed
  std::string signature;                    // hex
  std::string session_token;                // X-Amz-Security-Token, empty when absent
  std::string content_sha256;               // X-Amz-Content-Sha256 header, empty when absent
  long expires = 0;                         // X-Amz-Expires (presigned), seconds
};

enum class SigV4Error {
  None,
  Missing,              // no Authorization header and no X-Amz-Signature parameter
  Malformed,            // unparseable header/parameters, bad scope, missing X-Amz-Date, unsigned host
  RequestExpired,       // X-Amz-Date more than 15 minutes from now, or presigned URL past X-Amz-Expires
  ContentHashMismatch,  // X-Amz-Content-Sha256 does not match the body
  SignatureMismatch,    // the signature does not verify
};

// Parses the claim out of a request. Returns SigV4Error::Missing or ::Malformed with a message when it cannot.
struct ParseResult {
  SigV4Error error = SigV4Error::None;
  std::string message;
  SigV4Claim claim;
};
ParseResult parse_claim(const SigV4Request& request);

// The canonical request, exactly as the AWS SigV4 documentation builds it (the test suite's .creq).
// The path is normalized ('.', '..', empty segments) and encoded as sent, so an escape in the request-target is
// encoded again, as botocore and the other SDKs sign for every service but S3.
// For a presigned request the X-Amz-Signature parameter is left out; the payload hash is the X-Amz-Content-Sha256
// header when given, else the body's SHA-256 as botocore presigns for every service but S3 (verify() also accepts
// the S3-style UNSIGNED-PAYLOAD and the single-encoded path).
std::string canonical_request(const SigV4Request& request, const SigV4Claim& claim);
// The string to sign (the test suite's .sts).
std::string string_to_sign(const SigV4Claim& claim, std::string_view canonical_request);
// Hex HMAC-SHA256 signature of string_to_sign with the key derived from the secret and the claim's scope.
std::string compute_signature(std::string_view secret_key, const SigV4Claim& claim, std::string_view string_to_sign);

// Full verification of `claim` (from parse_claim) against the request with the given secret, at time `now`.
struct VerifyResult {
  SigV4Error error = SigV4Error::None;
  std::string message;  // AWS-style message for the error
};
VerifyResult verify(const SigV4Request& request, const SigV4Claim& claim, std::string_view secret_key,
                    std::chrono::system_clock::time_point now);

// Helpers shared with other modules.
std::string sha256_hex(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);  // raw bytes
std::string hex(std::string_view bytes);
// The SigV4 signing key (raw bytes) for a secret and scope; derived keys are cached.
std::string derive_signing_key(std::string_view secret_key, std::string_view date, std::string_view region,
                               std::string_view service);
// URI-encode per SigV4 (RFC 3986 unreserved kept; '/' kept when encode_slash is false).
std::string uri_encode(std::string_view text, bool encode_slash);

}  // namespace ecsemu::auth
