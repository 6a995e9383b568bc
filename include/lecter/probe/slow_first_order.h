#pragma once
/// The order in which a cycle starts its probes: targets whose last probe ran into its deadline
/// first, the others after them, each group in the order given. A probe that hangs holds the cycle
/// open for a whole timeout from its start, while one that answers is over at once; starting the
/// hanging ones first lets their timeouts run while the rest are still being started, so a cycle of
/// thousands lasts about one timeout plus the start of the hanging ones, not of them all
/// (longest-first scheduling). Only the order changes: every probe still gets its full timeout.
/// Not thread-safe.

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "lecter/probe/probe_result.h"

namespace lecter {

struct StartOrder {
  std::vector<std::uint32_t> indexes;  // into the targets, each once
  std::size_t slow_first = 0;          // how many of the first ones timed out last time
};

class SlowFirstOrder {
 public:
  /// First the targets that timed out in the last cycle learned, then the rest.
  [[nodiscard]] StartOrder orderFor(const std::vector<ProbeTarget>& targets) const;
  /// Remembers which targets timed out in a finished cycle (results in the order of `targets`).
  /// Targets not probed in it are forgotten.
  void learn(const std::vector<ProbeTarget>& targets, const std::vector<ProbeResult>& results);

 private:
  static std::string keyOf(const ProbeTarget& target);

  std::unordered_set<std::string> slow_;
};

}  // namespace lecter
