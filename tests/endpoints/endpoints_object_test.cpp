#include "lecter/endpoints/endpoints_object.h"

#include <gtest/gtest.h>

namespace lecter {
namespace {

using nlohmann::json;

json seedTemplate() {
  return json::parse(R"({"kind":"Endpoints","apiVersion":"v1",
    "metadata":{"name":"ceph","namespace":"default"},
    "subsets":[{"addresses":[{"ip":"10.0.0.71"},{"ip":"10.0.0.72"}],
                "ports":[{"port":8080,"protocol":"TCP"}]}]})");
}

ServiceSpec redisService() {
  ServiceSpec s;
  s.key = "redis";
  s.ns = "prod";
  s.name = "redis";
  s.port = 38000;
  return s;
}

TEST(RenderEndpoints, TakesNameNamespaceAndPortFromTheServiceNotTheTemplate) {
  const json out = renderEndpoints(seedTemplate(), redisService(), {"198.18.0.10", "198.18.0.11"}, nullptr);
  EXPECT_EQ(out["metadata"]["name"], "redis");
  EXPECT_EQ(out["metadata"]["namespace"], "prod");
  ASSERT_EQ(out["subsets"].size(), 1U);
  EXPECT_EQ(out["subsets"][0]["addresses"], json::parse(R"([{"ip":"198.18.0.10"},{"ip":"198.18.0.11"}])"));
  EXPECT_EQ(out["subsets"][0]["ports"], json::parse(R"([{"port":38000,"protocol":"TCP"}])"));
  EXPECT_FALSE(out["metadata"].contains("resourceVersion"));
}

TEST(RenderEndpoints, NothingHealthyIsAnEmptySubsetListNeverASubsetWithoutAddresses) {
  const json out = renderEndpoints(seedTemplate(), redisService(), {}, nullptr);
  EXPECT_EQ(out["subsets"], json::array());
}

TEST(RenderEndpoints, KeepsPortNameAndProtocolOfTheTemplate) {
  json tmpl = seedTemplate();
  tmpl["subsets"][0]["ports"][0] = json{{"port", 1}, {"protocol", "UDP"}, {"name", "dns"}};
  const json out = renderEndpoints(tmpl, redisService(), {"198.18.0.10"}, nullptr);
  EXPECT_EQ(out["subsets"][0]["ports"][0], json::parse(R"({"port":38000,"protocol":"UDP","name":"dns"})"));
}

TEST(RenderEndpoints, KeepsResourceVersionAndWhatOthersPutOnTheLiveObject) {
  const json observed = json::parse(R"({"kind":"Endpoints","apiVersion":"v1","metadata":{
      "name":"redis","namespace":"prod","resourceVersion":"42","uid":"u-1",
      "labels":{"owner":"someone-else","tier":"old"},"annotations":{"note":"keep me"}},"subsets":[]})");
  json tmpl = seedTemplate();
  tmpl["metadata"]["labels"] = json{{"tier", "db"}};
  const json out = renderEndpoints(tmpl, redisService(), {"198.18.0.10"}, observed);
  EXPECT_EQ(out["metadata"]["resourceVersion"], "42");
  EXPECT_EQ(out["metadata"]["labels"],
            json::parse(R"({"owner":"someone-else","tier":"db","app.kubernetes.io/managed-by":"lecter"})"));
  EXPECT_EQ(out["metadata"]["annotations"], json::parse(R"({"note":"keep me"})"));
  EXPECT_FALSE(out["metadata"].contains("uid"));
}

TEST(RenderEndpoints, DropsServerFieldsPastedIntoTheTemplate) {
  json tmpl = seedTemplate();
  tmpl["metadata"]["resourceVersion"] = "7";
  tmpl["metadata"]["uid"] = "abc";
  tmpl["metadata"]["creationTimestamp"] = "2020-01-01T00:00:00Z";
  const json out = renderEndpoints(tmpl, redisService(), {"198.18.0.10"}, nullptr);
  EXPECT_FALSE(out["metadata"].contains("resourceVersion"));
  EXPECT_FALSE(out["metadata"].contains("uid"));
  EXPECT_FALSE(out["metadata"].contains("creationTimestamp"));
}

TEST(DifferenceReason, SameAddressesInAnotherOrderAndGroupingAreInSync) {
  const json desired =
      renderEndpoints(seedTemplate(), redisService(), {"198.18.0.10", "198.18.0.11"}, nullptr);
  // The ApiServer regroups and re-sorts subsets; the same pairs in two subsets are the same set.
  const json observed = json::parse(R"({"metadata":{"name":"redis","namespace":"prod",
      "labels":{"app.kubernetes.io/managed-by":"lecter"}},"subsets":[
      {"addresses":[{"ip":"198.18.0.11"}],"ports":[{"port":38000,"protocol":"TCP"}]},
      {"addresses":[{"ip":"198.18.0.10"}],"ports":[{"protocol":"TCP","port":38000}]}]})");
  EXPECT_EQ(differenceReason(desired, observed), "");
}

