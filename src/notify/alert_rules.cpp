#include "lecter/notify/alert_rules.h"

#include <algorithm>

#include "lecter/health/target_id.h"

namespace lecter {

AlertRules::AlertRules(const Config& config) : write_failure_after_(config.notify.write_failure_after) {
  for (const auto& service : config.services) names_[service.key] = ServiceNames{service.ns, service.name};
}

void AlertRules::takeOver(const AlertRules& previous) {
  for (const auto& [service, failing] : previous.failing_) {
    if (names_.contains(service)) failing_[service] = failing;
  }
  guard_since_ms_ = previous.guard_since_ms_;
  // A cycle cut short right after the reload returns these: nothing is seen ended that was not.
  for (const Alert& alert : previous.last_) {
    if (alert.service.empty() || names_.contains(alert.service)) last_.push_back(alert);
  }
}

Alert AlertRules::forService(AlertEvent event, const std::string& service) const {
  Alert alert;
  alert.event = event;
  alert.service = service;
  if (const auto names = names_.find(service); names != names_.end()) {
    alert.ns = names->second.ns;
    alert.name = names->second.name;
  }
  return alert;
}

std::vector<Alert> AlertRules::evaluate(const CycleReport& report, long long now_ms) {
  ended_.clear();
  if (report.targets.empty()) return last_;
  std::map<std::string, long long> back;  // TargetDown keys of targets healthy now → since when
  for (const Alert& alert : last_) {
    if (alert.event == AlertEvent::TargetDown) back.emplace(alert.key(), 0);
  }
  std::vector<Alert> firing;
  struct Count {
    int healthy = 0;
    int unhealthy = 0;
    long long last_down_ms = 0;
  };
  std::map<std::string, Count> counts;
  for (const TargetRecord& target : report.targets) {
    Count& count = counts[target.service];
    if (target.state == HealthState::Healthy) {
      ++count.healthy;
      if (!back.empty()) {
        Alert probe;
        probe.service = target.service;
        probe.address = TargetId{target.service, target.ip, target.port}.endpoint();
        if (const auto was = back.find(probe.key()); was != back.end())
          ended_[was->first] = target.last_change_ms;
      }
    }
    if (target.state != HealthState::Unhealthy) continue;
    ++count.unhealthy;
    Alert alert = forService(AlertEvent::TargetDown, target.service);
    alert.target = target.name;
    alert.address = TargetId{target.service, target.ip, target.port}.endpoint();
    alert.outcome = target.last_outcome;
    alert.detail = target.last_error;
    alert.starts_ms = target.last_change_ms != 0 ? target.last_change_ms : now_ms;
    count.last_down_ms = std::max(count.last_down_ms, alert.starts_ms);
    firing.push_back(std::move(alert));
  }
  for (const auto& [service, count] : counts) {
    // Pending targets (too few probes yet) are neither: a service is down only once one is known down.
    if (count.healthy > 0 || count.unhealthy == 0) continue;
    Alert alert = forService(AlertEvent::ServiceDown, service);
    alert.detail =
        std::to_string(count.unhealthy) + (count.unhealthy == 1 ? " target" : " targets") + ", none healthy";
    alert.starts_ms = count.last_down_ms;
    firing.push_back(std::move(alert));
  }

  for (const ServiceReport& service : report.services) {
    if (service.outcome == SyncOutcome::Failed) {
      Failing& failing = failing_[service.service];
      if (failing.since_ms == 0) failing.since_ms = now_ms;
      failing.detail = service.detail;
    } else if (service.outcome != SyncOutcome::Guarded) {
      // Guarded: nothing was tried, so nothing is known about the writes.
      failing_.erase(service.service);
    }
  }
  for (const auto& [service, failing] : failing_) {
    if (now_ms - failing.since_ms < write_failure_after_.count()) continue;
    Alert alert = forService(AlertEvent::WritesFailing, service);
    alert.detail = failing.detail;
    alert.starts_ms = failing.since_ms;
    firing.push_back(std::move(alert));
  }

  if (!report.partition_suspected) {
    guard_since_ms_ = 0;
  } else {
    if (guard_since_ms_ == 0) guard_since_ms_ = now_ms;
    Alert alert;
    alert.event = AlertEvent::PartitionGuard;
    alert.detail =
        "too many targets failed at once (my_conf.partition_guard_percent); lecter suspects its own "
        "network and writes nothing";
    alert.starts_ms = guard_since_ms_;
    firing.push_back(std::move(alert));
  }
  last_ = firing;
  return firing;
}

}  // namespace lecter
