#pragma once

#include <string_view>

#include "ecsemu/auth/sigv4.hpp"
#include "ecsemu/aws/service_error.hpp"
#include "ecsemu/protocol/model.hpp"

namespace ecsemu::aws {

// The authentication failures, each answered with the code and status its service family uses on AWS.
enum class AuthFailure {
  MissingToken,  // no signature at all (strict mode)
  Incomplete,    // an Authorization header or presigned parameters that cannot be parsed
  Expired,       // X-Amz-Date too far from now, or a presigned URL past its expiry
  BadSignature,  // signature or payload hash does not verify
  UnknownKey,    // access key not known (strict mode)
  WrongScope,    // signed for another service
  TokenExpired,  // temporary (STS) credentials past their expiration
};

ServiceError auth_error(protocol::Protocol protocol, AuthFailure failure, std::string_view detail);

AuthFailure to_auth_failure(auth::SigV4Error error);

}  // namespace ecsemu::aws
