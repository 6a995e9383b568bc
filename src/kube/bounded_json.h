#pragma once
/// JSON from the ApiServer parsed with a depth limit. nlohmann's parser itself is iterative, but
/// copying, comparing and serialising an object recurse once per level: 100,000 nested arrays overflow
/// the stack there, long after the parse succeeded. No Kubernetes object lecter reads nests deeper than
/// a dozen levels (managedFields included), so anything deeper is refused before it is parsed.
/// Internal to the kube module.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lecter {

/// Levels of arrays and objects an answer may nest.
inline constexpr std::size_t kMaxJsonDepth = 64;

/// How deeply `text` nests arrays and objects, counted without parsing (brackets inside strings do
/// not count). Stops counting past `limit`.
std::size_t jsonNestingDepth(std::string_view text, std::size_t limit = kMaxJsonDepth);

/// `text` parsed, or nullopt with `error` saying why: not JSON, or nested deeper than kMaxJsonDepth.
std::optional<nlohmann::json> parseBoundedJson(std::string_view text, std::string* error);

}  // namespace lecter
