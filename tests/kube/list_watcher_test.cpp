#include "lecter/kube/list_watcher.h"

#include <gtest/gtest.h>

#include <cstdint>

#include <string>
#include <vector>

#include "lecter/kube/unreadable_answers.h"
#include "scripted_watch_server.h"
#include "support/common/fake_http_client.h"

namespace lecter {
namespace {

using nlohmann::json;
using testing::ScriptedWatchServer;

constexpr const char* kCollectionPath = "/api/v1/namespaces/prod/endpoints";
constexpr const char* kSelector = "app.kubernetes.io/managed-by=lecter";

std::string listOf(const std::string& version, const std::vector<std::string>& names) {
  json items = json::array();
  for (const auto& name : names) {
    items.push_back({{"metadata", {{"name", name}, {"namespace", "prod"}, {"resourceVersion", version}}}});
  }
  return json{{"kind", "EndpointsList"},
              {"apiVersion", "v1"},
              {"metadata", {{"resourceVersion", version}}},
              {"items", items}}
      .dump();
}

std::string event(const std::string& type, const std::string& name, const std::string& version) {
  return json{{"type", type},
              {"object",
               {{"kind", "Endpoints"}, {"metadata", {{"name", name}, {"resourceVersion", version}}}}}}
             .dump() +
         "\n";
}

std::string bookmark(const std::string& version) {
  return json{{"type", "BOOKMARK"},
              {"object", {{"kind", "Endpoints"}, {"metadata", {{"resourceVersion", version}}}}}}
             .dump() +
         "\n";
}

std::string expired() {
  return R"json({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":)json"
         R"json("too old resource version: 10 (90)","reason":"Expired","code":410}})json"
         "\n";
}

/// The value of query parameter `key` in `path`, or "(absent)".
std::string param(const std::string& path, const std::string& key) {
  const auto query = path.find('?');
  if (query == std::string::npos) return "(absent)";
  std::string rest = path.substr(query + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string::npos ? "" : pair.substr(eq + 1);
    if (amp == std::string::npos) break;
    rest = rest.substr(amp + 1);
  }
  return "(absent)";
}

bool isWatch(const HttpRequest& request) { return param(request.path, "watch") == "1"; }

class ListWatcherTest : public ::testing::Test {
 protected:
  /// Runs the loop until the scripts run out; waits are recorded, never slept.
  void run() {
    ListWatchPacing pacing;
    pacing.wait = [this](std::chrono::milliseconds delay, std::stop_token) {
      waits_.push_back(delay.count());
      synced_while_waiting_.push_back(cache_.synced());
    };
    pacing.random = [this] { return random_; };
    pacing.now = [this] { return server_.now(); };
    ListWatcher watcher(server_, tokens_, cache_,
                        ListWatchSpec{"Endpoints", "v1", "prod", kCollectionPath, kSelector}, pacing,
                        timing_);
    watcher.onRestart([this](std::string_view reason) { restarts_.emplace_back(reason); });
    watcher.run(stop_.get_token());
  }
  /// What the cache holds, looked at past the end of the run (which leaves it not synced).
  CacheLookup cached(const std::string& name) {
    cache_.setSynced(true);
    return cache_.find(name);
  }
  std::vector<HttpRequest> watches() const {
    std::vector<HttpRequest> out;
    for (const auto& r : server_.requests())
      if (isWatch(r)) out.push_back(r);
    return out;
  }

