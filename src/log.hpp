#pragma once

#include <string_view>

#include <fmt/format.h>

#include "config.hpp"

namespace ecsemu::log {

void set_level(LogLevel level);
bool enabled(LogLevel level);
// Writes "ts=<RFC3339> level=<level> <line>\n" to stderr in one write, so lines from threads never interleave.
void write(LogLevel level, std::string_view line);

template <typename... Args>
void info(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(LogLevel::Info)) {
    write(LogLevel::Info, fmt::format(format, std::forward<Args>(args)...));
  }
}
template <typename... Args>
void warn(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(LogLevel::Warn)) {
    write(LogLevel::Warn, fmt::format(format, std::forward<Args>(args)...));
  }
}
template <typename... Args>
void error(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(LogLevel::Error)) {
    write(LogLevel::Error, fmt::format(format, std::forward<Args>(args)...));
  }
}
template <typename... Args>
void debug(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled(LogLevel::Debug)) {
    write(LogLevel::Debug, fmt::format(format, std::forward<Args>(args)...));
  }
}

}  // namespace ecsemu::log
