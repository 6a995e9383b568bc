// EndpointSlice mode: the slices lecter renders (names, labels, ownerReference, split by family and at
// 1000 endpoints, conditions) and their comparison with live slices as sets.

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>

#include "db_service.h"
#include "lecter/endpoints/endpoint_slices.h"

namespace lecter {
namespace {

using testing::dbService;

using nlohmann::json;

json templateWithPort(const std::string& port_json) {
  return json::parse(R"({"kind":"Endpoints","apiVersion":"v1",
    "metadata":{"name":"t","namespace":"default","labels":{"team":"storage"},"annotations":{"note":"x"}},
    "subsets":[{"addresses":[{"ip":"10.0.0.71"}],"ports":[)" +
                     port_json + "]}]}");
}

json unnamedTemplate() { return templateWithPort(R"({"port":8080,"protocol":"TCP"})"); }

std::string ipv6In(int i) {
  char text[32];
  std::snprintf(text, sizeof text, "2001:2:0:1:1::%x", i);
  return text;
}

SliceInputs inputs(std::map<std::string, bool> endpoints, std::string uid = "uid-db") {
  return SliceInputs{std::move(endpoints), "", std::move(uid)};
}

TEST(EndpointSlices, OneIpv4SliceNamedAfterTheServiceWithLecterLabelsAndTemplateMetadata) {
  const auto slices = renderEndpointSlices(unnamedTemplate(), dbService(),
                                           inputs({{"198.18.0.10", true}, {"198.18.0.11", false}}));
  ASSERT_EQ(slices.size(), 1U);
  const json& s = slices[0];
  EXPECT_EQ(s["apiVersion"], "discovery.k8s.io/v1");
  EXPECT_EQ(s["kind"], "EndpointSlice");
  EXPECT_EQ(s["metadata"]["name"], "db-lecter");
  EXPECT_EQ(s["metadata"]["namespace"], "prod");
  EXPECT_EQ(s["metadata"]["labels"], json::parse(R"({"team":"storage","kubernetes.io/service-name":"db",
      "endpointslice.kubernetes.io/managed-by":"lecter"})"));
  EXPECT_EQ(s["metadata"]["annotations"], json::parse(R"({"note":"x"})"));
  EXPECT_EQ(s["addressType"], "IPv4");
  EXPECT_EQ(s["ports"], json::parse(R"([{"port":5432,"protocol":"TCP"}])"));
  EXPECT_EQ(s["endpoints"], json::parse(R"([
      {"addresses":["198.18.0.10"],"conditions":{"ready":true,"serving":true,"terminating":false}},
      {"addresses":["198.18.0.11"],"conditions":{"ready":false,"serving":false,"terminating":false}}])"));
}

TEST(EndpointSlices, TheOwnerReferenceIsTheServiceAsController) {
  const auto slices = renderEndpointSlices(unnamedTemplate(), dbService(), inputs({{"198.18.0.10", true}}));
  EXPECT_EQ(slices.at(0)["metadata"]["ownerReferences"],
            json::parse(R"([{"apiVersion":"v1","kind":"Service","name":"db","uid":"uid-db","controller":true,
                "blockOwnerDeletion":true}])"));
}

TEST(EndpointSlices, AnUnknownServiceUidLeavesTheOwnerReferenceOut) {
  const auto slices =
      renderEndpointSlices(unnamedTemplate(), dbService(), inputs({{"198.18.0.10", true}}, ""));
  EXPECT_FALSE(slices.at(0)["metadata"].contains("ownerReferences"));
}

TEST(EndpointSlices, PortNameAndProtocolComeFromTheTemplateElseTheServiceFallback) {
  auto named = renderEndpointSlices(templateWithPort(R"({"name":"sql","port":1,"protocol":"UDP"})"),
                                    dbService(), SliceInputs{{{"198.18.0.10", true}}, "postgres", ""});
  EXPECT_EQ(named.at(0)["ports"], json::parse(R"([{"name":"sql","port":5432,"protocol":"UDP"}])"));
  auto fallback = renderEndpointSlices(unnamedTemplate(), dbService(),
                                       SliceInputs{{{"198.18.0.10", true}}, "postgres", ""});
  EXPECT_EQ(fallback.at(0)["ports"], json::parse(R"([{"name":"postgres","port":5432,"protocol":"TCP"}])"));
}

TEST(EndpointSlices, IpV6AddressesGoInTheirOwnSlice) {
  const auto slices =
      renderEndpointSlices(unnamedTemplate(), dbService(),
                           inputs({{"198.18.0.10", true}, {"2001:2::a", true}, {"2001:2::b", false}}));
  ASSERT_EQ(slices.size(), 2U);
  EXPECT_EQ(slices[0]["metadata"]["name"], "db-lecter");
  EXPECT_EQ(slices[0]["addressType"], "IPv4");
  EXPECT_EQ(slices[0]["endpoints"].size(), 1U);
  EXPECT_EQ(slices[1]["metadata"]["name"], "db-lecter-ipv6");
  EXPECT_EQ(slices[1]["addressType"], "IPv6");
  EXPECT_EQ(slices[1]["endpoints"].size(), 2U);
  EXPECT_EQ(slices[1]["metadata"]["labels"]["kubernetes.io/service-name"], "db");
}

TEST(EndpointSlices, MoreThanAThousandAddressesAreSplitInSortedOrder) {
  std::map<std::string, bool> many;
  for (int i = 0; i < 2500; ++i) many[ipv6In(i)] = i % 3 != 0;
  const auto slices = renderEndpointSlices(unnamedTemplate(), dbService(), inputs(many));
  ASSERT_EQ(slices.size(), 3U);
  EXPECT_EQ(slices[0]["metadata"]["name"], "db-lecter-ipv6");
  EXPECT_EQ(slices[1]["metadata"]["name"], "db-lecter-ipv6-2");
  EXPECT_EQ(slices[2]["metadata"]["name"], "db-lecter-ipv6-3");
  EXPECT_EQ(slices[0]["endpoints"].size(), 1000U);
  EXPECT_EQ(slices[1]["endpoints"].size(), 1000U);
  EXPECT_EQ(slices[2]["endpoints"].size(), 500U);
  // Every address once, in sorted order across the slices, with its readiness.
  auto it = many.begin();
  for (const auto& slice : slices) {
    for (const auto& endpoint : slice["endpoints"]) {
      ASSERT_NE(it, many.end());
      EXPECT_EQ(endpoint["addresses"][0], it->first);
      EXPECT_EQ(endpoint["conditions"]["ready"], it->second);
      ++it;
    }
  }
  EXPECT_EQ(it, many.end());
}

TEST(EndpointSlices, ExactlyAThousandAddressesFitInOneSlice) {
  std::map<std::string, bool> many;
  for (int i = 0; i < 1000; ++i) many[ipv6In(i)] = true;
  EXPECT_EQ(renderEndpointSlices(unnamedTemplate(), dbService(), inputs(many)).size(), 1U);
  many[ipv6In(1000)] = true;
  EXPECT_EQ(renderEndpointSlices(unnamedTemplate(), dbService(), inputs(many)).size(), 2U);
}

TEST(EndpointSlices, NoAddressesGiveNoSlices) {
  EXPECT_TRUE(renderEndpointSlices(unnamedTemplate(), dbService(), inputs({})).empty());
}

TEST(EndpointSlices, TheSelectorNamesTheServiceAndLecter) {
  EXPECT_EQ(endpointSliceSelectorFor(dbService()),
            "kubernetes.io/service-name=db,endpointslice.kubernetes.io/managed-by=lecter");
}

TEST(EndpointSliceComparison, ASliceEqualUpToOrderAndServerFieldsNeedsNoWrite) {
  const json desired = renderEndpointSlices(unnamedTemplate(), dbService(),
                                            inputs({{"198.18.0.10", true}, {"198.18.0.11", false}}))
                           .at(0);
  json live = desired;
  std::swap(live["endpoints"][0], live["endpoints"][1]);
  live["metadata"]["resourceVersion"] = "17";
  live["metadata"]["uid"] = "slice-uid";
  live["metadata"]["labels"]["added-by"] = "someone";
  EXPECT_EQ(sliceDifferenceReason(desired, live), "");
}

TEST(EndpointSliceComparison, AbsentReadyAndServingCountAsTrue) {
  const json desired =
      renderEndpointSlices(unnamedTemplate(), dbService(), inputs({{"198.18.0.10", true}})).at(0);
  json live = desired;
  live["endpoints"][0]["conditions"] = json::object();
  EXPECT_EQ(sliceDifferenceReason(desired, live), "");
}

TEST(EndpointSliceComparison, TheReasonNamesChangedEndpointsPortsAndLabels) {
  const json desired = renderEndpointSlices(unnamedTemplate(), dbService(),
                                            inputs({{"198.18.0.10", true}, {"198.18.0.11", false}}))
                           .at(0);
  json live = desired;
  live["endpoints"][1]["conditions"]["ready"] = true;
  live["endpoints"][1]["conditions"]["serving"] = true;
  live["ports"][0]["port"] = 80;
  live["metadata"]["labels"].erase("endpointslice.kubernetes.io/managed-by");
  EXPECT_EQ(sliceDifferenceReason(desired, live),
            "+198.18.0.11 not ready, -198.18.0.11 ready, +port 5432/TCP, -port 80/TCP, "
            "label endpointslice.kubernetes.io/managed-by");
}

TEST(EndpointSliceComparison, AMissingSliceOrOwnerReferenceIsADifference) {
  const json desired =
      renderEndpointSlices(unnamedTemplate(), dbService(), inputs({{"198.18.0.10", true}})).at(0);
  EXPECT_EQ(sliceDifferenceReason(desired, nullptr), "the slice does not exist");
  json live = desired;
  live["metadata"].erase("ownerReferences");
  EXPECT_EQ(sliceDifferenceReason(desired, live), "ownerReference to Service db");
}

TEST(EndpointSliceComparison, ADifferentAddressTypeNeedsARecreate) {
  const json desired =
      renderEndpointSlices(unnamedTemplate(), dbService(), inputs({{"198.18.0.10", true}})).at(0);
  json live = desired;
  live["addressType"] = "IPv6";
  EXPECT_TRUE(sliceNeedsRecreate(desired, live));
  EXPECT_FALSE(sliceNeedsRecreate(desired, desired));
  EXPECT_EQ(sliceDifferenceReason(desired, live), "addressType IPv6 -> IPv4");
}

TEST(EndpointSliceUpdate, KeepsWhatOthersPutThereAndSendsTheLiveResourceVersion) {
  const json desired =
      renderEndpointSlices(unnamedTemplate(), dbService(), inputs({{"198.18.0.10", true}})).at(0);
  json live = desired;
  live["metadata"]["resourceVersion"] = "41";
  live["metadata"]["labels"]["added-by"] = "someone";
  live["metadata"]["labels"]["team"] = "old-team";
  live["metadata"]["annotations"]["theirs"] = "y";
  live["metadata"]["ownerReferences"].push_back(
      json{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"name", "cm"}, {"uid", "cm-uid"}});
  const json update = endpointSliceUpdate(desired, live);
  EXPECT_EQ(update["metadata"]["resourceVersion"], "41");
  EXPECT_EQ(update["metadata"]["labels"]["added-by"], "someone");
  EXPECT_EQ(update["metadata"]["labels"]["team"], "storage");
  EXPECT_EQ(update["metadata"]["annotations"]["theirs"], "y");
  EXPECT_EQ(update["metadata"]["annotations"]["note"], "x");
  ASSERT_EQ(update["metadata"]["ownerReferences"].size(), 2U);
  EXPECT_EQ(update["metadata"]["ownerReferences"][0]["uid"], "uid-db");
  EXPECT_EQ(update["metadata"]["ownerReferences"][1]["uid"], "cm-uid");
  EXPECT_EQ(update["endpoints"], desired["endpoints"]);
}

TEST(EndpointSliceReadiness, AnAddressReadyInAnySliceCountsAsReady) {
  const json a = json::parse(R"({"endpoints":[{"addresses":["198.18.0.10"],"conditions":{"ready":false}},
      {"addresses":["198.18.0.11"]}]})");
  const json b = json::parse(R"({"endpoints":[{"addresses":["198.18.0.10"],"conditions":{"ready":true}},
      {"addresses":["2001:2::a"],"conditions":{"ready":false}}]})");
  const auto readiness = endpointReadinessOf({a, b});
  EXPECT_EQ(readiness, (std::map<std::string, bool>{
                           {"198.18.0.10", true}, {"198.18.0.11", true}, {"2001:2::a", false}}));
}

}  // namespace
}  // namespace lecter
