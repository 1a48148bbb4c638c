#pragma once

// Reads a registered task definition's container definitions and volumes (the API's JSON, as stored) into the
// runtime's value types, applying a RunTask container override. Used by launch_of.

#include <cstdint>
#include <string_view>

#include <boost/json/object.hpp>

#include "ecsemu/runtime/container_runtime.hpp"

namespace ecsemu::sched {

// One container definition with its ContainerOverride (nullptr when none): command replaces, environment merges by
// name (the override's value wins), cpu, memory and memoryReservation replace. network_mode decides host ports:
// bridge keeps hostPort (0 = any), host and awsvpc use the container port.
runtime::ContainerSpec container_spec_of(const boost::json::object& def, const boost::json::object* override,
                                         std::string_view network_mode);

// One task-definition volume.
runtime::VolumeSpec volume_spec_of(const boost::json::object& volume);

// A task-level size as the API shows it: "256", "1 vCPU", "0.5 vcpu" (CPU units) or "512", "2 GB" (MiB). 0 when
// empty or unreadable.
std::int64_t task_size_of(std::string_view text, std::string_view unit);

}  // namespace ecsemu::sched
