#include "taskmeta/task_credentials.hpp"

#include <cmath>

#include "ecsemu/aws/service_error.hpp"
#include "ecsemu/clock.hpp"
#include "protocol/timestamp.hpp"
#include "services/sts/sts_sessions.hpp"

namespace ecsemu::taskmeta {

namespace json = boost::json;

namespace {

CredentialsAnswer error(std::string_view code, std::string_view message) {
  return {400, json::object{{"code", code}, {"message", std::string("CredentialsV2Request: ") + std::string(message)}}};
}

ecs::Task* find_task(state::World& world, std::string_view id) {
  ecs::Task* found = nullptr;
  world.for_each([&](const std::string&, const std::string&, state::RegionStore& store) {
    for (auto& [task_id, task] : store.ecs.tasks.tasks) {
      if (found == nullptr && task.credentials_id == id) {
        found = &task;
      }
    }
  });
  return found;
}

}  // namespace

CredentialsAnswer task_role_credentials(state::World& world, IdSource& ids, std::chrono::system_clock::time_point now,
                                        std::string_view id) {
  if (id.empty()) {
    return error("NoIdInRequest", "No ID in the request");
  }
  ecs::Task* task = find_task(world, id);
  if (task == nullptr || task->last_status == "STOPPED" || task->task_role_arn.empty()) {
    return error("InvalidIdInRequest", "ID not found");
  }
  ecs::TaskRoleCredentials& held = task->role_credentials;
  double at = epoch_seconds(now);
  if (held.expiration - static_cast<double>(kTaskCredentialsRefreshSeconds) <= at) {
    try {
      sts::SessionCredentials issued =
          sts::issue_role_session(world, ids, now, task->task_role_arn, task->id, kTaskCredentialsSeconds);
      held = {issued.access_key_id, issued.secret_access_key, issued.session_token, issued.expiration};
    } catch (const aws::ServiceError&) {
      // ECS has no credentials for a role it cannot assume.
      return error("InvalidIdInRequest", "ID not found");
    }
  }
  return {200, json::object{{"RoleArn", task->task_role_arn},
                            {"AccessKeyId", held.access_key_id},
                            {"SecretAccessKey", held.secret_access_key},
                            {"Token", held.session_token},
                            {"Expiration", protocol::format_iso8601(std::floor(held.expiration), false)}}};
}

}  // namespace ecsemu::taskmeta
