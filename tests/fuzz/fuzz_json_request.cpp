// awsJson1_1 request bodies: decoded into the canonical document, then validated against the operation's input.
// Input: [service byte][operation byte][body...]. Bad input must end as an aws::ServiceError (the 400 the client
// gets); any other exception, a crash or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ecsemu/protocol/codec.hpp"
#include "fuzz_models.hpp"

using namespace ecsemu;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto models = fuzz::models_of(protocol::Protocol::Json);
  if (size < 2 || models.empty()) {
    return 0;
  }
  const protocol::ServiceModel& model = *models[data[0] % models.size()];
  const protocol::Operation& op = *model.operations()[data[1] % model.operations().size()];
  std::string_view body(reinterpret_cast<const char*>(data) + 2, size - 2);
  try {
    boost::json::object input = protocol::parse_json_request(op, body);
    protocol::validate_input(model, op, input);
  } catch (const aws::ServiceError&) {
  }
  return 0;
}
