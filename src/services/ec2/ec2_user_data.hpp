#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ecsemu::ec2 {

// What an instance's user data tells the ECS agent (the /etc/ecs/ecs.config lines it writes).
struct EcsAgentConfig {
  std::string cluster;               // ECS_CLUSTER; empty when not set
  std::int64_t reserved_memory = 0;  // ECS_RESERVED_MEMORY (MiB)
};

// Reads user data as the ECS docs show it: `echo ECS_CLUSTER=x >> /etc/ecs/ecs.config` and other shell forms,
// ECS_CLUSTER= lines in heredocs, cloud-config write_files content, MIME multipart archives (base64 parts
// included) and Bottlerocket's [settings.ecs] cluster = "x". `text` is the decoded user data; comment lines are
// ignored and the last setting wins.
EcsAgentConfig parse_ecs_agent_config(std::string_view text);

// The same from user data as it travels on the wire (base64); an invalid encoding gives an empty config.
EcsAgentConfig parse_ecs_agent_config_base64(std::string_view base64);

}  // namespace ecsemu::ec2