  std::stop_source stop_;
  ScriptedWatchServer server_{stop_};
  StaticTokenSource tokens_{"sekret-token"};
  ObjectCache cache_{"Endpoints in prod", {{"app.kubernetes.io/managed-by", "lecter"}}};
  ListWatchTiming timing_;
  double random_ = 0.0;
  std::vector<long long> waits_;
  std::vector<bool> synced_while_waiting_;
  std::vector<std::string> restarts_;
};

TEST_F(ListWatcherTest, ListsWithTheSelectorThenWatchesFromTheListsResourceVersionWithBookmarks) {
  server_.list(200, listOf("10", {"db"}));
  server_.watch({200, {}, ""});
  run();
  const auto& requests = server_.requests();
  ASSERT_GE(requests.size(), 2U);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path,
            std::string(kCollectionPath) + "?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dlecter");
  EXPECT_EQ(testing::headerValue(requests[0], "Authorization"), "Bearer sekret-token");
  const HttpRequest& watch = requests[1];
  EXPECT_EQ(watch.path.substr(0, watch.path.find('?')), kCollectionPath);
  EXPECT_EQ(param(watch.path, "labelSelector"), "app.kubernetes.io%2Fmanaged-by%3Dlecter");
  EXPECT_EQ(param(watch.path, "resourceVersion"), "10");
  EXPECT_EQ(param(watch.path, "allowWatchBookmarks"), "true");
  EXPECT_EQ(param(watch.path, "timeoutSeconds"), "300");
  EXPECT_EQ(testing::headerValue(watch, "Authorization"), "Bearer sekret-token");
  EXPECT_EQ(cached("db").state, CacheLookup::State::Present);
  EXPECT_EQ(cached("db").object["kind"], "Endpoints") << "list items get the kind objects read alone have";
}

TEST_F(ListWatcherTest, TheWatchTimeoutIsRandomBetweenFiveAndTenMinutesAndTheClientWaitsLonger) {
  random_ = 0.5;
  server_.list(200, listOf("10", {}));
  server_.watch({200, {}, ""});
  run();
  ASSERT_GE(watches().size(), 1U);
  EXPECT_EQ(param(watches()[0].path, "timeoutSeconds"), "450");
  EXPECT_GT(watches()[0].timeout, std::chrono::seconds(450));
}

TEST_F(ListWatcherTest, EventsSplitAcrossChunksUpdateTheCacheAndTheNextWatchResumesAfterTheLast) {
  server_.list(200, listOf("10", {"a", "gone"}));
  const std::string added = event("ADDED", "b", "11");
  const std::string modified = event("MODIFIED", "a", "12");
  const std::string deleted = event("DELETED", "gone", "13");
  server_.watch(
      {200,
       {added.substr(0, 9), added.substr(9) + modified.substr(0, 20), modified.substr(20) + deleted},
       ""});
  server_.watch({200, {}, ""});
  run();
  ASSERT_GE(watches().size(), 2U);
  EXPECT_EQ(param(watches()[1].path, "resourceVersion"), "13");
  EXPECT_EQ(cached("b").state, CacheLookup::State::Present);
  EXPECT_EQ(cached("a").object["metadata"]["resourceVersion"], "12");
  EXPECT_EQ(cached("gone").state, CacheLookup::State::Absent);
  EXPECT_EQ(waits_.size(), 1U) << "only the stream that ended without events is followed by a wait";
}

TEST_F(ListWatcherTest, ABookmarkMovesTheResourceVersionTheNextWatchStartsFrom) {
  server_.list(200, listOf("10", {}));
  server_.watch({200, {bookmark("57")}, ""});
  server_.watch({200, {}, ""});
  run();
  ASSERT_GE(watches().size(), 2U);
  EXPECT_EQ(param(watches()[1].path, "resourceVersion"), "57");
}

TEST_F(ListWatcherTest, AnExpiredErrorEventListsAgainAndWatchesFromTheNewList) {
  server_.list(200, listOf("10", {"old"}));
  server_.watch({200, {expired()}, ""});
  server_.list(200, listOf("90", {"new"}));
  server_.watch({200, {}, ""});
  run();
  const auto& requests = server_.requests();
  ASSERT_GE(requests.size(), 4U);
  EXPECT_FALSE(isWatch(requests[2])) << "after 410 comes a LIST";
  EXPECT_EQ(param(requests[3].path, "resourceVersion"), "90");
  EXPECT_EQ(cached("old").state, CacheLookup::State::Absent) << "the new list replaced the cache";
  EXPECT_EQ(cached("new").state, CacheLookup::State::Present);
}

