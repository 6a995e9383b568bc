#pragma once
/// How YAML 1.2 (core schema) reads the text of a plain scalar, and how such text is shown in messages.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lecter::config_internal {

/// A decimal integer, optionally signed ("2000", "-5", "+1"); nullopt otherwise or when it does
/// not fit in 64 bits.
std::optional<std::int64_t> parseDecimalInteger(std::string_view text);

/// True for text YAML would read as a decimal integer, whatever its size ("99999999999999999999").
bool looksLikeInteger(std::string_view text);

/// A float in YAML's core schema ("1.5", "-2e3"), not counting integers, .inf or .nan.
std::optional<double> parseFloat(std::string_view text);

/// true/false in any of the spellings the core schema allows (true, True, TRUE, …).
std::optional<bool> parseBool(std::string_view text);

/// Integer, float or boolean: text that would not be a string if written without quotes.
bool looksLikeYamlNumberOrBool(std::string_view text);

/// A TCP port, 1 to 65535, in decimal ("6379"); nullopt otherwise.
std::optional<std::uint16_t> parsePort(std::string_view text);

/// Text made safe for a one-line message: quotes, backslashes and control characters escaped, cut
/// after `limit` characters with "…".
std::string printable(std::string_view text, std::size_t limit = 60);

/// Whether `text` holds a space or a control character (none belongs in a URL, token or identity).
bool hasControlOrSpace(std::string_view text);

/// printable(text) in double quotes.
std::string quotedText(std::string_view text);

}  // namespace lecter::config_internal
