#pragma once
// The metrics of one cycle, taken from its report: the edge of the cycle, as printing is.

#include "lecter/config/config.h"
#include "lecter/obs/metrics.h"
#include "lecter/reconcile/reconciler.h"

namespace lecter {

/// Target states, probes, transitions and writes of `report` (services written in `mode`).
void recordCycleMetrics(const CycleReport& report, SyncMode mode, Metrics& metrics);

}  // namespace lecter
