#pragma once

#include <boost/json/object.hpp>

#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

boost::json::object daemon_task_definition_view(const EcsState& state, const DaemonTaskDefinition& definition);
boost::json::object daemon_task_definition_summary_view(const EcsState& state, const DaemonTaskDefinition& definition);
boost::json::object daemon_detail_view(const EcsState& state, const Daemon& daemon);
boost::json::object daemon_summary_view(const Daemon& daemon);
boost::json::object daemon_revision_view(const DaemonRevision& revision);
// Deployments' views record finishedAt the first time they see a deployment finished.
boost::json::object daemon_deployment_view(EcsState& state, DaemonDeployment& deployment, double now);
boost::json::object daemon_deployment_summary_view(EcsState& state, DaemonDeployment& deployment, double now);

}  // namespace ecsemu::ecs
