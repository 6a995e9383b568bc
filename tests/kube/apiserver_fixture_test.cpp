// Pins down the ApiServer fixture's Kubernetes behaviours, over real HTTPS, so other tests can rely on it.
#include "support/apiserver/apiserver_fixture.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <string>

#include "support/apiserver/connection_drop.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

constexpr const char* kPath = "/api/v1/namespaces/db/endpoints/postgres";
constexpr const char* kDeprecation =
    "299 - \"v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\"";

struct Reply {
  bool answered = false;
  httplib::Error error = httplib::Error::Success;
  int status = 0;
  json body;
  std::string warning;
};

struct Call {
  std::string method = "GET";
  std::string path = kPath;
  std::string body{};
  std::string content_type = "application/json";
  std::string token = "test-token";
  std::string ca_file{};  // empty: the fixture's CA
  time_t read_timeout_seconds = 10;
};

Reply send(const ApiServerFixture& api, const Call& call) {
  httplib::Client client(api.url());
  client.enable_server_certificate_verification(true);
  client.set_ca_cert_path((call.ca_file.empty() ? api.caFile() : call.ca_file).c_str());
  client.set_read_timeout(call.read_timeout_seconds, 0);
  httplib::Headers headers;
  if (!call.token.empty()) headers.emplace("Authorization", "Bearer " + call.token);
  httplib::Result result = call.method == "PUT"
                               ? client.Put(call.path.c_str(), headers, call.body, call.content_type.c_str())
                           : call.method == "DELETE" ? client.Delete(call.path.c_str(), headers)
                                                     : client.Get(call.path.c_str(), headers);
  Reply answer;
  answer.error = result.error();
  if (!result) return answer;
  answer.answered = true;
  answer.status = result->status;
  answer.body = json::parse(result->body, nullptr, /*allow_exceptions=*/false);
  answer.warning = result->get_header_value("Warning");
  return answer;
}

Reply get(const ApiServerFixture& api, const std::string& token = "test-token") {
  return send(api, {.token = token});
}

Reply put(const ApiServerFixture& api, const json& object, const std::string& token = "test-token") {
  return send(api, {.method = "PUT", .body = object.dump(), .token = token});
}

json endpoints(const json& subsets, const std::string& resource_version = "") {
  json object = {{"apiVersion", "v1"},
                 {"kind", "Endpoints"},
                 {"metadata", {{"name", "postgres"}, {"namespace", "db"}}},
                 {"subsets", subsets}};
  if (!resource_version.empty()) object["metadata"]["resourceVersion"] = resource_version;
  return object;
}

json oneSubset(const std::string& ip, int port = 5432) {
  return json::array({{{"addresses", {{{"ip", ip}}}}, {"ports", {{{"port", port}, {"protocol", "TCP"}}}}}});
}

void expectStatus(const Reply& answer, int code, const std::string& reason) {
  ASSERT_TRUE(answer.answered) << httplib::to_string(answer.error);
  EXPECT_EQ(answer.status, code);
  EXPECT_EQ(answer.body.value("kind", ""), "Status");
  EXPECT_EQ(answer.body.value("apiVersion", ""), "v1");
  EXPECT_EQ(answer.body.value("status", ""), "Failure");
  EXPECT_EQ(answer.body.value("reason", ""), reason);
  EXPECT_EQ(answer.body.value("code", 0), code);
}

class ApiServerFixtureTest : public ::testing::Test {
 protected:
  ApiServerFixture api_{ApiServerOptions{.read_only_tokens = {"viewer-token"}}};
};

TEST_F(ApiServerFixtureTest, RequestWithoutOrWithUnknownTokenIsUnauthorized) {
  expectStatus(get(api_, ""), 401, "Unauthorized");
  const Reply unknown = get(api_, "stolen-token");
  expectStatus(unknown, 401, "Unauthorized");
  EXPECT_EQ(unknown.body.value("message", ""), "Unauthorized");
}

TEST_F(ApiServerFixtureTest, ReadOnlyTokenMayReadButUpdateIsForbidden) {
  api_.putEndpoints("db", "postgres", endpoints(oneSubset("198.18.0.10")));
  EXPECT_EQ(get(api_, "viewer-token").status, 200);
  const Reply answer = put(api_, endpoints(oneSubset("198.18.0.11")), "viewer-token");
  expectStatus(answer, 403, "Forbidden");
  EXPECT_EQ(
      answer.body.value("message", ""),
      "endpoints \"postgres\" is forbidden: User \"system:serviceaccount:lecter-test:read-only\" cannot "
      "update resource \"endpoints\" in API group \"\" in the namespace \"db\"");
  EXPECT_EQ(api_.readyIps("db", "postgres"), std::vector<std::string>{"198.18.0.10"});
}

