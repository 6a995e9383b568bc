// Pins down the ApiServer fixture's collection lists and watch streams over real HTTPS, as the
// apiserver serves them (see support/apiserver/collection_routes.h and watch_streams.h for the rules
// and their sources): selectors, one resourceVersion sequence, watch events of another writer,
// selector transitions, synthetic ADDED events, bookmarks, 410 Expired, dropped and timed-out streams.

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "apiserver_requests.h"
#include "apiserver_watch_reader.h"
#include "support/apiserver/apiserver_fixture.h"
#include "support/common/subprocess.h"

namespace lecter::testing {
namespace {

using nlohmann::json;
using std::chrono::seconds;

Answer getPath(const ApiServerFixture& api, const std::string& path) { return send(api, "GET", path); }

json endpointsWith(const std::string& ip, const json& labels = json::object()) {
  json object = {{"subsets", {{{"addresses", {{{"ip", ip}}}}, {"ports", {{{"port", 5432}}}}}}}};
  if (!labels.empty()) object["metadata"]["labels"] = labels;
  return object;
}

std::uint64_t versionOf(const json& event) {
  return std::stoull(event["object"]["metadata"]["resourceVersion"].get<std::string>());
}

class ApiServerWatchTest : public ::testing::Test {
 protected:
  static constexpr const char* kEndpoints = "/api/v1/namespaces/db/endpoints";
  ApiServerFixture api_;
};

TEST_F(ApiServerWatchTest, ListSelectsByLabelsAndNameAndSortsByName) {
  api_.putEndpoints("db", "pg-b", endpointsWith("198.18.0.2", {{"app", "pg"}, {"tier", "replica"}}));
  api_.putEndpoints("db", "pg-a", endpointsWith("198.18.0.1", {{"app", "pg"}}));
  api_.putEndpoints("db", "cache", endpointsWith("198.18.0.3", {{"app", "redis"}}));
  api_.putEndpoints("other", "pg-c", endpointsWith("198.18.0.4", {{"app", "pg"}}));

  const Answer all = getPath(api_, kEndpoints);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.body["kind"], "EndpointsList");
  EXPECT_EQ(all.body["apiVersion"], "v1");
  EXPECT_EQ(all.body["metadata"]["resourceVersion"], api_.currentResourceVersion());
  EXPECT_EQ(namesOf(all.body["items"]), (std::vector<std::string>{"cache", "pg-a", "pg-b"}));
  EXPECT_EQ(all.body["items"][0]["kind"], "Endpoints");

  EXPECT_EQ(namesOf(getPath(api_, std::string(kEndpoints) + "?labelSelector=app%3Dpg").body["items"]),
            (std::vector<std::string>{"pg-a", "pg-b"}));
  EXPECT_EQ(namesOf(getPath(api_, std::string(kEndpoints) + "?labelSelector=app%3D%3Dpg,tier!%3Dreplica")
                        .body["items"]),
            (std::vector<std::string>{"pg-a"}));
  EXPECT_EQ(namesOf(getPath(api_, std::string(kEndpoints) + "?labelSelector=tier").body["items"]),
            (std::vector<std::string>{"pg-b"}));
  EXPECT_EQ(namesOf(getPath(api_, std::string(kEndpoints) + "?labelSelector=!tier").body["items"]),
            (std::vector<std::string>{"cache", "pg-a"}));
  EXPECT_EQ(
      namesOf(getPath(api_, std::string(kEndpoints) + "?fieldSelector=metadata.name%3Dpg-b").body["items"]),
      (std::vector<std::string>{"pg-b"}));
  EXPECT_EQ(
      namesOf(getPath(api_, std::string(kEndpoints) + "?fieldSelector=metadata.name!%3Dpg-b").body["items"]),
      (std::vector<std::string>{"cache", "pg-a"}));
}

TEST_F(ApiServerWatchTest, ServicesListAsServiceListAndDeletedObjectsLeaveTheList) {
  api_.putService("db", "pg", json::parse(R"({"spec":{"ports":[{"name":"pg","port":5432}]}})"));
  api_.putService("db", "gone", json::object());
  api_.deleteService("db", "gone");

  const Answer list = getPath(api_, "/api/v1/namespaces/db/services");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body["kind"], "ServiceList");
  EXPECT_EQ(namesOf(list.body["items"]), std::vector<std::string>{"pg"});
  const Answer slices = getPath(api_, "/apis/discovery.k8s.io/v1/namespaces/db/endpointslices");
  ASSERT_EQ(slices.status, 200);
  EXPECT_EQ(slices.body["kind"], "EndpointSliceList");
  EXPECT_EQ(slices.body["apiVersion"], "discovery.k8s.io/v1");
  EXPECT_TRUE(slices.body["items"].empty());
}

