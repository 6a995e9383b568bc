#pragma once
/// How often a text appears in an output (a log, a process's stderr): tests, benches and the demo count
/// lines lecter wrote.

#include <cstddef>
#include <string>

namespace lecter::testing {

/// The non-overlapping occurrences of `what` in `text`.
inline std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

}  // namespace lecter::testing
