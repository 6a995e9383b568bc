// RestKubeClient over the real CurlHttpClient, against the project's ApiServer fixture over HTTPS on
// 127.0.0.1 (tests/support/apiserver/).

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "lecter/kube/curl_http_client.h"
#include "lecter/kube/rest_kube_client.h"
#include "lecter/kube/token_source.h"
#include "lecter/obs/log.h"
#include "support/apiserver/apiserver_fixture.h"
#include "support/common/manual_clock.h"
#include "support/common/occurrences.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

using testing::ApiServerFixture;
using testing::ManualClock;
using testing::occurrences;
using testing::TempDir;

const ObjectRef kRedisEndpoints{"db", "redis"};

nlohmann::json endpointsFor(const std::vector<std::string>& ips) {
  nlohmann::json addresses = nlohmann::json::array();
  for (const auto& ip : ips) addresses.push_back({{"ip", ip}});
  return {{"apiVersion", "v1"},
          {"kind", "Endpoints"},
          {"metadata", {{"name", "redis"}, {"namespace", "db"}, {"labels", {{"tier", "cache"}}}}},
          {"subsets", {{{"addresses", addresses}, {"ports", {{{"name", "redis"}, {"port", 6379}}}}}}}};
}

std::string resourceVersionOf(const nlohmann::json& object) {
  const auto& rv = object["metadata"]["resourceVersion"];
  return rv.is_string() ? rv.get<std::string>() : std::string();
}

class RestKubeClientHttpsTest : public ::testing::Test {
 protected:
  /// A client that trusts the fixture's CA and sends the fixture's token.
  struct Client {
    Client(const ApiServerFixture& server, TokenSource& tokens, TlsOptions tls,
           const std::string& content_type = "application/yaml")
        : http(server.url(), std::move(tls)), kube(http, tokens, options(content_type)) {}
    static RestKubeOptions options(const std::string& content_type) {
      RestKubeOptions result;
      result.content_type = content_type;
      result.timeout = std::chrono::seconds(5);
      return result;
    }
    CurlHttpClient http;
    RestKubeClient kube;
  };

  TlsOptions trusted() const {
    TlsOptions tls;
    tls.ca_file = server_.caFile();
    return tls;
  }

  ApiServerFixture server_;
  TempDir dir_;
  ManualClock clock_;
  FileTokenSource tokens_{{dir_.write("token", "test-token\n")}, clock_};
};

TEST_F(RestKubeClientHttpsTest, MissingObjectIsNotFoundThenPutCreatesItThenGetReturnsIt) {
  Client client(server_, tokens_, trusted());

  const KubeResult missing = client.kube.getEndpoints(kRedisEndpoints);
  ASSERT_TRUE(missing.notFound()) << missing.describe();
  EXPECT_EQ(missing.reason, "NotFound");

  const KubeResult created =
      client.kube.putEndpoints(kRedisEndpoints, endpointsFor({"198.18.0.11", "198.18.0.10"}));
  ASSERT_TRUE(created.ok()) << created.describe();
  EXPECT_FALSE(resourceVersionOf(created.object).empty());

  const KubeResult read = client.kube.getEndpoints(kRedisEndpoints);
  ASSERT_TRUE(read.ok()) << read.describe();
  EXPECT_EQ(resourceVersionOf(read.object), resourceVersionOf(created.object));
  EXPECT_EQ(read.object["metadata"]["labels"]["tier"], "cache");
  EXPECT_EQ(server_.readyIps("db", "redis"), (std::vector<std::string>{"198.18.0.10", "198.18.0.11"}));
}

TEST_F(RestKubeClientHttpsTest, YamlBodyIsSentAsYamlAndAccepted) {
  Client client(server_, tokens_, trusted(), "application/yaml");

  const KubeResult created = client.kube.putEndpoints(kRedisEndpoints, endpointsFor({"198.18.0.10"}));
  ASSERT_TRUE(created.ok()) << created.describe();

  const auto requests = server_.requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_EQ(requests.back().method, "PUT");
  EXPECT_EQ(requests.back().content_type, "application/yaml");
  EXPECT_EQ(requests.back().body.rfind("apiVersion: v1\n", 0), 0u) << requests.back().body;
  EXPECT_EQ(server_.readyIps("db", "redis"), std::vector<std::string>{"198.18.0.10"});

  // A conditional update in YAML: the resourceVersion must arrive as a string to be accepted.
  nlohmann::json update = created.object;
  update["subsets"][0]["addresses"].push_back({{"ip", "198.18.0.12"}});
  const KubeResult updated = client.kube.putEndpoints(kRedisEndpoints, update);
  ASSERT_TRUE(updated.ok()) << updated.describe();
  EXPECT_NE(resourceVersionOf(updated.object), resourceVersionOf(created.object));
  EXPECT_EQ(server_.readyIps("db", "redis"), (std::vector<std::string>{"198.18.0.10", "198.18.0.12"}));
}

