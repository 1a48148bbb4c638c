#pragma once

#include "services/ecs/ecs_handlers.hpp"
#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

// Services (ecs_service_handlers.cpp)
value create_service(aws::RequestContext& ctx, const object& input);
value update_service(aws::RequestContext& ctx, const object& input);
value delete_service(aws::RequestContext& ctx, const object& input);
value describe_services(aws::RequestContext& ctx, const object& input);
value list_services(aws::RequestContext& ctx, const object& input);
value list_services_by_namespace(aws::RequestContext& ctx, const object& input);

// Service deployments and revisions (ecs_service_deployment_handlers.cpp)
value list_service_deployments(aws::RequestContext& ctx, const object& input);
value describe_service_deployments(aws::RequestContext& ctx, const object& input);
value describe_service_revisions(aws::RequestContext& ctx, const object& input);
value stop_service_deployment(aws::RequestContext& ctx, const object& input);
value continue_service_deployment(aws::RequestContext& ctx, const object& input);

// Task sets (ecs_task_set_handlers.cpp)
value create_task_set(aws::RequestContext& ctx, const object& input);
value update_task_set(aws::RequestContext& ctx, const object& input);
value delete_task_set(aws::RequestContext& ctx, const object& input);
value describe_task_sets(aws::RequestContext& ctx, const object& input);
value update_service_primary_task_set(aws::RequestContext& ctx, const object& input);

// Shared by the three files.
double epoch_seconds(const aws::RequestContext& ctx);
// The service `service` names in the cluster `cluster` names (evaluated); ServiceNotFoundException when absent.
Service& require_service(aws::RequestContext& ctx, const object& input, Cluster** cluster_out = nullptr);
// ServiceNotActiveException unless ACTIVE.
void require_active(const Service& service);
// Asks the service scheduler for a pass after a write that changes what services want (no-op in unit tests).
void request_scheduling(aws::RequestContext& ctx);

}  // namespace ecsemu::ecs
