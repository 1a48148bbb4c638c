#include "services/iam/iam_policy_document.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string>

#include <fmt/format.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "ecsemu/aws/service_error.hpp"

namespace ecsemu::iam {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 4> kTopElements = {"Version", "Id", "Statement", "Conditions"};
constexpr std::array<std::string_view, 10> kStatementElements = {
    "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition", "Id"};
constexpr std::array<std::string_view, 9> kTrustActions = {
    "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity",
    "sts:TagSession", "sts:SetSourceIdentity",  "sts:SetContext",
    "sts:*",          "sts:AssumeRoot",         "*"};

struct Malformed {
  std::string message;
};

[[noreturn]] void fail(std::string message) { throw Malformed{std::move(message)}; }

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

// A member that must be a string or a list of strings (nulls allowed in lists, as IAM allows).
bool string_or_strings(const json::value& v) {
  if (v.is_string()) {
    return true;
  }
  if (!v.is_array()) {
    return false;
  }
  return std::all_of(v.as_array().begin(), v.as_array().end(),
                     [](const json::value& item) { return item.is_string() || item.is_null(); });
}

std::vector<std::string> strings_of(const json::value& v) {
  std::vector<std::string> out;
  if (v.is_string()) {
    out.emplace_back(v.as_string());
  } else if (v.is_array()) {
    for (const auto& item : v.as_array()) {
      if (item.is_string()) {
        out.emplace_back(item.as_string());
      }
    }
  }
  return out;
}

bool empty_list(const json::value& v) { return v.is_array() && v.as_array().empty(); }

void check_statement_syntax(const json::value& value) {
  if (!value.is_object()) {
    fail("Syntax errors in policy.");
  }
  const json::object& s = value.as_object();
  for (const auto& member : s) {
    if (!one_of(kStatementElements, member.key())) {
      fail("Syntax errors in policy.");
    }
  }
  if ((s.contains("Resource") && s.contains("NotResource")) || (s.contains("Action") && s.contains("NotAction")) ||
      (s.contains("Principal") && s.contains("NotPrincipal"))) {
    fail("Syntax errors in policy.");
  }
  const json::value* effect = s.if_contains("Effect");
  if (effect == nullptr || !effect->is_string() || (effect->as_string() != "Allow" && effect->as_string() != "Deny")) {
    fail("Syntax errors in policy.");
  }
  for (std::string_view key : {"Action", "NotAction", "Resource", "NotResource"}) {
    if (const json::value* v = s.if_contains(key); v != nullptr && !string_or_strings(*v)) {
      fail("Syntax errors in policy.");
    }
  }
  if (const json::value* condition = s.if_contains("Condition")) {
    if (!condition->is_object()) {
      fail("Syntax errors in policy.");
    }
    for (const auto& op : condition->as_object()) {
      if (!op.value().is_object()) {
        fail("Syntax errors in policy.");
      }
      for (const auto& entry : op.value().as_object()) {
        const json::value& v = entry.value();
        if (!v.is_string() && !v.is_bool() && !v.is_array() && !v.is_number()) {
          fail("Syntax errors in policy.");
        }
      }
    }
  }
  if (const json::value* sid = s.if_contains("Sid"); sid != nullptr && !sid->is_string()) {
    fail("Syntax errors in policy.");
  }
  for (std::string_view key : {"Principal", "NotPrincipal"}) {
    if (const json::value* p = s.if_contains(key)) {
      bool ok = (p->is_string() && p->as_string() == "*") || p->is_object();
      if (p->is_object()) {
        for (const auto& entry : p->as_object()) {
          ok = ok && string_or_strings(entry.value());
        }
      }
      if (!ok) {
        fail("Syntax errors in policy.");
      }
    }
  }
}

void check_action(std::string_view action) {
  if (action == "*") {
    return;
  }
  auto colon = action.find(':');
  if (colon == std::string_view::npos) {
    fail("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
  }
  if (action.find(':', colon + 1) != std::string_view::npos) {
    fail("Actions/Condition can contain only one colon.");
  }
  std::string_view vendor = action.substr(0, colon);
  bool vendor_ok = !vendor.empty() && std::all_of(vendor.begin(), vendor.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.';
  });
  if (!vendor_ok) {
    fail(fmt::format("Vendor {} is not valid", vendor));
  }
}

void check_resource(std::string_view resource) {
  if (resource == "*") {
    return;
  }
  if (resource.substr(0, 4) != "arn:") {
    fail(fmt::format("Resource {} must be in ARN format or \"*\".", resource));
  }
  // arn:partition:service:region:account:resource needs five colons.
  if (std::count(resource.begin(), resource.end(), ':') < 5) {
    fail(fmt::format("Resource {} must be in ARN format or \"*\".", resource));
  }
}

void check(std::string_view document, PolicyKind kind) {
  json::error_code ec;
  json::value parsed = json::parse(document, ec);
  if (ec || !parsed.is_object()) {
    fail("This policy contains invalid Json");
  }
  const json::object& policy = parsed.as_object();
  for (const auto& member : policy) {
    if (!one_of(kTopElements, member.key())) {
      fail("Syntax errors in policy.");
    }
  }
  const json::value* version = policy.if_contains("Version");
  if (version != nullptr &&
      (!version->is_string() || (version->as_string() != "2012-10-17" && version->as_string() != "2008-10-17"))) {
    fail("Syntax errors in policy.");
  }
  if (const json::value* id = policy.if_contains("Id"); id != nullptr && !id->is_string()) {
    fail("Syntax errors in policy.");
  }
  const json::value* statement = policy.if_contains("Statement");
  if (statement == nullptr || (!statement->is_object() && !statement->is_array()) || empty_list(*statement)) {
    fail("Syntax errors in policy.");
  }
  std::vector<const json::object*> statements;
  if (statement->is_object()) {
    check_statement_syntax(*statement);
    statements.push_back(&statement->as_object());
  } else {
    for (const auto& s : statement->as_array()) {
      check_statement_syntax(s);
      statements.push_back(&s.as_object());
    }
  }
  if (kind == PolicyKind::Identity && (version == nullptr || version->as_string() != "2012-10-17")) {
    fail("Policy document must be version 2012-10-17 or greater.");
  }
  std::set<std::string> sids;
  for (const json::object* s : statements) {
    if (const json::value* sid = s->if_contains("Sid"); sid != nullptr && !sid->as_string().empty()) {
      if (!sids.insert(std::string(sid->as_string())).second) {
        fail("Statement IDs (SID) in a single policy must be unique.");
      }
    }
  }
  for (const json::object* s : statements) {
    const json::value* actions = s->if_contains("Action");
    if (actions == nullptr) {
      actions = s->if_contains("NotAction");
    }
    if (actions == nullptr || empty_list(*actions)) {
      fail("Policy statement must contain actions.");
    }
  }
  for (const json::object* s : statements) {
    for (std::string_view key : {"Action", "NotAction"}) {
      if (const json::value* actions = s->if_contains(key)) {
        for (const auto& action : strings_of(*actions)) {
          check_action(action);
        }
      }
    }
  }
  if (kind == PolicyKind::Identity) {
    for (const json::object* s : statements) {
      if (s->contains("Principal") || s->contains("NotPrincipal")) {
        fail("Policy document should not specify a principal.");
      }
      const json::value* resources = s->if_contains("Resource");
      if (resources == nullptr) {
        resources = s->if_contains("NotResource");
      }
      if (resources == nullptr || empty_list(*resources)) {
        fail("Policy statement must contain resources.");
      }
      for (const auto& resource : strings_of(*resources)) {
        check_resource(resource);
      }
    }
    return;
  }
  for (const json::object* s : statements) {
    if (const json::value* actions = s->if_contains("Action")) {
      for (const auto& action : strings_of(*actions)) {
        if (!one_of(kTrustActions, action)) {
          fail(
              "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and "
              "sts:AssumeRoleWithWebIdentity");
        }
      }
    }
    if (s->contains("Resource") || s->contains("NotResource")) {
      fail("Has prohibited field Resource.");
    }
    if (!s->contains("Principal") && !s->contains("NotPrincipal")) {
      fail("Missing required field Principal.");
    }
  }
}

}  // namespace

void check_policy_document(std::string_view document, PolicyKind kind) {
  try {
    check(document, kind);
  } catch (const Malformed& m) {
    throw aws::ServiceError("MalformedPolicyDocumentException", m.message);
  }
}

std::size_t policy_size(std::string_view document) {
  std::size_t size = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : document) {
    if (in_string) {
      ++size;
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      ++size;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      ++size;
    }
  }
  return size;
}

}  // namespace ecsemu::iam
