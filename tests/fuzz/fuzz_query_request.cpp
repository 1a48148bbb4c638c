// query and ec2 request bodies (form-urlencoded): parsed, decoded into the canonical document by the model's
// naming rules, then validated. Input: [protocol byte][service byte][operation byte][form...]. Bad input must end
// as an aws::ServiceError; any other exception, a crash or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ecsemu/protocol/codec.hpp"
#include "fuzz_models.hpp"

using namespace ecsemu;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto query = fuzz::models_of(protocol::Protocol::Query);
  static const auto ec2 = fuzz::models_of(protocol::Protocol::Ec2);
  if (size < 3) {
    return 0;
  }
  const auto& models = data[0] % 2 == 0 ? query : ec2;
  if (models.empty()) {
    return 0;
  }
  const protocol::ServiceModel& model = *models[data[1] % models.size()];
  const protocol::Operation& op = *model.operations()[data[2] % model.operations().size()];
  std::string_view form(reinterpret_cast<const char*>(data) + 3, size - 3);
  try {
    protocol::QueryParams params = protocol::parse_form(form);
    boost::json::object input = protocol::parse_query_request(model, op, params);
    protocol::validate_input(model, op, input);
  } catch (const aws::ServiceError&) {
  }
  return 0;
}
