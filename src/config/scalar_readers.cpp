#include "scalar_readers.h"

#include <optional>
#include <string>

#include "scalar_text.h"

namespace lecter::config_internal {
namespace {

constexpr std::int64_t kMaxDurationMs = 7LL * 24 * 3600 * 1000;  // a week

constexpr std::string_view kDurationShape = "a duration such as 30s, 5m, 4h or 1h30m (or whole milliseconds)";

/// "30s", "5m", "1h30m", "500ms" → milliseconds; nullopt for anything else.
std::optional<std::int64_t> parseDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::int64_t number = 0;
    const std::size_t digits_at = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      if (number > kMaxDurationMs) return std::nullopt;
      number = number * 10 + (text[at] - '0');
      ++at;
    }
    if (at == digits_at) return std::nullopt;
    std::int64_t unit = 0;
    if (text.substr(at, 2) == "ms") {
      unit = 1;
      at += 2;
    } else if (at < text.size() && text[at] == 's') {
      unit = 1000;
      ++at;
    } else if (at < text.size() && text[at] == 'm') {
      unit = 60LL * 1000;
      ++at;
    } else if (at < text.size() && text[at] == 'h') {
      unit = 3600LL * 1000;
      ++at;
    } else if (at < text.size() && text[at] == 'd') {
      unit = 24LL * 3600 * 1000;
      ++at;
    } else {
      return std::nullopt;
    }
    total += number * unit;
    if (total > kMaxDurationMs) return std::nullopt;
  }
  return total;
}

}  // namespace

std::int64_t readInteger(const YamlValue& value, std::int64_t min, std::int64_t max, std::string_view noun) {
  if (value.isPlainScalar()) {
    if (const auto number = parseDecimalInteger(value.node().Scalar())) {
      if (*number >= min && *number <= max) return *number;
    }
  }
  value.fail("must be " + std::string(noun) + " from " + std::to_string(min) + " to " + std::to_string(max) +
             ", got " + value.describe());
}

std::string readString(const YamlValue& value, bool echo) {
  if (value.isNull()) return {};
  if (value.isScalar()) return value.node().Scalar();
  if (!echo) value.fail("must be a string");
  value.fail("must be a string, got " + value.describe());
}

bool readBool(const YamlValue& value) {
  if (value.isPlainScalar()) {
    if (const auto flag = parseBool(value.node().Scalar())) return *flag;
  }
  value.fail("must be true or false, got " + value.describe());
}

std::string readChoice(const YamlValue& value, const std::vector<std::string_view>& choices) {
  if (value.isScalar()) {
    for (const std::string_view choice : choices) {
      if (value.node().Scalar() == choice) return std::string(choice);
    }
  }
  std::string listed;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) listed += (i + 1 == choices.size()) ? " or " : ", ";
    listed += choices[i];
  }
  value.fail("must be " + listed + ", got " + value.describe());
}

std::string showDuration(std::int64_t ms) {
  if (ms == 0) return "0s";
  if (ms % (3600LL * 1000) == 0) return std::to_string(ms / (3600LL * 1000)) + "h";
  if (ms % (60LL * 1000) == 0) return std::to_string(ms / (60LL * 1000)) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::chrono::milliseconds readDuration(const YamlValue& value, std::int64_t min_ms) {
  std::optional<std::int64_t> ms;
  if (value.isPlainScalar()) {
    const std::string& text = value.node().Scalar();
    ms = parseDecimalInteger(text);
    if (!ms) ms = parseDuration(text);
  } else if (value.isScalar()) {
    ms = parseDuration(value.node().Scalar());
  }
  if (!ms || *ms < min_ms || *ms > kMaxDurationMs) {
    value.fail("must be " + std::string(kDurationShape) + " from " + showDuration(min_ms) + " to " +
               showDuration(kMaxDurationMs) + ", got " + value.describe());
  }
  return std::chrono::milliseconds(*ms);
}

}  // namespace lecter::config_internal
