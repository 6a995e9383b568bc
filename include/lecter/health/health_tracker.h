#pragma once
/// Rise/fall thresholds: turns probe outcomes, counted across cycles, into a target's health. Pure.

#include <string_view>

#include "lecter/probe/probe_result.h"

namespace lecter {

enum class HealthState {
  Pending,    // no threshold reached since lecter first saw the target: the live object decides
  Healthy,
  Unhealthy,
};

std::string_view toString(HealthState state);
/// Inverse of toString; Pending for anything unknown.
HealthState healthStateFromString(std::string_view text);

struct Thresholds {
  int rise = 1;  // consecutive ups to become healthy
  int fall = 1;  // consecutive downs to become unhealthy
};

struct TargetHealth {
  HealthState state = HealthState::Pending;
  int consecutive_up = 0;
  int consecutive_down = 0;
};

/// Counts one outcome. A LocalError changes nothing: it says nothing about the target.
/// Returns true when the state changed.
bool applyOutcome(TargetHealth& health, ProbeOutcome outcome, const Thresholds& thresholds);

}  // namespace lecter
