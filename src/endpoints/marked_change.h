#pragma once
/// How a difference reason lists one change: "+10.0.0.1:5432/TCP" added, "-…" removed.

#include <string>

namespace lecter {

/// `text` after `sign`. Inserted rather than `"+" + text`: GCC 12 at -O3 warns on a literal plus a
/// temporary string (-Wrestrict, a false positive), and a first build must print no warning.
inline std::string markedChange(char sign, std::string text) {
  text.insert(text.begin(), sign);
  return text;
}

}  // namespace lecter