TEST_F(ApiServerFixtureTest, MissingObjectIsNotFoundStatus) {
  const Reply answer = get(api_);
  expectStatus(answer, 404, "NotFound");
  EXPECT_EQ(answer.body.value("message", ""), "endpoints \"postgres\" not found");
  EXPECT_EQ(answer.body["details"], (json{{"name", "postgres"}, {"kind", "endpoints"}}));
}

TEST_F(ApiServerFixtureTest, PutOnMissingObjectCreatesItAndLaterPutsUpdate) {
  const Reply created = put(api_, endpoints(oneSubset("198.18.0.10")));
  ASSERT_EQ(created.status, 201);
  const json& metadata = created.body["metadata"];
  EXPECT_FALSE(metadata.value("resourceVersion", "").empty());
  EXPECT_FALSE(metadata.value("uid", "").empty());
  EXPECT_FALSE(metadata.value("creationTimestamp", "").empty());

  const Reply read = get(api_);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.body, created.body);

  const Reply updated = put(api_, endpoints(oneSubset("198.18.0.11"), metadata["resourceVersion"]));
  ASSERT_EQ(updated.status, 200);
  EXPECT_NE(updated.body["metadata"]["resourceVersion"], metadata["resourceVersion"]);
  EXPECT_EQ(updated.body["metadata"]["uid"], metadata["uid"]);
  EXPECT_EQ(api_.readyIps("db", "postgres"), std::vector<std::string>{"198.18.0.11"});
}

TEST_F(ApiServerFixtureTest, StaleResourceVersionIsConflict) {
  const std::string first =
      api_.putEndpoints("db", "postgres", endpoints(oneSubset("198.18.0.10")))["metadata"]["resourceVersion"];
  api_.putEndpoints("db", "postgres", endpoints(oneSubset("198.18.0.12")));

  const Reply answer = put(api_, endpoints(oneSubset("198.18.0.11"), first));
  expectStatus(answer, 409, "Conflict");
  EXPECT_EQ(
      answer.body.value("message", ""),
      "Operation cannot be fulfilled on endpoints \"postgres\": the object has been modified; please apply "
      "your changes to the latest version and try again");
  EXPECT_EQ(api_.readyIps("db", "postgres"), std::vector<std::string>{"198.18.0.12"});
}

TEST_F(ApiServerFixtureTest, PutWithoutResourceVersionUpdatesUnconditionally) {
  api_.putEndpoints("db", "postgres", endpoints(oneSubset("198.18.0.10")));
  EXPECT_EQ(put(api_, endpoints(oneSubset("198.18.0.11"))).status, 200);
  EXPECT_EQ(api_.readyIps("db", "postgres"), std::vector<std::string>{"198.18.0.11"});
}

TEST_F(ApiServerFixtureTest, LoopbackAddressIsInvalid) {
  const Reply answer = put(api_, endpoints(oneSubset("127.0.0.1")));
  expectStatus(answer, 422, "Invalid");
  EXPECT_EQ(
      answer.body.value("message", ""),
      "Endpoints \"postgres\" is invalid: subsets[0].addresses[0].ip: Invalid value: \"127.0.0.1\": may not "
      "be in the loopback range (127.0.0.0/8, ::1/128)");
  const json cause = answer.body["details"]["causes"][0];
  EXPECT_EQ(cause.value("reason", ""), "FieldValueInvalid");
  EXPECT_EQ(cause.value("field", ""), "subsets[0].addresses[0].ip");
  EXPECT_EQ(answer.body["details"].value("kind", ""), "Endpoints");
  EXPECT_FALSE(api_.endpoints("db", "postgres").has_value());
}

