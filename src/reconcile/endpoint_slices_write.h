#pragma once
// kubernetes_conf.mode: endpointslice: the discovery.k8s.io/v1 EndpointSlices lecter owns for a
// service, listed by label (a failed list cannot be planned from), created with POST, replaced with a
// conditional PUT, deleted with DELETE.

#include <string>
#include <vector>

#include "lecter/endpoints/service_plan.h"
#include "service_write.h"

namespace lecter {

class EndpointSlicesWrite final : public ServiceWrite {
 public:
  EndpointSlicesWrite(const ServiceSpec& service, const WritePolicy& policy, PlanInputs inputs,
                      const Clock& clock);

 private:
  KubeCall readCall() const override;
  bool readable(const KubeResult& read) const override { return read.ok(); }
  std::string readingWhat() const override;
  ServicePlan planFrom(KubeResult&& read) override;
  KubeCall callFor(PlanStep& step) const override;
  std::string objectKind() const override { return "endpointslice"; }
  std::string reportText(const PlanStep& step) const override { return step.name + ": " + step.reason; }
  void written(const PlanStep& step, const nlohmann::json& sent, KubeResult&& result) override;
  ServiceRecord recordNow(bool wrote) const override;

  PlanInputs inputs_;
  const Clock& clock_;
  std::vector<nlohmann::json> live_;  // as last listed or written, one per name
};

}  // namespace lecter