TEST_F(RestKubeClientHttpsTest, JsonBodyIsSentAsJsonAndAccepted) {
  Client client(server_, tokens_, trusted(), "application/json");

  const KubeResult created = client.kube.putEndpoints(kRedisEndpoints, endpointsFor({"198.18.0.10"}));
  ASSERT_TRUE(created.ok()) << created.describe();

  const auto requests = server_.requests();
  ASSERT_FALSE(requests.empty());
  EXPECT_EQ(requests.back().content_type, "application/json");
  EXPECT_EQ(nlohmann::json::parse(requests.back().body), endpointsFor({"198.18.0.10"}));
}

TEST_F(RestKubeClientHttpsTest, StalePutIsAConflictWithTheStatusReason) {
  Client client(server_, tokens_, trusted());
  const KubeResult created = client.kube.putEndpoints(kRedisEndpoints, endpointsFor({"198.18.0.10"}));
  ASSERT_TRUE(created.ok()) << created.describe();

  // Another writer changes the object; our copy is now stale.
  nlohmann::json theirs = created.object;
  theirs["metadata"]["labels"]["owner"] = "someone-else";
  server_.putEndpoints("db", "redis", theirs);

  nlohmann::json ours = created.object;
  ours["subsets"][0]["addresses"].push_back({{"ip", "198.18.0.11"}});
  const KubeResult stale = client.kube.putEndpoints(kRedisEndpoints, ours);

  EXPECT_TRUE(stale.conflict()) << stale.describe();
  EXPECT_EQ(stale.reason, "Conflict");
  EXPECT_FALSE(stale.message.empty());
  EXPECT_EQ(stale.describe().rfind("409 Conflict: ", 0), 0u) << stale.describe();
  EXPECT_EQ(server_.readyIps("db", "redis"), std::vector<std::string>{"198.18.0.10"});
}

TEST_F(RestKubeClientHttpsTest, ServerCertificateFromAnotherCaIsRefusedWithACertificateError) {
  TlsOptions tls;
  tls.ca_file = server_.otherCaFile();
  Client client(server_, tokens_, tls);

  const KubeResult result = client.kube.getEndpoints(kRedisEndpoints);

  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.http_status, 0);
  EXPECT_NE(result.message.find("certificate"), std::string::npos) << result.message;
  EXPECT_EQ(result.describe().rfind("no answer from the ApiServer: ", 0), 0u) << result.describe();
  EXPECT_EQ(server_.requestCount(), 0u);
}

TEST_F(RestKubeClientHttpsTest, SystemStoreDoesNotTrustTheTestCa) {
  Client client(server_, tokens_, TlsOptions{});

  const KubeResult result = client.kube.getEndpoints(kRedisEndpoints);

  EXPECT_EQ(result.http_status, 0);
  EXPECT_NE(result.message.find("certificate"), std::string::npos) << result.message;
}

TEST_F(RestKubeClientHttpsTest, SkippingVerificationReachesTheServerWithoutItsCa) {
  TlsOptions tls;
  tls.insecure_skip_verify = true;
  Client client(server_, tokens_, tls);

  const KubeResult result = client.kube.getEndpoints(kRedisEndpoints);

  EXPECT_TRUE(result.notFound()) << result.describe();
  EXPECT_EQ(server_.requestCount(), 1u);
}

TEST_F(RestKubeClientHttpsTest, InjectedServerErrorIsAFailedResultWithItsStatus) {
  Client client(server_, tokens_, trusted());
  server_.failNext(1, 500);

  const KubeResult failed = client.kube.getEndpoints(kRedisEndpoints);
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(failed.http_status, 500);
  EXPECT_EQ(failed.describe().rfind("500", 0), 0u) << failed.describe();

  // The connection stays usable after an error answer.
  EXPECT_TRUE(client.kube.getEndpoints(kRedisEndpoints).notFound());
}