TEST_F(ApiServerFixtureTest, SubsetWithoutAddressesIsInvalid) {
  const json subsets = json::array({{{"ports", {{{"port", 5432}}}}}});
  const Reply answer = put(api_, endpoints(subsets));
  expectStatus(answer, 422, "Invalid");
  EXPECT_EQ(answer.body.value("message", ""),
            "Endpoints \"postgres\" is invalid: subsets[0]: Required value: must specify `addresses` or "
            "`notReadyAddresses`");
  EXPECT_EQ(answer.body["details"]["causes"][0].value("reason", ""), "FieldValueRequired");
}

TEST_F(ApiServerFixtureTest, EachBadFieldIsACauseOfOneInvalidStatus) {
  const json subsets =
      json::array({{{"addresses", {{{"ip", "not-an-ip"}}, {{"ip", "169.254.1.1"}}, {{"ip", "0.0.0.0"}}}},
                    {"ports", {{{"port", 70000}, {"protocol", "ICMP"}}}}}});
  const Reply answer = put(api_, endpoints(subsets));
  expectStatus(answer, 422, "Invalid");
  std::vector<std::string> fields;
  for (const json& cause : answer.body["details"]["causes"]) fields.push_back(cause.value("field", ""));
  EXPECT_EQ(fields, (std::vector<std::string>{"subsets[0].addresses[0].ip", "subsets[0].addresses[1].ip",
                                              "subsets[0].addresses[2].ip", "subsets[0].ports[0].port",
                                              "subsets[0].ports[0].protocol"}));
  const std::string message = answer.body.value("message", "");
  EXPECT_NE(message.find("must be a valid IP address"), std::string::npos) << message;
  EXPECT_NE(message.find("may not be in the link-local range"), std::string::npos) << message;
  EXPECT_NE(message.find("may not be unspecified (0.0.0.0)"), std::string::npos) << message;
  EXPECT_NE(message.find("Invalid value: 70000: must be between 1 and 65535, inclusive"), std::string::npos);
  EXPECT_NE(message.find("Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\""),
            std::string::npos);
}

TEST_F(ApiServerFixtureTest, EmptySubsetsAreStoredAsNoSubsets) {
  const Reply answer = put(api_, endpoints(json::array()));
  ASSERT_EQ(answer.status, 201);
  EXPECT_FALSE(answer.body.contains("subsets"));
  EXPECT_TRUE(api_.readyIps("db", "postgres").empty());
}

TEST_F(ApiServerFixtureTest, YamlBodyIsAcceptedWithNumbersAsNumbers) {
  const std::string yaml =
      "apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: postgres\n  namespace: db\n"
      "subsets:\n- addresses:\n  - ip: 198.18.0.10\n  ports:\n  - port: 5432\n    name: \"pg\"\n";
  const Reply answer = send(api_, {.method = "PUT", .body = yaml, .content_type = "application/yaml"});
  ASSERT_EQ(answer.status, 201) << answer.body.dump();
  EXPECT_EQ(answer.body["subsets"][0]["ports"][0],
            (json{{"name", "pg"}, {"port", 5432}, {"protocol", "TCP"}}));
}

TEST_F(ApiServerFixtureTest, SubsetsAreRegroupedAndSortedLikeTheRealServer) {
  const json port = {{"port", 5432}, {"protocol", "TCP"}};
  const json subsets =
      json::array({{{"addresses", {{{"ip", "198.18.0.9"}}}}, {"ports", {port}}},
                   {{"addresses", {{{"ip", "198.18.0.10"}}, {{"ip", "198.18.0.2"}}}}, {"ports", {port}}}});
  const Reply answer = put(api_, endpoints(subsets));
  ASSERT_EQ(answer.status, 201);
  // One subset, addresses in the byte order of their text, as LessEndpointAddress sorts them.
  EXPECT_EQ(
      answer.body["subsets"],
      json::array({{{"addresses", {{{"ip", "198.18.0.10"}}, {{"ip", "198.18.0.2"}}, {{"ip", "198.18.0.9"}}}},
                    {"ports", {port}}}}));
}

TEST_F(ApiServerFixtureTest, NotReadyWinsOverReadyForTheSamePort) {
  const json subsets = json::array({{{"addresses", {{{"ip", "198.18.0.1"}}}},
                                     {"notReadyAddresses", {{{"ip", "198.18.0.1"}}}},
                                     {"ports", {{{"port", 5432}}}}}});
  const Reply answer = put(api_, endpoints(subsets));
  ASSERT_EQ(answer.status, 201);
  EXPECT_FALSE(answer.body["subsets"][0].contains("addresses"));
  EXPECT_EQ(answer.body["subsets"][0]["notReadyAddresses"], json::array({{{"ip", "198.18.0.1"}}}));
}

