// Answers a broken proxy or a hostile server could give with a 2xx status: each is a failed read that
// names the request and the field, never an exception and never an object a write is computed from.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "lecter/kube/rest_kube_client.h"
#include "lecter/kube/unreadable_answers.h"
#include "rest_client_fixture.h"

namespace lecter {
namespace {

using nlohmann::json;

const ObjectRef kPg{"db", "pg"};
constexpr const char* kPgPath = "/api/v1/namespaces/db/endpoints/pg";

json endpoints() {
  return {{"apiVersion", "v1"},
          {"kind", "Endpoints"},
          {"metadata", {{"name", "pg"}, {"namespace", "db"}, {"resourceVersion", "41"}}},
          {"subsets", {{{"addresses", {{{"ip", "198.18.0.10"}}}}, {"ports", {{{"port", 5432}}}}}}}};
}

class HostileAnswersTest : public testing::RestClientFixture {
 protected:
  KubeResult get(const std::string& body) {
    http_.respond(200, body);
    auto client = makeClient("/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints", "application/json");
    return client.getEndpoints(kPg);
  }
};

std::string nested(std::size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

TEST_F(HostileAnswersTest, AResourceVersionThatIsANumberIsAFailedReadNamingTheRequestAndTheField) {
  json object = endpoints();
  object["metadata"]["resourceVersion"] = 41;
  const KubeResult result = get(object.dump());
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.http_status, 0);
  EXPECT_EQ(result.reason, "InvalidResponse");
  EXPECT_EQ(result.message,
            std::string("GET ") + kPgPath + ": metadata.resourceVersion: expected a string, got a number");
  EXPECT_TRUE(result.object.is_null()) << "nothing of the answer is handed on";
}

TEST_F(HostileAnswersTest, EachUnreadableAnswerIsCountedAndAGoodOneIsNot) {
  json bad = endpoints();
  bad["subsets"][0]["addresses"][0]["ip"] = 3323068427LL;
  const std::uint64_t before = unreadableAnswers();
  EXPECT_FALSE(get(bad.dump()).ok());
  EXPECT_FALSE(get(std::string(100, '[') + std::string(100, ']')).ok());
  EXPECT_EQ(unreadableAnswers(), before + 2);
  EXPECT_TRUE(get(endpoints().dump()).ok());
  EXPECT_EQ(unreadableAnswers(), before + 2);
}

TEST_F(HostileAnswersTest, AStatusSentWithCode200IsNotTakenForTheObject) {
  const KubeResult result =
      get(R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":200})");
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.message.find("kind: expected Endpoints, got Status"), std::string::npos) << result.message;
}

TEST_F(HostileAnswersTest, AServiceInPlaceOfTheEndpointsIsRefused) {
  const KubeResult result = get(
      R"({"kind":"Service","apiVersion":"v1","metadata":{"name":"pg","namespace":"db","resourceVersion":"9"}})");
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.message.find("kind: expected Endpoints, got Service"), std::string::npos)
      << result.message;
}

TEST_F(HostileAnswersTest, AnotherObjectsEndpointsAreRefusedSoItsResourceVersionIsNeverUsed) {
  json object = endpoints();
  object["metadata"]["name"] = "mysql";
  const KubeResult result = get(object.dump());
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.message.find("metadata.name: expected pg, got mysql"), std::string::npos)
      << result.message;
}

TEST_F(HostileAnswersTest, DeepNestingUnderMetadataIsRefusedBeforeItIsParsed) {
  const std::string body =
      R"({"kind":"Endpoints","apiVersion":"v1","metadata":{"name":"pg","x":)" + nested(100000) + "}}";
  const KubeResult result = get(body);
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.message.find("nested deeper than 64 levels"), std::string::npos)
      << result.message.substr(0, 300);
}

TEST_F(HostileAnswersTest, DeepNestingAnywhereInAnErrorAnswerIsReadAsABodyWithoutStatus) {
  http_.respond(500, nested(200000));
  auto client = makeClient("/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints", "application/json");
  const KubeResult result = client.getEndpoints(kPg);
  EXPECT_EQ(result.http_status, 500);
  EXPECT_TRUE(result.reason.empty());
}

