#include "services/logs/logs_filter_pattern.hpp"

#include "ecsemu/wildcard.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <regex>

#include <fmt/format.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "ecsemu/aws/service_error.hpp"

namespace ecsemu::logs {

namespace json = boost::json;

namespace {

[[noreturn]] void invalid(std::string message = "Invalid filter pattern") {
  throw aws::ServiceError("InvalidParameterException", std::move(message));
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::optional<double> parse_number(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  std::string copy(text);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) {
    return std::nullopt;
  }
  return v;
}

// %regex%: CloudWatch's subset (no groups), run with std::regex.
std::shared_ptr<const std::regex> compile_regex(std::string_view body) {
  if (body.empty() || body.find_first_of("()") != std::string_view::npos) {
    invalid();
  }
  try {
    return std::make_shared<const std::regex>(std::string(body), std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    invalid();
  }
}

// A right-hand side: a number, a string (with * wildcards) or a regex.
struct Value {
  enum class Kind { Number, String, Regex } kind = Kind::String;
  double number = 0;
  std::string text;
  std::shared_ptr<const std::regex> regex;

  bool matches_text(std::string_view s) const {
    if (kind == Kind::Regex) {
      return std::regex_search(s.begin(), s.end(), *regex);
    }
    return ecsemu::wildcard_match(text, s);
  }
};

enum class Op { Eq, Ne, Lt, Le, Gt, Ge, IsTrue, IsFalse, IsNull, NotExists };

struct PathStep {
  std::string key;  // empty for an index step
  long index = -1;  // -1 with empty key: [*]
  bool is_index = false;
};

struct Expr {
  enum class Kind { Leaf, And, Or } kind = Kind::Leaf;
  std::string field;
  std::vector<PathStep> path;
  Op op = Op::Eq;
  Value value;
  std::vector<Expr> kids;
};

struct Term {
  enum class Kind { Required, Optional, Excluded } kind = Kind::Required;
  std::string text;
  std::shared_ptr<const std::regex> regex;

  bool found_in(std::string_view message) const {
    if (regex) {
      return std::regex_search(message.begin(), message.end(), *regex);
    }
    return message.find(text) != std::string_view::npos;
  }
};

struct DelimitedField {
  bool ellipsis = false;
  std::string name;
  std::optional<Expr> condition;
};

// ---- expression lexer/parser shared by JSON and delimited patterns ----

struct Token {
  enum class Kind { Word, String, Regex, LParen, RParen, And, Or, Op, End } kind = Kind::End;
  std::string text;
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token next() {
    while (pos_ < text_.size() && is_space(text_[pos_])) {
      ++pos_;
    }
    if (pos_ >= text_.size()) {
      return {Token::Kind::End, ""};
    }
    char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      return {Token::Kind::LParen, "("};
    }
    if (c == ')') {
      ++pos_;
      return {Token::Kind::RParen, ")"};
    }
    if (text_.substr(pos_, 2) == "&&") {
      pos_ += 2;
      return {Token::Kind::And, "&&"};
    }
    if (text_.substr(pos_, 2) == "||") {
      pos_ += 2;
      return {Token::Kind::Or, "||"};
    }
    for (std::string_view op : {"!=", "<=", ">=", "=", "<", ">"}) {
      if (text_.substr(pos_, op.size()) == op) {
        pos_ += op.size();
        return {Token::Kind::Op, std::string(op)};
      }
    }
    if (c == '"') {
      std::string out;
      ++pos_;
      while (pos_ < text_.size() && text_[pos_] != '"') {
        if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
          ++pos_;
        }
        out.push_back(text_[pos_++]);
      }
      if (pos_ >= text_.size()) {
        invalid();
      }
      ++pos_;
      return {Token::Kind::String, out};
    }
    if (c == '%') {
      std::size_t end = text_.find('%', pos_ + 1);
      if (end == std::string_view::npos) {
        invalid();
      }
      std::string body(text_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      return {Token::Kind::Regex, body};
    }
    if (c == '&' || c == '|' || c == '!') {
      invalid();
    }
    std::size_t start = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_]) &&
           std::string_view("()=!<>&|\"%").find(text_[pos_]) == std::string_view::npos) {
      ++pos_;
    }
    return {Token::Kind::Word, std::string(text_.substr(start, pos_ - start))};
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

std::vector<PathStep> parse_selector(std::string_view s) {
  if (s.empty() || s[0] != '$') {
    invalid();
  }
  std::vector<PathStep> path;
  std::size_t i = 1;
  auto ident_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '@' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  while (i < s.size()) {
    if (s[i] == '.') {
      std::size_t start = ++i;
      while (i < s.size() && ident_char(s[i])) {
        ++i;
      }
      if (i == start) {
        invalid();
      }
      path.push_back({std::string(s.substr(start, i - start)), -1, false});
    } else if (s[i] == '[') {
      std::size_t end = s.find(']', i);
      if (end == std::string_view::npos) {
        invalid();
      }
      std::string_view inside = s.substr(i + 1, end - i - 1);
      PathStep step;
      step.is_index = true;
      if (inside != "*") {
        long n = 0;
        auto [p, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), n);
        if (ec != std::errc() || p != inside.data() + inside.size() || n < 0) {
          invalid();
        }
        step.index = n;
      }
      path.push_back(step);
      i = end + 1;
    } else {
      invalid();
    }
  }
  return path;
}

