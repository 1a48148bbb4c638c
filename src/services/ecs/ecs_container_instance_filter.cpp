// The cluster query language subset for ListContainerInstances' filter: tokenizer, parser, evaluator.
#include "services/ecs/ecs_container_instance_filter.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

namespace ecsemu::ecs {

namespace {

constexpr std::size_t kMaxFilterLength = 1024;
constexpr int kMaxDepth = 32;

enum class Op { Eq, Ne, Gt, Ge, Lt, Le, Exists, NotExists, In, NotIn, Matches, NotMatches };

struct Token {
  enum Kind { Word, Quoted, Symbol, LParen, RParen, Comma, End } kind;
  std::string text;
};

bool symbol_char(char c) { return c == '=' || c == '!' || c == '<' || c == '>' || c == '~' || c == '&' || c == '|'; }

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '(') {
      out.push_back({Token::LParen, "("});
      ++i;
    } else if (c == ')') {
      out.push_back({Token::RParen, ")"});
      ++i;
    } else if (c == ',') {
      out.push_back({Token::Comma, ","});
      ++i;
    } else if (c == '"' || c == '\'') {
      auto end = text.find(c, i + 1);
      if (end == std::string_view::npos) {
        throw FilterError("unterminated quoted string");
      }
      out.push_back({Token::Quoted, std::string(text.substr(i + 1, end - i - 1))});
      i = end + 1;
    } else if (symbol_char(c)) {
      std::size_t start = i;
      while (i < text.size() && symbol_char(text[i])) {
        ++i;
      }
      out.push_back({Token::Symbol, std::string(text.substr(start, i - start))});
    } else {
      std::size_t start = i;
      while (i < text.size() && !symbol_char(text[i]) && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
             text[i] != '\r' && text[i] != '(' && text[i] != ')' && text[i] != ',' && text[i] != '"' &&
             text[i] != '\'') {
        ++i;
      }
      out.push_back({Token::Word, std::string(text.substr(start, i - start))});
    }
  }
  out.push_back({Token::End, ""});
  return out;
}

bool known_subject(std::string_view s) {
  if (s.rfind("attribute:", 0) == 0) {
    return s.size() > 10;
  }
  return s == "agentConnected" || s == "agentVersion" || s == "ec2InstanceId" || s == "registeredAt" ||
         s == "runningTasksCount" || s == "task:group";
}

