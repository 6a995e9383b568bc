#include "endpoint_slices_write.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "lecter/base/json_fields.h"
#include "lecter/endpoints/endpoint_slices.h"

namespace lecter {
namespace {

std::string sliceName(const nlohmann::json& slice) { return metadataString(slice, "name"); }

}  // namespace

EndpointSlicesWrite::EndpointSlicesWrite(const ServiceSpec& service, const WritePolicy& policy,
                                         PlanInputs inputs, const Clock& clock)
    : ServiceWrite(service, policy), inputs_(std::move(inputs)), clock_(clock) {}

KubeCall EndpointSlicesWrite::readCall() const {
  return KubeCall::listEndpointSlices(ObjectRef{service().ns, service().name},
                                      endpointSliceSelectorFor(service()));
}

std::string EndpointSlicesWrite::readingWhat() const { return "listing endpointslices of " + where(); }

ServicePlan EndpointSlicesWrite::planFrom(KubeResult&& read) {
  live_.clear();
  if (read.object.is_object() && read.object.contains("items") && read.object["items"].is_array()) {
    for (auto& item : read.object["items"]) {
      if (item.is_object()) live_.push_back(std::move(item));
    }
  }
  return planEndpointSlices(inputs_, live_);
}

KubeCall EndpointSlicesWrite::callFor(PlanStep& step) const {
  const ObjectRef ref{service().ns, step.name};
  switch (step.action) {
    case PlanStep::Action::Create:
      return KubeCall::createEndpointSlice(service().ns, std::move(step.object));
    case PlanStep::Action::Delete:
      return KubeCall::deleteEndpointSlice(ref);
    case PlanStep::Action::Put:
      break;
  }
  return KubeCall::putEndpointSlice(ref, std::move(step.object));
}

void EndpointSlicesWrite::written(const PlanStep& step, const nlohmann::json& sent, KubeResult&& result) {
  std::erase_if(live_, [&step](const nlohmann::json& slice) { return sliceName(slice) == step.name; });
  if (step.action == PlanStep::Action::Delete) return;
  // Not one ?: expression: with `sent` const, it would copy the answer instead of moving it.
  if (result.object.is_object()) {
    live_.push_back(std::move(result.object));
  } else {
    live_.push_back(sent);
  }
}

ServiceRecord EndpointSlicesWrite::recordNow(bool wrote) const {
  ServiceRecord record;
  record.service = service().key;
  record.ns = service().ns;
  record.name = service().name;
  for (const auto& [ip, ready] : endpointReadinessOf(live_)) {
    if (ready) record.addresses.push_back(ip);
  }
  std::string versions;
  std::vector<const nlohmann::json*> by_name;
  for (const auto& slice : live_) by_name.push_back(&slice);
  std::sort(by_name.begin(), by_name.end(),
            [](const nlohmann::json* a, const nlohmann::json* b) { return sliceName(*a) < sliceName(*b); });
  for (const nlohmann::json* slice : by_name) {
    const std::string version = metadataString(*slice, "resourceVersion");
    if (version.empty()) continue;
    if (!versions.empty()) versions += ',';
    versions += sliceName(*slice);
    versions += '=';
    versions += version;
  }
  record.resource_version = versions;
  if (wrote) record.written_ms = toUnixMillis(clock_.wallNow());
  return record;
}

}  // namespace lecter
