#pragma once

#include "services/ecs/ecs_handlers.hpp"
#include "services/ecs/ecs_model.hpp"

namespace ecsemu::ecs {

// Services (ecs_service_handlers.cpp)
aws::Operation create_service, update_service, delete_service, describe_services, list_services,
    list_services_by_namespace;

// Service deployments and revisions (ecs_service_deployment_handlers.cpp)
aws::Operation list_service_deployments, describe_service_deployments, describe_service_revisions,
    stop_service_deployment, continue_service_deployment;

// Task sets (ecs_task_set_handlers.cpp)
aws::Operation create_task_set, update_task_set, delete_task_set, describe_task_sets, update_service_primary_task_set;

// Shared by the three files.
double epoch_seconds(const aws::RequestContext& ctx);
// The service `service` names in the cluster `cluster` names (evaluated); ServiceNotFoundException when absent.
Service& require_service(aws::RequestContext& ctx, const object& input, Cluster** cluster_out = nullptr);
// ServiceNotActiveException unless ACTIVE.
void require_active(const Service& service);
// Asks the service scheduler for a pass after a write that changes what services want (no-op in unit tests).
void request_scheduling(aws::RequestContext& ctx);

}  // namespace ecsemu::ecs
