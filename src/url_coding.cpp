#include "ecsemu/url_coding.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/grammar/lut_chars.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace ecsemu {

namespace urls = boost::urls;

namespace {

// `text` with every '%' that starts no valid escape written as "%25", so that Boost.URL accepts it.
std::string escape_stray_percents(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool escape = i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 && hex_digit(text[i + 2]) >= 0;
    if (text[i] == '%' && !escape) {
      out += "%25";
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

constexpr urls::grammar::lut_chars kUnreservedAndSlash = urls::unreserved_chars + '/';

}  // namespace

int hex_digit(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

std::string url_decode(std::string_view text, bool plus_as_space) {
  urls::encoding_opts opts;
  opts.space_as_plus = plus_as_space;
  auto view = urls::make_pct_string_view(urls::string_view(text.data(), text.size()));
  if (view) {
    return view->decode(opts);
  }
  std::string escaped = escape_stray_percents(text);
  return urls::make_pct_string_view(escaped).value().decode(opts);
}

std::string url_encode(std::string_view text, bool keep_slash) {
  urls::string_view in(text.data(), text.size());
  return keep_slash ? urls::encode(in, kUnreservedAndSlash) : urls::encode(in, urls::unreserved_chars);
}

}  // namespace ecsemu
