#include "aws/pipeline.hpp"

#include <algorithm>
#include <chrono>

#include <boost/beast/http/field.hpp>

#include "aws/auth_errors.hpp"
#include "aws/request_id.hpp"
#include "ecsemu/auth/sigv4.hpp"
#include "ecsemu/protocol/codec.hpp"
#include "log.hpp"

namespace ecsemu::aws {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using protocol::Protocol;

bool writes_state(std::string_view service, std::string_view operation) {
  auto starts = [operation](std::string_view prefix) { return operation.substr(0, prefix.size()) == prefix; };
  if (service == "sts") {
    return operation == "GetSessionToken" || operation == "GetFederationToken" || !starts("Get");
  }
  return !(starts("Describe") || starts("List") || starts("Get") || starts("BatchGet"));
}

namespace {

auth::SigV4Request to_sigv4(const http::Request& req) {
  auth::SigV4Request out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  out.headers.reserve(16);
  for (const auto& field : req.base()) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = req.body();
  return out;
}

std::string_view find_param(const protocol::QueryParams& params, std::string_view name) {
  for (const auto& [k, v] : params) {
    if (k == name) {
      return v;
    }
  }
  return {};
}

bool is_form(std::string_view content_type) {
  return content_type.substr(0, 33) == "application/x-www-form-urlencoded";
}

}  // namespace

Pipeline::Pipeline(const Config& config, const ServiceCatalog& catalog, const OperationRegistry& registry,
                   const auth::CredentialStore& credentials, state::World& world, StateStrand state_strand,
                   const Clock& clock, IdSource& ids)
    : config_(config),
      catalog_(catalog),
      registry_(registry),
      credentials_(credentials),
      world_(world),
      state_strand_(std::move(state_strand)),
      clock_(clock),
      ids_(ids) {}

asio::awaitable<std::optional<Pipeline::IssuedCheck>> Pipeline::check_issued_key(
    const auth::SigV4Request& request, const auth::SigV4Claim& claim, std::chrono::system_clock::time_point now) {
  if (resolver_ == nullptr) {
    co_return std::nullopt;
  }
  co_return co_await on_state([&]() -> std::optional<IssuedCheck> {
    std::optional<auth::ResolvedCredential> credential = resolver_->resolve(claim.access_key);
    if (!credential) {
      return std::nullopt;
    }
    IssuedCheck check{std::move(*credential), std::nullopt, {}};
    const auth::ResolvedCredential& cred = check.credential;
    if (!cred.active || claim.session_token != cred.session_token) {
      // An inactive key, or session credentials without their token (or with another one): AWS says the token is
      // invalid.
      check.failure = AuthFailure::UnknownKey;
    } else if (cred.expiration && now >= *cred.expiration) {
      // The token is judged before the signature: an expired one is refused whatever the request's date.
      check.failure = AuthFailure::TokenExpired;
    } else if (auth::VerifyResult verified = auth::verify(request, claim, cred.secret_key, now);
               verified.error != auth::SigV4Error::None) {
      check.failure = to_auth_failure(verified.error);
      check.message = std::move(verified.message);
    } else {
      resolver_->record_use(claim.access_key, claim.region, claim.service, now);
    }
    return check;
  });
}

asio::awaitable<http::Response> Pipeline::handle(http::Exchange& exchange) {
  const auto started = std::chrono::steady_clock::now();
  const http::Request& req = exchange.request;

  RequestContext ctx;
  ctx.request_id = new_request_id();
  ctx.now = clock_.now();
  ctx.ids = &ids_;
  ctx.world = &world_;
  ctx.account_id = config_.account_id;
  ctx.region = config_.default_region;

  const ServiceInfo* service = nullptr;
  Protocol wire_protocol = Protocol::Query;  // envelope for errors raised before the service is known
  std::string operation_name;
  protocol::WireResponse wire;
  std::string error_code;

  try {
    // 1. Resolve the service and operation.
    auth::SigV4Request signed_request = to_sigv4(req);
    auth::ParseResult claim = auth::parse_claim(signed_request);
    protocol::QueryParams params;
    std::string_view amz_target;
    if (auto it = req.find("X-Amz-Target"); it != req.end()) {
      amz_target = it->value();
    }
    if (!amz_target.empty()) {
      wire_protocol = Protocol::Json;
      auto dot = amz_target.find('.');
      std::string_view prefix = amz_target.substr(0, dot);
      operation_name = dot == std::string_view::npos ? std::string() : std::string(amz_target.substr(dot + 1));
      service = catalog_.by_target_prefix(prefix);
      if (service == nullptr) {
        throw ServiceError("UnknownOperationException", "", 400);
      }
    } else {
      if (is_form(req[bhttp::field::content_type])) {
        params = protocol::parse_form(req.body());
      }
      std::string_view request_target = req.target();
      if (auto q = request_target.find('?'); q != std::string_view::npos) {
        for (auto& kv : protocol::parse_form(request_target.substr(q + 1))) {
          if (kv.first.rfind("X-Amz-", 0) != 0) {
            params.push_back(std::move(kv));
          }
        }
      }
      std::string_view action = find_param(params, "Action");
      std::string_view version = find_param(params, "Version");
      if (claim.error == auth::SigV4Error::None) {
        service = catalog_.by_signing_name(claim.claim.service);
      }
      if (service == nullptr && !version.empty()) {
        service = catalog_.by_api_version(version);
      }
      if (service != nullptr) {
        wire_protocol = service->protocol;
      }
      if (service == nullptr || service->protocol == Protocol::Json) {
        if (service != nullptr) {
          throw ServiceError("UnknownOperationException", "", 400);
        }
        if (action.empty()) {
          throw ServiceError("MissingAction", "Could not find operation: the request names no Action.", 400);
        }
        throw ServiceError("InvalidAction", fmt::format("The action {} is not valid for this web service.", action),
                           400);
      }
      if (action.empty()) {
        throw ServiceError("MissingAction", "Could not find operation: the request names no Action.", 400);
      }
      if (!version.empty() && version != service->api_version) {
        throw ServiceError(
            "NoSuchVersion",
            fmt::format("The requested version ({}) of service {} does not exist.", version, service->display_name),
            400);
      }
      operation_name = std::string(action);
    }

    // 2. Authenticate.
    if (claim.error == auth::SigV4Error::Missing) {
      if (config_.auth_mode == auth::AuthMode::Strict) {
        throw auth_error(wire_protocol, AuthFailure::MissingToken, "");
      }
    } else if (claim.error != auth::SigV4Error::None) {
      throw auth_error(wire_protocol, AuthFailure::Incomplete, claim.message);
    } else {
      const auth::SigV4Claim& c = claim.claim;
      if (c.service != service->signing_name) {
        throw auth_error(wire_protocol, AuthFailure::WrongScope,
                         fmt::format("Credential should be scoped to correct service: '{}'. ", service->signing_name));
      }
      ctx.access_key = c.access_key;
      if (const auth::Credential* credential = credentials_.find(c.access_key)) {
        auth::VerifyResult verified = auth::verify(signed_request, c, credential->secret_key, ctx.now);
        if (verified.error != auth::SigV4Error::None) {
          throw auth_error(wire_protocol, to_auth_failure(verified.error), verified.message);
        }
        ctx.account_id = credential->account_id;
      } else if (std::optional<IssuedCheck> issued = co_await check_issued_key(signed_request, c, ctx.now)) {
        if (issued->failure) {
          throw auth_error(wire_protocol, *issued->failure, issued->message);
        }
        ctx.account_id = issued->credential.account_id;
        ctx.principal_arn = issued->credential.principal_arn;
        ctx.principal_id = issued->credential.principal_id;
        ctx.temporary_credentials = !issued->credential.session_token.empty();
      } else if (config_.auth_mode == auth::AuthMode::Strict) {
        throw auth_error(wire_protocol, AuthFailure::UnknownKey, "");
      } else {
        ctx.account_id = credentials_.account_for_unknown_key(c.access_key);
      }
      ctx.region = c.region;
    }

    // 3. Parse.
    const protocol::ServiceModel& model = catalog_.model(*service);
    const protocol::Operation* op = model.find_operation(operation_name);
    if (op == nullptr) {
      if (wire_protocol == Protocol::Json) {
        throw ServiceError("UnknownOperationException", "", 400);
      }
      throw ServiceError("InvalidAction",
                         fmt::format("The action {} is not valid for this web service.", operation_name), 400);
    }
    boost::json::object input = wire_protocol == Protocol::Json ? protocol::parse_json_request(*op, req.body())
                                                                : protocol::parse_query_request(model, *op, params);

    // 4. Validate.
    try {
      protocol::validate_input(model, *op, input);
    } catch (const ServiceError& e) {
      // A service with its own validation error (Logs: InvalidParameterException) still answers the
      // protocol's ValidationException for the operations whose model declares only that one (Logs' delivery
      // operations).
      auto declares = [op](std::string_view error) {
        return std::any_of(op->errors.begin(), op->errors.end(),
                           [error](const protocol::Shape* shape) { return shape->name == error; });
      };
      if (service->validation_error.empty() || (!declares(service->validation_error) && declares(e.code()))) {
        throw;
      }
      throw ServiceError(std::string(service->validation_error), e.message(), e.status());
    }

    // 5. Dispatch.
    Handler handler = registry_.find(service->key, op->name);
    if (handler == nullptr) {
      throw ServiceError("NotImplemented",
                         fmt::format("ecsemu does not implement {} {} yet (see the compatibility table in README.md).",
                                     service->display_name, op->name),
                         501);
    }
    ctx.service = service;
    ctx.operation = op;
    boost::json::value output = co_await on_state([&] {
      // The controllers act on what the handler changed, also when it changed state and then refused.
      auto act = [&] {
        if (ctx.changes.any() && change_handler_) {
          change_handler_(ctx.store(), ctx.changes);
        }
        if (commit_handler_ && writes_state(service->key, op->name)) {
          commit_handler_(ctx);
        }
      };
      try {
        boost::json::value out = handler(ctx, input);
        act();
        return out;
      } catch (...) {
        act();
        throw;
      }
    });

    // 6. Serialize.
    wire = protocol::serialize_output(model, *op, output, ctx.request_id);
  } catch (const ServiceError& e) {
    error_code = e.code();
    if (service != nullptr) {
      wire = protocol::serialize_error(catalog_.model(*service), e, ctx.request_id);
    } else {
      wire = protocol::serialize_error(wire_protocol, "", e, ctx.request_id);
    }
  } catch (const std::exception& e) {
    log::error("msg=\"operation failed\" id={} op={} error=\"{}\"", ctx.request_id, operation_name, e.what());
    ServiceError internal(wire_protocol == Protocol::Json ? "InternalFailure" : "InternalError",
                          "We encountered an internal error. Please try again.", 500, false);
    error_code = internal.code();
    wire = protocol::serialize_error(wire_protocol, "", internal, ctx.request_id);
  }

  http::Response res{static_cast<bhttp::status>(wire.status), req.version()};
  res.set(bhttp::field::content_type, wire.content_type);
  res.set("x-amzn-RequestId", ctx.request_id);
  for (const auto& [name, value] : wire.headers) {
    res.set(name, value);
  }
  res.body() = std::move(wire.body);
  res.prepare_payload();

  // 7. Log.
  if (log::enabled(LogLevel::Info)) {
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    log::info("msg=request id={} service={} op={} status={} ms={:.3f} account={} region={}{}{}", ctx.request_id,
              service != nullptr ? service->key : std::string_view("-"),
              operation_name.empty() ? std::string_view("-") : std::string_view(operation_name), wire.status, ms,
              ctx.account_id, ctx.region, error_code.empty() ? "" : " error=", error_code);
  }
  co_return res;
}

}  // namespace ecsemu::aws
