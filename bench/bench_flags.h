#pragma once
/// Command-line values of the bench programs: a bad one ends the program with exit code 2 and one
/// line naming the program, the flag and what was given.

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>

namespace lecter::bench {

[[noreturn]] inline void usageError(const char* program, const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", program, message.c_str());
  std::exit(2);
}

/// `text` as a whole number in [minimum, maximum].
inline std::size_t parseCount(const char* program, const std::string& flag, const std::string& text,
                              std::size_t minimum,
                              std::size_t maximum = std::numeric_limits<std::size_t>::max()) {
  std::size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    usageError(program, flag + ": not a whole number: '" + text + "'");
  }
  if (used != text.size() || value < minimum || value > maximum) {
    const std::string range = maximum == std::numeric_limits<std::size_t>::max()
                                  ? ">= " + std::to_string(minimum)
                                  : "from " + std::to_string(minimum) + " to " + std::to_string(maximum);
    usageError(program, flag + ": expected a whole number " + range + ", got '" + text + "'");
  }
  return static_cast<std::size_t>(value);
}

}  // namespace lecter::bench
