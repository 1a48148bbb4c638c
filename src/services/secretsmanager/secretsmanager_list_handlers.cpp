// Secrets Manager: listing, tags, staging labels, random passwords; the operation table.
#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "aws/input.hpp"
#include "aws/pagination.hpp"
#include "services/secretsmanager/secretsmanager_errors.hpp"
#include "services/secretsmanager/secretsmanager_handlers.hpp"
#include "services/secretsmanager/secretsmanager_internal.hpp"
#include "services/secretsmanager/secretsmanager_views.hpp"
#include "state/world.hpp"

namespace ecsemu::secretsmanager {

namespace json = boost::json;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool starts_with(std::string_view text, std::string_view prefix, bool case_sensitive) {
  if (case_sensitive) {
    return text.rfind(prefix, 0) == 0;
  }
  return lower(text).rfind(lower(prefix), 0) == 0;
}

// The words "all" searches, from every attribute of the secret.
std::vector<std::string> words_of(const Secret& s) {
  std::vector<std::string> out{s.name, s.description};
  for (const auto& [k, v] : s.tags) {
    out.push_back(k);
    out.push_back(v);
  }
  std::vector<std::string> words;
  for (const auto& text : out) {
    std::string word;
    for (char c : text) {
      if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
        word.push_back(c);
      } else if (!word.empty()) {
        words.push_back(word);
        word.clear();
      }
    }
    if (!word.empty()) {
      words.push_back(word);
    }
    words.push_back(text);
  }
  return words;
}

bool value_matches(const Secret& s, std::string_view key, std::string_view value) {
  auto any = [&](const std::vector<std::string>& texts, bool cs) {
    return std::any_of(texts.begin(), texts.end(), [&](const auto& t) { return starts_with(t, value, cs); });
  };
  if (key == "name") {
    return starts_with(s.name, value, true);
  }
  if (key == "description") {
    return starts_with(s.description, value, false);
  }
  std::vector<std::string> keys;
  std::vector<std::string> values;
  for (const auto& [k, v] : s.tags) {
    keys.push_back(k);
    values.push_back(v);
  }
  if (key == "tag-key") {
    return any(keys, true);
  }
  if (key == "tag-value") {
    return any(values, true);
  }
  if (key == "all") {
    return any(words_of(s), false);
  }
  return false;  // primary-region, owning-service: ecsemu keeps neither (no replicas, no managed secrets)
}

// A filter matches when one of its values matches and none of its negated ("!value") values does.
bool filter_matches(const Secret& s, std::string_view key, const std::vector<std::string>& values) {
  bool positive = false;
  bool any_positive = false;
  for (const auto& v : values) {
    if (!v.empty() && v.front() == '!') {
      if (value_matches(s, key, std::string_view(v).substr(1))) {
        return false;
      }
    } else {
      any_positive = true;
      positive = positive || value_matches(s, key, v);
    }
  }
  return positive || !any_positive;
}

// A key that sorts ascending in the requested order (descending orders use complemented keys).
std::string sort_key(const Secret& s, std::string_view sort_by, bool descending) {
  std::string key;
  if (sort_by == "name") {
    key = s.name;
  } else {
    double t = sort_by == "last-changed-date" ? s.last_changed : s.created;
    key = fmt::format("{:020.6f}|{}", t, s.name);
  }
  if (descending) {
    for (char& c : key) {
      c = static_cast<char>(255 - static_cast<unsigned char>(c));
    }
    key.push_back('\xff');
  }
  return key;
}

}  // namespace

