#pragma once
/// What one probe cycle cost and met, besides its results: for the log, the bench and, later,
/// metrics.

#include <chrono>
#include <cstddef>

namespace lecter {

struct ProbeCycleStats {
  /// From the cycle's start until the last target's connect was sent. Every probe then still has
  /// its full timeout, so a cycle lasts about start_phase + timeout.
  std::chrono::nanoseconds start_phase{0};
  /// Probes that failed on this side (LocalError): they say nothing about their targets.
  std::size_t local_errors = 0;
  /// Sockets the cycle made. Fewer than its probes: a probe that ended early hands its socket,
  /// unconnected again, to a later one.
  std::size_t sockets_opened = 0;
  /// Most probes in flight at once.
  std::size_t peak_in_flight = 0;
  /// Targets of the previous cycle that timed out, started first in this one (slow_first_order.h).
  std::size_t started_slow_first = 0;
};

}  // namespace lecter
