#pragma once
/// The open-file limit and how many probes fit under it. Every probe in flight holds one socket, so
/// this limit is what bounds a cycle's concurrency.

#include <cstddef>

namespace lecter {

/// Descriptors left to the rest of the daemon (logs, ApiServer and Redis connections, signal and
/// timer fds) when the probe concurrency is derived from the limit.
inline constexpr std::size_t kReservedDescriptors = 64;

/// Raises the soft RLIMIT_NOFILE to the hard limit and returns the soft limit now in force
/// (unchanged when it cannot be raised). Harmless to call again. Safe to call from any thread.
std::size_t raiseOpenFileLimit();

/// Probes that may be in flight under `open_file_limit`: the limit minus kReservedDescriptors, and
/// at least 1.
std::size_t inflightForOpenFileLimit(std::size_t open_file_limit);

}  // namespace lecter
