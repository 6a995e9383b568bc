#include "lecter/kube/rest_kube_client.h"

#include <gtest/gtest.h>

#include "lecter/kube/to_yaml.h"

#include <ostream>
#include <string>

#include "rest_client_fixture.h"

namespace lecter {
namespace {

using testing::headerValue;
using testing::headerValues;
using testing::ManualClock;

const ObjectRef kRedis{"db", "redis"};

std::string statusBody(int code, const std::string& reason, const std::string& message) {
  return nlohmann::json{{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()},
                        {"status", "Failure"}, {"message", message}, {"reason", reason},
                        {"code", code}}
      .dump();
}

nlohmann::json endpointsObject(const std::string& resource_version) {
  return {{"apiVersion", "v1"},
          {"kind", "Endpoints"},
          {"metadata", {{"name", "redis"}, {"namespace", "db"}, {"resourceVersion", resource_version}}},
          {"subsets",
           {{{"addresses", {{{"ip", "198.18.0.10"}}}}, {"ports", {{{"port", 6379}, {"protocol", "TCP"}}}}}}}};
}

class RestKubeClientTest : public testing::RestClientFixture {
 protected:
  RestKubeClientTest() : RestClientFixture("first-token") {}

  RestKubeClient makeClient(const std::string& content_type = "application/yaml") {
    RestKubeOptions options;
    options.content_type = content_type;
    options.timeout = std::chrono::milliseconds(2500);
    return RestKubeClient(http_, tokens_, options);
  }
};

TEST_F(RestKubeClientTest, PathReplacesNamespaceAndNamePlaceholders) {
  RestKubeOptions options;
  options.endpoint_api = "/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints";
  RestKubeClient client(http_, tokens_, options);
  EXPECT_EQ(client.pathFor({"storage", "ceph-mon"}), "/api/v1/namespaces/storage/endpoints/ceph-mon");

  options.endpoint_api = "/prefix/myNameSpaces/x/myEndPoints/myEndPoints";
  RestKubeClient twice(http_, tokens_, options);
  EXPECT_EQ(twice.pathFor({"a", "b"}), "/prefix/a/x/b/b");
}

TEST_F(RestKubeClientTest, GetSendsAcceptJsonBearerTokenAndTimeoutToTheObjectPath) {
  http_.respond(200, endpointsObject("7").dump());
  auto client = makeClient();

  const KubeResult result = client.getEndpoints(kRedis);

  ASSERT_EQ(http_.requests().size(), 1u);
  const HttpRequest& sent = http_.requests()[0];
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.path, "/api/v1/namespaces/db/endpoints/redis");
  EXPECT_EQ(headerValue(sent, "Accept"), "application/json");
  EXPECT_EQ(headerValues(sent, "Authorization"), std::vector<std::string>{"Bearer first-token"});
  EXPECT_TRUE(sent.body.empty());
  EXPECT_EQ(sent.timeout, std::chrono::milliseconds(2500));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.http_status, 200);
  EXPECT_EQ(result.object["metadata"]["resourceVersion"], "7");
}

TEST_F(RestKubeClientTest, PutInYamlSendsTheObjectAsYamlWithItsContentType) {
  http_.respond(200, endpointsObject("8").dump());
  auto client = makeClient("application/yaml");

  const KubeResult result = client.putEndpoints(kRedis, endpointsObject("7"));

  ASSERT_EQ(http_.requests().size(), 1u);
  const HttpRequest& sent = http_.requests()[0];
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.path, "/api/v1/namespaces/db/endpoints/redis");
  EXPECT_EQ(headerValue(sent, "Content-Type"), "application/yaml");
  EXPECT_EQ(headerValue(sent, "Accept"), "application/json");
  EXPECT_EQ(sent.body, toYaml(endpointsObject("7")));
  // YAML, not JSON, and the resourceVersion stays a string.
  EXPECT_NE(sent.body.front(), '{');
  EXPECT_NE(sent.body.find("resourceVersion: \"7\""), std::string::npos) << sent.body;
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.object["metadata"]["resourceVersion"], "8");
}

