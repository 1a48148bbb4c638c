// SigV4: the Authorization header and the presigned-query forms parsed, the canonical request rebuilt and the
// signature verified. Input, line by line: method, request-target, "name: value" headers, an empty line, the body.
// Whatever the input, the verifier answers with a SigV4Error (never throws, crashes or trips a sanitizer), and a
// signature it computes itself for the claim verifies.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ecsemu/auth/sigv4.hpp"

using namespace ecsemu;

namespace {

bool next_line(std::string_view& rest, std::string_view& line) {
  if (rest.empty()) {
    return false;
  }
  std::size_t nl = rest.find('\n');
  line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  auth::SigV4Request request;
  std::string_view line;
  if (!next_line(rest, line)) {
    return 0;
  }
  request.method = std::string(line);
  if (!next_line(rest, line)) {
    return 0;
  }
  request.target = std::string(line);
  while (next_line(rest, line) && !line.empty()) {
    std::size_t colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    request.headers.emplace_back(std::string(name), std::string(value));
  }
  request.body = rest;

  auth::ParseResult parsed = auth::parse_claim(request);
  if (parsed.error != auth::SigV4Error::None) {
    return 0;
  }
  const auto now = std::chrono::system_clock::now();
  auth::verify(request, parsed.claim, "secret", now);
  // The signature the verifier expects, put into the claim, must verify (unless time or the payload hash say no).
  auth::SigV4Claim claim = parsed.claim;
  std::string creq = auth::canonical_request(request, claim);
  claim.signature = auth::compute_signature("secret", claim, auth::string_to_sign(claim, creq));
  auth::VerifyResult result = auth::verify(request, claim, "secret", now);
  if (result.error == auth::SigV4Error::SignatureMismatch) {
    std::abort();
  }
  return 0;
}
