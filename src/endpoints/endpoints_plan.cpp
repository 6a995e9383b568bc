// The plan of kubernetes_conf.mode: endpoints: one Endpoints object named after the Service.

#include <map>
#include <string>

#include "lecter/endpoints/endpoints_object.h"
#include "lecter/endpoints/service_plan.h"

namespace lecter {

ServicePlan planEndpoints(const PlanInputs& inputs, const nlohmann::json& observed) {
  std::map<std::string, bool> live;
  for (const auto& ip : notReadyIpsOf(observed)) live[ip] = false;
  for (const auto& ip : readyIpsOf(observed)) live[ip] = true;
  const auto readiness = desiredReadiness(inputs, live, inputs.unhealthy == UnhealthyPolicy::NotReady);
  ServicePlan plan = heldBack(inputs, readiness, observed.is_object(), "set");
  if (plan.decision != PlanDecision::InSync) return plan;

  EndpointAddresses addresses;
  for (const auto& [ip, ready] : readiness) (ready ? addresses.ready : addresses.not_ready).insert(ip);
  addresses.fallback_port_name = inputs.fallback_port_name;
  nlohmann::json desired = renderEndpointsWith(inputs.endpoint_template, inputs.service, addresses, observed);
  std::string reason = differenceReason(desired, observed);
  if (reason.empty()) return plan;
  plan.decision = PlanDecision::Write;
  plan.steps.push_back(
      PlanStep{PlanStep::Action::Put, inputs.service.name, std::move(desired), std::move(reason)});
  return plan;
}

}  // namespace lecter