TEST_F(RestKubeClientTest, PutInJsonSendsTheObjectAsJsonWithItsContentType) {
  http_.respond(201, endpointsObject("1").dump());
  auto client = makeClient("application/json");

  const KubeResult result = client.putEndpoints(kRedis, endpointsObject("7"));

  ASSERT_EQ(http_.requests().size(), 1u);
  const HttpRequest& sent = http_.requests()[0];
  EXPECT_EQ(headerValue(sent, "Content-Type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(sent.body), endpointsObject("7"));
  EXPECT_TRUE(result.ok());
}

TEST_F(RestKubeClientTest, UnauthorizedReadsTheTokenAgainAndRetriesOnce) {
  auto client = makeClient();
  http_.respond(200, endpointsObject("1").dump());
  ASSERT_TRUE(client.getEndpoints(kRedis).ok());  // caches first-token

  dir_.write("token", "second-token\n");  // rotated on disk; the cache still holds the old one
  http_.respond(401, statusBody(401, "Unauthorized", "Unauthorized"));
  http_.respond(200, endpointsObject("2").dump());

  const KubeResult result = client.getEndpoints(kRedis);

  ASSERT_EQ(http_.requests().size(), 3u);
  EXPECT_EQ(headerValue(http_.requests()[1], "Authorization"), "Bearer first-token");
  EXPECT_EQ(headerValue(http_.requests()[2], "Authorization"), "Bearer second-token");
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.object["metadata"]["resourceVersion"], "2");
}

TEST_F(RestKubeClientTest, UnauthorizedTwiceGivesUpAfterOneRetry) {
  auto client = makeClient();
  http_.respond(401, statusBody(401, "Unauthorized", "Unauthorized"));
  http_.respond(401, statusBody(401, "Unauthorized", "Unauthorized"));
  http_.respond(200, endpointsObject("2").dump());

  const KubeResult result = client.putEndpoints(kRedis, endpointsObject("1"));

  EXPECT_EQ(http_.requests().size(), 2u);
  EXPECT_EQ(result.http_status, 401);
  EXPECT_EQ(result.reason, "Unauthorized");
  EXPECT_EQ(http_.requests()[1].body, http_.requests()[0].body);
}

TEST_F(RestKubeClientTest, WithoutTokenFileSendsNoAuthorizationAndExplainsA401) {
  ManualClock clock;
  FileTokenSource missing({dir_.path() + "/absent-token"}, clock);
  RestKubeClient client(http_, missing, RestKubeOptions{});
  http_.respond(401, statusBody(401, "Unauthorized", "Unauthorized"));
  http_.respond(401, statusBody(401, "Unauthorized", "Unauthorized"));

  const KubeResult result = client.getEndpoints(kRedis);

  ASSERT_EQ(http_.requests().size(), 2u);
  EXPECT_TRUE(headerValues(http_.requests()[0], "Authorization").empty());
  EXPECT_NE(result.message.find("absent-token"), std::string::npos) << result.message;
}

struct StatusCase {
  int code;
  std::string reason;
  std::string message;
  std::string described;
};

void PrintTo(const StatusCase& c, std::ostream* out) { *out << c.code << " " << c.reason; }

class RestKubeClientStatusTest : public RestKubeClientTest,
                                 public ::testing::WithParamInterface<StatusCase> {};

TEST_P(RestKubeClientStatusTest, ErrorStatusObjectGivesReasonAndMessage) {
  const StatusCase& c = GetParam();
  http_.respond(c.code, statusBody(c.code, c.reason, c.message));
  auto client = makeClient();

  const KubeResult result = client.putEndpoints(kRedis, endpointsObject("3"));

  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.http_status, c.code);
  EXPECT_EQ(result.reason, c.reason);
  EXPECT_EQ(result.message, c.message);
  EXPECT_EQ(result.describe(), c.described);
  EXPECT_EQ(result.notFound(), c.code == 404);
  EXPECT_EQ(result.conflict(), c.code == 409);
  EXPECT_EQ(http_.requests().size(), 1u);  // only a 401 is retried
}

INSTANTIATE_TEST_SUITE_P(
    ApiServerErrors, RestKubeClientStatusTest,
    ::testing::Values(
        StatusCase{404, "NotFound", "endpoints \"redis\" not found",
                   "404 NotFound: endpoints \"redis\" not found"},
        StatusCase{
            409, "Conflict",
            "Operation cannot be fulfilled on endpoints \"redis\": the object has been modified; please "
            "apply your changes to the latest version and try again",
            "409 Conflict: Operation cannot be fulfilled on endpoints \"redis\": the object has been "
            "modified; please apply your changes to the latest version and try again"},
        StatusCase{
            422, "Invalid",
            "Endpoints \"redis\" is invalid: subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": "
            "may not be in the loopback range (127.0.0.0/8, ::1/128)",
            "422 Invalid: Endpoints \"redis\" is invalid: subsets[0].addresses[0].ip: Invalid value: "
            "\"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"},
        StatusCase{500, "InternalError", "etcdserver: request timed out",
                   "500 InternalError: etcdserver: request timed out"}),
    [](const ::testing::TestParamInfo<StatusCase>& param_info) { return param_info.param.reason; });

