#include <catch2/catch.hpp>

#include <atomic>
#include <cctype>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "ecsemu/auth/sigv4.hpp"

namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using ecsemu::auth::ParseResult;
using ecsemu::auth::SigV4Claim;
using ecsemu::auth::SigV4Error;
using ecsemu::auth::SigV4Request;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kAmzDate = "20150830T123600Z";
constexpr std::string_view kScope = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

std::chrono::system_clock::time_point signed_time() {
  using namespace std::chrono;
  return sys_days{year{2015} / 8 / 30} + hours{12} + minutes{36};
}

// A request that owns its body (SigV4Request only views it).
struct TestRequest {
  std::string method = "POST";
  std::string target = "/";
  Headers headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", std::string(kAmzDate)}};
  std::string body;

  SigV4Request view() const { return SigV4Request{method, target, headers, body}; }
};

SigV4Claim scope_claim(std::vector<std::string> signed_headers) {
  SigV4Claim claim;
  claim.access_key = "AKIDEXAMPLE";
  claim.date = "20150830";
  claim.region = "us-east-1";
  claim.service = "service";
  claim.amz_date = std::string(kAmzDate);
  claim.signed_headers = std::move(signed_headers);
  return claim;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    out += (out.empty() ? "" : ";") + name;
  }
  return out;
}

// Signs like a client: canonical request from the claim, then the Authorization header.
void sign(TestRequest& request, std::vector<std::string> signed_headers, std::string_view secret = kSecret) {
  SigV4Claim claim = scope_claim(signed_headers);
  for (const auto& [name, value] : request.headers) {
    if (name == "X-Amz-Content-Sha256") {
      claim.content_sha256 = value;
    }
  }
  std::string sts = ecsemu::auth::string_to_sign(claim, ecsemu::auth::canonical_request(request.view(), claim));
  request.headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 Credential=" + std::string(kScope) +
                                                    ", SignedHeaders=" + join(signed_headers) + ", Signature=" +
                                                    ecsemu::auth::compute_signature(secret, claim, sts));
}

// Presigns like a client: X-Amz-* parameters in the query, X-Amz-Signature appended last.
void presign(TestRequest& request, long expires, std::string payload_hash = "", std::string token = "") {
  request.headers = {{"Host", "example.amazonaws.com"}};
  std::string query = request.target.find('?') == std::string::npos ? "?" : "&";
  query += "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + ecsemu::auth::uri_encode(kScope, true) +
           "&X-Amz-Date=" + std::string(kAmzDate) + "&X-Amz-Expires=" + std::to_string(expires) +
           "&X-Amz-SignedHeaders=host";
  if (!token.empty()) {
    query += "&X-Amz-Security-Token=" + ecsemu::auth::uri_encode(token, true);
  }
  request.target += query;
  SigV4Claim claim = scope_claim({"host"});
  claim.presigned = true;
  std::string canonical = ecsemu::auth::canonical_request(request.view(), claim);
  if (!payload_hash.empty()) {  // a client that signs another payload hash (S3 style: UNSIGNED-PAYLOAD)
    canonical = canonical.substr(0, canonical.rfind('\n') + 1) + payload_hash;
  }
  request.target += "&X-Amz-Signature=" +
                    ecsemu::auth::compute_signature(kSecret, claim, ecsemu::auth::string_to_sign(claim, canonical));
}

SigV4Error verify_at(const TestRequest& request, std::chrono::system_clock::time_point now,
                     std::string_view secret = kSecret) {
  SigV4Request view = request.view();
  ParseResult parsed = ecsemu::auth::parse_claim(view);
  if (parsed.error != SigV4Error::None) {
    return parsed.error;
  }
  return ecsemu::auth::verify(view, parsed.claim, secret, now).error;
}

ParseResult parse_with_authorization(std::string authorization) {
  TestRequest request;
  request.headers.emplace_back("Authorization", std::move(authorization));
  return ecsemu::auth::parse_claim(request.view());
}

std::string valid_authorization() {
  return "AWS4-HMAC-SHA256 Credential=" + std::string(kScope) +
         ", SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
}

}  // namespace

