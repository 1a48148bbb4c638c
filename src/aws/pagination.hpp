#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace ecsemu::aws {

// Opaque, stable pagination tokens: a token names the last key a page returned, so later pages stay right
// when items are added or removed in between. Callers list items in key order and resume after the key.
std::string encode_page_token(std::string_view last_key);
// Empty optional for a token this server did not issue.
std::optional<std::string> decode_page_token(std::string_view token);

// The one paginator of every service. Walk the candidates in key order, skip those that do not match the
// request's filters, and ask the pager for each one that does:
//
//   aws::Pager pager(in.opt_str("nextToken"), limit);
//   if (!pager.valid()) { throw errors::invalid_token(); }       // each service's own error
//   for (const auto& [key, item] : items) {                      // from pager.after() on, when it helps
//     if (!matches(item)) { continue; }
//     auto step = pager.step(key);
//     if (step == aws::Pager::Step::Skip) { continue; }
//     if (step == aws::Pager::Step::Full) { break; }
//     out.push_back(view(item));
//   }
//   if (pager.more()) { result["nextToken"] = pager.next_token(); }
//
// or, the same in two statements:
//
//   json::object result{{"Items", pager.take(items, key_of, matches, view)}};
//   pager.finish(result, "nextToken");
//
// A next token is given only when a further matching item exists, as AWS does (no empty last page).
class Pager {
 public:
  enum class Step { Skip, Take, Full };

  // `token`: the request's token (absent or empty: the first page); `limit`: the page size (0 = no limit).
  Pager(std::optional<std::string_view> token, std::size_t limit);

  // False when the token was not issued by this server.
  bool valid() const { return valid_; }
  // The key the previous page ended at (to start a search with upper_bound), if any.
  const std::optional<std::string>& after() const { return after_; }
  // Where `key` (of a matching item, keys ascending) falls: before the page, in it, or after a full page.
  Step step(std::string_view key);
  // Whether a matching item was left for a later page.
  bool more() const { return more_; }
  // The token of the next page (meaningful when more()).
  std::string next_token() const { return encode_page_token(last_); }
  std::size_t taken() const { return taken_; }

  // One page of `items` (matching, in key order) by `key(item)`; sets more() and next_token().
  template <typename T, typename KeyFn>
  std::vector<T> page(std::vector<T> items, KeyFn key);
  // This page of `items` (in ascending key_of order): those `keep` accepts, each shown by `show`.
  template <typename Items, typename KeyOf, typename Keep, typename Show>
  boost::json::array take(const Items& items, KeyOf key_of, Keep keep, Show show);
  // Adds the next page's token under `member` when there is one.
  void finish(boost::json::object& out, std::string_view member) const {
    if (more_) {
      out[member] = next_token();
    }
  }

 private:
  std::optional<std::string> after_;
  std::size_t limit_;
  std::size_t taken_ = 0;
  std::string last_;
  bool valid_ = true;
  bool more_ = false;
};

template <typename T, typename KeyFn>
std::vector<T> Pager::page(std::vector<T> items, KeyFn key) {
  std::vector<T> out;
  for (auto& item : items) {
    Step s = step(key(item));
    if (s == Step::Skip) {
      continue;
    }
    if (s == Step::Full) {
      break;
    }
    out.push_back(std::move(item));
  }
  return out;
}

template <typename Items, typename KeyOf, typename Keep, typename Show>
boost::json::array Pager::take(const Items& items, KeyOf key_of, Keep keep, Show show) {
  boost::json::array out;
  for (const auto& item : items) {
    if (!keep(item)) {
      continue;
    }
    Step s = step(key_of(item));
    if (s == Step::Skip) {
      continue;
    }
    if (s == Step::Full) {
      break;
    }
    out.push_back(show(item));
  }
  return out;
}

// Keys and views for take() over a map or a vector of (key, item) pairs.
inline constexpr auto first_key = [](const auto& entry) -> std::string_view { return entry.first; };
inline constexpr auto every = [](const auto&) { return true; };

}  // namespace ecsemu::aws
