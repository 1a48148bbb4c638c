// The cluster query language subset memberOf constraints use (see ecs_placement.hpp).
#include <cctype>

#include <optional>
#include <string>
#include <vector>
#include "ecsemu/wildcard.hpp"

#include "services/ecs/ecs_placement.hpp"

namespace ecsemu::ecs {
namespace {

std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
    } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',') {
      out.emplace_back(1, c);
      ++i;
    } else if ((c == '=' || c == '!') && i + 1 < text.size() && (text[i + 1] == '=' || text[i + 1] == '~')) {
      out.emplace_back(text.substr(i, 2));
      i += 2;
    } else if (c == '"' || c == '\'') {
      auto end = text.find(c, i + 1);
      if (end == std::string_view::npos) {
        return {"\x01"};  // unterminated quote: malformed
      }
      out.emplace_back(text.substr(i + 1, end - i - 1));
      i = end + 1;
    } else {
      std::size_t start = i;
      while (
          i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0 &&
          std::string_view("()[],").find(text[i]) == std::string_view::npos &&
          !((text[i] == '=' || text[i] == '!') && i + 1 < text.size() && (text[i + 1] == '=' || text[i + 1] == '~'))) {
        ++i;
      }
      out.emplace_back(text.substr(start, i - start));
    }
  }
  return out;
}

class Parser {
 public:
  Parser(std::vector<std::string> tokens, const PlacementCandidate* candidate)
      : tokens_(std::move(tokens)), candidate_(candidate) {}

  std::optional<bool> parse() {
    auto v = expr();
    if (!v || pos_ != tokens_.size()) {
      return std::nullopt;
    }
    return v;
  }

 private:
  bool at(std::string_view word) const { return pos_ < tokens_.size() && tokens_[pos_] == word; }
  bool done() const { return pos_ >= tokens_.size(); }

  std::optional<bool> expr() {
    auto left = term();
    while (left && (at("or") || at("||"))) {
      ++pos_;
      auto right = term();
      if (!right) {
        return std::nullopt;
      }
      left = *left || *right;
    }
    return left;
  }

  std::optional<bool> term() {
    auto left = factor();
    while (left && (at("and") || at("&&"))) {
      ++pos_;
      auto right = factor();
      if (!right) {
        return std::nullopt;
      }
      left = *left && *right;
    }
    return left;
  }

  std::optional<bool> factor() {
    if (at("not") || at("!")) {
      ++pos_;
      auto v = factor();
      return v ? std::optional<bool>(!*v) : std::nullopt;
    }
    if (at("(")) {
      ++pos_;
      auto v = expr();
      if (!v || !at(")")) {
        return std::nullopt;
      }
      ++pos_;
      return v;
    }
    return predicate();
  }

  // The subject's value on the candidate; empty optional when the candidate lacks it.
  std::optional<std::optional<std::string>> subject(const std::string& name) const {
    if (name.rfind("attribute:", 0) == 0 && name.size() > 10) {
      auto it = candidate_->attributes.find(name.substr(10));
      return it == candidate_->attributes.end() ? std::optional<std::string>() : it->second;
    }
    if (name == "ec2InstanceId") {
      return std::optional<std::string>(candidate_->ec2_instance_id);
    }
    if (name == "agentConnected") {
      return std::optional<std::string>(candidate_->agent_connected ? "true" : "false");
    }
    return std::nullopt;  // unknown subject: malformed
  }

  std::optional<std::vector<std::string>> list() {
    if (!at("[")) {
      return std::nullopt;
    }
    ++pos_;
    std::vector<std::string> items;
    while (!done() && !at("]")) {
      items.push_back(tokens_[pos_++]);
      if (at(",")) {
        ++pos_;
      } else if (!at("]")) {
        return std::nullopt;
      }
    }
    if (!at("]") || items.empty()) {
      return std::nullopt;
    }
    ++pos_;
    return items;
  }

  std::optional<bool> predicate() {
    if (done()) {
      return std::nullopt;
    }
    auto value = subject(tokens_[pos_++]);
    if (!value) {
      return std::nullopt;
    }
    bool negate = false;
    if (at("not")) {
      negate = true;
      ++pos_;
    }
    if (at("exists")) {
      ++pos_;
      return value->has_value() != negate;
    }
    if (at("in")) {
      ++pos_;
      auto items = list();
      if (!items) {
        return std::nullopt;
      }
      bool found = false;
      for (const auto& item : *items) {
        found = found || (value->has_value() && ecsemu::wildcard_match(item, **value));
      }
      return found != negate;
    }
    if (negate || done()) {
      return std::nullopt;
    }
    std::string op = tokens_[pos_++];
    if (done() || (op != "==" && op != "!=" && op != "=~")) {
      return std::nullopt;
    }
    std::string rhs = tokens_[pos_++];
    if (rhs == "(" || rhs == ")" || rhs == "[" || rhs == "]" || rhs == ",") {
      return std::nullopt;
    }
    bool match = value->has_value() && (op == "=~" ? ecsemu::wildcard_match(rhs, **value) : **value == rhs);
    return op == "!=" ? !match : match;
  }

  std::vector<std::string> tokens_;
  std::size_t pos_ = 0;
  const PlacementCandidate* candidate_;
};

}  // namespace

std::optional<bool> evaluate_query(std::string_view expression, const PlacementCandidate& candidate) {
  return Parser(tokenize(expression), &candidate).parse();
}

bool valid_query(std::string_view expression) {
  PlacementCandidate probe;
  return evaluate_query(expression, probe).has_value();
}

}  // namespace ecsemu::ecs
