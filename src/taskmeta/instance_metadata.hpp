#pragma once

// The EC2 instance metadata service (IMDS) as a task on a container instance reaches it at 169.254.169.254: the
// caller is known by its source address (a task container's address on its Docker network), its instance by the
// container instance the task was placed on. Two halves, as the task metadata endpoint has: the instance's
// documents, copied out of the World on the state strand (find_instance_documents), and the HTTP side
// (answer_instance_metadata): IMDSv2 session tokens, IMDSv1 when the instance allows it, directory listings.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ecsemu/id_source.hpp"
#include "state/world.hpp"

namespace ecsemu::taskmeta {

inline constexpr std::string_view kInstanceMetadataAddress = "169.254.169.254";
// Instance profile credentials: valid this long, replaced this long before they expire (as EC2 rotates them).
inline constexpr long kInstanceCredentialsSeconds = 6 * 3600;
inline constexpr long kInstanceCredentialsRefreshSeconds = 15 * 60;
inline constexpr long kMaxTokenTtlSeconds = 21600;

// What one instance's metadata service serves, as it was when it was read.
struct InstanceDocuments {
  std::string instance_id;
  bool endpoint_enabled = true;  // MetadataOptions.HttpEndpoint
  bool tokens_required = false;  // MetadataOptions.HttpTokens == required
  // Every leaf under /latest/, by path ("meta-data/instance-id" -> "i-0abc..."); directories are derived.
  std::map<std::string, std::string> leaves;
};

// Finds the instance whose task container has address `ip` (state strand only) and copies its documents. With
// `credentials`, instance profile role credentials are issued (or the held ones reused) and included.
std::optional<InstanceDocuments> find_instance_documents(state::World& world, IdSource& ids,
                                                         std::chrono::system_clock::time_point now, std::string_view ip,
                                                         bool credentials);

// Whether a GET of `path` (the request target without its query) asks for role credentials.
bool wants_credentials(std::string_view path);

// Mints and checks IMDSv2 session tokens: bound to one instance, for 1..21600 seconds, signed with a key of this
// process (so nothing is stored per token).
class TokenMinter {
 public:
  explicit TokenMinter(std::string key);
  std::string mint(std::string_view instance_id, std::chrono::system_clock::time_point expires) const;
  bool valid(std::string_view token, std::string_view instance_id, std::chrono::system_clock::time_point now) const;

 private:
  std::string signature(std::string_view payload) const;
  std::string key_;
};

struct MetadataRequest {
  std::string method;                // GET, PUT, ...
  std::string path;                  // without the query
  std::optional<std::string> ttl;    // X-aws-ec2-metadata-token-ttl-seconds
  std::optional<std::string> token;  // X-aws-ec2-metadata-token
  bool forwarded = false;            // an X-Forwarded-For header came with it (a proxy: no tokens through it)
};

struct MetadataAnswer {
  int status = 404;
  std::string body;
  std::string content_type = "text/plain";
  std::optional<long> ttl;  // echoed in X-aws-ec2-metadata-token-ttl-seconds on a token
};

// Answers one request of the caller whose documents are `documents` (none: the caller is no task on an instance
// this ecsemu knows, and has no metadata service).
MetadataAnswer answer_instance_metadata(const MetadataRequest& request,
                                        const std::optional<InstanceDocuments>& documents, const TokenMinter& tokens,
                                        std::chrono::system_clock::time_point now);

}  // namespace ecsemu::taskmeta
