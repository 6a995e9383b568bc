#include "endpoints_write.h"

#include <utility>

#include "lecter/base/json_fields.h"
#include "lecter/endpoints/endpoints_object.h"

namespace lecter {

EndpointsWrite::EndpointsWrite(const ServiceSpec& service, const WritePolicy& policy, PlanInputs inputs,
                               const Clock& clock)
    : ServiceWrite(service, policy), inputs_(std::move(inputs)), clock_(clock) {}

KubeCall EndpointsWrite::readCall() const {
  return KubeCall::getEndpoints(ObjectRef{service().ns, service().name});
}

bool EndpointsWrite::readable(const KubeResult& read) const { return read.ok() || read.notFound(); }

std::string EndpointsWrite::readingWhat() const { return "reading endpoints " + where(); }

ServicePlan EndpointsWrite::planFrom(KubeResult&& read) {
  live_ = read.ok() ? std::move(read.object) : nlohmann::json();
  return planEndpoints(inputs_, live_);
}

KubeCall EndpointsWrite::callFor(PlanStep& step) const {
  return KubeCall::putEndpoints(ObjectRef{service().ns, service().name}, std::move(step.object));
}

void EndpointsWrite::written(const PlanStep&, const nlohmann::json& sent, KubeResult&& result) {
  // Not one ?: expression: with `sent` const, it would copy the answer instead of moving it.
  if (result.object.is_object()) {
    live_ = std::move(result.object);
  } else {
    live_ = sent;
  }
}

ServiceRecord EndpointsWrite::recordNow(bool wrote) const {
  ServiceRecord record;
  record.service = service().key;
  record.ns = service().ns;
  record.name = service().name;
  const auto ips = readyIpsOf(live_);
  record.addresses.assign(ips.begin(), ips.end());
  if (live_.is_object()) record.resource_version = metadataString(live_, "resourceVersion");
  if (wrote) record.written_ms = toUnixMillis(clock_.wallNow());
  return record;
}

}  // namespace lecter
