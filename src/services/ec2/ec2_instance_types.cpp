#include "services/ec2/ec2_instance_types.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <stdexcept>
#include <string>

#include "ecsemu/protocol/embedded_models.hpp"

namespace ecsemu::ec2 {

namespace {

// Every InstanceType value the vendored EC2 model lists: the names AWS accepts.
std::vector<std::string> model_instance_type_names() {
  for (const auto& embedded : protocol::embedded_models()) {
    if (embedded.service != "ec2") {
      continue;
    }
    auto doc = boost::json::parse(embedded.json);
    const auto& values = doc.at("shapes").at("InstanceType").at("enum").as_array();
    std::vector<std::string> names;
    names.reserve(values.size());
    for (const auto& v : values) {
      names.emplace_back(v.as_string());
    }
    return names;
  }
  throw std::runtime_error("the embedded EC2 model is missing");
}

struct Table {
  std::vector<std::string> names;  // owns what the infos' string_views point at
  std::vector<InstanceTypeInfo> types;
};

const Table& table() {
  static const Table kTable = [] {
    Table t;
    t.names = model_instance_type_names();
    std::vector<std::string_view> views(t.names.begin(), t.names.end());
    t.types = derive_instance_types(views);
    std::sort(t.types.begin(), t.types.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return t;
  }();
  return kTable;
}

}  // namespace

std::span<const InstanceTypeInfo> instance_types() { return table().types; }

const InstanceTypeInfo* find_instance_type(std::string_view name) {
  const auto& types = table().types;
  auto it = std::lower_bound(types.begin(), types.end(), name,
                             [](const InstanceTypeInfo& t, std::string_view n) { return t.name < n; });
  return it != types.end() && it->name == name ? &*it : nullptr;
}

std::int64_t ecs_registered_memory(const InstanceTypeInfo& type, std::int64_t reserved_mib) {
  std::int64_t mem_total = type.memory_mib - type.memory_mib / 40 - 3;
  std::int64_t out = mem_total - (reserved_mib > 0 ? reserved_mib : 0);
  return out > 0 ? out : 0;
}

}  // namespace ecsemu::ec2
