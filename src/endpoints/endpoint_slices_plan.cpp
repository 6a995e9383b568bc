// The plan of kubernetes_conf.mode: endpointslice: the slices lecter owns for a service, brought in step
// with its targets. POST the missing, PUT (with the live resourceVersion) the different, DELETE the ones
// no longer needed. An EndpointSlice PUT cannot create and its addressType cannot change, so a slice of
// the wrong family is deleted and created again.

#include <map>
#include <string>
#include <utility>

#include "lecter/base/json_fields.h"
#include "lecter/endpoints/endpoint_slices.h"
#include "lecter/endpoints/service_plan.h"

namespace lecter {
namespace {

using nlohmann::json;
using Action = PlanStep::Action;

std::string sliceNameOf(const json& slice) { return metadataString(slice, "name"); }

}  // namespace

ServicePlan planEndpointSlices(const PlanInputs& inputs, const std::vector<json>& live) {
  // Unhealthy targets are listed not ready whatever kubernetes_conf.unhealthy says: a slice says so
  // with conditions.ready.
  const auto readiness = desiredReadiness(inputs, endpointReadinessOf(live), true);
  ServicePlan plan = heldBack(inputs, readiness, !live.empty(), "slices");
  if (plan.decision != PlanDecision::InSync) return plan;

  SliceInputs slice_inputs;
  slice_inputs.endpoints = readiness;
  slice_inputs.fallback_port_name = inputs.fallback_port_name;
  slice_inputs.service_uid = inputs.service_uid;
  const std::vector<json> desired =
      renderEndpointSlices(inputs.endpoint_template, inputs.service, slice_inputs);

  std::map<std::string, const json*> live_by_name;
  for (const auto& slice : live) live_by_name[sliceNameOf(slice)] = &slice;
  for (const auto& slice : desired) {
    const std::string name = sliceNameOf(slice);
    const auto it = live_by_name.find(name);
    if (it == live_by_name.end()) {
      plan.steps.push_back(PlanStep{Action::Create, name, slice, "created"});
      continue;
    }
    std::string reason = sliceDifferenceReason(slice, *it->second);
    if (reason.empty()) continue;
    if (sliceNeedsRecreate(slice, *it->second)) {
      plan.steps.push_back(PlanStep{Action::Delete, name, nullptr, reason});
      plan.steps.push_back(PlanStep{Action::Create, name, slice, std::move(reason)});
    } else {
      plan.steps.push_back(
          PlanStep{Action::Put, name, endpointSliceUpdate(slice, *it->second), std::move(reason)});
    }
  }
  for (const auto& [name, slice] : live_by_name) {
    bool wanted = false;
    for (const auto& d : desired) wanted = wanted || sliceNameOf(d) == name;
    if (!wanted) plan.steps.push_back(PlanStep{Action::Delete, name, nullptr, "no longer needed"});
  }
  if (!plan.steps.empty()) plan.decision = PlanDecision::Write;
  return plan;
}

}  // namespace lecter
