#include "aws/pagination.hpp"

namespace ecsemu::aws {

namespace {
constexpr std::string_view kPrefix = "ecsemu1.";
constexpr char kHex[] = "0123456789abcdef";

int unhex(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  return -1;
}
}  // namespace

std::string encode_page_token(std::string_view last_key) {
  std::string out(kPrefix);
  out.reserve(kPrefix.size() + last_key.size() * 2);
  for (unsigned char c : last_key) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

std::optional<std::string> decode_page_token(std::string_view token) {
  if (token.substr(0, kPrefix.size()) != kPrefix || (token.size() - kPrefix.size()) % 2 != 0) {
    return std::nullopt;
  }
  std::string out;
  for (std::size_t i = kPrefix.size(); i < token.size(); i += 2) {
    int hi = unhex(token[i]);
    int lo = unhex(token[i + 1]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

}  // namespace ecsemu::aws

namespace ecsemu::aws {

Pager::Pager(std::optional<std::string_view> token, std::size_t limit) : limit_(limit) {
  if (token && !token->empty()) {
    after_ = decode_page_token(*token);
    valid_ = after_.has_value();
  }
}

Pager::Step Pager::step(std::string_view key) {
  if (after_ && key <= std::string_view(*after_)) {
    return Step::Skip;
  }
  if (limit_ != 0 && taken_ >= limit_) {
    more_ = true;
    return Step::Full;
  }
  ++taken_;
  last_.assign(key);
  return Step::Take;
}

}  // namespace ecsemu::aws
