#pragma once
/// Runs the `ip` tool (iproute2) for the test network helpers.

#include <string>
#include <vector>

namespace lecter::testing {

/// Runs `ip ARGS...`; returns its stdout. Throws std::runtime_error naming the command and quoting
/// ip's stderr when it exits non-zero.
std::string runIp(const std::vector<std::string>& args);

/// Runs `ip ARGS...` and ignores failure (for clean-up of things that may already be gone).
void runIpQuietly(const std::vector<std::string>& args);

}  // namespace lecter::testing