TEST_F(RestKubeClientTest, ErrorWithoutStatusObjectQuotesTheStartOfTheBody) {
  http_.respond(503, "<html><body>upstream\nconnect error " + std::string(400, 'x') + "</body></html>");
  auto client = makeClient();

  const KubeResult result = client.getEndpoints(kRedis);

  EXPECT_EQ(result.http_status, 503);
  EXPECT_TRUE(result.reason.empty());
  EXPECT_EQ(result.message.rfind("<html><body>upstream connect error xxx", 0), 0u) << result.message;
  EXPECT_LT(result.message.size(), 260u);
  EXPECT_EQ(result.message.find('\n'), std::string::npos);
  EXPECT_EQ(result.describe().rfind("503 ServiceUnavailable: <html>", 0), 0u) << result.describe();
}

TEST_F(RestKubeClientTest, SuccessWithABodyThatIsNotJsonIsAFailure) {
  http_.respond(200, "this is not json {");
  auto client = makeClient();

  const KubeResult result = client.getEndpoints(kRedis);

  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.http_status, 0);
  EXPECT_EQ(result.reason, "InvalidResponse");
  EXPECT_NE(result.message.find("not a JSON object"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("this is not json {"), std::string::npos) << result.message;
  EXPECT_EQ(result.describe().rfind(
                "unusable answer from the ApiServer: GET /api/v1/namespaces/db/endpoints/redis: HTTP 200", 0),
            0u)
      << result.describe();
}

TEST_F(RestKubeClientTest, SuccessWithAnEmptyBodyIsAFailure) {
  http_.respond(200, "");
  auto client = makeClient();

  const KubeResult result = client.getEndpoints(kRedis);

  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.message.find("(empty body)"), std::string::npos) << result.message;
}

TEST_F(RestKubeClientTest, TransportFailureHasNoStatusAndCarriesTheError) {
  http_.failTransport("GET https://10.0.0.1:6443/api/v1/namespaces/db/endpoints/redis: Connection refused");
  auto client = makeClient();

  const KubeResult result = client.getEndpoints(kRedis);

  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.http_status, 0);
  EXPECT_NE(result.message.find("Connection refused"), std::string::npos);
  EXPECT_EQ(result.describe(),
            "no answer from the ApiServer: GET https://10.0.0.1:6443/api/v1/namespaces/db/endpoints/redis: "
            "Connection refused");
  EXPECT_EQ(http_.requests().size(), 1u);  // transport failures are the caller's to retry
}

TEST_F(RestKubeClientTest, EachDistinctWarningHeaderIsKeptOnce) {
  const std::string deprecation =
      "299 - \"v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\"";
  const std::string other = "299 - \"something else\"";
  http_.respond(200, endpointsObject("1").dump(), {{"warning", deprecation}});
  http_.respond(200, endpointsObject("1").dump(), {{"warning", deprecation}, {"warning", other}});
  http_.respond(409, statusBody(409, "Conflict", "stale"), {{"warning", deprecation}});
  auto client = makeClient();

  client.getEndpoints(kRedis);
  EXPECT_EQ(client.apiWarnings(), std::vector<std::string>{deprecation});
  client.getEndpoints(kRedis);
  client.putEndpoints(kRedis, endpointsObject("1"));

  EXPECT_EQ(client.apiWarnings(), (std::vector<std::string>{deprecation, other}));
}

TEST_F(RestKubeClientTest, TokenIsSentTrimmed) {
  dir_.write("token", "  \n\tspaced-token \r\n\n");
  http_.respond(200, endpointsObject("1").dump());
  auto client = makeClient();

  client.getEndpoints(kRedis);

  ASSERT_EQ(http_.requests().size(), 1u);
  EXPECT_EQ(headerValue(http_.requests()[0], "Authorization"), "Bearer spaced-token");
}

TEST(KubeResultDescribe, UsesTheStandardReasonWhenTheServerGaveNone) {
  KubeResult result;
  result.http_status = 409;
  result.message = "stale";
  EXPECT_EQ(result.describe(), "409 Conflict: stale");
  result.http_status = 418;
  result.message.clear();
  EXPECT_EQ(result.describe(), "418");
}

TEST(HttpResponseHeader, ReturnsTheFirstValueOrEmpty) {
  HttpResponse response;
  response.headers = {{"warning", "one"}, {"content-type", "application/json"}, {"warning", "two"}};
  EXPECT_EQ(response.header("warning"), "one");
  EXPECT_EQ(response.header("content-type"), "application/json");
  EXPECT_EQ(response.header("x-absent"), "");
}

}  // namespace
}  // namespace lecter
