// Pins down the ApiServer fixture's EndpointSlice and Service lists and watches over real HTTPS (the
// collections lecter lists and watches in EndpointSlice mode and for Service awareness), the wake-up of
// watches by every writer, the Service field labels and the set-based label selectors.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "apiserver_requests.h"
#include "apiserver_watch_reader.h"
#include "support/apiserver/apiserver_fixture.h"
#include "support/apiserver/label_selector.h"
#include "support/common/subprocess.h"

namespace lecter::testing {
namespace {

using nlohmann::json;
using std::chrono::seconds;

constexpr const char* kProdSlices = "/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices";
constexpr const char* kServices = "/api/v1/namespaces/prod/services";
// kubernetes.io/service-name=db,endpointslice.kubernetes.io/managed-by=lecter, URL-encoded.
constexpr const char* kLectersSlicesOfDb =
    "labelSelector=kubernetes.io%2Fservice-name%3Ddb%2Cendpointslice.kubernetes.io%2Fmanaged-by%3Dlecter";

json aSlice(const std::string& name, const std::string& service, const std::string& manager,
            const std::string& address = "198.18.0.10") {
  return {
      {"apiVersion", "discovery.k8s.io/v1"},
      {"kind", "EndpointSlice"},
      {"metadata",
       {{"name", name},
        {"labels",
         {{"kubernetes.io/service-name", service}, {"endpointslice.kubernetes.io/managed-by", manager}}}}},
      {"addressType", "IPv4"},
      {"endpoints", json::array({{{"addresses", {address}}, {"conditions", {{"ready", true}}}}})},
      {"ports", json::array({{{"name", "pg"}, {"port", 5432}}})}};
}

std::vector<std::string> typesOf(const std::vector<json>& events) {
  std::vector<std::string> types;
  for (const json& event : events) types.push_back(event["type"]);
  return types;
}

class ApiServerSliceAndServiceWatchTest : public ::testing::Test {
 protected:
  ApiServerFixture api_;
};

TEST_F(ApiServerSliceAndServiceWatchTest, ASliceListHoldsTheSlicesWithTheCurrentResourceVersion) {
  api_.putEndpointSlice("prod", "db-lecter-b", aSlice("", "db", "lecter"));
  api_.putEndpointSlice("prod", "db-lecter-a", aSlice("", "db", "lecter"));
  api_.putEndpointSlice("other", "db-lecter", aSlice("", "db", "lecter"));

  const Answer list = send(api_, "GET", kProdSlices);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body["kind"], "EndpointSliceList");
  EXPECT_EQ(list.body["metadata"]["resourceVersion"], api_.currentResourceVersion());
  EXPECT_EQ(namesOf(list.body["items"]), (std::vector<std::string>{"db-lecter-a", "db-lecter-b"}));
  EXPECT_EQ(list.body["items"][0]["kind"], "EndpointSlice");
  EXPECT_EQ(list.body["items"][0]["apiVersion"], "discovery.k8s.io/v1");
  EXPECT_EQ(list.body["items"][0]["endpoints"][0]["addresses"][0], "198.18.0.10");
}

TEST_F(ApiServerSliceAndServiceWatchTest, ASliceListByServiceAndManagerLeavesOtherServicesAndManagersOut) {
  api_.putEndpointSlice("prod", "db-lecter", aSlice("", "db", "lecter"));
  api_.putEndpointSlice("prod", "db-controller", aSlice("", "db", "endpointslice-controller.k8s.io"));
  api_.putEndpointSlice("prod", "cache-lecter", aSlice("", "cache", "lecter"));

  const Answer list = send(api_, "GET", std::string(kProdSlices) + "?" + kLectersSlicesOfDb);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(namesOf(list.body["items"]), std::vector<std::string>{"db-lecter"});
}

TEST_F(ApiServerSliceAndServiceWatchTest, ASliceWatchSeesSlicesCreatedUpdatedAndDeletedThroughTheApi) {
  const std::string from = send(api_, "GET", kProdSlices).body["metadata"]["resourceVersion"];
  WatchReader watch(api_,
                    std::string(kProdSlices) + "?watch=1&" + kLectersSlicesOfDb + "&resourceVersion=" + from);
  ASSERT_TRUE(eventually([&] { return api_.openWatches() == 1; }, seconds(10)));

  ASSERT_EQ(send(api_, "POST", kProdSlices, aSlice("db-lecter", "db", "lecter").dump()).status, 201);
  ASSERT_EQ(send(api_, "POST", kProdSlices, aSlice("cache-lecter", "cache", "lecter").dump()).status, 201);
  ASSERT_EQ(send(api_, "PUT", std::string(kProdSlices) + "/db-lecter",
                 aSlice("db-lecter", "db", "lecter", "198.18.0.11").dump())
                .status,
            200);
  ASSERT_EQ(send(api_, "DELETE", std::string(kProdSlices) + "/db-lecter").status, 200);

  const std::vector<json> events = watch.waitForEvents(3);
  ASSERT_EQ(typesOf(events), (std::vector<std::string>{"ADDED", "MODIFIED", "DELETED"}));
  for (const json& event : events) {
    EXPECT_EQ(event["object"]["kind"], "EndpointSlice");
    EXPECT_EQ(event["object"]["metadata"]["name"], "db-lecter");  // cache-lecter is not selected
  }
  EXPECT_EQ(events[1]["object"]["endpoints"][0]["addresses"][0], "198.18.0.11");
  EXPECT_EQ(events[2]["object"]["metadata"]["resourceVersion"], api_.currentResourceVersion());
}

TEST_F(ApiServerSliceAndServiceWatchTest, AServiceWatchSeesServicesAddedModifiedAndDeleted) {
  api_.putService("prod", "db", json::object());
  WatchReader watch(api_,
                    std::string(kServices) + "?watch=1&resourceVersion=0&fieldSelector=metadata.name%3Ddb");

  const std::vector<json> first = watch.waitForEvents(1);
  ASSERT_EQ(typesOf(first), std::vector<std::string>{"ADDED"});  // the synthetic one for what exists
  api_.putService("prod", "cache", json::object());              // not selected
  api_.putService("prod", "db", json::parse(R"({"spec":{"ports":[{"name":"pg","port":5432}]}})"));
  api_.deleteService("prod", "db");

  const std::vector<json> events = watch.waitForEvents(3);
  ASSERT_EQ(typesOf(events), (std::vector<std::string>{"ADDED", "MODIFIED", "DELETED"}));
  EXPECT_EQ(events[1]["object"]["kind"], "Service");
  EXPECT_EQ(events[1]["object"]["apiVersion"], "v1");
  EXPECT_EQ(events[1]["object"]["spec"]["ports"][0]["name"], "pg");
  EXPECT_EQ(events[2]["object"]["metadata"]["name"], "db");
}

TEST(ApiServerWatchWakeUpTest, TheTestsOwnWritesWakeWatchesWithoutWaitingForTheIdleCheck) {
  // An idle check far beyond the test's patience: an event that arrives was woken by the write itself.
  ApiServerOptions options;
  options.watch_idle_check = std::chrono::hours(1);
  ApiServerFixture api(options);
  WatchReader slices(api,
                     std::string(kProdSlices) + "?watch=1&resourceVersion=" + api.currentResourceVersion());
  WatchReader services(api,
                       std::string(kServices) + "?watch=1&resourceVersion=" + api.currentResourceVersion());
  WatchReader endpoints(
      api, "/api/v1/namespaces/prod/endpoints?watch=1&resourceVersion=" + api.currentResourceVersion());
  ASSERT_TRUE(eventually([&] { return api.openWatches() == 3; }, seconds(10)));

  api.putEndpointSlice("prod", "db-lecter", aSlice("", "db", "lecter"));
  EXPECT_EQ(typesOf(slices.waitForEvents(1)), std::vector<std::string>{"ADDED"});
  api.deleteEndpointSlice("prod", "db-lecter");
  EXPECT_EQ(typesOf(slices.waitForEvents(2)), (std::vector<std::string>{"ADDED", "DELETED"}));
  api.putService("prod", "db", json::object());
  EXPECT_EQ(typesOf(services.waitForEvents(1)), std::vector<std::string>{"ADDED"});
  api.putEndpoints(
      "prod", "db",
      json::parse(R"({"subsets":[{"addresses":[{"ip":"198.18.0.1"}],"ports":[{"port":5432}]}]})"));
  EXPECT_EQ(typesOf(endpoints.waitForEvents(1)), std::vector<std::string>{"ADDED"});
}

TEST_F(ApiServerSliceAndServiceWatchTest, ServicesSelectByTypeAndRefuseOtherFieldsInTheServersWords) {
  api_.putService("prod", "db", json::parse(R"({"spec":{"type":"ClusterIP","clusterIP":"None"}})"));
  api_.putService("prod", "web", json::parse(R"({"spec":{"type":"NodePort"}})"));

  EXPECT_EQ(
      namesOf(
          send(api_, "GET", std::string(kServices) + "?fieldSelector=spec.type%3DNodePort").body["items"]),
      std::vector<std::string>{"web"});
  EXPECT_EQ(
      namesOf(
          send(api_, "GET", std::string(kServices) + "?fieldSelector=spec.clusterIP!%3DNone").body["items"]),
      std::vector<std::string>{"web"});
  const Answer refused = send(api_, "GET", std::string(kServices) + "?fieldSelector=spec.ports%3D1");
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body["reason"], "BadRequest");
  EXPECT_EQ(refused.body["message"], "field label not supported: spec.ports");
  // EndpointSlices register no field labels of their own: the default conversion's words.
  EXPECT_EQ(send(api_, "GET", std::string(kProdSlices) + "?fieldSelector=spec.type%3Dx").body["message"],
            "\"spec.type\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
}

TEST_F(ApiServerSliceAndServiceWatchTest, SetBasedLabelSelectorsListBySliceManager) {
  api_.putEndpointSlice("prod", "db-lecter", aSlice("", "db", "lecter"));
  api_.putEndpointSlice("prod", "db-controller", aSlice("", "db", "endpointslice-controller.k8s.io"));
  api_.putEndpointSlice("prod", "cache-lecter", aSlice("", "cache", "lecter"));

  const std::string in =
      std::string(kProdSlices) + "?labelSelector=kubernetes.io%2Fservice-name%20in%20(db%2Ccache)," +
      "endpointslice.kubernetes.io%2Fmanaged-by%20notin%20(endpointslice-controller.k8s.io)";
  EXPECT_EQ(namesOf(send(api_, "GET", in).body["items"]),
            (std::vector<std::string>{"cache-lecter", "db-lecter"}));
}

bool selects(const std::string& selector, const json& labels) {
  std::string error;
  const std::optional<LabelSelector> parsed = LabelSelector::parse(selector, &error);
  EXPECT_TRUE(parsed.has_value()) << selector << ": " << error;
  return parsed && parsed->matches({{"metadata", {{"labels", labels}}}});
}

std::string parseError(const std::string& selector) {
  std::string error;
  EXPECT_FALSE(LabelSelector::parse(selector, &error).has_value()) << selector;
  return error;
}

TEST(LabelSelectorSetsTest, InNeedsTheLabelWithOneOfTheValuesNotinAlsoPassesAnAbsentLabel) {
  const json db = {{"app", "db"}};
  EXPECT_TRUE(selects("app in (db, cache)", db));
  EXPECT_FALSE(selects("app in (web)", db));
  EXPECT_FALSE(selects("tier in (db)", db));
  EXPECT_FALSE(selects("app notin (db,cache)", db));
  EXPECT_TRUE(selects("app notin (web)", db));
  EXPECT_TRUE(selects("tier notin (db)", db));
  // Empty values count: "()" and "(,)" hold only "", "(a,,b)" holds "" too.
  EXPECT_TRUE(selects("app in ()", {{"app", ""}}));
  EXPECT_TRUE(selects("app in (x,,y)", {{"app", ""}}));
  EXPECT_FALSE(selects("app in (,)", db));
  // "in" and "notin" are plain values where a value is expected.
  EXPECT_TRUE(selects("app in (in,notin)", {{"app", "notin"}}));
  EXPECT_TRUE(selects("app in (db),!tier", db));
}

TEST(LabelSelectorSetsTest, BadSetsAreRefusedInTheParsersWords) {
  EXPECT_EQ(parseError("app in db"), "unable to parse requirement: found 'db' expected: '('");
  EXPECT_EQ(parseError("app in (db"), "unable to parse requirement: found '', expected: ',' or ')'");
  EXPECT_EQ(parseError("app in (=)"),
            "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  EXPECT_EQ(parseError("app in (db) x"), "found 'x', expected: ',' or 'end of string'");
}

}  // namespace
}  // namespace lecter::testing
