#include "endpoint_slices_write.h"

#include <utility>
#include <vector>

#include "lecter/base/json_fields.h"
#include "lecter/endpoints/endpoint_slices.h"

namespace lecter {
namespace {

std::vector<nlohmann::json> valuesOf(const std::map<std::string, nlohmann::json>& slices) {
  std::vector<nlohmann::json> out;
  out.reserve(slices.size());
  for (const auto& [name, slice] : slices) out.push_back(slice);
  return out;
}

}  // namespace

EndpointSlicesWrite::EndpointSlicesWrite(const ServiceSpec& service, const WritePolicy& policy,
                                         PlanInputs inputs, const Clock& clock)
    : ServiceWrite(service, policy), inputs_(std::move(inputs)), clock_(clock) {}

KubeCall EndpointSlicesWrite::readCall() const {
  return KubeCall::listEndpointSlices(ObjectRef{service().ns, service().name},
                                      endpointSliceSelectorFor(service()));
}

std::string EndpointSlicesWrite::readingWhat() const { return "listing endpointslices of " + where(); }

ServicePlan EndpointSlicesWrite::planFrom(const KubeResult& read) {
  live_.clear();
  const auto& items = read.object.contains("items") ? read.object["items"] : nlohmann::json::array();
  if (items.is_array()) {
    for (const auto& item : items) {
      if (item.is_object()) live_[metadataString(item, "name")] = item;
    }
  }
  return planEndpointSlices(inputs_, valuesOf(live_));
}

KubeCall EndpointSlicesWrite::callFor(const PlanStep& step) const {
  const ObjectRef ref{service().ns, step.name};
  switch (step.action) {
    case PlanStep::Action::Create:
      return KubeCall::createEndpointSlice(service().ns, step.object);
    case PlanStep::Action::Delete:
      return KubeCall::deleteEndpointSlice(ref);
    case PlanStep::Action::Put:
      break;
  }
  return KubeCall::putEndpointSlice(ref, step.object);
}

void EndpointSlicesWrite::written(const PlanStep& step, const KubeResult& result) {
  if (step.action == PlanStep::Action::Delete) {
    live_.erase(step.name);
  } else {
    live_[step.name] = result.object.is_object() ? result.object : step.object;
  }
}

ServiceRecord EndpointSlicesWrite::recordNow(bool wrote) const {
  ServiceRecord record;
  record.service = service().key;
  record.ns = service().ns;
  record.name = service().name;
  for (const auto& [ip, ready] : endpointReadinessOf(valuesOf(live_))) {
    if (ready) record.addresses.push_back(ip);
  }
  std::string versions;
  for (const auto& [name, slice] : live_) {
    const std::string version = metadataString(slice, "resourceVersion");
    if (!version.empty()) versions += (versions.empty() ? "" : ",") + name + "=" + version;
  }
  record.resource_version = versions;
  if (wrote) record.written_ms = toUnixMillis(clock_.wallNow());
  return record;
}

}  // namespace lecter
