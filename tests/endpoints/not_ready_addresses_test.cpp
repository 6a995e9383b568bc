// notReadyAddresses (kubernetes_conf.unhealthy: not_ready) and the Service's port name.

#include <gtest/gtest.h>

#include "db_service.h"
#include "lecter/endpoints/endpoints_object.h"

namespace lecter {
namespace {

using testing::dbService;

using nlohmann::json;

json unnamedPortTemplate() {
  return json::parse(R"({"kind":"Endpoints","apiVersion":"v1","metadata":{"name":"t","namespace":"default"},
    "subsets":[{"addresses":[{"ip":"10.0.0.71"}],"ports":[{"port":8080,"protocol":"TCP"}]}]})");
}

TEST(NotReadyAddresses, UnhealthyTargetsGoInNotReadyAddressesOfTheSameSubset) {
  const json out =
      renderEndpointsWith(unnamedPortTemplate(), dbService(),
                          EndpointAddresses{{"198.18.0.10"}, {"198.18.0.11", "198.18.0.12"}, ""}, nullptr);
  ASSERT_EQ(out["subsets"].size(), 1U);
  EXPECT_EQ(out["subsets"][0]["addresses"], json::parse(R"([{"ip":"198.18.0.10"}])"));
  EXPECT_EQ(out["subsets"][0]["notReadyAddresses"],
            json::parse(R"([{"ip":"198.18.0.11"},{"ip":"198.18.0.12"}])"));
  EXPECT_EQ(out["subsets"][0]["ports"], json::parse(R"([{"port":5432,"protocol":"TCP"}])"));
}

TEST(NotReadyAddresses, OnlyNotReadyTargetsStillMakeASubsetWithoutAnAddressesKey) {
  // A subset needs addresses or notReadyAddresses; an empty addresses list would be left out by the
  // server anyway (omitempty), so it is not sent.
  const json out = renderEndpointsWith(unnamedPortTemplate(), dbService(),
                                       EndpointAddresses{{}, {"198.18.0.11"}, ""}, nullptr);
  ASSERT_EQ(out["subsets"].size(), 1U);
  EXPECT_FALSE(out["subsets"][0].contains("addresses"));
  EXPECT_EQ(out["subsets"][0]["notReadyAddresses"], json::parse(R"([{"ip":"198.18.0.11"}])"));
}

TEST(NotReadyAddresses, NothingAtAllIsAnEmptySubsetList) {
  const json out = renderEndpointsWith(unnamedPortTemplate(), dbService(), EndpointAddresses{}, nullptr);
  EXPECT_EQ(out["subsets"], json::array());
}

TEST(NotReadyAddresses, AnIpBothReadyAndNotReadyIsListedOnceAsReady) {
  const json out = renderEndpointsWith(unnamedPortTemplate(), dbService(),
                                       EndpointAddresses{{"198.18.0.10"}, {"198.18.0.10"}, ""}, nullptr);
  EXPECT_EQ(out["subsets"][0]["addresses"], json::parse(R"([{"ip":"198.18.0.10"}])"));
  EXPECT_FALSE(out["subsets"][0].contains("notReadyAddresses"));
}

TEST(NotReadyAddresses, TheOldOverloadWritesNoNotReadyAddresses) {
  const json out =
      renderEndpoints(unnamedPortTemplate(), dbService(), std::set<std::string>{"198.18.0.10"}, nullptr);
  EXPECT_FALSE(out["subsets"][0].contains("notReadyAddresses"));
}

TEST(NotReadyAddresses, ComparisonSeesAnAddressMovingBetweenReadyAndNotReady) {
  const json ready = renderEndpointsWith(unnamedPortTemplate(), dbService(),
                                         EndpointAddresses{{"198.18.0.10", "198.18.0.11"}, {}, ""}, nullptr);
  const json one_not_ready = renderEndpointsWith(
      unnamedPortTemplate(), dbService(), EndpointAddresses{{"198.18.0.10"}, {"198.18.0.11"}, ""}, nullptr);
  EXPECT_EQ(differenceReason(one_not_ready, ready), "+198.18.0.11:5432/TCP not ready, -198.18.0.11:5432/TCP");
  EXPECT_EQ(differenceReason(one_not_ready, one_not_ready), "");
}

TEST(NotReadyAddresses, ComparisonIgnoresHowTheServerRegroupedTheSubsets) {
  const json desired = renderEndpointsWith(unnamedPortTemplate(), dbService(),
                                           EndpointAddresses{{"198.18.0.10"}, {"198.18.0.11"}, ""}, nullptr);
  // The server may split ready and not-ready addresses into subsets of their own, in another order.
  const json live = json::parse(R"({"metadata":{"name":"db","namespace":"prod",
      "labels":{"app.kubernetes.io/managed-by":"lecter"}},"subsets":[
      {"notReadyAddresses":[{"ip":"198.18.0.11"}],"ports":[{"port":5432,"protocol":"TCP"}]},
      {"addresses":[{"ip":"198.18.0.10"}],"ports":[{"port":5432,"protocol":"TCP"}]}]})");
  EXPECT_EQ(differenceReason(desired, live), "");
}

TEST(NotReadyAddresses, NotReadyIpsOfReadsEverySubset) {
  const json live = json::parse(R"({"subsets":[
      {"addresses":[{"ip":"198.18.0.10"}],"notReadyAddresses":[{"ip":"198.18.0.11"}]},
      {"notReadyAddresses":[{"ip":"198.18.0.12"}]}]})");
  EXPECT_EQ(notReadyIpsOf(live), (std::set<std::string>{"198.18.0.11", "198.18.0.12"}));
  EXPECT_EQ(readyIpsOf(live), (std::set<std::string>{"198.18.0.10"}));
}

TEST(ServicePortName, TheFallbackNamesAnUnnamedTemplatePort) {
  const json out = renderEndpointsWith(unnamedPortTemplate(), dbService(),
                                       EndpointAddresses{{"198.18.0.10"}, {}, "postgres"}, nullptr);
  EXPECT_EQ(out["subsets"][0]["ports"], json::parse(R"([{"name":"postgres","port":5432,"protocol":"TCP"}])"));
}

TEST(ServicePortName, TheTemplatesOwnNameWinsOverTheFallback) {
  json tmpl = unnamedPortTemplate();
  tmpl["subsets"][0]["ports"][0]["name"] = "sql";
  const json out =
      renderEndpointsWith(tmpl, dbService(), EndpointAddresses{{"198.18.0.10"}, {}, "postgres"}, nullptr);
  EXPECT_EQ(out["subsets"][0]["ports"][0]["name"], "sql");
}

TEST(ServicePortName, ANewPortNameIsADifferenceToWrite) {
  const json unnamed = renderEndpointsWith(unnamedPortTemplate(), dbService(),
                                           EndpointAddresses{{"198.18.0.10"}, {}, ""}, nullptr);
  const json named = renderEndpointsWith(unnamedPortTemplate(), dbService(),
                                         EndpointAddresses{{"198.18.0.10"}, {}, "postgres"}, nullptr);
  EXPECT_EQ(differenceReason(named, unnamed), "+198.18.0.10:5432/TCP (postgres), -198.18.0.10:5432/TCP");
}

}  // namespace
}  // namespace lecter
