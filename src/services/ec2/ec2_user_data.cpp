#include "services/ec2/ec2_user_data.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <vector>

#include "protocol/base64.hpp"

namespace ecsemu::ec2 {

namespace {

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) {
    s.remove_suffix(1);
  }
  return s;
}

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) {
    return false;
  }
  return std::equal(prefix.begin(), prefix.end(), s.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
}

// The value after `key=` on a line: optional quotes, then name characters.
std::string value_after(std::string_view line, std::size_t pos) {
  while (pos < line.size() && (line[pos] == '"' || line[pos] == '\'')) {
    ++pos;
  }
  std::size_t end = pos;
  while (end < line.size() && name_char(line[end])) {
    ++end;
  }
  return std::string(line.substr(pos, end - pos));
}

void scan_lines(std::string_view text, EcsAgentConfig& config) {
  bool in_bottlerocket_ecs = false;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view line = trim(text.substr(start, end == std::string_view::npos ? text.size() - start : end - start));
    start = end == std::string_view::npos ? text.size() + 1 : end + 1;
    if (line.empty() || line.front() == '#') {
      continue;
    }
    if (line.front() == '[') {
      in_bottlerocket_ecs = line == "[settings.ecs]";
      continue;
    }
    if (in_bottlerocket_ecs && line.rfind("cluster", 0) == 0) {
      auto eq = line.find('=');
      if (eq != std::string_view::npos) {
        std::string value = value_after(line, line.find_first_not_of(' ', eq + 1));
        if (!value.empty()) {
          config.cluster = value;
        }
      }
      continue;
    }
    for (std::size_t pos = line.find("ECS_CLUSTER="); pos != std::string_view::npos;
         pos = line.find("ECS_CLUSTER=", pos + 1)) {
      if (pos > 0 && name_char(line[pos - 1])) {
        continue;
      }
      std::string value = value_after(line, pos + 12);
      if (!value.empty()) {
        config.cluster = value;
      }
    }
    for (std::size_t pos = line.find("ECS_RESERVED_MEMORY="); pos != std::string_view::npos;
         pos = line.find("ECS_RESERVED_MEMORY=", pos + 1)) {
      std::string value = value_after(line, pos + 20);
      std::int64_t mib = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), mib);
      if (ec == std::errc() && ptr == value.data() + value.size()) {
        config.reserved_memory = mib;
      }
    }
  }
}

// The base64-encoded bodies of a MIME multipart archive's parts, decoded (plain parts are scanned in place).
std::vector<std::string> decoded_mime_parts(std::string_view text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = text.find("\n\n", pos)) != std::string_view::npos) {
    // Headers end at a blank line; look back for a base64 transfer encoding within this part's headers.
    std::size_t header_start = text.rfind("\n--", pos);
    std::string_view headers = text.substr(header_start == std::string_view::npos ? 0 : header_start,
                                           pos - (header_start == std::string_view::npos ? 0 : header_start));
    std::size_t body_start = pos + 2;
    std::size_t body_end = text.find("\n--", body_start);
    std::string_view body =
        text.substr(body_start, body_end == std::string_view::npos ? text.size() - body_start : body_end - body_start);
    bool base64 = false;
    std::size_t line_start = 0;
    while (line_start < headers.size()) {
      std::size_t line_end = headers.find('\n', line_start);
      std::string_view header = trim(headers.substr(
          line_start, line_end == std::string_view::npos ? headers.size() - line_start : line_end - line_start));
      if (iequals_prefix(header, "content-transfer-encoding:") && iequals_prefix(trim(header.substr(26)), "base64")) {
        base64 = true;
      }
      line_start = line_end == std::string_view::npos ? headers.size() : line_end + 1;
    }
    if (base64) {
      if (auto decoded = protocol::base64_decode(trim(body))) {
        out.push_back(std::move(*decoded));
      }
    }
    pos = body_start;
  }
  return out;
}

}  // namespace

EcsAgentConfig parse_ecs_agent_config(std::string_view text) {
  EcsAgentConfig config;
  std::string normalized(text);
  normalized.erase(std::remove(normalized.begin(), normalized.end(), '\r'), normalized.end());
  scan_lines(normalized, config);
  if (normalized.find("multipart/") != std::string::npos) {
    for (const auto& part : decoded_mime_parts(normalized)) {
      EcsAgentConfig inner = parse_ecs_agent_config(part);
      if (!inner.cluster.empty()) {
        config.cluster = inner.cluster;
      }
      if (inner.reserved_memory != 0) {
        config.reserved_memory = inner.reserved_memory;
      }
    }
  }
  return config;
}

EcsAgentConfig parse_ecs_agent_config_base64(std::string_view base64) {
  auto decoded = protocol::base64_decode(base64);
  if (!decoded) {
    return {};
  }
  return parse_ecs_agent_config(*decoded);
}

}  // namespace ecsemu::ec2
