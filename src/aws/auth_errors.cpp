#include "aws/auth_errors.hpp"

#include <string>

namespace ecsemu::aws {

using protocol::Protocol;

namespace {
constexpr std::string_view kInvalidToken = "The security token included in the request is invalid.";
constexpr std::string_view kSignatureMismatch =
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access "
    "Key and signing method. Consult the service documentation for details.";
constexpr std::string_view kExpiredToken = "The security token included in the request is expired";
constexpr std::string_view kEc2AuthFailure = "AWS was not able to validate the provided access credentials";

std::string or_default(std::string_view detail, std::string_view fallback) {
  return std::string(detail.empty() ? fallback : detail);
}
}  // namespace

AuthFailure to_auth_failure(auth::SigV4Error error) {
  switch (error) {
    case auth::SigV4Error::Missing:
      return AuthFailure::MissingToken;
    case auth::SigV4Error::Malformed:
      return AuthFailure::Incomplete;
    case auth::SigV4Error::RequestExpired:
      return AuthFailure::Expired;
    case auth::SigV4Error::ContentHashMismatch:
    case auth::SigV4Error::SignatureMismatch:
    case auth::SigV4Error::None:
      return AuthFailure::BadSignature;
  }
  return AuthFailure::BadSignature;
}

ServiceError auth_error(Protocol protocol, AuthFailure failure, std::string_view detail) {
  switch (protocol) {
    case Protocol::Json:
      switch (failure) {
        case AuthFailure::MissingToken:
          return {"MissingAuthenticationTokenException", "Missing Authentication Token", 400};
        case AuthFailure::Incomplete:
          return {"IncompleteSignatureException", or_default(detail, "Authorization header is malformed."), 400};
        case AuthFailure::Expired:
          return {"InvalidSignatureException", or_default(detail, "Signature expired."), 400};
        case AuthFailure::BadSignature:
          return {"InvalidSignatureException", or_default(detail, kSignatureMismatch), 400};
        case AuthFailure::UnknownKey:
          return {"UnrecognizedClientException", std::string(kInvalidToken), 400};
        case AuthFailure::WrongScope:
          return {"InvalidSignatureException", std::string(detail), 400};
        case AuthFailure::TokenExpired:
          return {"ExpiredTokenException", std::string(kExpiredToken), 400};
      }
      break;
    case Protocol::Query:
      switch (failure) {
        case AuthFailure::MissingToken:
          return {"MissingAuthenticationToken", "Request is missing Authentication Token", 403};
        case AuthFailure::Incomplete:
          return {"IncompleteSignature", or_default(detail, "Authorization header is malformed."), 400};
        case AuthFailure::Expired:
          return {"SignatureDoesNotMatch", or_default(detail, "Signature expired."), 403};
        case AuthFailure::BadSignature:
          return {"SignatureDoesNotMatch", or_default(detail, kSignatureMismatch), 403};
        case AuthFailure::UnknownKey:
          return {"InvalidClientTokenId", std::string(kInvalidToken), 403};
        case AuthFailure::WrongScope:
          return {"SignatureDoesNotMatch", std::string(detail), 403};
        case AuthFailure::TokenExpired:
          return {"ExpiredToken", std::string(kExpiredToken), 403};
      }
      break;
    case Protocol::Ec2:
      switch (failure) {
        case AuthFailure::MissingToken:
          return {"MissingAuthenticationToken",
                  "The request must contain either a valid (registered) AWS access key ID or X.509 certificate.", 401};
        case AuthFailure::Incomplete:
          return {"IncompleteSignature", or_default(detail, "Authorization header is malformed."), 400};
        case AuthFailure::Expired:
          return {"RequestExpired", or_default(detail, "Request has expired."), 400};
        case AuthFailure::TokenExpired:
          return {"RequestExpired", "Request has expired.", 400};
        case AuthFailure::BadSignature:
        case AuthFailure::UnknownKey:
        case AuthFailure::WrongScope:
          return {"AuthFailure", std::string(kEc2AuthFailure), 401};
      }
      break;
  }
  return {"InternalFailure", "unknown authentication failure", 500, false};
}

}  // namespace ecsemu::aws
