#pragma once

#include <string>

namespace ecsemu::aws {

// A random (version 4) UUID, the form AWS uses for x-amzn-RequestId.
std::string new_request_id();

}  // namespace ecsemu::aws
