#include "aws/operation_registry.hpp"
#include "services/autoscaling/autoscaling_handlers.hpp"
#include "services/ec2/ec2_handlers.hpp"
#include "services/ec2/ec2_launch_template_handlers.hpp"
#include "services/ecs/ecs_handlers.hpp"
#include "services/elbv2/elbv2_handlers.hpp"
#include "services/iam/iam_handlers.hpp"
#include "services/logs/logs_handlers.hpp"
#include "services/secretsmanager/secretsmanager_handlers.hpp"
#include "services/ssm/ssm_handlers.hpp"
#include "services/sts/sts_handlers.hpp"

namespace ecsemu::aws {

void register_all_services(OperationRegistry& registry) {
  ecs::register_operations(registry);
  ec2::register_operations(registry);
  sts::register_operations(registry);
  ssm::register_operations(registry);
  secretsmanager::register_operations(registry);
  iam::register_operations(registry);
  ec2::register_launch_template_operations(registry);
  autoscaling::register_operations(registry);
  elbv2::register_operations(registry);
  logs::register_operations(registry);
}

}  // namespace ecsemu::aws
