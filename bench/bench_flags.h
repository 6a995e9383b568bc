#pragma once
/// Command-line values of the bench programs: a bad one ends the program with exit code 2 and one
/// line naming the program, the flag and what was given.

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

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

/// `text` as "N,N,…", each a whole number in [minimum, maximum].
inline std::vector<std::size_t> parseCounts(const char* program, const std::string& flag,
                                            const std::string& text, std::size_t minimum,
                                            std::size_t maximum = std::numeric_limits<std::size_t>::max()) {
  std::vector<std::size_t> counts;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = std::min(text.find(',', start), text.size());
    counts.push_back(parseCount(program, flag, text.substr(start, comma - start), minimum, maximum));
    start = comma + 1;
  }
  return counts;
}

/// Hands each "--flag value" pair of the command line to `take`; --help or -h prints `usage` and
/// exits 0; a flag without a value ends the program with exit code 2.
inline void forEachFlag(const char* program, int argc, char** argv, const char* usage,
                        const std::function<void(const std::string& flag, const std::string& value)>& take) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::printf("%s\n", usage);
      std::exit(0);
    }
    if (i + 1 >= argc) usageError(program, flag + ": missing value (or unknown flag)");
    take(flag, argv[++i]);
  }
}

}  // namespace lecter::bench