TEST_F(ApiServerWatchTest, BadSelectorsAreBadRequestStatuses) {
  const Answer label = getPath(api_, std::string(kEndpoints) + "?labelSelector=%3Dpg");
  EXPECT_EQ(label.status, 400);
  EXPECT_EQ(label.body["kind"], "Status");
  EXPECT_EQ(label.body["reason"], "BadRequest");
  EXPECT_EQ(label.body["message"], "unable to parse requirement: found '=', expected: identifier");

  const Answer field = getPath(api_, std::string(kEndpoints) + "?fieldSelector=spec.x%3D1");
  EXPECT_EQ(field.status, 400);
  EXPECT_EQ(field.body["message"],
            "\"spec.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
  EXPECT_EQ(getPath(api_, std::string(kEndpoints) + "?watch=1&resourceVersion=abc").status, 400);
}

TEST_F(ApiServerWatchTest, AWatchSeesAnotherWritersChangesInOrderWithIncreasingResourceVersions) {
  const std::string from = getPath(api_, kEndpoints).body["metadata"]["resourceVersion"];
  WatchReader watch(api_, std::string(kEndpoints) + "?watch=1&resourceVersion=" + from);
  ASSERT_TRUE(eventually([&] { return api_.openWatches() == 1; }, seconds(10)));

  api_.putEndpoints("db", "pg", endpointsWith("198.18.0.1"));
  api_.putEndpoints("db", "pg", endpointsWith("198.18.0.2"));
  api_.deleteEndpoints("db", "pg");

  const std::vector<json> events = watch.waitForEvents(3);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(watch.status(), 200);
  EXPECT_EQ(watch.contentType(), "application/json");
  EXPECT_TRUE(watch.chunked());
  EXPECT_EQ(events[0]["type"], "ADDED");
  EXPECT_EQ(events[1]["type"], "MODIFIED");
  EXPECT_EQ(events[1]["object"]["subsets"][0]["addresses"][0]["ip"], "198.18.0.2");
  EXPECT_EQ(events[2]["type"], "DELETED");
  EXPECT_EQ(events[2]["object"]["kind"], "Endpoints");
  EXPECT_EQ(events[2]["object"]["apiVersion"], "v1");
  EXPECT_LT(std::stoull(from), versionOf(events[0]));
  EXPECT_LT(versionOf(events[0]), versionOf(events[1]));
  EXPECT_LT(versionOf(events[1]), versionOf(events[2]));
  EXPECT_EQ(std::to_string(versionOf(events[2])), api_.currentResourceVersion());
}

TEST_F(ApiServerWatchTest, AnObjectThatStopsMatchingTheLabelSelectorIsDeletedForTheWatch) {
  api_.putEndpoints("db", "pg", endpointsWith("198.18.0.1", {{"managed-by", "lecter"}}));
  const std::string from = api_.currentResourceVersion();
  WatchReader watch(api_, std::string(kEndpoints) +
                              "?watch=true&labelSelector=managed-by%3Dlecter&resourceVersion=" + from);
  ASSERT_TRUE(eventually([&] { return api_.openWatches() == 1; }, seconds(10)));

  api_.putEndpoints("db", "other", endpointsWith("198.18.0.9"));  // never matches: no event
  api_.putEndpoints("db", "pg", endpointsWith("198.18.0.1", {{"managed-by", "someone"}}));
  api_.putEndpoints("db", "pg", endpointsWith("198.18.0.1", {{"managed-by", "lecter"}}));

  const std::vector<json> events = watch.waitForEvents(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["type"], "DELETED");
  EXPECT_EQ(events[0]["object"]["metadata"]["labels"]["managed-by"], "lecter");  // as it last matched
  EXPECT_EQ(events[1]["type"], "ADDED");
  EXPECT_EQ(events[1]["object"]["metadata"]["name"], "pg");
}

TEST_F(ApiServerWatchTest, AWatchFromResourceVersionZeroStartsWithAnAddedEventPerObject) {
  api_.putEndpoints("db", "pg-b", endpointsWith("198.18.0.2"));
  api_.putEndpoints("db", "pg-a", endpointsWith("198.18.0.1"));
  WatchReader watch(
      api_, std::string(kEndpoints) + "?watch=1&resourceVersion=0&fieldSelector=metadata.name%3Dpg-a");

  const std::vector<json> first = watch.waitForEvents(1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["type"], "ADDED");
  EXPECT_EQ(first[0]["object"]["metadata"]["name"], "pg-a");
  api_.putEndpoints("db", "pg-a", endpointsWith("198.18.0.3"));
  const std::vector<json> events = watch.waitForEvents(2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1]["type"], "MODIFIED");
}

