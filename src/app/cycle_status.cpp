#include "cycle_status.h"

#include <map>
#include <string>

namespace lecter {

StatusTarget statusTargetOf(const TargetRecord& target) {
  StatusTarget row;
  row.service = target.service;
  row.name = target.name;
  row.address = TargetId{target.service, target.ip, target.port}.endpoint();
  row.state = std::string(toString(target.state));
  row.since_ms = target.last_change_ms;
  row.outcome = target.last_outcome;
  row.error = target.last_error;
  row.latency_us = target.latency_us;
  row.probe = target.probe_kind;
  row.cert_days_left = target.cert_days_left;
  return row;
}

void recordCycleStatus(const CycleReport& report, long long at_ms, StatusBoard& board) {
  if (report.targets.empty()) return;
  std::vector<StatusTarget> targets;
  targets.reserve(report.targets.size());
  for (const TargetRecord& target : report.targets) targets.push_back(statusTargetOf(target));
  std::vector<StatusService> services = summarizeServices(targets);
  std::map<std::string, const ServiceReport*> synced;
  for (const ServiceReport& service : report.services) synced[service.service] = &service;
  for (StatusService& service : services) {
    const auto it = synced.find(service.service);
    if (it == synced.end()) continue;
    service.sync = std::string(toString(it->second->outcome));
    service.detail = it->second->detail;
  }
  board.recordCycle(std::move(targets), std::move(services), at_ms);
}

}  // namespace lecter
