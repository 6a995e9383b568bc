#include "lecter/health/health_tracker.h"

namespace lecter {

std::string_view toString(HealthState state) {
  switch (state) {
    case HealthState::Pending:
      return "pending";
    case HealthState::Healthy:
      return "healthy";
    case HealthState::Unhealthy:
      return "unhealthy";
  }
  return "pending";
}

HealthState healthStateFromString(std::string_view text) {
  if (text == "healthy") return HealthState::Healthy;
  if (text == "unhealthy") return HealthState::Unhealthy;
  return HealthState::Pending;
}

bool applyOutcome(TargetHealth& health, ProbeOutcome outcome, const Thresholds& thresholds) {
  if (outcome == ProbeOutcome::LocalError) return false;
  const HealthState before = health.state;
  if (outcome == ProbeOutcome::Up) {
    health.consecutive_down = 0;
    ++health.consecutive_up;
    if (health.consecutive_up >= thresholds.rise) health.state = HealthState::Healthy;
  } else {
    health.consecutive_up = 0;
    ++health.consecutive_down;
    if (health.consecutive_down >= thresholds.fall) health.state = HealthState::Unhealthy;
  }
  return health.state != before;
}

}  // namespace lecter
