#pragma once
/// Typed reads of single values, each failing with "must be …, got …" at the value.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "yaml_value.h"

namespace lecter::config_internal {

/// A whole number from `min` to `max`, written without quotes. `noun` names it in the message:
/// "must be <noun> from <min> to <max>, got …".
std::int64_t readInteger(const YamlValue& value, std::int64_t min, std::int64_t max, std::string_view noun);

/// The text of a scalar (quoted or not); "" for an empty value. Fails on a mapping or a list.
/// With `echo` false the message never repeats what the file holds (passwords).
std::string readString(const YamlValue& value, bool echo = true);

/// true or false, written without quotes.
bool readBool(const YamlValue& value);

/// One of `choices`, exactly; the message lists them: "must be keep or empty, got …".
std::string readChoice(const YamlValue& value, const std::vector<std::string_view>& choices);

/// A duration: "30s", "5m", "4h", "1h30m", "500ms" (or "1d"), or a whole number of milliseconds
/// written without quotes; from `min_ms` to a week.
std::chrono::milliseconds readDuration(const YamlValue& value, std::int64_t min_ms);

/// `ms` as the shortest of "4h", "5m", "30s" or "500ms" that is exact, for messages.
std::string showDuration(std::int64_t ms);

}  // namespace lecter::config_internal
