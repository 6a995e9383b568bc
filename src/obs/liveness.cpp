#include "lecter/obs/liveness.h"

#include <cstdio>

namespace lecter {
namespace {

/// "12.3 s".
std::string seconds(std::chrono::steady_clock::duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", std::chrono::duration<double>(d).count());
  return text;
}

}  // namespace

std::chrono::milliseconds maxCycleGap(std::chrono::milliseconds interval,
                                      std::chrono::milliseconds ping_timeout) {
  return 3 * (interval + ping_timeout);
}

Liveness::Liveness(const Clock& clock, std::chrono::milliseconds max_gap)
    : clock_(clock), max_gap_(max_gap), started_(clock.now()) {}

void Liveness::setMaxGap(std::chrono::milliseconds max_gap) {
  const std::lock_guard lock(mutex_);
  max_gap_ = max_gap;
}

void Liveness::cycleEnded() {
  const std::lock_guard lock(mutex_);
  last_cycle_end_ = clock_.now();
  ++cycles_;
}

void Liveness::configLoaded() {
  const std::lock_guard lock(mutex_);
  config_loaded_ = true;
}

void Liveness::apiServerAnswered() {
  const std::lock_guard lock(mutex_);
  api_server_answered_ = true;
}

CheckAnswer Liveness::healthz() const {
  const std::lock_guard lock(mutex_);
  const SteadyTime since = last_cycle_end_.value_or(started_);
  const auto gap = clock_.now() - since;
  const std::string limit = " (limit " + seconds(max_gap_) + ", 3 × (interval + pingtimeout))";
  if (gap <= max_gap_) {
    if (!last_cycle_end_) return {true, "ok: started " + seconds(gap) + " ago, the first cycle is running"};
    return {true, "ok: " + std::to_string(cycles_) + " cycles, the last ended " + seconds(gap) + " ago"};
  }
  if (!last_cycle_end_)
    return {false, "stalled: no cycle has ended in the " + seconds(gap) + " since start" + limit};
  return {false, "stalled: no cycle has ended for " + seconds(gap) + limit};
}

CheckAnswer Liveness::readyz() const {
  const std::lock_guard lock(mutex_);
  if (!config_loaded_) return {false, "not ready: the config is not loaded yet"};
  if (!api_server_answered_) return {false, "not ready: the ApiServer has not answered yet"};
  return {true, "ready"};
}

}  // namespace lecter
