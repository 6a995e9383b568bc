#include "write_scheduler.h"

#include <algorithm>
#include <optional>

#include "lecter/base/token_bucket.h"

namespace lecter {
namespace {

/// The longest poll while calls are in flight, so waits that end and stops are seen in time.
constexpr std::chrono::milliseconds kPollSlice{50};

}  // namespace

void runWrites(const std::vector<ServiceWrite*>& writes, KubeCalls& calls, const Clock& clock,
               const WriteLimits& limits, const WriteSchedulerHooks& hooks) {
  // Without a pause, waits are skipped: time is moved on to the end of each wait instead.
  SteadyTime skipped_to{};
  const auto now = [&] { return std::max(clock.now(), skipped_to); };
  TokenBucket bucket(limits.qps, limits.burst, now());
  const std::size_t max_in_flight = std::max<std::size_t>(1, limits.max_in_flight);
  std::size_t in_flight = 0;
  bool stopped = false;

  while (true) {
    if (!stopped && hooks.stopping && hooks.stopping()) stopped = true;
    if (stopped) {
      for (ServiceWrite* write : writes) write->stop();
    }
    bool all_done = true;
    bool progressed = false;
    std::optional<SteadyTime> wake;
    for (ServiceWrite* write : writes) {
      const SteadyTime at = now();
      const ServiceWrite::Want want = write->want(at);
      if (want == ServiceWrite::Want::Done) continue;
      all_done = false;
      if (want == ServiceWrite::Want::Wait) {
        // A call in flight, or a pause: the latter has a time to wake up at.
        if (write->waitUntil() > at) wake = std::min(wake.value_or(write->waitUntil()), write->waitUntil());
        continue;
      }
      if (in_flight >= max_in_flight) continue;
      if (!bucket.take(at)) {
        wake = std::min(wake.value_or(bucket.nextAt(at)), bucket.nextAt(at));
        continue;
      }
      ++in_flight;
      progressed = true;
      calls.start(write->nextCall(), [&in_flight, &clock, &skipped_to, write](KubeResult result) {
        --in_flight;
        write->answered(result, std::max(clock.now(), skipped_to));
      });
    }
    if (all_done) return;
    if (in_flight > 0) {
      auto slice = kPollSlice;
      if (wake) {
        const auto until = std::chrono::ceil<std::chrono::milliseconds>(*wake - now());
        slice = std::clamp(until, std::chrono::milliseconds(0), kPollSlice);
      }
      calls.poll(slice);
      continue;
    }
    if (progressed) continue;  // answered at once: ask the writes again
    if (!wake) return;         // nothing in flight and nothing to wait for: no write can go on
    const auto until = std::chrono::ceil<std::chrono::milliseconds>(*wake - now());
    if (hooks.pause) {
      hooks.pause(until);
    } else {
      skipped_to = *wake;
    }
  }
}

}  // namespace lecter
