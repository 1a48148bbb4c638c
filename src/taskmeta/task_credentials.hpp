#pragma once

// Task role credentials as the ECS agent serves them at /v2/credentials/<id>: temporary credentials for the role
// the task's taskRoleArn names, minted by STS's session issuer (accepted by ecsemu's SigV4), in the session named
// after the task id.

#include <chrono>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "ecsemu/id_source.hpp"
#include "state/world.hpp"

namespace ecsemu::taskmeta {

// How long the credentials handed to a task are valid, and how long before that fresh ones replace them.
inline constexpr long kTaskCredentialsSeconds = 6 * 3600;
inline constexpr long kTaskCredentialsRefreshSeconds = 30 * 60;

struct CredentialsAnswer {
  int status = 400;          // 200 with the credentials document, 400 for an id nobody has
  boost::json::object body;  // the agent's document: RoleArn, AccessKeyId, SecretAccessKey, Token, Expiration
                             // (or code and message)
};

// Answers a request for the credentials with id `id` (state strand only). Reuses the task's last credentials until
// kTaskCredentialsRefreshSeconds before they expire. A stopped task's id, an unknown one, or a role that no longer
// exists answers the agent's 400 InvalidIdInRequest; an empty id its 400 NoIdInRequest.
CredentialsAnswer task_role_credentials(state::World& world, IdSource& ids, std::chrono::system_clock::time_point now,
                                        std::string_view id);

}  // namespace ecsemu::taskmeta
