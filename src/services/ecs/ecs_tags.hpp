#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ecsemu::ecs {

// Resource tags in the order they were first set.
using Tags = std::vector<std::pair<std::string, std::string>>;

// Sets tags (new keys appended, existing keys overwritten) / removes keys.
void merge_tags(Tags& tags, const Tags& update);
void remove_tags(Tags& tags, const std::vector<std::string>& keys);

}  // namespace ecsemu::ecs