class ExprParser {
 public:
  ExprParser(std::string_view text, bool json) : lexer_(text), json_(json) { advance(); }

  Expr parse_all() {
    Expr e = parse_or();
    if (tok_.kind != Token::Kind::End) {
      invalid();
    }
    return e;
  }

 private:
  void advance() { tok_ = lexer_.next(); }

  Expr parse_or() {
    Expr left = parse_and();
    if (tok_.kind != Token::Kind::Or) {
      return left;
    }
    Expr node;
    node.kind = Expr::Kind::Or;
    node.kids.push_back(std::move(left));
    while (tok_.kind == Token::Kind::Or) {
      advance();
      node.kids.push_back(parse_and());
    }
    return node;
  }

  Expr parse_and() {
    Expr left = parse_unary();
    if (tok_.kind != Token::Kind::And) {
      return left;
    }
    Expr node;
    node.kind = Expr::Kind::And;
    node.kids.push_back(std::move(left));
    while (tok_.kind == Token::Kind::And) {
      advance();
      node.kids.push_back(parse_unary());
    }
    return node;
  }

  Expr parse_unary() {
    if (tok_.kind == Token::Kind::LParen) {
      advance();
      Expr inner = parse_or();
      if (tok_.kind != Token::Kind::RParen) {
        invalid();
      }
      advance();
      return inner;
    }
    return parse_comparison();
  }