TEST_F(RestKubeClientHttpsTest, RotatedTokenIsReadAgainAfterA401) {
  dir_.write("token", "expired-token\n");
  Client client(server_, tokens_, trusted());
  ASSERT_EQ(tokens_.token(nullptr), "expired-token");  // cached, as it would be between refreshes
  dir_.write("token", "test-token\n");

  const KubeResult result = client.kube.putEndpoints(kRedisEndpoints, endpointsFor({"198.18.0.10"}));

  EXPECT_TRUE(result.ok()) << result.describe();
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].status, 401);
  EXPECT_EQ(requests[1].status, 201);  // created
}

TEST_F(RestKubeClientHttpsTest, DeprecationWarningIsKeptOnceOverManyCalls) {
  Client client(server_, tokens_, trusted());

  for (int i = 0; i < 3; ++i) client.kube.getEndpoints(kRedisEndpoints);

  ASSERT_EQ(client.kube.apiWarnings().size(), 1u);
  EXPECT_NE(client.kube.apiWarnings()[0].find("deprecated"), std::string::npos);
}

TEST_F(RestKubeClientHttpsTest, LogsEachWarningOnceAndNeverTheToken) {
  ASSERT_TRUE(log::setup("trace"));
  ::testing::internal::CaptureStderr();
  {
    dir_.write("token", "expired-token\n");
    Client client(server_, tokens_, trusted());
    ASSERT_EQ(tokens_.token(nullptr), "expired-token");
    dir_.write("token", "test-token\n");
    client.kube.putEndpoints(kRedisEndpoints, endpointsFor({"198.18.0.10"}));  // 401, then 201
    client.kube.getEndpoints(kRedisEndpoints);
    server_.failNext(1, 500);
    client.kube.getEndpoints(kRedisEndpoints);
    TlsOptions wrong;
    wrong.ca_file = server_.otherCaFile();
    Client untrusting(server_, tokens_, wrong);
    untrusting.kube.getEndpoints(kRedisEndpoints);
  }
  const std::string logged = ::testing::internal::GetCapturedStderr();
  log::setup("info");

  EXPECT_EQ(occurrences(logged, "the ApiServer warns: 299"), 1u) << logged;
  EXPECT_EQ(logged.find("test-token"), std::string::npos) << logged;
  EXPECT_EQ(logged.find("expired-token"), std::string::npos) << logged;
  EXPECT_EQ(logged.find("Bearer"), std::string::npos) << logged;
  EXPECT_NE(logged.find("certificate"), std::string::npos) << logged;  // trace output was captured
}

TEST_F(RestKubeClientHttpsTest, DroppedConnectionIsATransportFailure) {
  Client client(server_, tokens_, trusted());
  server_.dropNext(1);

  const KubeResult dropped = client.kube.getEndpoints(kRedisEndpoints);
  EXPECT_EQ(dropped.http_status, 0) << dropped.describe();
  EXPECT_FALSE(dropped.message.empty());

  EXPECT_TRUE(client.kube.getEndpoints(kRedisEndpoints).notFound());
}

TEST_F(RestKubeClientHttpsTest, SlowAnswerPastTheRequestTimeoutIsATransportFailure) {
  CurlHttpClient http(server_.url(), trusted());
  RestKubeOptions options;
  options.timeout = std::chrono::milliseconds(200);
  RestKubeClient kube(http, tokens_, options);
  server_.delayResponses(std::chrono::seconds(5));

  const KubeResult result = kube.getEndpoints(kRedisEndpoints);
  server_.clearFaults();

  EXPECT_EQ(result.http_status, 0);
  EXPECT_NE(result.message.find("timed out"), std::string::npos) << result.message;
}

TEST_F(RestKubeClientHttpsTest, NothingListeningIsATransportFailureNamingTheUrl) {
  // Port 1 on loopback: nobody listens there in a test environment.
  CurlHttpClient http("https://127.0.0.1:1", trusted());
  RestKubeClient kube(http, tokens_, RestKubeOptions{});

  const KubeResult result = kube.getEndpoints(kRedisEndpoints);

  EXPECT_EQ(result.http_status, 0);
  EXPECT_NE(result.message.find("https://127.0.0.1:1/api/v1/namespaces/db/endpoints/redis"),
            std::string::npos)
      << result.message;
}

}  // namespace
}  // namespace lecter
