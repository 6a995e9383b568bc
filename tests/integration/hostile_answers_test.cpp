// The real binary against an ApiServer that answers the way a broken proxy or an attacker would
// (issue 9): fields of the wrong type, deep nesting, another kind with a 200, watches that end at once,
// a server that hangs, one that echoes the token. lecter never crashes, never writes from an answer it
// could not read, never hammers the server, stops in time, and never repeats the token.

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

constexpr const char* kEndpointsPath = "/api/v1/namespaces/default/endpoints/db";
constexpr const char* kEndpointsCollection = "/api/v1/namespaces/default/endpoints";

std::size_t countRequests(const ApiServerFixture& api, const std::string& method) {
  const auto requests = api.requests();
  return static_cast<std::size_t>(std::count_if(
      requests.begin(), requests.end(), [&](const RecordedRequest& r) { return r.method == method; }));
}

/// An Endpoints object for default/db as the server would hold it, with `ips` ready.
json storedEndpoints(const std::vector<std::string>& ips) {
  json addresses = json::array();
  for (const auto& ip : ips) addresses.push_back({{"ip", ip}});
  return {{"kind", "Endpoints"},
          {"apiVersion", "v1"},
          {"metadata", {{"name", kName}, {"namespace", kNamespace}}},
          {"subsets", {{{"addresses", addresses}, {"ports", {{{"port", kPort}, {"protocol", "TCP"}}}}}}}};
}

class HostileApiServerTest : public LecterTest {
 protected:
  /// One cycle with --once and the targets `ips` all up, against whatever the fixture was told to do.
  RunResult onceAgainst(const std::vector<std::string>& ips) {
    auto settings = settingsFor(ips);
    return runLecter(settings, {"--once"});
  }
};

TEST_F(HostileApiServerTest, AResourceVersionThatIsANumberIsAFailedReadAndNothingIsWritten) {
  const auto ips = openTargets(2);
  api_->putEndpoints(kNamespace, kName, storedEndpoints({ips[0]}));
  api_->mangleAnswers("GET", kEndpointsPath, [](json& body) { body["metadata"]["resourceVersion"] = 41; });
  api_->clearRequests();

  const RunResult r = onceAgainst(ips);

  EXPECT_EQ(r.exit_code, 1) << "a failed read is a failed cycle, not an abort:\n" << r.err;
  EXPECT_NE(r.err.find(std::string("GET ") + kEndpointsPath +
                       ": metadata.resourceVersion: expected a string, got a number"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(countRequests(*api_, "PUT"), 0U) << "a write was computed from an answer that could not be read";
}

TEST_F(HostileApiServerTest, APutAnsweredWithAWrongTypeEndsTheCycleAsFailedInsteadOfAborting) {
  const auto ips = openTargets(1);
  api_->mangleAnswers("PUT", kEndpointsPath, [](json& body) { body["metadata"]["resourceVersion"] = 42; });

  const RunResult r = onceAgainst(ips);

  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("metadata.resourceVersion: expected a string, got a number"), std::string::npos)
      << r.err;
  EXPECT_EQ(api_->readyIps(kNamespace, kName), ips) << "the PUT itself reached the server";
}

TEST_F(HostileApiServerTest, AStatusWithCode200IsNotTakenForTheEndpointsSoNoUnconditionalPutIsMade) {
  const auto ips = openTargets(1);
  api_->answerRawNext(100, "GET", kEndpointsPath, 200,
                      R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":200})");

  const RunResult r = onceAgainst(ips);

  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("kind: expected Endpoints, got Status"), std::string::npos) << r.err;
  EXPECT_EQ(countRequests(*api_, "PUT"), 0U);
}

TEST_F(HostileApiServerTest, AServiceInPlaceOfTheEndpointsIsRefused) {
  const auto ips = openTargets(1);
  api_->answerRawNext(100, "GET", kEndpointsPath, 200,
                      R"({"kind":"Service","apiVersion":"v1","metadata":{"name":"db","namespace":"default",)"
                      R"("resourceVersion":"77"},"spec":{"ports":[{"port":80}]}})");

  const RunResult r = onceAgainst(ips);

  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(countRequests(*api_, "PUT"), 0U) << "the Service's resourceVersion must never be PUT";
}

TEST_F(HostileApiServerTest, SubsetsWhoseIpIsANumberAreRefused) {
  const auto ips = openTargets(1);
  api_->putEndpoints(kNamespace, kName, storedEndpoints(ips));
  api_->mangleAnswers("GET", kEndpointsPath,
                      [](json& body) { body["subsets"][0]["addresses"][0]["ip"] = 3323068427LL; });

  const RunResult r = onceAgainst(ips);

  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("subsets[0].addresses[0].ip: expected a string, got a number"), std::string::npos)
      << r.err;
  EXPECT_EQ(countRequests(*api_, "PUT"), 0U);
}

