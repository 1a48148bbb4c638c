#pragma once

// The embedded botocore models, loaded once per fuzz process, and those of one wire protocol.

#include <exception>
#include <memory>
#include <vector>

#include "ecsemu/protocol/embedded_models.hpp"
#include "ecsemu/protocol/model.hpp"

namespace ecsemu::fuzz {

inline std::vector<const protocol::ServiceModel*> models_of(protocol::Protocol wanted) {
  static const auto all = [] {
    std::vector<std::unique_ptr<protocol::ServiceModel>> out;
    for (const auto& embedded : protocol::embedded_models()) {
      try {
        out.push_back(protocol::ServiceModel::from_json(embedded.json));
      } catch (const std::exception&) {
        // a model in a protocol ecsemu does not decode
      }
    }
    return out;
  }();
  std::vector<const protocol::ServiceModel*> chosen;
  for (const auto& model : all) {
    if (model->metadata().protocol == wanted && !model->operations().empty()) {
      chosen.push_back(model.get());
    }
  }
  return chosen;
}

}  // namespace ecsemu::fuzz
