#include "lecter/kube/caching_kube_client.h"

#include <gtest/gtest.h>

#include "lecter/kube/label_selector_terms.h"
#include "recording_kube_client.h"

namespace lecter {
namespace {

using nlohmann::json;
using testing::RecordingKubeClient;
using Calls = std::vector<std::string>;

constexpr const char* kSliceSelector = "endpointslice.kubernetes.io/managed-by=lecter";

json endpoints(const std::string& name, const std::string& version) {
  return {{"kind", "Endpoints"},
          {"metadata",
           {{"name", name},
            {"namespace", "prod"},
            {"resourceVersion", version},
            {"labels", {{"app.kubernetes.io/managed-by", "lecter"}}}}}};
}

json slice(const std::string& name, const std::string& service, const std::string& version) {
  return {
      {"kind", "EndpointSlice"},
      {"metadata",
       {{"name", name},
        {"namespace", "prod"},
        {"resourceVersion", version},
        {"labels",
         {{"kubernetes.io/service-name", service}, {"endpointslice.kubernetes.io/managed-by", "lecter"}}}}}};
}

json service(const std::string& name) {
  return {{"kind", "Service"}, {"metadata", {{"name", name}, {"uid", "u-" + name}}}};
}

class CachingKubeClientTest : public ::testing::Test {
 protected:
  CachingKubeClientTest()
      : endpoints_(caches_.add(WatchedKind::Endpoints, "prod", "Endpoints in prod",
                               "app.kubernetes.io/managed-by=lecter")),
        services_(caches_.add(WatchedKind::Services, "prod", "Services in prod", "")),
        slices_(caches_.add(WatchedKind::EndpointSlices, "prod", "EndpointSlices in prod", kSliceSelector)) {}

  RecordingKubeClient direct_;
  ObjectCaches caches_;
  ObjectCache& endpoints_;
  ObjectCache& services_;
  ObjectCache& slices_;
  CachingKubeClient client_{direct_, direct_, caches_};

