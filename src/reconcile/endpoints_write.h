#pragma once
// kubernetes_conf.mode: endpoints: one v1 Endpoints object per service, read with GET (a missing one
// is planned from nothing) and written with a conditional PUT (which also creates).

#include "lecter/endpoints/service_plan.h"
#include "service_write.h"

namespace lecter {

class EndpointsWrite final : public ServiceWrite {
 public:
  EndpointsWrite(const ServiceSpec& service, const WritePolicy& policy, PlanInputs inputs,
                 const Clock& clock);

 private:
  KubeCall readCall() const override;
  bool readable(const KubeResult& read) const override;
  std::string readingWhat() const override;
  ServicePlan planFrom(KubeResult&& read) override;
  KubeCall callFor(PlanStep& step) const override;
  std::string objectKind() const override { return "endpoints"; }
  std::string reportText(const PlanStep& step) const override { return step.reason; }
  void written(const PlanStep& step, const nlohmann::json& sent, KubeResult&& result) override;
  ServiceRecord recordNow(bool wrote) const override;

  PlanInputs inputs_;
  const Clock& clock_;
  nlohmann::json live_;  // the object as last read or written; null when there is none
};

}  // namespace lecter
