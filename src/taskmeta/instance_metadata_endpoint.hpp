#pragma once

// The HTTP side of the instance metadata service: served on 169.254.169.254:80 when this ecsemu holds that
// address, and under /latest/ on the task endpoint's address and port otherwise (tasks are then told so with
// AWS_EC2_METADATA_SERVICE_ENDPOINT). The caller's instance comes from a lookup run on the state strand.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "ecsemu/clock.hpp"
#include "http/server.hpp"
#include "taskmeta/instance_metadata.hpp"

namespace ecsemu::taskmeta {

// Copies the documents of the instance of the task container at `ip` (with role credentials when asked) on the
// state strand.
using InstanceLookup =
    std::function<boost::asio::awaitable<std::optional<InstanceDocuments>>(std::string ip, bool credentials)>;

class InstanceMetadataEndpoint {
 public:
  InstanceMetadataEndpoint(InstanceLookup lookup, const Clock& clock, std::string key);

  // Whether `target` is one of its paths when it shares a port with the AWS API (/latest/...).
  static bool handles(std::string_view target);
  boost::asio::awaitable<http::Response> handle(http::Exchange& exchange);

 private:
  InstanceLookup lookup_;
  const Clock& clock_;
  TokenMinter tokens_;
};

}  // namespace ecsemu::taskmeta
