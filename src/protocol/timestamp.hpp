#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ecsemu::protocol {

enum class TimestampFormat { Iso8601, EpochSeconds, HttpDate };

// "iso8601" | "unixTimestamp" | "rfc822" -> format; anything else (including empty) -> `fallback`.
TimestampFormat timestamp_format_from_trait(std::string_view trait, TimestampFormat fallback);

// 2015-01-25T08:00:00.000Z (milliseconds always present when `millis`, else only when non-zero).
std::string format_iso8601(double epoch_seconds, bool millis = true);
// Sun, 25 Jan 2015 08:00:00 GMT
std::string format_http_date(double epoch_seconds);
// 1422172800 or 1422172800.123 (at most millisecond precision, no exponent).
std::string format_epoch_seconds(double epoch_seconds);

// Accepts ISO 8601 / RFC 3339 date-times (fractional seconds, 'Z' or +hh:mm offsets), RFC 822 / RFC 7231
// HTTP dates and epoch seconds (integer or fractional). Returns nullopt for anything else.
std::optional<double> parse_timestamp(std::string_view text);

}  // namespace ecsemu::protocol