  Expr parse_comparison() {
    if (tok_.kind != Token::Kind::Word) {
      invalid();
    }
    Expr leaf;
    leaf.field = tok_.text;
    if (json_) {
      leaf.path = parse_selector(leaf.field);
    }
    advance();
    if (tok_.kind == Token::Kind::Word && json_ && (tok_.text == "IS" || tok_.text == "NOT")) {
      std::string first = tok_.text;
      advance();
      if (tok_.kind != Token::Kind::Word) {
        invalid();
      }
      std::string second = tok_.text;
      advance();
      if (first == "IS" && second == "TRUE") {
        leaf.op = Op::IsTrue;
      } else if (first == "IS" && second == "FALSE") {
        leaf.op = Op::IsFalse;
      } else if (first == "IS" && second == "NULL") {
        leaf.op = Op::IsNull;
      } else if (first == "NOT" && second == "EXISTS") {
        leaf.op = Op::NotExists;
      } else {
        invalid();
      }
      return leaf;
    }
    if (tok_.kind != Token::Kind::Op) {
      invalid();
    }
    std::string op = tok_.text;
    leaf.op = op == "="    ? Op::Eq
              : op == "!=" ? Op::Ne
              : op == "<"  ? Op::Lt
              : op == "<=" ? Op::Le
              : op == ">"  ? Op::Gt
                           : Op::Ge;
    advance();
    if (tok_.kind == Token::Kind::String) {
      leaf.value.kind = Value::Kind::String;
      leaf.value.text = tok_.text;
    } else if (tok_.kind == Token::Kind::Regex) {
      leaf.value.kind = Value::Kind::Regex;
      leaf.value.regex = compile_regex(tok_.text);
    } else if (tok_.kind == Token::Kind::Word) {
      if (auto n = parse_number(tok_.text)) {
        leaf.value.kind = Value::Kind::Number;
        leaf.value.number = *n;
      } else {
        leaf.value.kind = Value::Kind::String;
        leaf.value.text = tok_.text;
      }
    } else {
      invalid();
    }
    bool numeric_op = leaf.op != Op::Eq && leaf.op != Op::Ne;
    if (numeric_op && leaf.value.kind != Value::Kind::Number) {
      invalid();
    }
    advance();
    return leaf;
  }

  Lexer lexer_;
  bool json_;
  Token tok_;
};

bool compare_number(Op op, double lhs, double rhs) {
  switch (op) {
    case Op::Eq:
      return lhs == rhs;
    case Op::Ne:
      return lhs != rhs;
    case Op::Lt:
      return lhs < rhs;
    case Op::Le:
      return lhs <= rhs;
    case Op::Gt:
      return lhs > rhs;
    case Op::Ge:
      return lhs >= rhs;
    default:
      return false;
  }
}

// Does one JSON value satisfy a leaf?
bool json_leaf_value(const Expr& leaf, const json::value& v) {
  switch (leaf.op) {
    case Op::IsTrue:
      return v.is_bool() && v.get_bool();
    case Op::IsFalse:
      return v.is_bool() && !v.get_bool();
    case Op::IsNull:
      return v.is_null();
    case Op::NotExists:
      return false;
    default:
      break;
  }
  bool equal = false;
  if (leaf.value.kind == Value::Kind::Number) {
    if (!v.is_number()) {
      return false;
    }
    double d = v.to_number<double>();
    if (leaf.op != Op::Eq && leaf.op != Op::Ne) {
      return compare_number(leaf.op, d, leaf.value.number);
    }
    equal = d == leaf.value.number;
  } else {
    if (!v.is_string()) {
      return false;
    }
    const json::string& s = v.get_string();
    equal = leaf.value.matches_text(std::string_view(s.data(), s.size()));
  }
  return leaf.op == Op::Eq ? equal : !equal;
}

void resolve(const json::value& at, const std::vector<PathStep>& path, std::size_t i,
             std::vector<const json::value*>& out) {
  if (i == path.size()) {
    out.push_back(&at);
    return;
  }
  const PathStep& step = path[i];
  if (!step.is_index) {
    if (const auto* obj = at.if_object()) {
      if (const auto* next = obj->if_contains(step.key)) {
        resolve(*next, path, i + 1, out);
      }
    }
    return;
  }
  const auto* arr = at.if_array();
  if (arr == nullptr) {
    return;
  }
  if (step.index < 0) {
    for (const auto& item : *arr) {
      resolve(item, path, i + 1, out);
    }
  } else if (static_cast<std::size_t>(step.index) < arr->size()) {
    resolve((*arr)[static_cast<std::size_t>(step.index)], path, i + 1, out);
  }
}

bool eval_json(const Expr& e, const json::value& doc) {
  switch (e.kind) {
    case Expr::Kind::And:
      for (const auto& k : e.kids) {
        if (!eval_json(k, doc)) {
          return false;
        }
      }
      return true;
    case Expr::Kind::Or:
      for (const auto& k : e.kids) {
        if (eval_json(k, doc)) {
          return true;
        }
      }
      return false;
    case Expr::Kind::Leaf:
      break;
  }
  std::vector<const json::value*> found;
  resolve(doc, e.path, 0, found);
  if (e.op == Op::NotExists) {
    return found.empty();
  }
  for (const json::value* v : found) {
    if (json_leaf_value(e, *v)) {
      return true;
    }
  }
  return false;
}

