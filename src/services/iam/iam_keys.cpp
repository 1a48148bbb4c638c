#include "services/iam/iam_keys.hpp"

#include <algorithm>

#include "services/iam/iam_model.hpp"

namespace ecsemu::iam {

namespace {
bool owned_by(const IssuedKey& key, const std::string& lower_user) {
  return lower_user.empty() ? key.root : (!key.user_name.empty() && lower(key.user_name) == lower_user);
}
}  // namespace

IssuedKey* KeyRegistry::find(std::string_view access_key) {
  auto it = keys_.find(access_key);
  return it == keys_.end() ? nullptr : &it->second;
}

const IssuedKey* KeyRegistry::find(std::string_view access_key) const {
  auto it = keys_.find(access_key);
  return it == keys_.end() ? nullptr : &it->second;
}

void KeyRegistry::add(IssuedKey key) {
  std::string id = key.access_key;
  keys_.insert_or_assign(std::move(id), std::move(key));
}

void KeyRegistry::erase(std::string_view access_key) {
  if (auto it = keys_.find(access_key); it != keys_.end()) {
    keys_.erase(it);
  }
}

std::vector<const IssuedKey*> KeyRegistry::user_keys(std::string_view account, std::string_view user_name) const {
  std::vector<const IssuedKey*> out;
  std::string wanted = lower(user_name);
  for (const auto& [id, key] : keys_) {
    if (key.account == account && owned_by(key, wanted)) {
      out.push_back(&key);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->created < b->created; });
  return out;
}

std::vector<IssuedKey*> KeyRegistry::user_keys(std::string_view account, std::string_view user_name) {
  std::vector<IssuedKey*> out;
  std::string wanted = lower(user_name);
  for (auto& [id, key] : keys_) {
    if (key.account == account && owned_by(key, wanted)) {
      out.push_back(&key);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->created < b->created; });
  return out;
}

void KeyRegistry::prune_sessions(double before) {
  for (auto it = keys_.begin(); it != keys_.end();) {
    if (it->second.expiration && *it->second.expiration < before) {
      it = keys_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace ecsemu::iam
