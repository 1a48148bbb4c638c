#pragma once

#include <boost/json/object.hpp>

#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

// Model -> output Documents for services, deployments, task sets, service deployments and revisions.
boost::json::object service_view(const EcsState& state, const Service& service, bool include_tags);
boost::json::object deployment_view(const EcsState& state, const Service& service, const Deployment& deployment);
boost::json::object task_set_view(const EcsState& state, const Service& service, const TaskSet& task_set,
                                  bool include_tags);
boost::json::object service_deployment_brief_view(const Service& service, const Deployment& deployment);
boost::json::object service_deployment_view(const EcsState& state, const Service& service,
                                            const Deployment& deployment);
boost::json::object service_revision_view(const Service& service, const Deployment& deployment);

}  // namespace ecsemu::ecs
