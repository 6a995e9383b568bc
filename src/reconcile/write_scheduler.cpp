#include "write_scheduler.h"

#include <algorithm>
#include <optional>

namespace lecter {
namespace {

/// The longest poll while calls are in flight, so waits that end and stops are seen in time.
constexpr std::chrono::milliseconds kPollSlice{50};

}  // namespace

void runWrites(const std::vector<ServiceWrite*>& writes, KubeCalls& calls, const Clock& clock,
               std::size_t max_in_flight, const WriteSchedulerHooks& hooks) {
  // Without a pause, waits are skipped: time is moved on to the end of each wait instead.
  SteadyTime skipped_to{};
  const auto now = [&] { return std::max(clock.now(), skipped_to); };
  max_in_flight = std::max<std::size_t>(1, max_in_flight);
  std::size_t in_flight = 0;
  const char* stopped = nullptr;
  bool answered = true;  // a call ended since the last look: some write may be done
  std::vector<ServiceWrite*> active = writes;

  while (true) {
    if (stopped == nullptr && hooks.halted) stopped = hooks.halted();
    if (stopped != nullptr) {
      for (ServiceWrite* write : active) write->stop(stopped);
      answered = true;
    }
    if (answered) std::erase_if(active, [](const ServiceWrite* write) { return write->done(); });
    answered = false;
    if (active.empty()) return;

    const SteadyTime at = now();
    bool progressed = false;
    std::optional<SteadyTime> wake;
    for (ServiceWrite* write : active) {
      if (in_flight >= max_in_flight) break;
      const ServiceWrite::Want want = write->want(at);
      if (want == ServiceWrite::Want::Wait) {
        // A call in flight, or a pause: the latter has a time to wake up at.
        if (write->waitUntil() > at) wake = std::min(wake.value_or(write->waitUntil()), write->waitUntil());
        continue;
      }
      if (want != ServiceWrite::Want::Call) continue;
      if (hooks.service_halted) {
        if (const char* why = hooks.service_halted(write->service())) {
          write->stop(why);
          answered = true;
          continue;
        }
      }
      ++in_flight;
      progressed = true;
      calls.start(write->nextCall(), [&in_flight, &answered, &now, write](KubeResult result) {
        --in_flight;
        answered = true;
        write->answered(std::move(result), now());
      });
    }
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