TEST_F(ApiServerFixtureTest, BodyForAnotherObjectOrThatCannotBeDecodedIsBadRequest) {
  json other = endpoints(oneSubset("198.18.0.10"));
  other["metadata"]["name"] = "mysql";
  const Reply renamed = put(api_, other);
  expectStatus(renamed, 400, "BadRequest");
  EXPECT_EQ(renamed.body.value("message", ""),
            "the name of the object (mysql) does not match the name on the URL (postgres)");

  json service = endpoints(oneSubset("198.18.0.10"));
  service["kind"] = "Service";
  expectStatus(put(api_, service), 400, "BadRequest");
  expectStatus(send(api_, {.method = "PUT", .body = "{not json"}), 400, "BadRequest");

  json quoted_port = endpoints(oneSubset("198.18.0.10"));
  quoted_port["subsets"][0]["ports"][0]["port"] = "5432";
  const Reply mistyped = put(api_, quoted_port);
  expectStatus(mistyped, 400, "BadRequest");
  EXPECT_EQ(
      mistyped.body.value("message", ""),
      "Endpoints in version \"v1\" cannot be handled as a Endpoints: json: cannot unmarshal string into Go "
      "struct field EndpointPort.subsets.ports.port of type int32");
}

TEST_F(ApiServerFixtureTest, EveryResponseCarriesTheDeprecationWarning) {
  EXPECT_EQ(get(api_).warning, kDeprecation);
  EXPECT_EQ(put(api_, endpoints(oneSubset("198.18.0.10"))).warning, kDeprecation);
  EXPECT_EQ(get(api_, "").warning, kDeprecation);
}

TEST_F(ApiServerFixtureTest, UnknownPathIsNotFoundAndOtherMethodsAreNotAllowed) {
  expectStatus(send(api_, {.path = "/api/v1/namespaces/db/services/postgres"}), 404, "NotFound");
  expectStatus(send(api_, {.method = "DELETE"}), 405, "MethodNotAllowed");
}

TEST_F(ApiServerFixtureTest, FailNextAnswersTheStatusThenRecovers) {
  api_.failNext(2, 503);
  expectStatus(get(api_), 503, "ServiceUnavailable");
  expectStatus(get(api_), 503, "ServiceUnavailable");
  EXPECT_EQ(get(api_).status, 404);
}

TEST_F(ApiServerFixtureTest, FailAllLastsUntilCleared) {
  api_.failAll(500);
  for (int i = 0; i < 3; ++i) expectStatus(get(api_), 500, "InternalError");
  api_.clearFaults();
  EXPECT_EQ(get(api_).status, 404);
}

TEST_F(ApiServerFixtureTest, DropNextClosesTheConnectionWithoutAnswer) {
  api_.dropNext(1);
  const Reply dropped = get(api_);
  EXPECT_FALSE(dropped.answered);
  EXPECT_EQ(get(api_).status, 404);
  ASSERT_EQ(api_.requestCount(), 2u);
  EXPECT_EQ(api_.requests()[0].status, 0);
}

TEST(ApiServerFixturePlainHttpTest, DropNextWorksWithoutTlsToo) {
  ApiServerFixture api(ApiServerOptions{.tls = false});
  EXPECT_EQ(api.url().rfind("http://127.0.0.1:", 0), 0u);
  api.dropNext(1);
  EXPECT_FALSE(get(api).answered);
  EXPECT_EQ(get(api).status, 404);
}

