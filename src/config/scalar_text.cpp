#include "scalar_text.h"

#include <charconv>
#include <cstdio>

namespace lecter::config_internal {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::size_t digitsFrom(std::string_view text, std::size_t at) {
  std::size_t count = 0;
  while (at + count < text.size() && isDigit(text[at + count])) ++count;
  return count;
}

}  // namespace

bool looksLikeInteger(std::string_view text) {
  std::size_t at = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  const std::size_t digits = digitsFrom(text, at);
  return digits > 0 && at + digits == text.size();
}

std::optional<std::int64_t> parseDecimalInteger(std::string_view text) {
  if (!looksLikeInteger(text)) return std::nullopt;
  if (text[0] == '+') text.remove_prefix(1);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<double> parseFloat(std::string_view text) {
  // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
  std::size_t at = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  const std::size_t whole = digitsFrom(text, at);
  at += whole;
  bool has_point = false;
  std::size_t fraction = 0;
  if (at < text.size() && text[at] == '.') {
    has_point = true;
    fraction = digitsFrom(text, at + 1);
    at += 1 + fraction;
  }
  if (whole == 0 && fraction == 0) return std::nullopt;
  bool has_exponent = false;
  if (at < text.size() && (text[at] == 'e' || text[at] == 'E')) {
    std::size_t exp_at = at + 1;
    if (exp_at < text.size() && (text[exp_at] == '-' || text[exp_at] == '+')) ++exp_at;
    const std::size_t exp_digits = digitsFrom(text, exp_at);
    if (exp_digits == 0) return std::nullopt;
    has_exponent = true;
    at = exp_at + exp_digits;
  }
  if (at != text.size() || (!has_point && !has_exponent)) return std::nullopt;
  std::string_view number = text;
  if (number[0] == '+') number.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc() || end != number.data() + number.size()) return std::nullopt;
  return value;
}

std::optional<bool> parseBool(std::string_view text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

bool looksLikeYamlNumberOrBool(std::string_view text) {
  return looksLikeInteger(text) || parseFloat(text).has_value() || parseBool(text).has_value();
}

std::string printable(std::string_view text, std::size_t limit) {
  std::string out;
  std::size_t shown = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool continues_character = (byte & 0xC0) == 0x80;  // UTF-8 continuation byte
    if (shown >= limit && !continues_character) {
      out += "…";
      break;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned>(byte));
      out += escaped;
    } else {
      out += c;
    }
    if (!continues_character) ++shown;
  }
  return out;
}

std::string quotedText(std::string_view text) {
  // Appended, not "\"" + printable(text): GCC 12 -O3 warns there (-Wrestrict, a false positive).
  std::string quoted = "\"";
  quoted += printable(text);
  quoted += '"';
  return quoted;
}

std::optional<std::uint16_t> parsePort(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1 || value > 65535)
    return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

bool hasControlOrSpace(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return true;
  }
  return false;
}

}  // namespace lecter::config_internal
