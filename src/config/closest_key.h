#pragma once
/// "Did you mean …?" for mistyped keys.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lecter::config_internal {

/// The candidate most like `word` when it is close enough to be a likely typo (a few letters
/// swapped, missing, doubled or in another case, or one a prefix of the other); nullopt otherwise.
/// Ties go to the earlier candidate.
std::optional<std::string> closestKey(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace lecter::config_internal
