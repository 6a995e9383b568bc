#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lecter/kube/watch_cache.h"

namespace lecter {
namespace {

std::vector<std::string> pathsOf(const std::vector<WatchedCollection>& collections) {
  std::vector<std::string> paths;
  for (const auto& collection : collections) {
    paths.push_back(collection.spec.collection_path + " " + collection.spec.label_selector);
  }
  return paths;
}

constexpr const char* kSeedEndpointsPath = "/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints";

TEST(WatchedCollectionsFor, ServicesAndLectersOwnEndpointsOncePerNamespace) {
  const auto collections = watchedCollectionsFor({"prod", "db", "prod"}, false, kSeedEndpointsPath);
  EXPECT_EQ(pathsOf(collections), (std::vector<std::string>{
                                      "/api/v1/namespaces/db/services ",
                                      "/api/v1/namespaces/db/endpoints app.kubernetes.io/managed-by=lecter",
                                      "/api/v1/namespaces/prod/services ",
                                      "/api/v1/namespaces/prod/endpoints app.kubernetes.io/managed-by=lecter",
                                  }));
  ASSERT_EQ(collections.size(), 4U);
  EXPECT_EQ(collections[1].kind, WatchedKind::Endpoints);
  EXPECT_EQ(collections[1].spec.kind, "Endpoints");
  EXPECT_EQ(collections[1].spec.ns, "db");
}

TEST(WatchedCollectionsFor, EndpointSliceModeWatchesLectersSlicesInsteadOfEndpoints) {
  const auto collections = watchedCollectionsFor({"prod"}, true, kSeedEndpointsPath);
  EXPECT_EQ(pathsOf(collections), (std::vector<std::string>{
                                      "/api/v1/namespaces/prod/services ",
                                      "/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices "
                                      "endpointslice.kubernetes.io/managed-by=lecter",
                                  }));
  ASSERT_EQ(collections.size(), 2U);
  EXPECT_EQ(collections[1].kind, WatchedKind::EndpointSlices);
  EXPECT_EQ(collections[1].spec.api_version, "discovery.k8s.io/v1");
}

TEST(WatchedCollectionsFor, PathsKeepTheProxyPrefixOfEndpointApi) {
  const auto collections =
      watchedCollectionsFor({"prod"}, true, "/k8s/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints");
  EXPECT_EQ(pathsOf(collections), (std::vector<std::string>{
                                      "/k8s/api/v1/namespaces/prod/services ",
                                      "/k8s/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices "
                                      "endpointslice.kubernetes.io/managed-by=lecter",
                                  }));
  // Nothing to anchor on: the standard paths.
  EXPECT_EQ(watchedCollectionsFor({"prod"}, false, "/custom/path")[0].spec.collection_path,
            "/api/v1/namespaces/prod/services");
}

}  // namespace
}  // namespace lecter
