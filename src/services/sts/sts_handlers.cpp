#include "services/sts/sts_handlers.hpp"

#include <fmt/format.h>

namespace ecsemu::sts {

namespace json = boost::json;

json::value get_caller_identity(aws::RequestContext& ctx, const json::object& /*input*/) {
  // Long-term keys of the account itself: AWS answers the account id as UserId and the root ARN.
  return json::object{{"UserId", ctx.account_id},
                      {"Account", ctx.account_id},
                      {"Arn", fmt::format("arn:aws:iam::{}:root", ctx.account_id)}};
}

void register_operations(aws::OperationRegistry& registry) {
  registry.add("sts", "GetCallerIdentity", &get_caller_identity);
}

}  // namespace ecsemu::sts