TEST_F(ListWatcherTest, EachWatchStartedAgainIsToldWithWhyTheLastOneEnded) {
  server_.list(200, listOf("10", {}));
  server_.watch({200, {expired()}, ""});
  server_.list(200, listOf("90", {}));
  server_.watchFails("connection refused");
  server_.watch({200, {}, ""});
  server_.watch({200, {}, ""});
  run();
  ASSERT_GE(restarts_.size(), 3U);
  EXPECT_EQ(restarts_[0], "expired");
  EXPECT_EQ(restarts_[1], "failed");
  EXPECT_EQ(restarts_[2], "ended");
}

TEST_F(ListWatcherTest, AGoneAnswerToTheWatchRequestListsAgainToo) {
  server_.list(200, listOf("10", {}));
  server_.watch({410, {R"({"kind":"Status","reason":"Gone","code":410})"}, ""});
  server_.list(200, listOf("91", {}));
  server_.watch({200, {}, ""});
  run();
  ASSERT_GE(watches().size(), 2U);
  EXPECT_EQ(param(watches()[1].path, "resourceVersion"), "91");
}

TEST_F(ListWatcherTest, ABrokenConnectionReconnectsWithDoublingBackoffFromTheLastResourceVersion) {
  server_.list(200, listOf("10", {}));
  server_.watchFails("connection refused");
  server_.watchFails("connection refused");
  server_.watchFails("connection refused");
  server_.watch({200, {}, ""});
  run();
  EXPECT_EQ(waits_, (std::vector<long long>{200, 400, 800, 1600}));
  for (const auto& watch : watches()) EXPECT_EQ(param(watch.path, "resourceVersion"), "10");
  EXPECT_EQ(synced_while_waiting_[0], false) << "readers go to the ApiServer while reconnecting";
}

TEST_F(ListWatcherTest, BackoffStartsOverAfterAStreamThatDeliveredSomething) {
  server_.list(200, listOf("10", {}));
  server_.watchFails("connection refused");
  server_.watchFails("connection refused");
  server_.watch({200, {event("ADDED", "a", "11")}, "connection reset by peer"});
  server_.watchFails("connection refused");
  server_.watch({200, {}, ""});
  run();
  EXPECT_EQ(waits_, (std::vector<long long>{200, 400, 200, 400, 800}));
  EXPECT_EQ(param(watches().back().path, "resourceVersion"), "11") << "resumed after the last event";
}

TEST_F(ListWatcherTest, BackoffHasJitterAndStopsGrowingAtItsMaximum) {
  random_ = 0.5;
  timing_.backoff.max = std::chrono::milliseconds(1000);
  server_.list(200, listOf("10", {}));
  for (int i = 0; i < 6; ++i) server_.watchFails("connection refused");
  server_.watch({200, {}, ""});
  run();
  // 20% jitter at random 0.5 adds a tenth; the maximum is never passed.
  EXPECT_EQ(waits_, (std::vector<long long>{220, 440, 880, 1000, 1000, 1000, 1000}));
}

TEST_F(ListWatcherTest, AFailedListIsRetriedWithBackoffAndTheCacheStaysNotSynced) {
  server_.listFails("connection refused");
  server_.list(500, R"({"kind":"Status","reason":"InternalError","code":500})");
  server_.list(200, listOf("10", {"db"}));
  server_.watch({200, {}, ""});
  run();
  EXPECT_EQ(waits_.size(), 3U);
  EXPECT_EQ(waits_[0], 200);
  EXPECT_EQ(waits_[1], 400);
  EXPECT_FALSE(synced_while_waiting_[0]);
  EXPECT_EQ(param(watches()[0].path, "resourceVersion"), "10");
}