bool to_number(std::string_view s, double& out) {
  if (s.empty()) {
    return false;
  }
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Negative, zero or positive as a < b, a == b, a > b: numbers numerically, dates as dates, else as text.
int compare_values(std::string_view subject, std::string_view value, std::string_view argument) {
  double a = 0;
  double b = 0;
  if (subject == "registeredAt" && to_number(value, a) && parse_filter_date(argument, b)) {
    return a < b ? -1 : (a > b ? 1 : 0);
  }
  if (to_number(value, a) && to_number(argument, b)) {
    return a < b ? -1 : (a > b ? 1 : 0);
  }
  int c = value.compare(argument);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

struct InstanceFilter::Node {
  enum Kind { And, Or, Not, Condition } kind = Condition;
  std::vector<std::unique_ptr<Node>> children;
  std::string subject;
  Op op = Op::Eq;
  std::vector<std::string> arguments;
};

namespace {

using Node = InstanceFilter::Node;

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  std::unique_ptr<Node> parse() {
    auto root = expression(0);
    if (peek().kind != Token::End) {
      throw FilterError(fmt::format("unexpected '{}'", peek().text));
    }
    return root;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  Token next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool keyword(std::string_view word, std::string_view symbol) const {
    const Token& t = peek();
    return (t.kind == Token::Word && t.text == word) || (t.kind == Token::Symbol && t.text == symbol);
  }

  std::unique_ptr<Node> combine(Node::Kind kind, std::unique_ptr<Node> left, std::unique_ptr<Node> right) {
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return node;
  }

  std::unique_ptr<Node> expression(int depth) {
    auto left = term(depth);
    while (keyword("or", "||")) {
      next();
      left = combine(Node::Or, std::move(left), term(depth));
    }
    return left;
  }

  std::unique_ptr<Node> term(int depth) {
    auto left = factor(depth);
    while (keyword("and", "&&")) {
      next();
      left = combine(Node::And, std::move(left), factor(depth));
    }
    return left;
  }

  std::unique_ptr<Node> factor(int depth) {
    if (depth > kMaxDepth) {
      throw FilterError("the expression is nested too deeply");
    }
    if (keyword("not", "!")) {
      next();
      auto node = std::make_unique<Node>();
      node->kind = Node::Not;
      node->children.push_back(factor(depth + 1));
      return node;
    }
    if (peek().kind == Token::LParen) {
      next();
      auto inner = expression(depth + 1);
      if (next().kind != Token::RParen) {
        throw FilterError("missing ')'");
      }
      return inner;
    }
    return condition();
  }

  Op op() {
    Token t = next();
    if (t.kind != Token::Word && t.kind != Token::Symbol) {
      throw FilterError(fmt::format("expected an operator, found '{}'", t.text));
    }
    std::string name = t.text;
    // "!exists" and "!in" arrive as the symbol "!" and a word.
    if (t.kind == Token::Symbol && name == "!" && peek().kind == Token::Word &&
        (peek().text == "exists" || peek().text == "in")) {
      name += next().text;
    }
    static constexpr std::pair<std::string_view, Op> kOperators[] = {
        {"==", Op::Eq},
        {"equals", Op::Eq},
        {"!=", Op::Ne},
        {"not_equals", Op::Ne},
        {">", Op::Gt},
        {"greater_than", Op::Gt},
        {">=", Op::Ge},
        {"greater_than_equal", Op::Ge},
        {"<", Op::Lt},
        {"less_than", Op::Lt},
        {"<=", Op::Le},
        {"less_than_equal", Op::Le},
        {"exists", Op::Exists},
        {"!exists", Op::NotExists},
        {"not_exists", Op::NotExists},
        {"in", Op::In},
        {"!in", Op::NotIn},
        {"not_in", Op::NotIn},
        {"=~", Op::Matches},
        {"matches", Op::Matches},
        {"!~", Op::NotMatches},
        {"not_matches", Op::NotMatches},
    };
    for (const auto& [spelling, value] : kOperators) {
      if (name == spelling) {
        return value;
      }
    }
    throw FilterError(fmt::format("unknown operator '{}'", name));
  }

  std::string argument() {
    Token t = next();
    if (t.kind != Token::Word && t.kind != Token::Quoted) {
      throw FilterError(fmt::format("expected a value, found '{}'", t.text));
    }
    return t.text;
  }

  std::unique_ptr<Node> condition() {
    Token subject = next();
    if (subject.kind != Token::Word) {
      throw FilterError(subject.kind == Token::End ? std::string("unexpected end of expression")
                                                   : fmt::format("unexpected '{}'", subject.text));
    }
    if (!known_subject(subject.text)) {
      throw FilterError(fmt::format("unknown subject '{}'", subject.text));
    }
    auto node = std::make_unique<Node>();
    node->subject = subject.text;
    node->op = op();
    if (node->op == Op::Exists || node->op == Op::NotExists) {
      return node;
    }
    if (node->op == Op::In || node->op == Op::NotIn) {
      if (next().kind != Token::LParen) {
        throw FilterError("'in' takes a parenthesised list of values");
      }
      node->arguments.push_back(argument());
      while (peek().kind == Token::Comma) {
        next();
        node->arguments.push_back(argument());
      }
      if (next().kind != Token::RParen) {
        throw FilterError("missing ')' after the list of values");
      }
      return node;
    }
    node->arguments.push_back(argument());
    return node;
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

bool evaluate(const Node& node, const SubjectLookup& lookup) {
  switch (node.kind) {
    case Node::And:
      return evaluate(*node.children[0], lookup) && evaluate(*node.children[1], lookup);
    case Node::Or:
      return evaluate(*node.children[0], lookup) || evaluate(*node.children[1], lookup);
    case Node::Not:
      return !evaluate(*node.children[0], lookup);
    case Node::Condition:
      break;
  }
  std::vector<std::string> values = lookup(node.subject);
  auto any = [&](auto&& pred) { return std::any_of(values.begin(), values.end(), pred); };
  const std::string& arg = node.arguments.empty() ? std::string() : node.arguments.front();
  auto in_list = [&](const std::string& v) {
    return std::any_of(node.arguments.begin(), node.arguments.end(),
                       [&](const std::string& a) { return compare_values(node.subject, v, a) == 0; });
  };
  switch (node.op) {
    case Op::Eq:
      return any([&](const std::string& v) { return compare_values(node.subject, v, arg) == 0; });
    case Op::Ne:
      return !any([&](const std::string& v) { return compare_values(node.subject, v, arg) == 0; });
    case Op::Gt:
      return any([&](const std::string& v) { return compare_values(node.subject, v, arg) > 0; });
    case Op::Ge:
      return any([&](const std::string& v) { return compare_values(node.subject, v, arg) >= 0; });
    case Op::Lt:
      return any([&](const std::string& v) { return compare_values(node.subject, v, arg) < 0; });
    case Op::Le:
      return any([&](const std::string& v) { return compare_values(node.subject, v, arg) <= 0; });
    case Op::Exists:
      return !values.empty();
    case Op::NotExists:
      return values.empty();
    case Op::In:
      return any(in_list);
    case Op::NotIn:
      return !any(in_list);
    case Op::Matches:
      return any([&](const std::string& v) { return filter_pattern_matches(arg, v); });
    case Op::NotMatches:
      return !any([&](const std::string& v) { return filter_pattern_matches(arg, v); });
  }
  return false;
}

}  // namespace

InstanceFilter::InstanceFilter(std::unique_ptr<Node> root) : root_(std::move(root)) {}
InstanceFilter::InstanceFilter(InstanceFilter&&) noexcept = default;
InstanceFilter& InstanceFilter::operator=(InstanceFilter&&) noexcept = default;
InstanceFilter::~InstanceFilter() = default;

InstanceFilter InstanceFilter::parse(std::string_view text) {
  if (text.size() > kMaxFilterLength) {
    throw FilterError(fmt::format("the expression is longer than {} characters", kMaxFilterLength));
  }
  Parser parser(tokenize(text));
  return InstanceFilter(parser.parse());
}

bool InstanceFilter::matches(const SubjectLookup& lookup) const { return evaluate(*root_, lookup); }

bool filter_pattern_matches(std::string_view pattern, std::string_view value) {
  // Compile to atoms (a literal or any character) with an optional '*' or '?' ("x+" becomes "xx*"), then
  // simulate the NFA: O(pattern * value), no backtracking.
  struct Atom {
    bool any = false;
    char c = 0;
    char quant = 0;  // 0, '*', '?'
  };
  std::vector<Atom> atoms;
  bool quantified = false;  // the last atom already has a quantifier
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if ((c == '*' || c == '+' || c == '?') && !atoms.empty() && !quantified) {
      if (c == '+') {
        Atom repeat = atoms.back();
        repeat.quant = '*';
        atoms.push_back(repeat);
      } else {
        atoms.back().quant = c;
      }
      quantified = true;
      continue;
    }
    quantified = false;
    Atom atom;
    if (c == '\\' && i + 1 < pattern.size()) {
      atom.c = pattern[++i];
    } else if (c == '.') {
      atom.any = true;
    } else {
      atom.c = c;
    }
    atoms.push_back(atom);
  }
  const std::size_t n = atoms.size();
  // states[k]: atom k is the next to match; state n accepts. Optional atoms can be skipped.
  auto closure = [&](std::vector<char>& states) {
    for (std::size_t k = 0; k < n; ++k) {
      if (states[k] && atoms[k].quant != 0) {
        states[k + 1] = 1;
      }
    }
  };
  std::vector<char> states(n + 1, 0);
  states[0] = 1;
  closure(states);
  for (char ch : value) {
    std::vector<char> next(n + 1, 0);
    bool alive = false;
    for (std::size_t k = 0; k < n; ++k) {
      if (!states[k] || !(atoms[k].any || atoms[k].c == ch)) {
        continue;
      }
      if (atoms[k].quant == '*') {
        next[k] = 1;
      }
      next[k + 1] = 1;
      alive = true;
    }
    if (!alive) {
      return false;
    }
    closure(next);
    states = std::move(next);
  }
  return states[n] != 0;
}

bool parse_filter_date(std::string_view text, double& seconds) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  auto num = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > text.size()) {
      return false;
    }
    auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
    return ec == std::errc() && ptr == text.data() + pos + len;
  };
  if (text.size() < 10 || !num(0, 4, y) || text[4] != '-' || !num(5, 2, mo) || text[7] != '-' || !num(8, 2, d)) {
    return false;
  }
  if (text.size() > 10) {
    std::string_view rest = text.substr(10);
    if (rest.back() == 'Z') {
      rest.remove_suffix(1);
    }
    if (rest.size() != 9 || (rest[0] != 'T' && rest[0] != ' ') || !num(11, 2, h) || rest[3] != ':' || !num(14, 2, mi) ||
        rest[6] != ':' || !num(17, 2, s)) {
      return false;
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return false;
  }
  // Days from civil (Howard Hinnant's algorithm).
  int yy = y - (mo <= 2 ? 1 : 0);
  int era = (yy >= 0 ? yy : yy - 399) / 400;
  int yoe = yy - era * 400;
  int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  std::int64_t days = static_cast<std::int64_t>(era) * 146097 + doe - 719468;
  seconds = static_cast<double>(days * 86400 + h * 3600 + mi * 60 + s);
  return true;
}

}  // namespace ecsemu::ecs