TEST(DifferenceReason, NamesAddedAndRemovedAddresses) {
  const json desired =
      renderEndpoints(seedTemplate(), redisService(), {"198.18.0.10", "198.18.0.12"}, nullptr);
  const json observed =
      json::parse(R"({"metadata":{"labels":{"app.kubernetes.io/managed-by":"lecter"}},"subsets":[
      {"addresses":[{"ip":"198.18.0.10"},{"ip":"198.18.0.11"}],"ports":[{"port":38000,"protocol":"TCP"}]}]})");
  EXPECT_EQ(differenceReason(desired, observed), "+198.18.0.12:38000/TCP, -198.18.0.11:38000/TCP");
}

TEST(DifferenceReason, AMissingObjectMustBeWritten) {
  const json desired = renderEndpoints(seedTemplate(), redisService(), {}, nullptr);
  EXPECT_EQ(differenceReason(desired, nullptr), "the object does not exist");
}

TEST(DifferenceReason, AChangedPortOrProtocolMustBeWritten) {
  const json desired = renderEndpoints(seedTemplate(), redisService(), {"198.18.0.10"}, nullptr);
  const json observed =
      json::parse(R"({"metadata":{"labels":{"app.kubernetes.io/managed-by":"lecter"}},"subsets":[
      {"addresses":[{"ip":"198.18.0.10"}],"ports":[{"port":38001,"protocol":"TCP"}]}]})");
  EXPECT_EQ(differenceReason(desired, observed), "+198.18.0.10:38000/TCP, -198.18.0.10:38001/TCP");
}

TEST(DifferenceReason, NotReadyAddressesAreNotReadyOnes) {
  const json desired = renderEndpoints(seedTemplate(), redisService(), {"198.18.0.10"}, nullptr);
  const json observed =
      json::parse(R"({"metadata":{"labels":{"app.kubernetes.io/managed-by":"lecter"}},"subsets":[
      {"notReadyAddresses":[{"ip":"198.18.0.10"}],"ports":[{"port":38000,"protocol":"TCP"}]}]})");
  EXPECT_EQ(differenceReason(desired, observed), "+198.18.0.10:38000/TCP, -198.18.0.10:38000/TCP not ready");
}

TEST(DifferenceReason, ATemplateLabelMissingFromTheLiveObjectMustBeWritten) {
  json tmpl = seedTemplate();
  tmpl["metadata"]["labels"] = json{{"app", "redis"}};
  const json observed = json::parse(
      R"({"metadata":{"labels":{"other":"x","app.kubernetes.io/managed-by":"lecter"}},"subsets":[]})");
  const json desired = renderEndpoints(tmpl, redisService(), {}, observed);
  EXPECT_EQ(differenceReason(desired, observed), "label app");
}

TEST(DifferenceReason, EmptySubsetsEqualAbsentSubsets) {
  const json desired = renderEndpoints(seedTemplate(), redisService(), {}, nullptr);
  EXPECT_EQ(differenceReason(
                desired, json::parse(R"({"metadata":{"labels":{"app.kubernetes.io/managed-by":"lecter"}}})")),
            "");
}

TEST(RenderEndpoints, AlwaysCarriesLectersManagedByLabelSoTheWatchSeesIt) {
  json tmpl = seedTemplate();
  tmpl["metadata"]["labels"] = json{{"app.kubernetes.io/managed-by", "helm"}};
  const json out = renderEndpoints(tmpl, redisService(), {"198.18.0.10"}, nullptr);
  EXPECT_EQ(out["metadata"]["labels"]["app.kubernetes.io/managed-by"], "lecter");
}

TEST(DifferenceReason, AnObjectWithoutLectersLabelIsRewrittenOnceWithIt) {
  const json desired = renderEndpoints(seedTemplate(), redisService(), {"198.18.0.10"}, nullptr);
  const json unlabelled = json::parse(R"({"metadata":{"labels":{"other":"x"}},"subsets":[
      {"addresses":[{"ip":"198.18.0.10"}],"ports":[{"port":38000,"protocol":"TCP"}]}]})");
  EXPECT_EQ(differenceReason(desired, unlabelled), "label app.kubernetes.io/managed-by");
  const json rewritten = renderEndpoints(seedTemplate(), redisService(), {"198.18.0.10"}, unlabelled);
  EXPECT_EQ(differenceReason(rewritten, rewritten), "");
  EXPECT_EQ(rewritten["metadata"]["labels"]["other"], "x");
}

TEST(ReadyIpsOf, ReadsAddressesOfEverySubsetButNotNotReadyOnes) {
  const json observed = json::parse(R"({"subsets":[
      {"addresses":[{"ip":"198.18.0.10"}],"notReadyAddresses":[{"ip":"198.18.0.12"}],"ports":[{"port":1}]},
      {"addresses":[{"ip":"198.18.0.11"}],"ports":[{"port":2}]}]})");
  EXPECT_EQ(readyIpsOf(observed), (std::set<std::string>{"198.18.0.10", "198.18.0.11"}));
  EXPECT_TRUE(readyIpsOf(nullptr).empty());
}

}  // namespace
}  // namespace lecter
