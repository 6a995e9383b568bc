// A service with several ports (`- ports:`): every port in the written objects, and an address ready
// when all its ports pass (ready_when: all) or any one does (ready_when: any).

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "db_service.h"
#include "lecter/endpoints/endpoint_slices.h"
#include "lecter/endpoints/endpoints_object.h"
#include "lecter/endpoints/service_plan.h"

namespace lecter::multi_port_plan_test {
namespace {

using nlohmann::json;
using Readiness = std::map<std::string, bool>;
using H = HealthState;

const json kTemplate = json::parse(R"({"kind":"Endpoints","apiVersion":"v1","metadata":{"name":"x"},
    "subsets":[{"ports":[{"name":"ignored","port":1,"protocol":"TCP"}]}]})");

/// Two addresses, each with an http (8080) and a dns (53/UDP) port: targets in that order.
ServiceSpec twoPortService(ReadyWhen ready_when) {
  ServiceSpec s = testing::dbService();
  ServicePort http;
  http.name = "http";
  http.port = 8080;
  ServicePort dns;
  dns.name = "dns";
  dns.port = 53;
  dns.protocol = "UDP";
  s.ports = {http, dns};
  s.port = 8080;
  s.ready_when = ready_when;
  for (const char* ip : {"198.18.0.1", "198.18.0.2"}) {
    for (const ServicePort& port : s.ports)
      s.targets.emplace_back(ip, *parseIpAddress(ip), port.port, port.name);
  }
  return s;
}

class MultiPortPlanTest : public ::testing::Test {
 protected:
  PlanInputs inputs(const ServiceSpec& service, const std::vector<HealthState>& states) {
    service_ = service;
    states_ = states;
    return PlanInputs{service_, states_, kTemplate, "", "", UnhealthyPolicy::Drop, AllDownPolicy::Empty, 0};
  }
  ServiceSpec service_;
  std::vector<HealthState> states_;
};

TEST_F(MultiPortPlanTest, WithReadyWhenAllAnAddressIsReadyOnlyWhenEveryPortPasses) {
  // 198.18.0.1: both ports pass; 198.18.0.2: http passes, dns fails.
  const auto in = inputs(twoPortService(ReadyWhen::All), {H::Healthy, H::Healthy, H::Healthy, H::Unhealthy});
  EXPECT_EQ(desiredReadiness(in, {}, false), (Readiness{{"198.18.0.1", true}}));
  EXPECT_EQ(desiredReadiness(in, {}, true), (Readiness{{"198.18.0.1", true}, {"198.18.0.2", false}}));
}

TEST_F(MultiPortPlanTest, WithReadyWhenAnyOnePassingPortIsEnough) {
  const auto in =
      inputs(twoPortService(ReadyWhen::Any), {H::Unhealthy, H::Unhealthy, H::Healthy, H::Unhealthy});
  EXPECT_EQ(desiredReadiness(in, {}, false), (Readiness{{"198.18.0.2", true}}));
}

TEST_F(MultiPortPlanTest, APendingPortKeepsWhatTheLiveObjectSaysOfItsAddress) {
  const auto in = inputs(twoPortService(ReadyWhen::All), {H::Healthy, H::Pending, H::Healthy, H::Pending});
  EXPECT_EQ(desiredReadiness(in, Readiness{{"198.18.0.1", true}}, false), (Readiness{{"198.18.0.1", true}}));
}

TEST_F(MultiPortPlanTest, TheEndpointsSubsetCarriesEveryPortWithItsNameAndProtocol) {
  const auto in = inputs(twoPortService(ReadyWhen::All), {H::Healthy, H::Healthy, H::Healthy, H::Unhealthy});
  const ServicePlan plan = planEndpoints(in, nullptr);
  ASSERT_EQ(plan.decision, PlanDecision::Write);
  const json& subsets = plan.steps.at(0).object.at("subsets");
  ASSERT_EQ(subsets.size(), 1U);
  EXPECT_EQ(subsets[0].at("addresses"), json::parse(R"([{"ip":"198.18.0.1"}])"));
  EXPECT_EQ(subsets[0].at("ports"), json::parse(R"([{"name":"http","port":8080,"protocol":"TCP"},
                                                    {"name":"dns","port":53,"protocol":"UDP"}])"));
  // The live object read back with its ports in another order is in sync.
  json live = plan.steps[0].object;
  live["subsets"][0]["ports"] = json::parse(R"([{"name":"dns","port":53,"protocol":"UDP"},
                                                {"name":"http","port":8080,"protocol":"TCP"}])");
  EXPECT_EQ(planEndpoints(in, live).decision, PlanDecision::InSync);
}

TEST_F(MultiPortPlanTest, TheEndpointSliceCarriesEveryPort) {
  const auto in = inputs(twoPortService(ReadyWhen::All), {H::Healthy, H::Healthy, H::Healthy, H::Unhealthy});
  const ServicePlan plan = planEndpointSlices(in, {});
  ASSERT_EQ(plan.decision, PlanDecision::Write);
  const json& slice = plan.steps.at(0).object;
  EXPECT_EQ(slice.at("ports"), json::parse(R"([{"name":"http","port":8080,"protocol":"TCP"},
                                               {"name":"dns","port":53,"protocol":"UDP"}])"));
  ASSERT_EQ(slice.at("endpoints").size(), 2U);  // slices list unhealthy addresses, not ready
  EXPECT_EQ(slice["endpoints"][1]["conditions"]["ready"], false);
}

TEST_F(MultiPortPlanTest, TheOnePortOfTheSeedsFormTakesAUdpProbesProtocol) {
  ServiceSpec s = testing::dbService();
  ServicePort dns;
  dns.port = 53;
  dns.protocol = "UDP";
  s.ports = {dns};
  s.port = 53;
  s.targets.emplace_back("a", *parseIpAddress("198.18.0.1"), 53);
  const auto in = inputs(s, {H::Healthy});
  const ServicePlan plan = planEndpoints(in, nullptr);
  ASSERT_EQ(plan.decision, PlanDecision::Write);
  EXPECT_EQ(plan.steps.at(0).object.at("subsets")[0].at("ports"),
            json::parse(R"([{"name":"ignored","port":53,"protocol":"UDP"}])"));
}

}  // namespace
}  // namespace lecter::multi_port_plan_test