TEST_F(HostileAnswersTest, NestingWithinTheLimitIsRead) {
  json object = endpoints();
  json deep = "leaf";
  for (int i = 0; i < 50; ++i) deep = json::array({deep});
  object["metadata"]["annotations"] = {{"deep", deep.dump()}};  // inside a string: no nesting at all
  object["extra"] = deep;
  EXPECT_TRUE(get(object.dump()).ok());
}

TEST_F(HostileAnswersTest, APutAnsweredWithAWrongTypeIsAFailedWriteNotAnAbort) {
  json answer = endpoints();
  answer["metadata"]["resourceVersion"] = 42;
  http_.respond(200, answer.dump());
  auto client = makeClient("/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints", "application/json");
  const KubeResult result = client.putEndpoints(kPg, endpoints());
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.message,
            std::string("PUT ") + kPgPath + ": metadata.resourceVersion: expected a string, got a number");
}

TEST_F(HostileAnswersTest, AServiceWhoseUidIsANumberIsAFailedRead) {
  http_.respond(200, R"({"kind":"Service","apiVersion":"v1","metadata":{"name":"pg","namespace":"db",)"
                     R"("resourceVersion":"3","uid":12345}})");
  auto client = makeClient("/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints", "application/json");
  const KubeResult result = client.getService(kPg);
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.message.find("metadata.uid: expected a string, got a number"), std::string::npos)
      << result.message;
}

TEST_F(HostileAnswersTest, AStatusErrorWhoseFieldsHaveOtherTypesKeepsItsCode) {
  http_.respond(409, R"({"kind":"Status","reason":409,"message":["x"],"code":"409"})");
  auto client = makeClient("/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints", "application/json");
  const KubeResult result = client.putEndpoints(kPg, endpoints());
  EXPECT_TRUE(result.conflict());
  EXPECT_TRUE(result.reason.empty());
}

TEST_F(HostileAnswersTest, NoServiceReadIsSentBeforeATooManyRequestsAnswersRetryAfterHasPassed) {
  RestKubeOptions options;
  options.clock = &clock_;
  RestKubeClient client(http_, tokens_, options);
  http_.respond(429, R"({"kind":"Status","reason":"TooManyRequests","code":429})", {{"retry-after", "5"}});
  EXPECT_EQ(client.getService(kPg).http_status, 429);

  const KubeResult held = client.getService(kPg);
  EXPECT_EQ(http_.requests().size(), 1U) << "a request went out before Retry-After passed";
  EXPECT_FALSE(held.ok());
  EXPECT_NE(held.message.find("Retry-After, 5 s left"), std::string::npos) << held.message;

  clock_.advance(std::chrono::seconds(5));
  http_.respond(200, R"({"kind":"Service","apiVersion":"v1","metadata":{"name":"pg","namespace":"db",)"
                     R"("resourceVersion":"7"}})");
  EXPECT_TRUE(client.getService(kPg).ok());
  EXPECT_EQ(http_.requests().size(), 2U);
}

TEST_F(HostileAnswersTest, AWritersCallCarriesRetryAfterForItsCallerInsteadOfHoldingEveryCall) {
  RestKubeOptions options;
  options.clock = &clock_;
  RestKubeClient client(http_, tokens_, options);
  http_.respond(429, R"({"kind":"Status","reason":"TooManyRequests","code":429})", {{"retry-after", "5"}});
  const KubeResult limited = client.putEndpoints(kPg, endpoints());
  EXPECT_EQ(limited.http_status, 429);
  ASSERT_TRUE(limited.retry_after.has_value());
  EXPECT_EQ(limited.retry_after->count(), 5);

  // Another service's write goes out at once.
  http_.respond(200, endpoints().dump());
  EXPECT_TRUE(client.putEndpoints(kPg, endpoints()).ok());
  EXPECT_EQ(http_.requests().size(), 2U);
}

}  // namespace
}  // namespace lecter
