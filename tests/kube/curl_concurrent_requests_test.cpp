// CurlHttpClient::start()/poll(): requests in flight together on libcurl's multi interface, against the
// project's ApiServer fixture over HTTPS on 127.0.0.1.

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lecter/kube/curl_http_client.h"
#include "support/apiserver/apiserver_fixture.h"

namespace lecter {
namespace {

using testing::ApiServerFixture;

constexpr std::chrono::milliseconds kPollSlice{200};

class CurlConcurrentRequestsTest : public ::testing::Test {
 protected:
  TlsOptions trusted() const {
    TlsOptions tls;
    tls.ca_file = server_.caFile();
    return tls;
  }
  HttpRequest getEndpoints(const std::string& name) const {
    HttpRequest request;
    request.path = "/api/v1/namespaces/db/endpoints/" + name;
    request.headers.emplace_back("Authorization", "Bearer test-token");
    request.timeout = std::chrono::seconds(20);
    return request;
  }
  /// Polls until nothing is in flight (at most 30 s).
  static void drain(HttpClient& http) {
    for (int i = 0; i < 150 && http.poll(kPollSlice) > 0; ++i) {
    }
  }

  ApiServerFixture server_;
};

TEST_F(CurlConcurrentRequestsTest, StartedRequestsAreInFlightTogetherAndEachGetsItsOwnAnswer) {
  // Each request is held until four are inside the server: one after another, they would be seen one
  // at a time (and wait out the fixture's 10 s gather limit).
  server_.gatherRequests(4);
  CurlHttpClient http(server_.url(), trusted());
  std::vector<std::optional<HttpResponse>> answers(4);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    http.start(getEndpoints("svc-" + std::to_string(i)),
               [&answers, i](HttpResponse response) { answers[i] = std::move(response); });
  }
  drain(http);

  EXPECT_EQ(server_.maxConcurrentRequests(), 4U);
  for (std::size_t i = 0; i < answers.size(); ++i) {
    ASSERT_TRUE(answers[i].has_value()) << "request " << i << " was never answered";
    EXPECT_EQ(answers[i]->status, 404) << answers[i]->error;  // none exists: each got its own answer
    EXPECT_NE(answers[i]->body.find("svc-" + std::to_string(i)), std::string::npos) << answers[i]->body;
    EXPECT_EQ(answers[i]->http_version, "HTTP/1.1");
  }
}

TEST_F(CurlConcurrentRequestsTest, ACallbackMayStartTheNextRequestOfAChain) {
  CurlHttpClient http(server_.url(), trusted());
  std::vector<long> statuses;
  std::function<void(HttpResponse)> next = [&](HttpResponse response) {
    statuses.push_back(response.status);
    if (statuses.size() < 3) http.start(getEndpoints("chain"), next);
  };
  http.start(getEndpoints("chain"), next);
  drain(http);

  EXPECT_EQ(statuses, (std::vector<long>{404, 404, 404}));
  EXPECT_EQ(server_.requestCount(), 3U);
}

TEST_F(CurlConcurrentRequestsTest, KeepAliveConnectionsAreReusedByLaterRequests) {
  CurlHttpClient http(server_.url(), trusted());
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 2; ++i) http.start(getEndpoints("svc"), [](HttpResponse) {});
    drain(http);
  }
  std::set<int> ports;
  for (const auto& request : server_.requests()) ports.insert(request.client_port);
  EXPECT_EQ(server_.requestCount(), 6U);
  EXPECT_LE(ports.size(), 2U) << "each round opened new connections";
}

TEST_F(CurlConcurrentRequestsTest, AStopEndsEveryRequestInFlightWithoutWaitingForTheServer) {
  server_.hangWrites("/api/v1/namespaces/db/endpoints/");
  bool stopping = false;
  CurlHttpClient http(server_.url(), trusted(), [&stopping] { return stopping; });
  std::vector<HttpResponse> answers;
  for (int i = 0; i < 3; ++i) {
    HttpRequest put = getEndpoints("hung-" + std::to_string(i));
    put.method = "PUT";
    put.body = "{}";
    http.start(put, [&answers](HttpResponse response) { answers.push_back(std::move(response)); });
  }
  EXPECT_EQ(http.poll(std::chrono::milliseconds(300)), 3U);  // the server holds all three
  stopping = true;
  EXPECT_EQ(http.poll(kPollSlice), 0U);

  ASSERT_EQ(answers.size(), 3U);
  for (const auto& answer : answers) {
    EXPECT_EQ(answer.status, 0);
    EXPECT_NE(answer.error.find("abandoned, lecter is stopping"), std::string::npos) << answer.error;
  }
  HttpRequest after = getEndpoints("after");
  std::optional<HttpResponse> refused;
  http.start(after, [&refused](HttpResponse response) { refused = std::move(response); });
  ASSERT_TRUE(refused.has_value()) << "a request started while stopping must be answered at once";
  EXPECT_NE(refused->error.find("not sent, lecter is stopping"), std::string::npos) << refused->error;
}

}  // namespace
}  // namespace lecter
