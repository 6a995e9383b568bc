// The plan's shared rules (desiredReadiness, heldBack) and each mode's plan.

#include "lecter/endpoints/service_plan.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "db_service.h"
#include "lecter/endpoints/endpoints_object.h"

namespace lecter {
namespace {

using nlohmann::json;
using Readiness = std::map<std::string, bool>;

ServiceSpec threeTargets() {
  ServiceSpec s = testing::dbService();
  for (const char* ip : {"198.18.0.1", "198.18.0.2", "198.18.0.3"})
    s.targets.push_back(TargetSpec{ip, *parseIpAddress(ip), 5432});
  return s;
}

const json kTemplate = json::parse(R"({"kind":"Endpoints","apiVersion":"v1","metadata":{"name":"x"},
    "subsets":[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"name":"pg","port":5432,"protocol":"TCP"}]}]})");

class ServicePlanTest : public ::testing::Test {
 protected:
  PlanInputs inputs(const std::vector<HealthState>& states) {
    states_ = states;
    return PlanInputs{service_, states_, kTemplate, "", "", UnhealthyPolicy::Drop, AllDownPolicy::Keep, 0};
  }
  ServiceSpec service_ = threeTargets();
  std::vector<HealthState> states_;
};

using H = HealthState;

TEST_F(ServicePlanTest, HealthyIsReadyUnhealthyIsListedNotReadyOnlyWhenAskedPendingKeepsTheLiveReadiness) {
  const Readiness live{{"198.18.0.3", false}};
  const auto in = inputs({H::Healthy, H::Unhealthy, H::Pending});
  EXPECT_EQ(desiredReadiness(in, live, false), (Readiness{{"198.18.0.1", true}}));
  EXPECT_EQ(desiredReadiness(in, live, true),
            (Readiness{{"198.18.0.1", true}, {"198.18.0.2", false}, {"198.18.0.3", false}}));
  EXPECT_EQ(desiredReadiness(in, Readiness{{"198.18.0.3", true}}, false),
            (Readiness{{"198.18.0.1", true}, {"198.18.0.3", true}}));
}

TEST_F(ServicePlanTest, TwoTargetsOnOneAddressAreReadyWhenEitherIs) {
  service_.targets[1].ip = service_.targets[0].ip;
  const auto in = inputs({H::Unhealthy, H::Healthy, H::Unhealthy});
  EXPECT_EQ(desiredReadiness(in, {}, true), (Readiness{{"198.18.0.1", true}, {"198.18.0.3", false}}));
}

TEST_F(ServicePlanTest, NothingReadyWithAllDownKeepIsKept) {
  const auto in = inputs({H::Unhealthy, H::Unhealthy, H::Unhealthy});
  const ServicePlan plan = heldBack(in, desiredReadiness(in, {}, true), true, "set");
  EXPECT_EQ(plan.decision, PlanDecision::Keep);
  EXPECT_EQ(plan.detail, "no healthy target; all_down: keep leaves the last written set");
}

TEST_F(ServicePlanTest, UnderMinHealthyIsHeldOnlyWhenThereIsALiveObject) {
  auto in = inputs({H::Healthy, H::Unhealthy, H::Unhealthy});
  in.min_healthy_percent = 50;
  const auto readiness = desiredReadiness(in, {}, false);
  EXPECT_EQ(heldBack(in, readiness, true, "set").decision, PlanDecision::Hold);
  EXPECT_EQ(heldBack(in, readiness, false, "set").decision, PlanDecision::InSync);
  in.min_healthy_percent = 33;  // 1 of 3 is 33.3 %: enough
  EXPECT_EQ(heldBack(in, readiness, true, "set").decision, PlanDecision::InSync);
}

TEST_F(ServicePlanTest, EndpointsPlanWritesOnePutWhenTheSetDiffersAndNothingWhenInSync) {
  const auto in = inputs({H::Healthy, H::Healthy, H::Unhealthy});
  const ServicePlan first = planEndpoints(in, nullptr);
  ASSERT_EQ(first.decision, PlanDecision::Write);
  ASSERT_EQ(first.steps.size(), 1U);
  EXPECT_EQ(first.steps[0].action, PlanStep::Action::Put);
  EXPECT_EQ(first.steps[0].reason, "the object does not exist");
  EXPECT_EQ(readyIpsOf(first.steps[0].object), (std::set<std::string>{"198.18.0.1", "198.18.0.2"}));

  json live = first.steps[0].object;
  live["metadata"]["resourceVersion"] = "7";
  EXPECT_EQ(planEndpoints(in, live).decision, PlanDecision::InSync);
}

TEST_F(ServicePlanTest, SlicePlanCreatesTheMissingAndDeletesTheUnwanted) {
  const auto in = inputs({H::Healthy, H::Healthy, H::Healthy});
  json stale = {{"kind", "EndpointSlice"},
                {"addressType", "IPv6"},
                {"metadata", {{"name", "db-lecter-ipv6"}, {"namespace", "prod"}, {"resourceVersion", "3"}}},
                {"endpoints", json::array({{{"addresses", {"2001:db8::1"}}}})}};
  const ServicePlan plan = planEndpointSlices(in, {stale});
  ASSERT_EQ(plan.decision, PlanDecision::Write);
  ASSERT_EQ(plan.steps.size(), 2U);
  EXPECT_EQ(plan.steps[0].action, PlanStep::Action::Create);
  EXPECT_EQ(plan.steps[0].name, "db-lecter");
  EXPECT_EQ(plan.steps[1].action, PlanStep::Action::Delete);
  EXPECT_EQ(plan.steps[1].name, "db-lecter-ipv6");
}

}  // namespace
}  // namespace lecter