TEST_F(HostileApiServerTest, DeepNestingIsRefusedWithoutOverflowingTheStack) {
  const auto ips = openTargets(1);
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  api_->answerRawNext(100, "GET", kEndpointsPath, 200,
                      R"({"kind":"Endpoints","apiVersion":"v1","metadata":{"name":"db","x":)" + deep + "}}");
  api_->answerRawNext(100, "GET", "/api/v1/namespaces/default/services/db", 200,
                      std::string(200000, '[') + std::string(200000, ']'));

  const RunResult r = onceAgainst(ips);

  EXPECT_EQ(r.exit_code, 1) << "exit " << r.exit_code << " (139 is a stack overflow):\n"
                            << r.err.substr(0, 2000);
  EXPECT_NE(r.err.find("nested deeper than 64 levels"), std::string::npos) << r.err.substr(0, 2000);
  EXPECT_EQ(countRequests(*api_, "PUT"), 0U);
}

TEST_F(HostileApiServerTest, TheDaemonSurvivesUnreadableListsAndConvergesOnceTheAnswersAreGood) {
  const auto ips = openTargets(2);
  api_->putEndpoints(kNamespace, kName, storedEndpoints({ips[0]}));
  api_->mangleAnswers("GET", kEndpointsCollection, [](json& body) {
    if (body.contains("metadata")) body["metadata"]["resourceVersion"] = 5;
  });
  auto settings = settingsFor(ips);
  Subprocess& lecter = startLecter(settings);
  ASSERT_TRUE(eventually([&] { return countRequests(*api_, "GET") >= 6; }, std::chrono::seconds(10)));
  EXPECT_TRUE(lecter.running()) << "the watch thread's bad read ended the daemon:\n" << lecter.err();
  EXPECT_EQ(countRequests(*api_, "PUT"), 0U);

  api_->clearFaults();
  EXPECT_TRUE(eventuallyReady(ips, std::chrono::seconds(15))) << lecter.err();
  EXPECT_TRUE(lecter.running());
}

TEST_F(HostileApiServerTest, AServerThatExpiresEveryWatchIsNotHammeredWithListsAndWatches) {
  const auto ips = openTargets(1);
  api_->expireEveryWatch();
  Subprocess& lecter = startLecter(settingsFor(ips));
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10))) << lecter.err();
  api_->clearRequests();
  const std::size_t watches_before = api_->watchRequests();

  // Five seconds of a server that ends every watch at once.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  eventually([&] { return std::chrono::steady_clock::now() >= until; }, std::chrono::seconds(6));

  std::size_t lists_and_watches = 0;
  for (const auto& r : api_->requests()) {
    if (r.method == "GET" &&
        (r.path == kEndpointsCollection || r.path == "/api/v1/namespaces/default/services"))
      ++lists_and_watches;
  }
  EXPECT_LT(lists_and_watches, 60U) << "LIST + watch requests in 5 s (watches started before: "
                                    << watches_before << ")";
  EXPECT_GT(lists_and_watches, 0U) << "lecter gave up on the watch altogether";
  EXPECT_TRUE(lecter.running());
}

TEST_F(HostileApiServerTest, SigtermWhileTheApiServerHangsEndsLecterWithinTwoSeconds) {
  const auto ips = openTargets(1);
  auto settings = settingsFor(ips);
  settings.watch = false;
  for (const char* name : {"db-2", "db-3"}) {
    ServiceUnderTest more = settings.services.front();
    more.key = name;
    more.name = name;
    settings.services.push_back(more);
  }
  Subprocess& lecter = startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10))) << lecter.err();
  api_->delayResponses(std::chrono::seconds(60));
  const std::size_t before = api_->arrivedRequests();
  network_->closeListener(ips[0], kPort);
  ASSERT_TRUE(eventually([&] { return api_->arrivedRequests() > before; }, std::chrono::seconds(10)))
      << "no request reached the hanging server";

  const auto sent = std::chrono::steady_clock::now();
  lecter.signal(SIGTERM);
  const auto code = lecter.wait(std::chrono::seconds(10));
  const auto took = std::chrono::steady_clock::now() - sent;

  ASSERT_TRUE(code.has_value()) << "lecter did not stop within 10 s of SIGTERM";
  EXPECT_EQ(*code, 0);
  EXPECT_LT(took, std::chrono::seconds(2))
      << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
  api_->clearFaults();
}

TEST_F(HostileApiServerTest, AStatusThatEchoesTheTokenIsLoggedAndPostedWithTheTokenRedacted) {
  const auto ips = openTargets(1);
  api_->failNext(2, 500);  // the Service and the Endpoints reads; the SyncFailed Event gets through
  api_->echoHeadersInErrors();
  auto settings = settingsFor(ips);
  settings.watch = false;
  Subprocess& lecter = startLecter(settings, {"--log-level", "debug"});
  ASSERT_TRUE(eventually([&] { return !api_->events().empty(); }, std::chrono::seconds(10)))
      << "no SyncFailed event was posted:\n"
      << lecter.err();
  lecter.signal(SIGTERM);
  ASSERT_TRUE(lecter.wait(std::chrono::seconds(5)).has_value());

  EXPECT_NE(lecter.err().find("Bearer [redacted]"), std::string::npos)
      << "the echo was not logged at all, so nothing was checked:\n"
      << lecter.err();
  for (const auto& event : api_->events()) {
    const std::string message = event.value("message", std::string());
    EXPECT_EQ(message.find(kToken), std::string::npos) << "an Event carries the token: " << message;
  }
  // LecterTest::TearDown checks every output for the token.
}

}  // namespace
}  // namespace lecter::testing