TEST_F(ListWatcherTest, AnUnreadableLineBreaksTheStreamAndTheWatchResumesFromTheLastGoodEvent) {
  server_.list(200, listOf("10", {}));
  server_.watch(
      {200, {event("ADDED", "a", "11") + "<html>proxy error</html>\n" + event("ADDED", "b", "12")}, ""});
  server_.watch({200, {}, ""});
  run();
  ASSERT_GE(watches().size(), 2U);
  EXPECT_EQ(param(watches()[1].path, "resourceVersion"), "11");
  EXPECT_EQ(cached("b").state, CacheLookup::State::Absent) << "nothing after the bad line was applied";
}

TEST_F(ListWatcherTest, AnotherErrorEventReconnectsFromTheLastResourceVersionWithoutListing) {
  server_.list(200, listOf("10", {}));
  server_.watch({200,
                 {R"({"type":"ERROR","object":{"kind":"Status","reason":"InternalError","code":500}})"
                  "\n"},
                 ""});
  server_.watch({200, {}, ""});
  run();
  ASSERT_GE(watches().size(), 2U);
  EXPECT_EQ(param(watches()[1].path, "resourceVersion"), "10");
  EXPECT_EQ(waits_.size(), 2U);  // the reconnect, and the empty stream at the end
}

TEST_F(ListWatcherTest, TheCacheIsSyncedAfterTheListAndWhileTheWatchIsConnected) {
  server_.list(200, listOf("10", {"db"}));
  server_.watch({200, {}, ""});  // ends without events: a short wait before the next watch
  server_.watchFails("connection refused");
  server_.watch({200, {}, ""});
  run();
  ASSERT_EQ(synced_while_waiting_.size(), 3U);
  EXPECT_TRUE(synced_while_waiting_[0]) << "a normal end keeps the cache";
  EXPECT_FALSE(synced_while_waiting_[1]) << "a broken connection does not";
  EXPECT_FALSE(cache_.synced()) << "a stopped watcher leaves its cache not synced";
}

TEST_F(ListWatcherTest, AnExpiredErrorOnEveryNewWatchBacksOffBeforeEachList) {
  for (int i = 0; i < 3; ++i) {
    server_.list(200, listOf("10", {}));
    server_.watch({200, {expired()}, "", std::chrono::seconds(0)});
  }
  server_.list(200, listOf("10", {}));
  run();
  ASSERT_GE(waits_.size(), 3U);
  EXPECT_EQ(std::vector<long long>(waits_.begin(), waits_.begin() + 3),
            (std::vector<long long>{200, 400, 800}))
      << "a server that expires every watch at once must not be listed again in a tight loop";
}

TEST_F(ListWatcherTest, AGoneAnswerToEveryWatchBacksOffToo) {
  for (int i = 0; i < 3; ++i) {
    server_.list(200, listOf("10", {}));
    server_.watch({410, {R"({"kind":"Status","reason":"Gone","code":410})"}, "", std::chrono::seconds(0)});
  }
  server_.list(200, listOf("10", {}));
  run();
  ASSERT_GE(waits_.size(), 3U);
  EXPECT_EQ(std::vector<long long>(waits_.begin(), waits_.begin() + 3),
            (std::vector<long long>{200, 400, 800}));
}

TEST_F(ListWatcherTest, ABookmarkThenAnImmediateCloseIsNotAWatchThatLivedAndBacksOff) {
  server_.list(200, listOf("10", {}));
  for (int i = 0; i < 3; ++i)
    server_.watch({200, {bookmark(std::to_string(20 + i))}, "", std::chrono::seconds(0)});
  run();
  EXPECT_EQ(waits_, (std::vector<long long>{200, 400, 800}));
}

TEST_F(ListWatcherTest, AWatchThatLivedAndDeliveredIsFollowedAtOnceAndStartsTheBackoffOver) {
  server_.list(200, listOf("10", {}));
  server_.watch({200, {bookmark("11")}, "", std::chrono::seconds(0)});
  server_.watch({200, {bookmark("12")}, "", std::chrono::seconds(60)});
  server_.watch({200, {}, "", std::chrono::seconds(0)});
  run();
  EXPECT_EQ(waits_, (std::vector<long long>{200, 200}))
      << "no wait after the watch that lived; the backoff then starts over";
}