using Bindings = std::map<std::string, std::string_view, std::less<>>;

bool eval_delimited(const Expr& e, const Bindings& bound) {
  switch (e.kind) {
    case Expr::Kind::And:
      for (const auto& k : e.kids) {
        if (!eval_delimited(k, bound)) {
          return false;
        }
      }
      return true;
    case Expr::Kind::Or:
      for (const auto& k : e.kids) {
        if (eval_delimited(k, bound)) {
          return true;
        }
      }
      return false;
    case Expr::Kind::Leaf:
      break;
  }
  auto it = bound.find(e.field);
  if (it == bound.end()) {
    return false;
  }
  std::string_view text = it->second;
  bool equal = false;
  if (e.value.kind == Value::Kind::Number) {
    auto n = parse_number(text);
    if (!n) {
      return e.op == Op::Ne;
    }
    if (e.op != Op::Eq && e.op != Op::Ne) {
      return compare_number(e.op, *n, e.value.number);
    }
    equal = *n == e.value.number;
  } else {
    equal = e.value.matches_text(text);
  }
  return e.op == Op::Eq ? equal : !equal;
}

// Splits a message into space-delimited fields; "quoted" and [bracketed] runs are one field each.
std::vector<std::string_view> split_fields(std::string_view message) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < message.size()) {
    while (i < message.size() && is_space(message[i])) {
      ++i;
    }
    if (i >= message.size()) {
      break;
    }
    char close = message[i] == '"' ? '"' : message[i] == '[' ? ']' : '\0';
    if (close != '\0') {
      std::size_t end = message.find(close, i + 1);
      if (end != std::string_view::npos) {
        out.push_back(message.substr(i + 1, end - i - 1));
        i = end + 1;
        continue;
      }
    }
    std::size_t start = i;
    while (i < message.size() && !is_space(message[i])) {
      ++i;
    }
    out.push_back(message.substr(start, i - start));
  }
  return out;
}

bool align(const std::vector<DelimitedField>& fields, std::size_t fi, const std::vector<std::string_view>& values,
           std::size_t vi, Bindings& bound) {
  if (fi == fields.size()) {
    return vi == values.size();
  }
  const DelimitedField& f = fields[fi];
  if (f.ellipsis) {
    for (std::size_t k = vi; k <= values.size(); ++k) {
      if (align(fields, fi + 1, values, k, bound)) {
        return true;
      }
    }
    return false;
  }
  if (vi >= values.size()) {
    return false;
  }
  bound[f.name] = values[vi];
  if (f.condition && !eval_delimited(*f.condition, bound)) {
    bound.erase(f.name);
    return false;
  }
  if (align(fields, fi + 1, values, vi + 1, bound)) {
    return true;
  }
  bound.erase(f.name);
  return false;
}

// Splits "a, b = 1, c" at top-level commas (outside quotes and %regex%).
std::vector<std::string_view> split_commas(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  char quote = '\0';
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote != '\0') {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = '\0';
      }
    } else if (c == '"' || c == '%') {
      quote = c;
    } else if (c == ',') {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  if (quote != '\0') {
    invalid();
  }
  parts.push_back(s.substr(start));
  return parts;
}

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$'; }