TEST_F(ApiServerFixtureTest, OneConnectionCarriesManyRequestsWithNagleOffAsTheApiServersDo) {
  // Go's http.Server (the ApiServer's) keeps a connection for any number of requests and sets
  // TCP_NODELAY on it; a server that closed every few requests would cost a TLS handshake each time.
  httplib::Client client(api_.url());
  client.enable_server_certificate_verification(true);
  client.set_ca_cert_path(api_.caFile().c_str());
  client.set_keep_alive(true);
  constexpr int kRequests = 20;
  for (int i = 0; i < kRequests; ++i) {
    const httplib::Result result = client.Get(kPath, {{"Authorization", "Bearer test-token"}});
    ASSERT_TRUE(result) << "request #" << i << ": " << httplib::to_string(result.error());
    EXPECT_NE(result->get_header_value("Connection"), "close") << "request #" << i;
  }
  const std::vector<RecordedRequest> requests = api_.requests();
  ASSERT_EQ(requests.size(), static_cast<std::size_t>(kRequests));
  for (const RecordedRequest& request : requests)
    EXPECT_EQ(request.client_port, requests[0].client_port) << "a new connection was needed";

  // The client keeps the connection open, so the server's end of it is still there to look at.
  const int server_end = connectionDescriptor(api_.port(), requests[0].client_port);
  ASSERT_GE(server_end, 0);
  int nodelay = 0;
  socklen_t length = sizeof nodelay;
  ASSERT_EQ(getsockopt(server_end, IPPROTO_TCP, TCP_NODELAY, &nodelay, &length), 0);
  EXPECT_NE(nodelay, 0) << "the server's answers wait for the client's delayed ACK (Nagle)";
}

TEST_F(ApiServerFixtureTest, DelayedResponseOutlastsAShortClientTimeout) {
  api_.delayResponses(std::chrono::minutes(5));
  const Reply late = send(api_, {.read_timeout_seconds = 1});
  EXPECT_FALSE(late.answered);
  EXPECT_EQ(late.error, httplib::Error::Read);
  api_.clearFaults();  // also releases the delayed handler
  EXPECT_EQ(get(api_).status, 404);
}

TEST_F(ApiServerFixtureTest, ConflictOnNextPutLetsAnotherWriterInFirst) {
  const json stored = api_.putEndpoints("db", "postgres", endpoints(oneSubset("198.18.0.10")));
  api_.conflictOnNextPut("db", "postgres", "owner", "someone-else");

  const Reply answer = put(api_, endpoints(oneSubset("198.18.0.11"), stored["metadata"]["resourceVersion"]));
  expectStatus(answer, 409, "Conflict");
  const json current = get(api_).body;
  EXPECT_EQ(current["metadata"]["labels"]["owner"], "someone-else");
  // Only the next PUT: one with the fresh resourceVersion goes through.
  json retry = endpoints(oneSubset("198.18.0.11"), current["metadata"]["resourceVersion"]);
  retry["metadata"]["labels"] = current["metadata"]["labels"];
  EXPECT_EQ(put(api_, retry).status, 200);
  EXPECT_EQ(api_.readyIps("db", "postgres"), std::vector<std::string>{"198.18.0.11"});
}

TEST_F(ApiServerFixtureTest, ServerIsRefusedWhenTrustingAnotherCa) {
  const Reply answer = send(api_, {.ca_file = api_.otherCaFile()});
  EXPECT_FALSE(answer.answered);
  EXPECT_EQ(answer.error, httplib::Error::SSLServerVerification);
  EXPECT_EQ(api_.requestCount(), 0u);
}

TEST_F(ApiServerFixtureTest, RequestsAreRecordedWithWhatWasAnswered) {
  put(api_, endpoints(oneSubset("198.18.0.10")));
  send(api_, {.path = std::string(kPath) + "?timeout=5s"});
  const std::vector<RecordedRequest> seen = api_.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "PUT");
  EXPECT_EQ(seen[0].content_type, "application/json");
  EXPECT_EQ(json::parse(seen[0].body)["subsets"][0]["addresses"][0]["ip"], "198.18.0.10");
  EXPECT_EQ(seen[0].status, 201);
  EXPECT_EQ(seen[1].path, kPath);
  EXPECT_EQ(seen[1].query, "timeout=5s");
  EXPECT_EQ(seen[1].status, 200);
  api_.clearRequests();
  EXPECT_EQ(api_.requestCount(), 0u);
}

TEST_F(ApiServerFixtureTest, DirectAccessValidatesAndDeletes) {
  EXPECT_THROW(api_.putEndpoints("db", "postgres", endpoints(oneSubset("127.0.0.2"))), std::runtime_error);
  api_.putEndpoints("db", "postgres", endpoints(oneSubset("198.18.0.10")));
  EXPECT_EQ(api_.readyIps("db", "postgres"), std::vector<std::string>{"198.18.0.10"});
  api_.deleteEndpoints("db", "postgres");
  EXPECT_FALSE(api_.endpoints("db", "postgres").has_value());
  EXPECT_EQ(get(api_).status, 404);
}

}  // namespace
}  // namespace lecter::testing
