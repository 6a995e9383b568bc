#pragma once
/// One cycle of probes. The real one is EpollProber; tests of the reconciler use a scripted fake.

#include <chrono>
#include <vector>

#include "lecter/probe/probe_cycle_stats.h"
#include "lecter/probe/probe_result.h"

namespace lecter {

class Prober {
 public:
  virtual ~Prober() = default;
  /// Probes every target at once, each with `timeout`, and returns one result per target, in the
  /// order given, and fills `stats` with what the cycle cost. Blocks until every probe has an outcome
  /// (about one `timeout` at most).
  virtual std::vector<ProbeResult> probeAll(const std::vector<ProbeTarget>& targets,
                                            std::chrono::milliseconds timeout, ProbeCycleStats& stats) = 0;
  /// The same, when the cost does not matter.
  std::vector<ProbeResult> probeAll(const std::vector<ProbeTarget>& targets,
                                    std::chrono::milliseconds timeout) {
    ProbeCycleStats ignored;
    return probeAll(targets, timeout, ignored);
  }
};

}  // namespace lecter
