// RestKubeClient's EndpointSlice calls: paths under /apis/discovery.k8s.io/v1 (behind any proxy prefix of
// endpointapi), the label selector escaped in the query, POST to create, conditional PUT, DELETE, and
// Status errors decoded as for Endpoints.

#include <gtest/gtest.h>

#include "lecter/kube/to_yaml.h"

#include <string>

#include "rest_client_fixture.h"

namespace lecter {
namespace {

using nlohmann::json;
using testing::headerValue;

constexpr const char* kStandardApi = "/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints";

json aSlice() {
  return json::parse(R"({"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
      "metadata":{"name":"db-lecter","namespace":"prod","resourceVersion":"12",
        "labels":{"kubernetes.io/service-name":"db","endpointslice.kubernetes.io/managed-by":"lecter"}},
      "addressType":"IPv4","endpoints":[{"addresses":["198.18.0.10"],"conditions":{"ready":true}}],
      "ports":[{"port":5432,"protocol":"TCP"}]})");
}

class RestEndpointSlicesTest : public testing::RestClientFixture {
 protected:
  [[nodiscard]] const HttpRequest& onlyRequest() const {
    EXPECT_EQ(http_.requests().size(), 1U);
    return http_.requests().at(0);
  }
};

TEST_F(RestEndpointSlicesTest, TheCollectionPathKeepsTheProxyPrefixOfEndpointApi) {
  EXPECT_EQ(makeClient(kStandardApi, "application/json").endpointSlicesPathFor("prod"),
            "/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices");
  EXPECT_EQ(makeClient("/k8s/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints", "application/json")
                .endpointSlicesPathFor("prod"),
            "/k8s/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices");
  // No /api/v1/ to anchor on: the standard path.
  EXPECT_EQ(
      makeClient("/prefix/myNameSpaces/x/myEndPoints", "application/json").endpointSlicesPathFor("prod"),
      "/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices");
}

TEST_F(RestEndpointSlicesTest, ListSendsTheLabelSelectorEscapedWithTheToken) {
  http_.respond(200, R"({"kind":"EndpointSliceList","apiVersion":"discovery.k8s.io/v1",
      "metadata":{"resourceVersion":"30"},"items":[)" +
                         aSlice().dump() + "]}");
  auto client = makeClient(kStandardApi, "application/yaml");

  const KubeResult result = client.listEndpointSlices(
      "prod", "kubernetes.io/service-name=db,endpointslice.kubernetes.io/managed-by=lecter");

  const HttpRequest& request = onlyRequest();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.path,
            "/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices?labelSelector="
            "kubernetes.io%2Fservice-name%3Ddb%2Cendpointslice.kubernetes.io%2Fmanaged-by%3Dlecter");
  EXPECT_EQ(headerValue(request, "Authorization"), "Bearer the-token");
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.object["items"].size(), 1U);
  EXPECT_EQ(result.object["items"][0]["metadata"]["name"], "db-lecter");
}

TEST_F(RestEndpointSlicesTest, CreatePostsToTheCollectionInTheConfiguredContentType) {
  http_.respond(201, aSlice().dump());
  auto json_client = makeClient(kStandardApi, "application/json");
  ASSERT_TRUE(json_client.createEndpointSlice("prod", aSlice()).ok());
  EXPECT_EQ(onlyRequest().method, "POST");
  EXPECT_EQ(onlyRequest().path, "/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices");
  EXPECT_EQ(headerValue(onlyRequest(), "Content-Type"), "application/json");
  EXPECT_EQ(json::parse(onlyRequest().body), aSlice());
}

TEST_F(RestEndpointSlicesTest, PutReplacesTheNamedSliceWithItsResourceVersionInYaml) {
  http_.respond(200, aSlice().dump());
  auto client = makeClient(kStandardApi, "application/yaml");
  ASSERT_TRUE(client.putEndpointSlice({"prod", "db-lecter"}, aSlice()).ok());
  EXPECT_EQ(onlyRequest().method, "PUT");
  EXPECT_EQ(onlyRequest().path, "/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices/db-lecter");
  EXPECT_EQ(headerValue(onlyRequest(), "Content-Type"), "application/yaml");
  EXPECT_EQ(onlyRequest().body, toYaml(aSlice()));
  EXPECT_NE(onlyRequest().body.find("resourceVersion"), std::string::npos);
}

TEST_F(RestEndpointSlicesTest, DeleteNamesTheSliceAndSendsNoBody) {
  http_.respond(200, R"({"kind":"Status","apiVersion":"v1","status":"Success"})");
  auto client = makeClient(kStandardApi, "application/json");
  ASSERT_TRUE(client.deleteEndpointSlice({"prod", "db-lecter-2"}).ok());
  EXPECT_EQ(onlyRequest().method, "DELETE");
  EXPECT_EQ(onlyRequest().path, "/apis/discovery.k8s.io/v1/namespaces/prod/endpointslices/db-lecter-2");
  EXPECT_TRUE(onlyRequest().body.empty());
}

TEST_F(RestEndpointSlicesTest, AStalePutIsAConflictAndADuplicatePostIsAlreadyExists) {
  http_.respond(409, R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Conflict",
      "message":"the object has been modified","code":409})");
  http_.respond(409, R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"AlreadyExists",
      "message":"endpointslices.discovery.k8s.io \"db-lecter\" already exists","code":409})");
  auto client = makeClient(kStandardApi, "application/json");

  const KubeResult stale = client.putEndpointSlice({"prod", "db-lecter"}, aSlice());
  EXPECT_TRUE(stale.conflict());
  EXPECT_EQ(stale.reason, "Conflict");
  const KubeResult duplicate = client.createEndpointSlice("prod", aSlice());
  EXPECT_TRUE(duplicate.conflict());
  EXPECT_EQ(duplicate.reason, "AlreadyExists");
}

TEST_F(RestEndpointSlicesTest, DeletingAMissingSliceIsANotFound) {
  http_.respond(404, R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound",
      "message":"endpointslices.discovery.k8s.io \"db-lecter-2\" not found","code":404})");
  auto client = makeClient(kStandardApi, "application/json");
  const KubeResult result = client.deleteEndpointSlice({"prod", "db-lecter-2"});
  EXPECT_TRUE(result.notFound());
  EXPECT_EQ(result.reason, "NotFound");
}

TEST_F(RestEndpointSlicesTest, ATransportFailureIsNoAnswer) {
  http_.failTransport("Connection refused");
  auto client = makeClient(kStandardApi, "application/json");
  const KubeResult result = client.listEndpointSlices("prod", "a=b");
  EXPECT_EQ(result.http_status, 0);
  EXPECT_FALSE(result.ok());
}

}  // namespace
}  // namespace lecter
