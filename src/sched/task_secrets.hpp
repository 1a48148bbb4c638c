#pragma once

// A container definition's `secrets` become environment variables when its task starts, read on the state strand
// from the SSM and Secrets Manager models (as the ECS agent reads them with the task execution role).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

#include "state/world.hpp"

namespace ecsemu::sched {

using Environment = std::vector<std::pair<std::string, std::string>>;

// Resolves every `secrets` entry of `def` (a container definition as registered) into `env` (replacing a variable of
// the same name). `account` and `region` are the task's: a name without an ARN is an SSM parameter there; an ARN
// names its own region and account. Returns the task's stoppedReason when one cannot be read (ECS's
// ResourceInitializationError text), nothing when all were read.
std::optional<std::string> resolve_secrets(state::World& world, std::string_view account, std::string_view region,
                                           const boost::json::object& def, double now, Environment& env);

}  // namespace ecsemu::sched
