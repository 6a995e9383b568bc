#pragma once
// What a cycle shows on the status page: the report's targets and services as the status board
// keeps them.

#include <vector>

#include "lecter/obs/status_board.h"
#include "lecter/reconcile/reconciler.h"
#include "lecter/store/state_store.h"

namespace lecter {

/// A target's record as a status row (no history: the board keeps that).
StatusTarget statusTargetOf(const TargetRecord& target);

/// Hands the cycle to `board`, dated `at_ms`; a cycle cut short (no targets) leaves the last one shown.
void recordCycleStatus(const CycleReport& report, long long at_ms, StatusBoard& board);

}  // namespace lecter
