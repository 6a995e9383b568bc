// RestKubeClient reading a Service and posting an Event: paths beside the Endpoints object, bodies in
// the configured content type, Status errors decoded as for Endpoints.

#include <gtest/gtest.h>

#include "lecter/kube/to_yaml.h"

#include <string>

#include "rest_client_fixture.h"

namespace lecter {
namespace {

using testing::headerValue;

nlohmann::json anEvent() {
  return {{"apiVersion", "v1"},
          {"kind", "Event"},
          {"metadata", {{"name", "db.17f0a1"}, {"namespace", "prod"}}},
          {"involvedObject", {{"kind", "Service"}, {"name", "db"}, {"namespace", "prod"}}},
          {"reason", "TargetDown"},
          {"message", "target 198.18.0.10:5432 is down"}};
}

class ServiceAndEventCallsTest : public testing::RestClientFixture {};

TEST_F(ServiceAndEventCallsTest, ServiceAndEventPathsSitBesideTheEndpointsPath) {
  auto plain = makeClient("/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints", "application/json");
  EXPECT_EQ(plain.servicePathFor({"prod", "db"}), "/api/v1/namespaces/prod/services/db");
  EXPECT_EQ(plain.eventsPathFor("prod"), "/api/v1/namespaces/prod/events");

  // A proxy prefix before /api is kept.
  auto proxied = makeClient("/k8s/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints", "application/json");
  EXPECT_EQ(proxied.servicePathFor({"prod", "db"}), "/k8s/api/v1/namespaces/prod/services/db");
  EXPECT_EQ(proxied.eventsPathFor("prod"), "/k8s/api/v1/namespaces/prod/events");
}

TEST_F(ServiceAndEventCallsTest, AnUnusualEndpointsPathFallsBackToTheStandardServicePath) {
  auto odd = makeClient("/prefix/myNameSpaces/x/myEndPoints", "application/json");
  EXPECT_EQ(odd.servicePathFor({"prod", "db"}), "/api/v1/namespaces/prod/services/db");
  EXPECT_EQ(odd.eventsPathFor("prod"), "/api/v1/namespaces/prod/events");
}

TEST_F(ServiceAndEventCallsTest, GetServiceReadsTheServiceWithTheToken) {
  http_.respond(
      200,
      R"({"kind":"Service","apiVersion":"v1","metadata":{"name":"db","uid":"u-7","resourceVersion":"3"}})");
  auto client = makeClient("/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints", "application/yaml");

  const KubeResult result = client.getService({"prod", "db"});

  ASSERT_EQ(http_.requests().size(), 1U);
  EXPECT_EQ(http_.requests()[0].method, "GET");
  EXPECT_EQ(http_.requests()[0].path, "/api/v1/namespaces/prod/services/db");
  EXPECT_EQ(headerValue(http_.requests()[0], "Authorization"), "Bearer the-token");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.object["metadata"]["uid"], "u-7");
}

TEST_F(ServiceAndEventCallsTest, AMissingServiceIsANotFound) {
  http_.respond(404, R"({"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound",
      "message":"services \"db\" not found","code":404})");
  auto client = makeClient("/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints", "application/yaml");
  const KubeResult result = client.getService({"prod", "db"});
  EXPECT_TRUE(result.notFound());
  EXPECT_EQ(result.message, "services \"db\" not found");
}

TEST_F(ServiceAndEventCallsTest, CreateEventPostsJsonToTheNamespacesEvents) {
  http_.respond(201, anEvent().dump());
  auto client = makeClient("/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints", "application/json");

  const KubeResult result = client.createEvent("prod", anEvent());

  ASSERT_EQ(http_.requests().size(), 1U);
  EXPECT_EQ(http_.requests()[0].method, "POST");
  EXPECT_EQ(http_.requests()[0].path, "/api/v1/namespaces/prod/events");
  EXPECT_EQ(headerValue(http_.requests()[0], "Content-Type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(http_.requests()[0].body), anEvent());
  EXPECT_TRUE(result.ok());
}

TEST_F(ServiceAndEventCallsTest, CreateEventInYamlSendsYaml) {
  http_.respond(201, anEvent().dump());
  auto client = makeClient("/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints", "application/yaml");
  ASSERT_TRUE(client.createEvent("prod", anEvent()).ok());
  EXPECT_EQ(headerValue(http_.requests()[0], "Content-Type"), "application/yaml");
  EXPECT_EQ(http_.requests()[0].body, toYaml(anEvent()));
}

}  // namespace
}  // namespace lecter
