#include <catch2/catch.hpp>

#include "ecsemu/aws/service_error.hpp"
#include "services/secretsmanager/secretsmanager_model.hpp"

using namespace ecsemu::secretsmanager;

namespace {

constexpr const char* kArn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf";

SecretsManagerState one_secret() {
  SecretsManagerState state;
  Secret s;
  s.name = "app/db";
  s.arn = kArn;
  SecretVersion v;
  v.id = "v1";
  v.string_value = R"({"user":"admin","port":5432})";
  v.stages = {"AWSCURRENT"};
  add_version(s, std::move(v));
  state.secrets.emplace(s.name, std::move(s));
  return state;
}

std::string error_code_of(void (*fn)(std::string_view), std::string_view arg) {
  try {
    fn(arg);
  } catch (const ecsemu::aws::ServiceError& e) {
    return e.code();
  }
  return "";
}

}  // namespace

TEST_CASE("A secret is found by name, full ARN or ARN without its random suffix", "[secretsmanager]") {
  SecretsManagerState state = one_secret();
  CHECK(find_secret(state, "app/db", 0) != nullptr);
  CHECK(find_secret(state, kArn, 0) != nullptr);
  CHECK(find_secret(state, "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db", 0) != nullptr);
  CHECK(find_secret(state, "app/db-AbCdEf", 0) == nullptr);
  CHECK(find_secret(state, "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/d", 0) == nullptr);
  CHECK(find_secret(state, "other", 0) == nullptr);
}

TEST_CASE("A secret whose recovery window ended is gone, one still in it is found", "[secretsmanager]") {
  SecretsManagerState state = one_secret();
  state.secrets.at("app/db").deletion_date = 100;
  CHECK(find_secret(state, "app/db", 99) != nullptr);
  CHECK(find_secret(state, "app/db", 100) == nullptr);
  purge_deleted(state, 100);
  CHECK(state.secrets.empty());
}

TEST_CASE("A new AWSCURRENT version makes the old one AWSPREVIOUS and unlabels the one before", "[secretsmanager]") {
  SecretsManagerState state = one_secret();
  Secret& s = state.secrets.at("app/db");
  SecretVersion v2;
  v2.id = "v2";
  v2.string_value = "two";
  v2.stages = {"AWSCURRENT"};
  add_version(s, std::move(v2));
  CHECK(s.version_with_stage("AWSCURRENT")->id == "v2");
  CHECK(s.version_with_stage("AWSPREVIOUS")->id == "v1");
  SecretVersion v3;
  v3.id = "v3";
  v3.string_value = "three";
  v3.stages = {"AWSCURRENT"};
  add_version(s, std::move(v3));
  CHECK(s.version_with_stage("AWSPREVIOUS")->id == "v2");
  CHECK(s.version("v1")->stages.empty());
  SecretVersion pending;
  pending.id = "v4";
  pending.string_value = "four";
  pending.stages = {"AWSPENDING"};
  add_version(s, std::move(pending));
  CHECK(s.version_with_stage("AWSCURRENT")->id == "v3");
  CHECK(s.version_with_stage("AWSPENDING")->id == "v4");
  move_stage(s, "AWSCURRENT", "v3", "v4");
  CHECK(s.version_with_stage("AWSCURRENT")->id == "v4");
  CHECK(s.version_with_stage("AWSPREVIOUS")->id == "v3");
  CHECK(s.version("v2")->stages.empty());
}

TEST_CASE("Unlabelled versions beyond the limit are dropped oldest first", "[secretsmanager]") {
  Secret s;
  for (std::size_t i = 0; i < kMaxVersions + 5; ++i) {
    SecretVersion v;
    v.id = "v" + std::to_string(i);
    v.string_value = "x";
    v.stages = {"AWSCURRENT"};
    add_version(s, std::move(v));
  }
  CHECK(s.versions.size() == kMaxVersions);
  CHECK(s.version("v0") == nullptr);
  CHECK(s.version_with_stage("AWSCURRENT")->id == "v104");
}

TEST_CASE("Secret names allow letters, digits and /_+=.@-", "[secretsmanager]") {
  CHECK(error_code_of(&check_name, "a/b_c+d=e.f@g-h") == "");
  CHECK(error_code_of(&check_name, "has space") == "InvalidParameterException");
  CHECK(error_code_of(&check_name, "semi;colon") == "InvalidParameterException");
}

TEST_CASE("A valueFrom reference splits into ARN, json key, stage and version id", "[secretsmanager]") {
  auto r = parse_secret_reference(std::string(kArn) + ":user:AWSPREVIOUS:");
  CHECK(r.secret_id == kArn);
  CHECK(r.json_key == "user");
  CHECK(r.version_stage == "AWSPREVIOUS");
  CHECK(r.version_id.empty());
  r = parse_secret_reference(kArn);
  CHECK(r.secret_id == kArn);
  CHECK(r.json_key.empty());
  r = parse_secret_reference(std::string(kArn) + "::::");
  CHECK(r.secret_id == kArn);
  r = parse_secret_reference(std::string(kArn) + ":::v1");
  CHECK(r.version_id == "v1");
}

TEST_CASE("A valueFrom reference reads the whole value, a JSON key, or says what failed", "[secretsmanager]") {
  SecretsManagerState state = one_secret();
  CHECK(resolve_secret_reference(state, kArn, 0).value == R"({"user":"admin","port":5432})");
  CHECK(resolve_secret_reference(state, std::string(kArn) + ":user::", 0).value == "admin");
  CHECK(resolve_secret_reference(state, std::string(kArn) + ":port::", 0).value == "5432");
  auto missing_key = resolve_secret_reference(state, std::string(kArn) + ":nope::", 0);
  CHECK(!missing_key.value);
  CHECK(missing_key.error == "retrieved secret from Secrets Manager did not contain json key nope");
  auto missing = resolve_secret_reference(state, "arn:aws:secretsmanager:us-east-1:123456789012:secret:gone", 0);
  CHECK(missing.error == "ResourceNotFoundException: Secrets Manager can't find the specified secret.");
  auto stage = resolve_secret_reference(state, std::string(kArn) + "::AWSPREVIOUS:", 0);
  CHECK(stage.error ==
        "ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: "
        "AWSPREVIOUS");
  CHECK(resolve_secret_reference(state, std::string(kArn) + ":::v1", 0).value.has_value());
}

TEST_CASE("Password rules leave each included class, and refuse impossible rules", "[secretsmanager]") {
  PasswordRules rules;
  CHECK(password_classes(rules).size() == 4);
  rules.exclude_punctuation = true;
  rules.exclude = "abc";
  auto classes = password_classes(rules);
  REQUIRE(classes.size() == 3);
  CHECK(classes[0].find('a') == std::string::npos);
  rules.length = 2;
  CHECK_THROWS_AS(password_classes(rules), ecsemu::aws::ServiceError);
  PasswordRules none;
  none.exclude_lowercase = none.exclude_uppercase = none.exclude_numbers = none.exclude_punctuation = true;
  CHECK_THROWS_AS(password_classes(none), ecsemu::aws::ServiceError);
}