json::value list_secrets(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  std::vector<std::pair<std::string, std::vector<std::string>>> filters;
  for (const auto& f : in.subs("Filters")) {
    if (!f.has("Key")) {
      throw errors::invalid_parameter("Invalid filter key");
    }
    filters.emplace_back(std::string(f.str("Key")), f.strings("Values"));
  }
  bool include_deleted = in.flag("IncludePlannedDeletion");
  std::string sort_by(in.str("SortBy", "created-date"));
  bool descending = in.str("SortOrder", "asc") == "desc";
  aws::Pager pager(in.opt_str("NextToken"), static_cast<std::size_t>(in.int_or("MaxResults", 100)));
  if (!pager.valid()) {
    throw aws::ServiceError("InvalidNextTokenException", "The nextToken is not valid.");
  }
  double now = ctx.now_seconds();
  std::vector<std::pair<std::string, const Secret*>> matching;
  for (const auto& [name, s] : std::as_const(ctx.store().secretsmanager).secrets) {
    if (s.deletion_date && (!include_deleted || *s.deletion_date <= now)) {
      continue;
    }
    bool ok = std::all_of(filters.begin(), filters.end(),
                          [&](const auto& f) { return filter_matches(s, f.first, f.second); });
    if (ok) {
      matching.emplace_back(sort_key(s, sort_by, descending), &s);
    }
  }
  std::sort(matching.begin(), matching.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  json::object out{{"SecretList", pager.take(matching, aws::first_key, aws::every,
                                             [](const auto& entry) { return secret_list_entry_json(*entry.second); })}};
  pager.finish(out, "NextToken");
  return out;
}

json::value list_secret_version_ids(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  const Secret& secret = existing_secret(ctx, in.str("SecretId"));
  bool include_deprecated = in.flag("IncludeDeprecated");
  aws::Pager pager(in.opt_str("NextToken"), static_cast<std::size_t>(in.int_or("MaxResults", 0)));
  if (!pager.valid()) {
    throw aws::ServiceError("InvalidNextTokenException", "The nextToken is not valid.");
  }
  json::array versions;
  std::size_t index = 0;
  for (const auto& v : secret.versions) {
    std::string key = fmt::format("{:020.6f}|{}", v.created, v.id);
    ++index;
    if (v.stages.empty() && !include_deprecated) {
      continue;
    }
    auto step = pager.step(key);
    if (step == aws::Pager::Step::Skip) {
      continue;
    }
    if (step == aws::Pager::Step::Full) {
      break;
    }
    versions.push_back(secret_version_json(v));
  }
  json::object out{{"ARN", secret.arn}, {"Name", secret.name}, {"Versions", std::move(versions)}};
  if (pager.more()) {
    out["NextToken"] = pager.next_token();
  }
  return out;
}

json::value tag_resource(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Secret& secret = existing_secret(ctx, in.str("SecretId"));
  for (auto& [key, value] : tags_of(in)) {
    auto it = std::find_if(secret.tags.begin(), secret.tags.end(), [&](const auto& t) { return t.first == key; });
    if (it != secret.tags.end()) {
      it->second = value;
    } else {
      secret.tags.emplace_back(key, value);
    }
  }
  return json::object{};
}

json::value untag_resource(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Secret& secret = existing_secret(ctx, in.str("SecretId"));
  for (const auto& key : in.strings("TagKeys")) {
    std::erase_if(secret.tags, [&](const auto& t) { return t.first == key; });
  }
  return json::object{};
}

json::value update_secret_version_stage(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  Secret& secret = existing_secret(ctx, in.str("SecretId"));
  check_not_deleted(secret);
  std::string stage(in.str("VersionStage"));
  std::string move_to(in.str("MoveToVersionId"));
  std::string remove_from(in.str("RemoveFromVersionId"));
  if (!move_to.empty() && secret.version(move_to) == nullptr) {
    throw errors::no_value_for_version(move_to);
  }
  if (!remove_from.empty()) {
    const SecretVersion* v = secret.version(remove_from);
    if (v == nullptr) {
      throw errors::no_value_for_version(remove_from);
    }
    if (!v->has_stage(stage)) {
      throw errors::invalid_parameter(
          fmt::format("The staging label {} is not attached to the version {}.", stage, remove_from));
    }
  }
  const SecretVersion* holder = secret.version_with_stage(stage);
  if (holder != nullptr && holder->id != move_to && holder->id != remove_from) {
    throw errors::invalid_parameter(
        fmt::format("The parameter RemoveFromVersionId can't be empty. Staging label {} is currently attached to "
                    "version {}, so you must explicitly reference that version in RemoveFromVersionId.",
                    stage, holder->id));
  }
  if (stage == kCurrent && move_to.empty()) {
    throw errors::invalid_parameter(
        "You can't remove the staging label AWSCURRENT from a version without moving it to another version.");
  }
  move_stage(secret, stage, remove_from, move_to);
  secret.last_changed = ctx.now_seconds();
  return json::object{{"ARN", secret.arn}, {"Name", secret.name}};
}

json::value get_random_password(aws::RequestContext& ctx, const json::object& input) {
  aws::Input in(input);
  PasswordRules rules;
  rules.length = static_cast<std::size_t>(in.int_or("PasswordLength", 32));
  rules.exclude = std::string(in.str("ExcludeCharacters"));
  rules.exclude_lowercase = in.flag("ExcludeLowercase");
  rules.exclude_uppercase = in.flag("ExcludeUppercase");
  rules.exclude_numbers = in.flag("ExcludeNumbers");
  rules.exclude_punctuation = in.flag("ExcludePunctuation");
  rules.include_space = in.flag("IncludeSpace");
  rules.require_each_type = in.opt_bool("RequireEachIncludedType").value_or(true);
  std::vector<std::string> classes = password_classes(rules);
  std::string all;
  for (const auto& c : classes) {
    all += c;
  }
  std::string password;
  for (std::size_t i = 0; i < rules.length; ++i) {
    password.push_back(all[ctx.ids->below(all.size())]);
  }
  if (rules.require_each_type) {
    // One character of each class at distinct random positions.
    std::vector<std::size_t> positions(rules.length);
    for (std::size_t i = 0; i < positions.size(); ++i) {
      positions[i] = i;
    }
    for (std::size_t i = 0; i < classes.size(); ++i) {
      std::size_t j = i + ctx.ids->below(positions.size() - i);
      std::swap(positions[i], positions[j]);
      password[positions[i]] = classes[i][ctx.ids->below(classes[i].size())];
    }
  }
  return json::object{{"RandomPassword", password}};
}

void register_operations(aws::OperationRegistry& registry) {
  registry.add("secretsmanager", "CreateSecret", &create_secret);
  registry.add("secretsmanager", "GetSecretValue", &get_secret_value);
  registry.add("secretsmanager", "PutSecretValue", &put_secret_value);
  registry.add("secretsmanager", "UpdateSecret", &update_secret);
  registry.add("secretsmanager", "DescribeSecret", &describe_secret);
  registry.add("secretsmanager", "DeleteSecret", &delete_secret);
  registry.add("secretsmanager", "RestoreSecret", &restore_secret);
  registry.add("secretsmanager", "ListSecrets", &list_secrets);
  registry.add("secretsmanager", "ListSecretVersionIds", &list_secret_version_ids);
  registry.add("secretsmanager", "TagResource", &tag_resource);
  registry.add("secretsmanager", "UntagResource", &untag_resource);
  registry.add("secretsmanager", "UpdateSecretVersionStage", &update_secret_version_stage);
  registry.add("secretsmanager", "GetRandomPassword", &get_random_password);
}

}  // namespace ecsemu::secretsmanager
