#include "lecter/endpoints/service_plan.h"

#include <cstddef>
#include <set>
#include <string>

namespace lecter {

std::map<std::string, bool> desiredReadiness(const PlanInputs& inputs,
                                             const std::map<std::string, bool>& live, bool list_unhealthy) {
  // With several ports, an address's targets are its ports, and ready_when says how they combine;
  // otherwise two targets on one address make it ready when either is.
  const bool every_port = inputs.service.ports.size() > 1 && inputs.service.ready_when == ReadyWhen::All;
  std::map<std::string, bool> readiness;
  std::set<std::string> some_port_not_ready;  // addresses with a port that is not ready
  for (std::size_t i = 0; i < inputs.service.targets.size(); ++i) {
    const std::string& ip = inputs.service.targets[i].ip.text;
    const HealthState state = i < inputs.states.size() ? inputs.states[i] : HealthState::Pending;
    bool listed = false;
    bool ready = false;
    if (state == HealthState::Healthy) {
      listed = ready = true;
    } else if (state == HealthState::Unhealthy) {
      listed = list_unhealthy;
    } else if (const auto it = live.find(ip); it != live.end()) {
      ready = it->second;
      listed = ready || list_unhealthy;
    }
    if (!ready) some_port_not_ready.insert(ip);
    if (!listed) continue;
    auto [entry, inserted] = readiness.emplace(ip, ready);
    if (!inserted) entry->second = entry->second || ready;
  }
  if (every_port) {
    for (auto it = readiness.begin(); it != readiness.end();) {
      if (!some_port_not_ready.contains(it->first)) {
        ++it;
      } else if (list_unhealthy) {
        (it++)->second = false;
      } else {
        it = readiness.erase(it);
      }
    }
  }
  return readiness;
}

ServicePlan heldBack(const PlanInputs& inputs, const std::map<std::string, bool>& readiness, bool live_exists,
                     const std::string& objects) {
  std::size_t ready = 0;
  for (const auto& [ip, is_ready] : readiness) ready += is_ready ? 1 : 0;
  ServicePlan plan;
  if (ready == 0 && inputs.all_down == AllDownPolicy::Keep) {
    plan.decision = PlanDecision::Keep;
    plan.detail = "no healthy target; all_down: keep leaves the last written " + objects;
    return plan;
  }
  if (inputs.min_healthy_percent > 0 && live_exists) {
    std::map<std::string, bool> addresses;
    for (const auto& target : inputs.service.targets) addresses.emplace(target.ip.text, true);
    // ready / addresses < min_healthy_percent / 100, in integers.
    if (ready * 100 < static_cast<std::size_t>(inputs.min_healthy_percent) * addresses.size()) {
      plan.decision = PlanDecision::Hold;
      plan.detail = std::to_string(ready) + " of " + std::to_string(addresses.size()) +
                    " addresses healthy, under my_conf.min_healthy_percent (" +
                    std::to_string(inputs.min_healthy_percent) + "%): keeping the last written " + objects;
    }
  }
  return plan;
}

}  // namespace lecter
