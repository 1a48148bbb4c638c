#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include "aws/auth_errors.hpp"
#include "aws/operation_registry.hpp"
#include "aws/request_context.hpp"
#include "aws/service_catalog.hpp"
#include "config.hpp"
#include "ecsemu/auth/credential_resolver.hpp"
#include "ecsemu/auth/credential_store.hpp"
#include "http/server.hpp"
#include "state/world.hpp"

namespace ecsemu::aws {

// False for the operations that only read (Describe*, List*, Get*, BatchGet*), true for every other: what
// --state-dir must make durable before answering. STS's Get*Token operations issue keys, so they write.
bool writes_state(std::string_view service, std::string_view operation);

using StateStrand = boost::asio::strand<boost::asio::io_context::executor_type>;

// One AWS API request, start to end (DESIGN.md section 2): resolve the service, authenticate, parse,
// validate, dispatch to the handler on the state strand, serialize, log.
class Pipeline {
 public:
  Pipeline(const Config& config, const ServiceCatalog& catalog, const OperationRegistry& registry,
           const auth::CredentialStore& credentials, state::World& world, StateStrand state_strand, const Clock& clock,
           IdSource& ids);

  boost::asio::awaitable<http::Response> handle(http::Exchange& exchange);
  // Acts on what a request changed (RequestContext::changes), on the state strand, right after its handler.
  using ChangeHandler = std::function<void(state::RegionStore& store, const Changes& changes)>;
  void set_change_handler(ChangeHandler handler) { change_handler_ = std::move(handler); }
  // Makes what a request that writes state changed durable (--state-dir), on the state strand, after the
  // controllers and before the answer is sent. Requests that only read (writes_state) skip it.
  using CommitHandler = std::function<void(const RequestContext& ctx)>;
  void set_commit_handler(CommitHandler handler) { commit_handler_ = std::move(handler); }

  // Keys issued at run time (IAM access keys, STS sessions), looked up on the state strand when the start-up
  // credentials do not know a key.
  void set_credential_resolver(auth::CredentialResolver* resolver) { resolver_ = resolver; }

  // Runs `fn` on the state strand and returns its result (exceptions propagate).
  template <typename Fn>
  boost::asio::awaitable<std::invoke_result_t<Fn>> on_state(Fn fn);

 private:
  // The outcome of authenticating with a key issued at run time.
  struct IssuedCheck {
    auth::ResolvedCredential credential;
    std::optional<AuthFailure> failure;
    std::string message;
  };
  // Resolves, checks (active, session token, signature, expiry) and records the use of a key the resolver knows;
  // nullopt when it does not know the key.
  boost::asio::awaitable<std::optional<IssuedCheck>> check_issued_key(const auth::SigV4Request& request,
                                                                      const auth::SigV4Claim& claim,
                                                                      std::chrono::system_clock::time_point now);

  const Config& config_;
  const ServiceCatalog& catalog_;
  const OperationRegistry& registry_;
  const auth::CredentialStore& credentials_;
  state::World& world_;
  StateStrand state_strand_;
  const Clock& clock_;
  IdSource& ids_;
  ChangeHandler change_handler_;
  CommitHandler commit_handler_;
  auth::CredentialResolver* resolver_ = nullptr;
};

}  // namespace ecsemu::aws

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace ecsemu::aws {

template <typename Fn>
boost::asio::awaitable<std::invoke_result_t<Fn>> Pipeline::on_state(Fn fn) {
  co_return co_await boost::asio::co_spawn(
      state_strand_, [&]() -> boost::asio::awaitable<std::invoke_result_t<Fn>> { co_return fn(); },
      boost::asio::use_awaitable);
}

}  // namespace ecsemu::aws
