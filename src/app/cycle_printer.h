#pragma once
// What --once and --dry-run print of a cycle: one line per probe, the objects a dry run would write,
// one line per service.

#include <ostream>

#include "lecter/kube/dry_run_calls.h"
#include "lecter/reconcile/reconciler.h"

namespace lecter {

/// `dry_run`: the cycle's sink, when it was a dry run (its writes were recorded, not sent).
void printCycle(std::ostream& out, const CycleReport& report, const DryRunCalls* dry_run);

}  // namespace lecter
