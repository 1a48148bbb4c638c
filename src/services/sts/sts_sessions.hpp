#pragma once

// Temporary credentials for role sessions, as STS AssumeRole issues them. Exposed for whoever needs a role's
// credentials without an STS request (the ECS task credentials endpoint gives a task its task role's).
// Call on the state strand.

#include <chrono>
#include <string>
#include <string_view>

#include "ecsemu/id_source.hpp"
#include "state/world.hpp"

namespace ecsemu::sts {

struct SessionCredentials {
  std::string access_key_id;  // ASIA...
  std::string secret_access_key;
  std::string session_token;
  double expiration = 0;         // epoch seconds
  std::string assumed_role_arn;  // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
  std::string assumed_role_id;   // AROA...:SESSION
};

// Mints credentials for a session of the role `role_arn` names (arn:aws:iam::ACCOUNT:role/PATH/NAME), valid
// `duration_seconds` from `now`, and registers them so that ecsemu's SigV4 accepts them (with their session token)
// until they expire; requests signed with them act as that session in the role's account. Throws
// aws::ServiceError("AccessDenied") when the role does not exist, and ValidationError for a session name outside
// [\w+=,.@-]{2,64}. The duration is not checked against the role's MaxSessionDuration (AssumeRole does that).
SessionCredentials issue_role_session(state::World& world, IdSource& ids, std::chrono::system_clock::time_point now,
                                      std::string_view role_arn, std::string_view session_name, long duration_seconds);

// The checks AssumeRole makes on a session name (AWS's ValidationError messages).
void check_session_name(std::string_view session_name);

}  // namespace ecsemu::sts