TEST_F(ApiServerWatchTest, ABookmarkCarriesOnlyTheCurrentResourceVersion) {
  WatchReader with(api_, std::string(kEndpoints) + "?watch=1&allowWatchBookmarks=true");
  WatchReader without(api_, std::string(kEndpoints) + "?watch=1");
  ASSERT_TRUE(eventually([&] { return api_.openWatches() == 2; }, seconds(10)));
  api_.putService("db", "pg", json::object());  // moves the resourceVersion, no Endpoints event

  const std::string current = api_.currentResourceVersion();

  api_.sendBookmarks();

  const std::vector<json> events = with.waitForEvents(1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "BOOKMARK");
  EXPECT_EQ(
      events[0]["object"],
      (json{{"kind", "Endpoints"}, {"apiVersion", "v1"}, {"metadata", {{"resourceVersion", current}}}}));
  // A watch that did not ask for bookmarks gets none: its first event is the next change.
  api_.putEndpoints("db", "pg", endpointsWith("198.18.0.1"));
  const std::vector<json> plain = without.waitForEvents(1);
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0]["type"], "ADDED");
}

TEST_F(ApiServerWatchTest, ExpiredHistoryEndsOpenWatchesWith410AndRefusesOldVersionsUntilARelist) {
  api_.putEndpoints("db", "pg", endpointsWith("198.18.0.1"));
  const std::string old = api_.currentResourceVersion();
  WatchReader open(api_, std::string(kEndpoints) + "?watch=1&resourceVersion=" + old);
  ASSERT_TRUE(eventually([&] { return api_.openWatches() == 1; }, seconds(10)));

  api_.expireWatchHistory();

  ASSERT_TRUE(open.waitForEnd());
  EXPECT_TRUE(open.endedCleanly());
  const std::vector<json> events = open.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "ERROR");
  const json& status = events[0]["object"];
  EXPECT_EQ(status["kind"], "Status");
  EXPECT_EQ(status["apiVersion"], "v1");
  EXPECT_EQ(status["status"], "Failure");
  EXPECT_EQ(status["reason"], "Expired");
  EXPECT_EQ(status["code"], 410);
  const std::string relisted = getPath(api_, kEndpoints).body["metadata"]["resourceVersion"];
  EXPECT_EQ(status["message"], "too old resource version: " + old + " (" + relisted + ")");

  WatchReader stale(api_, std::string(kEndpoints) + "?watch=1&resourceVersion=" + old);
  ASSERT_TRUE(stale.waitForEnd());
  ASSERT_EQ(stale.events().size(), 1u);
  EXPECT_EQ(stale.events()[0]["object"]["code"], 410);

  WatchReader fresh(api_, std::string(kEndpoints) + "?watch=1&resourceVersion=" + relisted);
  ASSERT_TRUE(eventually([&] { return api_.openWatches() == 1; }, seconds(10)));
  api_.deleteEndpoints("db", "pg");
  const std::vector<json> after = fresh.waitForEvents(1);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0]["type"], "DELETED");
}

TEST_F(ApiServerWatchTest, DroppedWatchesEndWithoutAnEventAndAreNoLongerOpen) {
  WatchReader watch(api_, std::string(kEndpoints) + "?watch=1");
  ASSERT_TRUE(eventually([&] { return api_.openWatches() == 1; }, seconds(10)));

  api_.dropWatches();

  ASSERT_TRUE(watch.waitForEnd());
  EXPECT_FALSE(watch.endedCleanly());
  EXPECT_TRUE(watch.events().empty());
  EXPECT_TRUE(eventually([&] { return api_.openWatches() == 0; }, seconds(10)));
}

TEST_F(ApiServerWatchTest, TheServerEndsAWatchAfterTimeoutSeconds) {
  WatchReader watch(api_, std::string(kEndpoints) + "?watch=1&timeoutSeconds=1");
  ASSERT_TRUE(watch.waitForEnd());
  EXPECT_TRUE(watch.endedCleanly());
  EXPECT_EQ(watch.status(), 200);
}

TEST_F(ApiServerWatchTest, WatchRequestsAreRecordedWhenTheyStartWithTheirQuery) {
  api_.clearRequests();
  WatchReader watch(api_,
                    std::string(kEndpoints) + "?watch=1&labelSelector=app%3Dpg&allowWatchBookmarks=true");
  ASSERT_TRUE(eventually([&] { return api_.requestCount() == 1; }, seconds(10)));

  const RecordedRequest request = api_.requests().at(0);
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.path, kEndpoints);
  EXPECT_EQ(request.query, "watch=1&labelSelector=app%3Dpg&allowWatchBookmarks=true");
  EXPECT_EQ(request.status, 200);
  EXPECT_EQ(api_.watchRequests(), 1u);
  EXPECT_FALSE(watch.ended());
}

TEST_F(ApiServerWatchTest, OpenWatchesDoNotBlockOtherRequests) {
  std::vector<std::unique_ptr<WatchReader>> watches;
  for (int i = 0; i < 12; ++i)
    watches.push_back(std::make_unique<WatchReader>(api_, std::string(kEndpoints) + "?watch=1"));
  ASSERT_TRUE(eventually([&] { return api_.openWatches() == 12; }, seconds(10)));

  EXPECT_EQ(getPath(api_, kEndpoints).status, 200);
}

}  // namespace
}  // namespace lecter::testing