std::vector<Term> parse_terms(std::string_view text) {
  std::vector<Term> terms;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) {
      ++i;
    }
    if (i >= text.size()) {
      break;
    }
    Term term;
    std::size_t token_start = i;
    if (text[i] == '?' || text[i] == '-') {
      term.kind = text[i] == '?' ? Term::Kind::Optional : Term::Kind::Excluded;
      ++i;
    }
    if (i < text.size() && text[i] == '"') {
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) {
          ++i;
        }
        term.text.push_back(text[i++]);
      }
      if (i >= text.size()) {
        invalid();
      }
      ++i;
    } else if (i < text.size() && text[i] == '%') {
      std::size_t end = text.find('%', i + 1);
      if (end == std::string_view::npos) {
        invalid();
      }
      term.regex = compile_regex(text.substr(i + 1, end - i - 1));
      i = end + 1;
    } else {
      std::size_t start = i;
      while (i < text.size() && !is_space(text[i])) {
        ++i;
      }
      std::string_view word = text.substr(start, i - start);
      bool ok = !word.empty();
      for (char c : word) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || static_cast<unsigned char>(c) >= 0x80)) {
          ok = false;
        }
      }
      if (!ok) {
        invalid(fmt::format("Invalid character(s) in term '{}'", text.substr(token_start, i - token_start)));
      }
      term.text = std::string(word);
    }
    terms.push_back(std::move(term));
  }
  return terms;
}

}  // namespace

struct FilterPattern::Node {
  enum class Kind { Terms, Json, Delimited } kind = Kind::Terms;
  std::vector<Term> terms;
  Expr json;
  std::vector<DelimitedField> fields;
};

FilterPattern FilterPattern::parse(std::string_view text) {
  FilterPattern out;
  std::string_view t = trim(text);
  if (t.empty()) {
    return out;
  }
  auto node = std::make_shared<Node>();
  if (t.front() == '{') {
    if (t.back() != '}') {
      invalid("If a filter pattern starts with '{' it must end with '}'");
    }
    node->kind = Node::Kind::Json;
    node->json = ExprParser(t.substr(1, t.size() - 2), true).parse_all();
  } else if (t.front() == '[') {
    if (t.back() != ']') {
      invalid("If a filter pattern starts with '[' it must end with ']'");
    }
    node->kind = Node::Kind::Delimited;
    for (std::string_view part : split_commas(t.substr(1, t.size() - 2))) {
      part = trim(part);
      DelimitedField field;
      if (part == "...") {
        field.ellipsis = true;
      } else {
        std::size_t n = 0;
        while (n < part.size() && name_char(part[n])) {
          ++n;
        }
        if (n == 0) {
          invalid();
        }
        field.name = std::string(part.substr(0, n));
        if (!trim(part.substr(n)).empty()) {
          field.condition = ExprParser(part, false).parse_all();
        }
      }
      node->fields.push_back(std::move(field));
    }
  } else {
    node->kind = Node::Kind::Terms;
    node->terms = parse_terms(t);
  }
  out.root_ = std::move(node);
  return out;
}

bool FilterPattern::match(std::string_view message, Extracted* extracted) const {
  if (!root_) {
    return true;
  }
  switch (root_->kind) {
    case Node::Kind::Terms: {
      bool any_optional = false;
      bool optional_found = false;
      for (const Term& term : root_->terms) {
        bool found = term.found_in(message);
        switch (term.kind) {
          case Term::Kind::Required:
            if (!found) {
              return false;
            }
            break;
          case Term::Kind::Excluded:
            if (found) {
              return false;
            }
            break;
          case Term::Kind::Optional:
            any_optional = true;
            optional_found = optional_found || found;
            break;
        }
      }
      return !any_optional || optional_found;
    }
    case Node::Kind::Json: {
      boost::system::error_code ec;
      json::value doc = json::parse(message, ec);
      if (ec || !doc.is_object()) {
        return false;
      }
      return eval_json(root_->json, doc);
    }
    case Node::Kind::Delimited: {
      std::vector<std::string_view> values = split_fields(message);
      Bindings bound;
      if (!align(root_->fields, 0, values, 0, bound)) {
        return false;
      }
      if (extracted != nullptr) {
        for (const auto& [name, value] : bound) {
          extracted->emplace_back("$" + name, std::string(value));
        }
      }
      return true;
    }
  }
  return false;
}

}  // namespace ecsemu::logs