TEST_CASE("uri_encode keeps unreserved characters and escapes everything else in upper-case hex", "[auth]") {
  CHECK(ecsemu::auth::uri_encode("AZaz09-_.~", true) == "AZaz09-_.~");
  CHECK(ecsemu::auth::uri_encode("a b+c=d&e%f", true) == "a%20b%2Bc%3Dd%26e%25f");
  CHECK(ecsemu::auth::uri_encode("/a/b", true) == "%2Fa%2Fb");
  CHECK(ecsemu::auth::uri_encode("/a/b", false) == "/a/b");
  CHECK(ecsemu::auth::uri_encode("\xe1\x88\xb4", true) == "%E1%88%B4");
  CHECK(ecsemu::auth::uri_encode(std::string_view("\0", 1), true) == "%00");
}

TEST_CASE("the hashing helpers match published test vectors", "[auth]") {
  CHECK(ecsemu::auth::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(ecsemu::auth::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231 test case 2.
  CHECK(ecsemu::auth::hex(ecsemu::auth::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(ecsemu::auth::hex(ecsemu::auth::hmac_sha256("", "")) ==
        "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  CHECK(ecsemu::auth::hex(std::string("\x00\x7f\xff", 3)) == "007fff");
}

TEST_CASE("the signing key is derived as the AWS documentation shows, and the cache returns the same key", "[auth]") {
  const std::string expected = "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d";
  CHECK(ecsemu::auth::hex(ecsemu::auth::derive_signing_key(kSecret, "20120215", "us-east-1", "iam")) == expected);
  CHECK(ecsemu::auth::hex(ecsemu::auth::derive_signing_key(kSecret, "20120215", "us-east-1", "iam")) == expected);
  CHECK(ecsemu::auth::hex(ecsemu::auth::derive_signing_key(kSecret, "20120215", "us-west-2", "iam")) != expected);
  CHECK(ecsemu::auth::hex(ecsemu::auth::derive_signing_key("other", "20120215", "us-east-1", "iam")) != expected);
}

TEST_CASE("parse_claim reads every part of a well-formed Authorization header", "[auth]") {
  TestRequest request;
  request.headers.emplace_back("x-amz-security-token", "  token  ");
  request.headers.emplace_back("X-AMZ-CONTENT-SHA256", ecsemu::auth::sha256_hex(""));
  request.headers.emplace_back("authorization",
                               "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/ecs/aws4_request,"
                               "SignedHeaders=Host;X-Amz-Date,Signature=abc123");
  ParseResult parsed = ecsemu::auth::parse_claim(request.view());
  INFO(parsed.message);
  REQUIRE(parsed.error == SigV4Error::None);
  CHECK_FALSE(parsed.claim.presigned);
  CHECK(parsed.claim.access_key == "AKIDEXAMPLE");
  CHECK(parsed.claim.date == "20150830");
  CHECK(parsed.claim.region == "eu-west-1");
  CHECK(parsed.claim.service == "ecs");
  CHECK(parsed.claim.amz_date == "20150830T123600Z");
  CHECK(parsed.claim.signed_headers == std::vector<std::string>{"host", "x-amz-date"});
  CHECK(parsed.claim.signature == "abc123");
  CHECK(parsed.claim.session_token == "token");
  CHECK(parsed.claim.content_sha256 == ecsemu::auth::sha256_hex(""));
}

TEST_CASE("a request with neither an Authorization header nor X-Amz-Signature is Missing", "[auth]") {
  TestRequest request;
  request.target = "/?Action=ListClusters&X-Amz-Date=20150830T123600Z&X-Amz-Security-Token=t";
  ParseResult parsed = ecsemu::auth::parse_claim(request.view());
  CHECK(parsed.error == SigV4Error::Missing);
  CHECK_FALSE(parsed.message.empty());
}

TEST_CASE("malformed Authorization headers are Malformed with a message", "[auth]") {
  const std::string signature = "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
  const std::string credential = "Credential=" + std::string(kScope);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date, " + signature, "'Credential'"},
      {"AWS4-HMAC-SHA256 " + credential + ", " + signature, "'SignedHeaders'"},
      {"AWS4-HMAC-SHA256 " + credential + ", SignedHeaders=host;x-amz-date", "'Signature'"},
      {"AWS4-HMAC-SHA256 " + credential + ", SignedHeaders=host;x-amz-date, Signature=", "'Signature'"},
      {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_requestx, "
       "SignedHeaders=host;x-amz-date, " +
           signature,
       "terminator"},
      {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws5_request, "
       "SignedHeaders=host;x-amz-date, " +
           signature,
       "terminator"},
      {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/aws4_request, SignedHeaders=host;x-amz-date, " +
           signature,
       ""},
      {"AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, " +
           signature,
       "access key"},
      {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2015-08-30/us-east-1/service/aws4_request, "
       "SignedHeaders=host;x-amz-date, " +
           signature,
       "date"},
      {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150831/us-east-1/service/aws4_request, "
       "SignedHeaders=host;x-amz-date, " +
           signature,
       "Date in Credential scope"},
      {"AWS4-HMAC-SHA256 " + credential + ", SignedHeaders=x-amz-date, " + signature, "'Host'"},
      {"AWS4-HMAC-SHA256 " + credential + ", SignedHeaders=host;;x-amz-date, " + signature, "empty header name"},
      {"AWS4-HMAC-SHA256 " + credential + ", " + credential + ", SignedHeaders=host, " + signature, "more than once"},
      {"AWS4-HMAC-SHA256 " + credential + ", SignedHeaders=host, Foo=bar, " + signature, "'Foo'"},
      {"AWS4-HMAC-SHA256 " + credential + " SignedHeaders=host " + signature, ""},
      {"AWS4-HMAC-SHA512 " + credential + ", SignedHeaders=host, " + signature, "AWS4-HMAC-SHA256"},
      {"AWS4-HMAC-SHA256" + credential + ", SignedHeaders=host, " + signature, "AWS4-HMAC-SHA256"},
      {"AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=", "AWS4-HMAC-SHA256"},
      {"Bearer eyJhbGciOi", "AWS4-HMAC-SHA256"},
      {"", "AWS4-HMAC-SHA256"},
      {"AWS4-HMAC-SHA256", "'Credential'"},
      {"AWS4-HMAC-SHA256 ,,,, ", "'Credential'"},
      {"AWS4-HMAC-SHA256 Credential", "missing equal-sign"},
      {"AWS4-HMAC-SHA256 ===, ==", ""},
      {"AWS4-HMAC-SHA256 \xff\xfe\x00\x01 Credential=\x80"s, ""},
  };
  for (const auto& [authorization, fragment] : cases) {
    INFO("Authorization: " << authorization);
    ParseResult parsed = parse_with_authorization(authorization);
    CHECK(parsed.error == SigV4Error::Malformed);
    CHECK(parsed.message.find(fragment) != std::string::npos);
  }
}

TEST_CASE("every prefix and single-byte corruption of an Authorization header parses without crashing", "[auth]") {
  const std::string valid = valid_authorization();
  REQUIRE(parse_with_authorization(valid).error == SigV4Error::None);
  for (std::size_t size = 0; size < valid.size(); ++size) {
    ParseResult parsed = parse_with_authorization(valid.substr(0, size));
    INFO("prefix " << valid.substr(0, size));
    // Only a prefix that cuts the signature short still parses (and then fails verification).
    CHECK((parsed.error == SigV4Error::Malformed || parsed.error == SigV4Error::None));
  }
  for (std::size_t at = 0; at < valid.size(); ++at) {
    for (char replacement : {'\0', ' ', ',', '=', '/', ';', '\xff'}) {
      std::string corrupted = valid;
      corrupted[at] = replacement;
      ParseResult parsed = parse_with_authorization(corrupted);
      CHECK(parsed.error != SigV4Error::Missing);
    }
  }
}

TEST_CASE("an Authorization header with no X-Amz-Date or Date header is Malformed", "[auth]") {
  TestRequest request;
  request.headers = {{"Host", "example.amazonaws.com"}, {"Authorization", valid_authorization()}};
  ParseResult parsed = ecsemu::auth::parse_claim(request.view());
  CHECK(parsed.error == SigV4Error::Malformed);
  CHECK(parsed.message.find("'X-Amz-Date' or a 'Date' header") != std::string::npos);

  request.headers.emplace_back("X-Amz-Date", "2015-08-30T12:36:00Z");
  CHECK(ecsemu::auth::parse_claim(request.view()).error == SigV4Error::Malformed);
}

TEST_CASE("the Date header stands in for X-Amz-Date and verifies", "[auth]") {
  TestRequest request;
  request.headers = {{"Host", "example.amazonaws.com"}, {"Date", "Sun, 30 Aug 2015 12:36:00 GMT"}};
  sign(request, {"date", "host"});
  ParseResult parsed = ecsemu::auth::parse_claim(request.view());
  REQUIRE(parsed.error == SigV4Error::None);
  CHECK(parsed.claim.amz_date == "20150830T123600Z");
  CHECK(verify_at(request, signed_time()) == SigV4Error::None);

  request.headers[1].second = "Sun, 30 Foo 2015 12:36:00 GMT";
  CHECK(ecsemu::auth::parse_claim(request.view()).error == SigV4Error::Malformed);
}

TEST_CASE("an Authorization header and presigned parameters together are Malformed", "[auth]") {
  TestRequest request;
  presign(request, 60);
  request.headers.emplace_back("Authorization", valid_authorization());
  CHECK(ecsemu::auth::parse_claim(request.view()).error == SigV4Error::Malformed);
}

TEST_CASE("canonical headers join repeated headers, collapse white space and ignore the case of names", "[auth]") {
  TestRequest request;
  request.headers.emplace_back("MY-HEADER", "  first  value ");
  request.headers.emplace_back("Other", "not signed");
  request.headers.emplace_back("my-header", "second\r\n   line\tend");
  request.headers.emplace_back("My-Header", "");
  SigV4Claim claim = scope_claim({"host", "my-header", "x-amz-date"});
  CHECK(ecsemu::auth::canonical_request(request.view(), claim) ==
        "POST\n/\n\n"
        "host:example.amazonaws.com\n"
        "my-header:first value,second line end,\n"
        "x-amz-date:20150830T123600Z\n\n"
        "host;my-header;x-amz-date\n" +
            ecsemu::auth::sha256_hex(""));

  sign(request, {"host", "my-header", "x-amz-date"});
  CHECK(verify_at(request, signed_time()) == SigV4Error::None);
  request.headers[4].second = "second line end";  // same canonical value: still verifies
  CHECK(verify_at(request, signed_time()) == SigV4Error::None);
  request.headers[4].second = "second line  end!";
  CHECK(verify_at(request, signed_time()) == SigV4Error::SignatureMismatch);
}

TEST_CASE("the canonical query string sorts encoded names then values and re-encodes consistently", "[auth]") {
  TestRequest request;
  request.target = "/?b=2&a=z&a=y&c&D=%7e&e=a%2fb&f=a+b&g=%20&&h=caf%C3%A9";
  SigV4Claim claim = scope_claim({"host"});
  std::string canonical = ecsemu::auth::canonical_request(request.view(), claim);
  CHECK(canonical.substr(0, canonical.find("\nhost:")) ==
        "POST\n/\nD=~&a=y&a=z&b=2&c=&e=a%2Fb&f=a%2Bb&g=%20&h=caf%C3%A9");
}

TEST_CASE("the canonical URI is normalized and the path as sent is encoded again", "[auth]") {
  auto uri = [](std::string target) {
    TestRequest request;
    request.target = std::move(target);
    std::string canonical = ecsemu::auth::canonical_request(request.view(), scope_claim({"host"}));
    std::size_t start = canonical.find('\n') + 1;
    return canonical.substr(start, canonical.find('\n', start) - start);
  };
  CHECK(uri("") == "/");
  CHECK(uri("/") == "/");
  CHECK(uri("/./a/../b//c/") == "/b/c/");
  CHECK(uri("/a/b/../../..") == "/");
  CHECK(uri("/a/.") == "/a");
  CHECK(uri("/a%20b/c%2Fd") == "/a%2520b/c%252Fd");
  CHECK(uri("/a b/$?x=1") == "/a%20b/%24");
  CHECK(uri("http://example.amazonaws.com/x/?y=1") == "/x/");
}

TEST_CASE("a path signed with its escapes decoded and encoded once also verifies", "[auth]") {
  TestRequest request;
  request.method = "GET";
  request.target = "/a%20b";
  SigV4Claim claim = scope_claim({"host", "x-amz-date"});
  std::string canonical = ecsemu::auth::canonical_request(request.view(), claim);
  canonical.replace(canonical.find("/a%2520b"), 8, "/a%20b");
  request.headers.emplace_back(
      "Authorization",
      "AWS4-HMAC-SHA256 Credential=" + std::string(kScope) + ", SignedHeaders=host;x-amz-date, Signature=" +
          ecsemu::auth::compute_signature(kSecret, claim, ecsemu::auth::string_to_sign(claim, canonical)));
  CHECK(verify_at(request, signed_time()) == SigV4Error::None);
}

TEST_CASE("a signed request verifies and fails with the wrong secret or a changed signature", "[auth]") {
  TestRequest request;
  request.body = "Action=DescribeClusters&Version=2014-11-13";
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  sign(request, {"content-type", "host", "x-amz-date"});
  CHECK(verify_at(request, signed_time()) == SigV4Error::None);
  CHECK(verify_at(request, signed_time(), "wrong") == SigV4Error::SignatureMismatch);

  TestRequest shorter = request;
  shorter.headers.back().second.pop_back();
  CHECK(verify_at(shorter, signed_time()) == SigV4Error::SignatureMismatch);
  TestRequest upper = request;
  std::string& authorization = upper.headers.back().second;
  for (std::size_t i = authorization.size() - 64; i < authorization.size(); ++i) {
    authorization[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(authorization[i])));
  }
  CHECK(verify_at(upper, signed_time()) == SigV4Error::SignatureMismatch);

  SigV4Request view = request.view();
  ecsemu::auth::VerifyResult result =
      ecsemu::auth::verify(view, ecsemu::auth::parse_claim(view).claim, "wrong", signed_time());
  CHECK(result.message.find("does not match the signature you provided") != std::string::npos);
}

TEST_CASE("X-Amz-Date more than 15 minutes from now is RequestExpired", "[auth]") {
  TestRequest request;
  sign(request, {"host", "x-amz-date"});
  CHECK(verify_at(request, signed_time() + 15min) == SigV4Error::None);
  CHECK(verify_at(request, signed_time() - 15min) == SigV4Error::None);
  CHECK(verify_at(request, signed_time() + 15min + 1s) == SigV4Error::RequestExpired);
  CHECK(verify_at(request, signed_time() - 15min - 1s) == SigV4Error::RequestExpired);

  SigV4Request view = request.view();
  ecsemu::auth::VerifyResult result =
      ecsemu::auth::verify(view, ecsemu::auth::parse_claim(view).claim, kSecret, signed_time() + 1h);
  CHECK(result.message ==
        "Signature expired: 20150830T123600Z is now earlier than 20150830T132100Z "
        "(20150830T133600Z - 15 min.)");
}

TEST_CASE("a presigned request verifies until X-Amz-Expires has passed", "[auth]") {
  TestRequest request;
  request.method = "GET";
  request.target = "/?Action=ListClusters&Version=2014-11-13";
  presign(request, 300);
  ParseResult parsed = ecsemu::auth::parse_claim(request.view());
  INFO(parsed.message);
  REQUIRE(parsed.error == SigV4Error::None);
  CHECK(parsed.claim.presigned);
  CHECK(parsed.claim.expires == 300);
  CHECK(parsed.claim.signed_headers == std::vector<std::string>{"host"});
  CHECK(ecsemu::auth::canonical_request(request.view(), parsed.claim).find("X-Amz-Signature") == std::string::npos);

  CHECK(verify_at(request, signed_time()) == SigV4Error::None);
  CHECK(verify_at(request, signed_time() + 300s) == SigV4Error::None);
  CHECK(verify_at(request, signed_time() + 301s) == SigV4Error::RequestExpired);
  CHECK(verify_at(request, signed_time() - 16min) == SigV4Error::RequestExpired);
  CHECK(verify_at(request, signed_time(), "wrong") == SigV4Error::SignatureMismatch);

  TestRequest changed = request;
  changed.target.replace(changed.target.find("ListClusters"), 12, "ListServices");
  CHECK(verify_at(changed, signed_time()) == SigV4Error::SignatureMismatch);
}

TEST_CASE("a presigned request signed with UNSIGNED-PAYLOAD or a session token verifies", "[auth]") {
  TestRequest request;
  request.method = "GET";
  presign(request, 60, "UNSIGNED-PAYLOAD", "session/token+=");
  ParseResult parsed = ecsemu::auth::parse_claim(request.view());
  REQUIRE(parsed.error == SigV4Error::None);
  CHECK(parsed.claim.session_token == "session/token+=");
  CHECK(verify_at(request, signed_time()) == SigV4Error::None);
}

TEST_CASE("presigned requests with missing or out-of-range parameters are Malformed", "[auth]") {
  auto parse_target = [](std::string target) {
    TestRequest request;
    request.headers = {{"Host", "example.amazonaws.com"}};
    request.target = std::move(target);
    return ecsemu::auth::parse_claim(request.view());
  };
  const std::string credential = "X-Amz-Credential=" + ecsemu::auth::uri_encode(kScope, true);
  const std::string base = "/?X-Amz-Algorithm=AWS4-HMAC-SHA256&" + credential +
                           "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=abcd";
  CHECK(parse_target(base + "&X-Amz-Expires=60").error == SigV4Error::None);
  for (const std::string bad : {"0", "604801", "-1", "abc", "", "99999999999999999999"}) {
    INFO("X-Amz-Expires=" << bad);
    CHECK(parse_target(base + "&X-Amz-Expires=" + bad).error == SigV4Error::Malformed);
  }
  CHECK(parse_target(base + "&X-Amz-Expires=604800").error == SigV4Error::None);
  CHECK(parse_target(base).error == SigV4Error::Malformed);  // no X-Amz-Expires
  CHECK(parse_target("/?X-Amz-Signature=abcd").error == SigV4Error::Malformed);
  CHECK(parse_target(base + "&X-Amz-Expires=60&X-Amz-Signature=ef").error == SigV4Error::Malformed);
  std::string sha1 = base + "&X-Amz-Expires=60";
  sha1.replace(sha1.find("SHA256"), 6, "SHA1");
  CHECK(parse_target(sha1).error == SigV4Error::Malformed);
  std::string unsigned_host = base + "&X-Amz-Expires=60";
  unsigned_host.replace(unsigned_host.find("SignedHeaders=host"), 18, "SignedHeaders=x-amz-date");
  CHECK(parse_target(unsigned_host).error == SigV4Error::Malformed);
}

TEST_CASE("an X-Amz-Content-Sha256 that does not match the body is ContentHashMismatch", "[auth]") {
  TestRequest request;
  request.body = R"({"cluster":"default"})";
  request.headers.emplace_back("X-Amz-Content-Sha256", ecsemu::auth::sha256_hex(request.body));
  sign(request, {"host", "x-amz-content-sha256", "x-amz-date"});
  CHECK(verify_at(request, signed_time()) == SigV4Error::None);

  TestRequest changed_body = request;
  changed_body.body = R"({"cluster":"other"})";
  CHECK(verify_at(changed_body, signed_time()) == SigV4Error::ContentHashMismatch);

  TestRequest garbage = request;
  garbage.headers[2].second = "not-a-hash";
  CHECK(verify_at(garbage, signed_time()) == SigV4Error::ContentHashMismatch);

  TestRequest unsigned_payload;
  unsigned_payload.body = "anything";
  unsigned_payload.headers.emplace_back("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");
  sign(unsigned_payload, {"host", "x-amz-content-sha256", "x-amz-date"});
  CHECK(verify_at(unsigned_payload, signed_time()) == SigV4Error::None);
}

TEST_CASE("a session token signed in the headers is part of the signature", "[auth]") {
  TestRequest request;
  request.headers.emplace_back("X-Amz-Security-Token", "FQoGZXIvYXdzEXAMPLE");
  sign(request, {"host", "x-amz-date", "x-amz-security-token"});
  ParseResult parsed = ecsemu::auth::parse_claim(request.view());
  REQUIRE(parsed.error == SigV4Error::None);
  CHECK(parsed.claim.session_token == "FQoGZXIvYXdzEXAMPLE");
  CHECK(verify_at(request, signed_time()) == SigV4Error::None);

  TestRequest changed = request;
  changed.headers[2].second = "FQoGZXIvYXdzEXAMPLF";
  CHECK(verify_at(changed, signed_time()) == SigV4Error::SignatureMismatch);
}

TEST_CASE("verification is safe from many threads and past the signing-key cache's capacity", "[auth]") {
  std::vector<TestRequest> requests;
  std::vector<std::string> secrets;
  for (int i = 0; i < 300; ++i) {
    secrets.push_back("secret-" + std::to_string(i));
    TestRequest request;
    request.body = "body " + std::to_string(i);
    sign(request, {"host", "x-amz-date"}, secrets.back());
    requests.push_back(std::move(request));
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 2; ++round) {
        for (std::size_t i = static_cast<std::size_t>(t); i < requests.size(); i += 2) {
          if (verify_at(requests[i], signed_time(), secrets[i]) != SigV4Error::None ||
              verify_at(requests[i], signed_time(), secrets[(i + 1) % secrets.size()]) !=
                  SigV4Error::SignatureMismatch) {
            ++failures;
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  CHECK(failures == 0);
}