  // Each call waited for, as a writer that sends one at a time sees them.
  KubeResult getEndpoints(const ObjectRef& ref) { return callAndWait(client_, KubeCall::getEndpoints(ref)); }
  KubeResult putEndpoints(const ObjectRef& ref, const json& object) {
    return callAndWait(client_, KubeCall::putEndpoints(ref, object));
  }
  KubeResult listEndpointSlices(const std::string& ns, const std::string& selector) {
    return callAndWait(client_, KubeCall::listEndpointSlices(ObjectRef{ns, ""}, selector));
  }
  KubeResult createEndpointSlice(const std::string& ns, const json& object) {
    return callAndWait(client_, KubeCall::createEndpointSlice(ns, object));
  }
  KubeResult putEndpointSlice(const ObjectRef& ref, const json& object) {
    return callAndWait(client_, KubeCall::putEndpointSlice(ref, object));
  }
  KubeResult deleteEndpointSlice(const ObjectRef& ref) {
    return callAndWait(client_, KubeCall::deleteEndpointSlice(ref));
  }
};

TEST_F(CachingKubeClientTest, ASyncedCacheAnswersReadsWithoutTheApiServer) {
  endpoints_.replace({endpoints("db", "10")});
  services_.replace({service("db")});
  const KubeResult live = getEndpoints({"prod", "db"});
  EXPECT_EQ(live.http_status, 200);
  EXPECT_EQ(live.object["metadata"]["resourceVersion"], "10");
  EXPECT_EQ(client_.getService({"prod", "db"}).object["metadata"]["uid"], "u-db");
  EXPECT_TRUE(direct_.calls().empty());
}

TEST_F(CachingKubeClientTest, AServiceMissingFromTheSyncedCacheIsNotFoundWithoutAsking) {
  services_.replace({service("db")});
  const KubeResult missing = client_.getService({"prod", "nope"});
  EXPECT_TRUE(missing.notFound());
  EXPECT_EQ(missing.reason, "NotFound");
  EXPECT_TRUE(direct_.calls().empty());
}

TEST_F(CachingKubeClientTest, EndpointsNotInTheWatchAreReadDirectlySinceTheyMayLackLectersLabel) {
  endpoints_.replace({});
  getEndpoints({"prod", "db"});
  EXPECT_EQ(direct_.calls(), (Calls{"GET endpoints prod/db"}));
}

TEST_F(CachingKubeClientTest, ACacheThatIsNotSyncedSendsReadsToTheApiServer) {
  getEndpoints({"prod", "db"});
  client_.getService({"prod", "db"});
  listEndpointSlices("prod", kSliceSelector);
  EXPECT_EQ(direct_.calls(), (Calls{"GET endpoints prod/db", "SERVICE services prod/db",
                                    std::string("LIST endpointslices prod ") + kSliceSelector}));
}

TEST_F(CachingKubeClientTest, ANamespaceWithoutCachesGoesToTheApiServer) {
  getEndpoints({"other", "db"});
  client_.getService({"other", "db"});
  EXPECT_EQ(direct_.calls(), (Calls{"GET endpoints other/db", "SERVICE services other/db"}));
}

TEST_F(CachingKubeClientTest, AWriteGoesToTheApiServerAndItsAnswerIsReadBackFromTheCache) {
  endpoints_.replace({endpoints("db", "10")});
  direct_.answer("PUT", KubeResult{200, endpoints("db", "11"), "", ""});
  putEndpoints({"prod", "db"}, endpoints("db", "10"));
  EXPECT_EQ(getEndpoints({"prod", "db"}).object["metadata"]["resourceVersion"], "11");
  EXPECT_EQ(direct_.calls(), (Calls{"PUT endpoints prod/db"}));
}

TEST_F(CachingKubeClientTest, AConflictMakesTheRetryReadDirectlyAndItsAnswerIsTrustedAfterwards) {
  endpoints_.replace({endpoints("db", "10")});
  direct_.answer("PUT", KubeResult{409, nullptr, "Conflict", "the object has been modified"});
  putEndpoints({"prod", "db"}, endpoints("db", "10"));
  direct_.answer("GET", KubeResult{200, endpoints("db", "12"), "", ""});
  EXPECT_EQ(getEndpoints({"prod", "db"}).object["metadata"]["resourceVersion"], "12");
  EXPECT_EQ(getEndpoints({"prod", "db"}).object["metadata"]["resourceVersion"], "12");
  EXPECT_EQ(direct_.calls(), (Calls{"PUT endpoints prod/db", "GET endpoints prod/db"}))
      << "one direct read after the conflict, then the cache again";
}

TEST_F(CachingKubeClientTest, SlicesAreListedFromTheCacheByTheSelectorsLabels) {
  slices_.replace({slice("db-lecter", "db", "10"), slice("mq-lecter", "mq", "11")});
  const KubeResult list =
      listEndpointSlices("prod", std::string("kubernetes.io/service-name=db,") + kSliceSelector);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list.object["items"].size(), 1U);
  EXPECT_EQ(list.object["items"][0]["metadata"]["name"], "db-lecter");
  EXPECT_TRUE(listEndpointSlices("prod", "kubernetes.io/service-name=none").object["items"].empty());
  EXPECT_TRUE(direct_.calls().empty());
}

TEST_F(CachingKubeClientTest, ASelectorTheCacheCannotEvaluateGoesToTheApiServer) {
  slices_.replace({});
  listEndpointSlices("prod", "kubernetes.io/service-name in (db,mq)");
  EXPECT_EQ(direct_.calls().size(), 1U);
}

TEST_F(CachingKubeClientTest, SliceWritesAreWrittenThroughAndADeletedSliceLeavesTheList) {
  slices_.replace({slice("db-lecter", "db", "10")});
  direct_.answer("CREATE", KubeResult{201, slice("db-lecter-2", "db", "11"), "", ""});
  createEndpointSlice("prod", slice("db-lecter-2", "db", ""));
  deleteEndpointSlice({"prod", "db-lecter"});
  const KubeResult list = listEndpointSlices("prod", kSliceSelector);
  ASSERT_EQ(list.object["items"].size(), 1U);
  EXPECT_EQ(list.object["items"][0]["metadata"]["name"], "db-lecter-2");
  EXPECT_EQ(direct_.calls(), (Calls{"CREATE endpointslices prod", "DELETE endpointslices prod/db-lecter"}));
}

TEST_F(CachingKubeClientTest, AFailedSliceWriteMakesTheNextListDirectAndItsAnswerRefreshesTheCache) {
  slices_.replace({slice("db-lecter", "db", "10")});
  direct_.answer("PUTSLICE", KubeResult{409, nullptr, "Conflict", "modified"});
  putEndpointSlice({"prod", "db-lecter"}, slice("db-lecter", "db", "10"));
  json answer = {{"kind", "EndpointSliceList"}, {"items", json::array({slice("db-lecter", "db", "12")})}};
  direct_.answer("LIST", KubeResult{200, answer, "", ""});
  listEndpointSlices("prod", kSliceSelector);
  const KubeResult cached = listEndpointSlices("prod", kSliceSelector);
  EXPECT_EQ(cached.object["items"][0]["metadata"]["resourceVersion"], "12");
  EXPECT_EQ(direct_.calls().size(), 2U) << "PUT, one direct LIST, then the cache";
}

TEST(LabelSelectorTerms, EqualityTermsAreReadAndOthersAreNot) {
  EXPECT_EQ(equalityTerms("a=b,c==d"), (LabelTerms{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(equalityTerms(""), LabelTerms{});
  EXPECT_FALSE(equalityTerms("a!=b"));
  EXPECT_FALSE(equalityTerms("a in (b,c)"));
  EXPECT_FALSE(equalityTerms("a"));
  EXPECT_FALSE(equalityTerms("!a"));
}

}  // namespace
}  // namespace lecter
