// Calls only the Amazon ECS agent makes (DiscoverPollEndpoint, Submit*StateChange(s)) and ExecuteCommand.
//
// ecsemu runs tasks itself and learns their state from the container runtime, so no outside agent speaks for
// a cluster: state-change submissions are refused with AccessDeniedException (the caller is not an ECS agent of
// that cluster) and never change a task. ExecuteCommand needs the SSM agent inside the task's containers,
// which ecsemu does not run: it answers as AWS does when execute command is not available for the task.
#include <fmt/format.h>

#include "ecsemu/aws/service_error.hpp"
#include "services/ecs/ecs_container_instance_handlers.hpp"
#include "services/ecs/ecs_input.hpp"

namespace ecsemu::ecs {

namespace json = boost::json;

namespace {

Cluster& cluster_of(aws::RequestContext& ctx, const json::object& input) {
  return require_cluster(ctx.store().ecs, input);
}

[[noreturn]] void not_an_agent(const Cluster& cluster, std::string_view operation) {
  throw aws::ServiceError("AccessDeniedException",
                          fmt::format("{} is only accepted from the Amazon ECS agent of a container instance in "
                                      "cluster '{}'; the caller is not one.",
                                      operation, cluster.name));
}

}  // namespace

json::value discover_poll_endpoint(aws::RequestContext& ctx, const json::object& /*input*/) {
  // The agent asks before it registers, and the endpoints are the Region's: the cluster is not looked up
  // (the operation's model declares no ClusterNotFoundException).
  return json::object{{"endpoint", fmt::format("https://ecs-a-1.{}.amazonaws.com/", ctx.region)},
                      {"telemetryEndpoint", fmt::format("https://ecs-t-1.{}.amazonaws.com/", ctx.region)},
                      {"serviceConnectEndpoint", fmt::format("https://ecs-sc.{}.api.aws", ctx.region)}};
}

json::value submit_task_state_change(aws::RequestContext& ctx, const json::object& input) {
  not_an_agent(cluster_of(ctx, input), "SubmitTaskStateChange");
}

json::value submit_container_state_change(aws::RequestContext& ctx, const json::object& input) {
  not_an_agent(cluster_of(ctx, input), "SubmitContainerStateChange");
}

json::value submit_attachment_state_changes(aws::RequestContext& ctx, const json::object& input) {
  not_an_agent(cluster_of(ctx, input), "SubmitAttachmentStateChanges");
}

json::value execute_command(aws::RequestContext& ctx, const json::object& input) {
  EcsState& state = ctx.store().ecs;
  Cluster& cluster = require_cluster(state, input);
  std::string_view identifier = string_member(input, "task");
  std::string_view id = identifier;
  if (identifier.rfind("arn:", 0) == 0) {
    id = identifier.substr(identifier.rfind('/') + 1);
  }
  auto it = state.tasks.tasks.find(std::string(id));
  if (it == state.tasks.tasks.end() || it->second.cluster_arn != cluster.arn ||
      (identifier.rfind("arn:", 0) == 0 && it->second.arn != identifier)) {
    throw aws::ServiceError("InvalidParameterException", "The specified task was not found.");
  }
  if (it->second.last_status != "RUNNING") {
    throw aws::ServiceError("InvalidParameterException",
                            "The execute command failed because the task is not in the RUNNING state.");
  }
  throw aws::ServiceError("InvalidParameterException",
                          "The execute command failed because execute command was not enabled when the task was "
                          "run or the execute command agent isn't running. Wait and try the command again or run a "
                          "new task with execute command enabled and try again.");
}

}  // namespace ecsemu::ecs
