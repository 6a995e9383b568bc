#include "lecter/kube/rate_limited_calls.h"

#include <algorithm>
#include <utility>

namespace lecter {

RateLimitedCalls::RateLimitedCalls(KubeCalls& inner, const Clock& clock, RateLimit limit,
                                   std::function<void(std::chrono::milliseconds)> pause,
                                   std::function<bool()> abandon)
    : inner_(inner),
      clock_(clock),
      bucket_(limit.qps, limit.burst, clock.now()),
      pause_(std::move(pause)),
      abandon_(std::move(abandon)) {}

void RateLimitedCalls::start(const KubeCall& call, KubeDone done) {
  // Calls keep their order: none overtakes one that waits.
  if (held_.empty() && bucket_.take(clock_.now())) {
    inner_.start(call, std::move(done));
    return;
  }
  held_.push_back(Held{call, std::move(done)});
}

void RateLimitedCalls::release() {
  while (!held_.empty()) {
    if (abandon_ && abandon_()) {
      Held held = std::move(held_.front());
      held_.pop_front();
      held.done(KubeResult{0, nullptr, "", held.call.describe() + ": not sent, lecter is stopping"});
      continue;
    }
    // Without a pause there is no time to wait in: release at once.
    if (pause_ && !bucket_.take(clock_.now())) return;
    Held held = std::move(held_.front());
    held_.pop_front();
    inner_.start(held.call, std::move(held.done));
  }
}

std::size_t RateLimitedCalls::poll(std::chrono::milliseconds max_wait) {
  release();
  std::size_t in_flight = 0;
  if (held_.empty()) {
    in_flight = inner_.poll(max_wait);
  } else {
    const auto until_token =
        std::chrono::ceil<std::chrono::milliseconds>(bucket_.nextAt(clock_.now()) - clock_.now());
    const auto wait = std::clamp(until_token, std::chrono::milliseconds(0), max_wait);
    in_flight = inner_.poll(wait);
    // Nothing was in flight, so the poll returned at once: wait for the token here.
    if (in_flight == 0 && pause_) pause_(wait);
    release();
  }
  return in_flight + held_.size();
}

}  // namespace lecter
