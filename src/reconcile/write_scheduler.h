#pragma once
// Runs the writes of many services at once: up to `max_in_flight` calls in flight (the rate limit is
// the ApiServer client's: RateLimitedCalls), each service's calls in order, the services started in
// config order. A service that waits — a pause after a lost race, a Retry-After — or whose call hangs
// holds up no other service.

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

#include "lecter/base/clock.h"
#include "lecter/kube/kube_calls.h"
#include "service_write.h"

namespace lecter {

struct WriteSchedulerHooks {
  /// Why the writes must end now ("stopping", "lease lost"), or null while they may go on. Once it
  /// says so, no new service is started and no retry is made; calls in flight end as the ApiServer
  /// client abandons them.
  std::function<const char*()> halted;
  /// Why one service's writes must end now (its shard was given up), or null: asked before each of
  /// its calls. Empty: only `halted` ends writes.
  std::function<const char*(const ServiceSpec&)> service_halted;
  /// Waits while nothing is in flight and every write waits; returns early once a stop is pending.
  /// Empty: the waits are skipped (the writes retry at once).
  std::function<void(std::chrono::milliseconds)> pause;
};

/// Runs every write until each is done (or stopped).
void runWrites(const std::vector<ServiceWrite*>& writes, KubeCalls& calls, const Clock& clock,
               std::size_t max_in_flight, const WriteSchedulerHooks& hooks);

}  // namespace lecter
