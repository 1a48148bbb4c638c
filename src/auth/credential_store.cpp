#include "ecsemu/auth/credential_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <utility>
#include <vector>

namespace ecsemu::auth {
namespace {

constexpr std::string_view kBuiltinAccessKey = "test";
constexpr std::string_view kBuiltinSecretKey = "test";

bool is_account_id(std::string_view text) {
  return text.size() == 12 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\r' || c == ','; }

// The fields of one line, comment removed, split on white space and commas.
std::vector<std::string_view> split_fields(std::string_view line) {
  if (auto hash = line.find('#'); hash != std::string_view::npos) {
    line = line.substr(0, hash);
  }
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_separator(line[i])) {
      ++i;
    }
    std::size_t start = i;
    while (i < line.size() && !is_separator(line[i])) {
      ++i;
    }
    if (i > start) {
      fields.push_back(line.substr(start, i - start));
    }
  }
  return fields;
}

}  // namespace

CredentialStore::CredentialStore(std::string default_account_id) : default_account_id_(std::move(default_account_id)) {
  // Inserted directly: the constructor never throws (the configuration has validated the default account).
  by_key_.emplace(std::string(kBuiltinAccessKey),
                  Credential{std::string(kBuiltinAccessKey), std::string(kBuiltinSecretKey), default_account_id_});
}

void CredentialStore::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error(fmt::format("{}: cannot open the credentials file", path));
  }
  std::vector<std::pair<Credential, int>> entries;  // with their line numbers
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    std::vector<std::string_view> fields = split_fields(line);
    if (fields.empty()) {
      continue;
    }
    if (fields.size() < 2 || fields.size() > 3) {
      throw std::runtime_error(fmt::format("{}:{}: expected \"ACCESS_KEY SECRET_KEY [ACCOUNT_ID]\", found {} field{}",
                                           path, line_number, fields.size(), fields.size() == 1 ? "" : "s"));
    }
    Credential credential{std::string(fields[0]), std::string(fields[1]),
                          fields.size() == 3 ? std::string(fields[2]) : default_account_id_};
    if (!is_account_id(credential.account_id)) {
      throw std::runtime_error(
          fmt::format("{}:{}: account id '{}' is not 12 digits", path, line_number, credential.account_id));
    }
    auto same_key = [&](const auto& entry) { return entry.first.access_key == credential.access_key; };
    if (auto previous = std::find_if(entries.begin(), entries.end(), same_key); previous != entries.end()) {
      throw std::runtime_error(fmt::format("{}:{}: access key '{}' is already given on line {}", path, line_number,
                                           credential.access_key, previous->second));
    }
    entries.emplace_back(std::move(credential), line_number);
  }
  if (in.bad()) {
    throw std::runtime_error(fmt::format("{}: read error after line {}", path, line_number));
  }
  for (auto& entry : entries) {
    add(std::move(entry.first));
  }
}

void CredentialStore::add(Credential credential) {
  if (credential.access_key.empty() || credential.secret_key.empty()) {
    throw std::invalid_argument("a credential needs an access key and a secret key");
  }
  if (credential.account_id.empty()) {
    credential.account_id = default_account_id_;
  }
  if (!is_account_id(credential.account_id)) {
    throw std::invalid_argument(fmt::format("account id '{}' is not 12 digits", credential.account_id));
  }
  std::string key = credential.access_key;
  by_key_.insert_or_assign(std::move(key), std::move(credential));
}

const Credential* CredentialStore::find(std::string_view access_key) const {
  auto it = by_key_.find(access_key);
  return it == by_key_.end() ? nullptr : &it->second;
}

std::string CredentialStore::account_for_unknown_key(std::string_view access_key) const {
  return is_account_id(access_key) ? std::string(access_key) : default_account_id_;
}

}  // namespace ecsemu::auth