TEST_F(ListWatcherTest, AnEventWhoseObjectHasAFieldOfTheWrongTypeIsNotAppliedAndTheWatchResumesBeforeIt) {
  server_.list(200, listOf("10", {"a"}));
  const std::string numeric_version =
      R"({"type":"MODIFIED","object":{"kind":"Endpoints","metadata":{"name":"a","resourceVersion":12}}})"
      "\n";
  server_.watch({200, {event("ADDED", "b", "11") + numeric_version}, ""});
  server_.watch({200, {}, ""});
  const std::uint64_t unreadable_before = unreadableAnswers();
  run();
  EXPECT_EQ(unreadableAnswers(), unreadable_before + 1) << "the unreadable event is counted once";
  ASSERT_GE(watches().size(), 2U);
  EXPECT_EQ(param(watches()[1].path, "resourceVersion"), "11");
  EXPECT_EQ(cached("a").object["metadata"]["resourceVersion"], "10")
      << "the unreadable MODIFIED was not applied";
  EXPECT_EQ(cached("b").state, CacheLookup::State::Present);
}

TEST_F(ListWatcherTest, AListWithAnItemOfTheWrongShapeIsAFailedListAndNothingIsCached) {
  server_.list(
      200,
      R"({"kind":"EndpointsList","apiVersion":"v1","metadata":{"resourceVersion":"10"},)"
      R"("items":[{"metadata":{"name":"a","resourceVersion":"9"},"subsets":[{"addresses":[{"ip":7}]}]}]})");
  server_.list(200, listOf("11", {"b"}));
  server_.watch({200, {}, ""});
  run();
  EXPECT_EQ(param(watches()[0].path, "resourceVersion"), "11");
  EXPECT_EQ(cached("a").state, CacheLookup::State::Absent);
  EXPECT_EQ(waits_.front(), 200) << "the failed list is retried with backoff";
}

TEST_F(ListWatcherTest, AListWhoseResourceVersionIsANumberIsAFailedList) {
  server_.list(200,
               R"({"kind":"EndpointsList","apiVersion":"v1","metadata":{"resourceVersion":10},"items":[]})");
  server_.list(200, listOf("11", {}));
  server_.watch({200, {}, ""});
  run();
  ASSERT_GE(watches().size(), 1U);
  EXPECT_EQ(param(watches()[0].path, "resourceVersion"), "11");
}

TEST_F(ListWatcherTest, AnErrorEventWhoseReasonIsANumberReconnectsWithoutCrashing) {
  server_.list(200, listOf("10", {}));
  server_.watch({200,
                 {R"({"type":"ERROR","object":{"kind":"Status","reason":500,"code":"500"}})"
                  "\n"},
                 ""});
  server_.watch({200, {}, ""});
  run();
  ASSERT_GE(watches().size(), 2U);
  EXPECT_EQ(param(watches()[1].path, "resourceVersion"), "10");
}

TEST_F(ListWatcherTest, ATooManyRequestsAnswerIsRetriedNoSoonerThanItsRetryAfter) {
  server_.list(429, R"({"kind":"Status","reason":"TooManyRequests","code":429})", {{"retry-after", "7"}});
  server_.list(200, listOf("10", {}));
  server_.watch({200, {}, ""});
  run();
  ASSERT_GE(waits_.size(), 1U);
  EXPECT_EQ(waits_[0], 7000) << "the backoff alone would have been 200 ms";
}

TEST_F(ListWatcherTest, AStopRequestedBeforeTheStartSendsNothing) {
  stop_.request_stop();
  run();
  EXPECT_TRUE(server_.requests().empty());
}

}  // namespace
}  // namespace lecter
