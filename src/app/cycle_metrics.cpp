#include "cycle_metrics.h"

#include <string>

#include "lecter/health/health_tracker.h"
#include "lecter/probe/probe_result.h"

namespace lecter {
namespace {

std::string_view kindOf(KubeVerb verb) {
  return verb == KubeVerb::PutEndpoints ? "endpoints" : "endpointslice";
}

}  // namespace

void recordCycleMetrics(const CycleReport& report, SyncMode mode, Metrics& metrics) {
  // A cycle cut short by a signal probed nothing: the states of the last full cycle stand.
  if (!report.targets.empty()) {
    std::vector<TargetUp> states;
    states.reserve(report.targets.size());
    for (const TargetRecord& target : report.targets) {
      TargetUp state{{target.service, target.name, target.ip + ":" + std::to_string(target.port)},
                     std::nullopt,
                     target.cert_days_left};
      if (target.state != HealthState::Pending) state.up = target.state == HealthState::Healthy;
      states.push_back(std::move(state));
      metrics.countProbe(target.service, target.probe_kind, target.last_outcome,
                         static_cast<double>(target.latency_us) / 1e6);
      if (target.last_outcome == toString(ProbeOutcome::LocalError)) metrics.countLocalProbeError();
    }
    metrics.setTargets(states);
    metrics.setProbesInFlightMax(report.probes_in_flight_max);
    metrics.setQuorumVotes(report.quorum_votes);  // empty without quorum: no series
  }
  if (report.store_up) metrics.setRedisUp(*report.store_up);
  for (const TransitionRecord& transition : report.transitions) {
    if (transition.to == HealthState::Healthy) metrics.countTransition(transition.service, "up");
    if (transition.to == HealthState::Unhealthy) metrics.countTransition(transition.service, "down");
  }
  for (const ServiceReport& service : report.services) {
    for (const KubeCall& write : service.writes)
      metrics.countWrite(service.service, kindOf(write.verb), "success");
    if (service.outcome == SyncOutcome::Failed) {
      metrics.countWrite(service.service, mode == SyncMode::EndpointSlice ? "endpointslice" : "endpoints",
                         "failure");
    }
  }
}

}  // namespace lecter
