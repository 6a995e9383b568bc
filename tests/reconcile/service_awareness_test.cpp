// The reconciler reads each Service: the port name comes from it when the template names none, a
// selector means hands off, a missing Service is a warning and the Endpoints are still written.

#include <gtest/gtest.h>

#include "reconciler_stage.h"
#include "support/common/log_capture.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

class ServiceAwarenessTest : public ReconcilerStage {
 protected:
  [[nodiscard]] std::string livePortName() const {
    if (live() == nullptr || !live()->contains("subsets") || (*live())["subsets"].empty()) return "?";
    return (*live())["subsets"][0]["ports"][0].value("name", "");
  }
};

TEST_F(ServiceAwarenessTest, ThePortNameComesFromTheServicePortWhoseTargetPortMatches) {
  kube_.putService(kDbNamespace, kDbName, json::parse(R"({"spec":{"ports":[
      {"name":"metrics","port":9187,"targetPort":9187},{"name":"postgres","port":15432,"targetPort":5432}]}})"));
  build(dbConfig());
  cycle();
  EXPECT_EQ(livePortName(), "postgres");
}

TEST_F(ServiceAwarenessTest, ThePortNameComesFromTheServicePortWhosePortMatches) {
  kube_.putService(kDbNamespace, kDbName, json::parse(R"({"spec":{"ports":[
      {"name":"metrics","port":9187},{"name":"sql","port":5432}]}})"));
  build(dbConfig());
  cycle();
  EXPECT_EQ(livePortName(), "sql");
}

TEST_F(ServiceAwarenessTest, TheOnlyServicePortGivesItsNameWhateverItsNumber) {
  kube_.putService(kDbNamespace, kDbName, json::parse(R"({"spec":{"ports":[{"name":"db","port":80}]}})"));
  build(dbConfig());
  cycle();
  EXPECT_EQ(livePortName(), "db");
}

TEST_F(ServiceAwarenessTest, NoMatchAmongSeveralPortsLeavesThePortUnnamed) {
  kube_.putService(kDbNamespace, kDbName, json::parse(R"({"spec":{"ports":[
      {"name":"a","port":1},{"name":"b","port":2}]}})"));
  build(dbConfig());
  cycle();
  EXPECT_EQ(livePortName(), "");
}

TEST_F(ServiceAwarenessTest, TheTemplatesPortNameWinsOverTheServices) {
  kube_.putService(kDbNamespace, kDbName,
                   json::parse(R"({"spec":{"ports":[{"name":"postgres","port":5432}]}})"));
  Config config = dbConfig();
  config.endpoint_template["subsets"][0]["ports"][0]["name"] = "sql";
  build(config);
  cycle();
  EXPECT_EQ(livePortName(), "sql");
}

TEST_F(ServiceAwarenessTest, AServiceWithASelectorIsLeftAlone) {
  kube_.putService(kDbNamespace, kDbName,
                   json::parse(R"({"spec":{"selector":{"app":"db"},"ports":[{"port":5432}]}})"));
  build(dbConfig());
  const CycleReport report = cycle();
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Skipped);
  EXPECT_TRUE(report.allSucceeded());
  down("198.18.0.10");
  cycle();
  EXPECT_EQ(kube_.count("PUT"), 0);
  EXPECT_EQ(kube_.count("GET"), 0) << "its Endpoints are not even read";
  EXPECT_TRUE(kube_.events().empty()) << "no events about a Service lecter leaves alone";
}

TEST_F(ServiceAwarenessTest, AMissingServiceStillGetsItsEndpointsWritten) {
  build(dbConfig());
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Written);
  EXPECT_EQ(liveReady().size(), 3U);
  EXPECT_EQ(livePortName(), "");
}

TEST_F(ServiceAwarenessTest, AMissingServiceIsWarnedAboutOnceWithAClearMessage) {
  LogCapture logs;
  build(dbConfig());
  for (int i = 0; i < 3; ++i) cycle();
  clock_.advance(ServiceDirectory::kDefaultRefresh);  // read again, still missing
  cycle();
  EXPECT_EQ(kube_.serviceReads().size(), 2U);
  EXPECT_EQ(countContaining(logs.warnings(), "there is no Service prod/db"), 1U) << logs.all();
  EXPECT_EQ(countContaining(logs.warnings(), "lecter writes its Endpoints anyway"), 1U) << logs.all();
}

TEST_F(ServiceAwarenessTest, ASelectorIsWarnedAboutOnce) {
  kube_.putService(kDbNamespace, kDbName, json::parse(R"({"spec":{"selector":{"app":"db"}}})"));
  LogCapture logs;
  build(dbConfig());
  cycle();
  clock_.advance(ServiceDirectory::kDefaultRefresh);
  cycle();
  EXPECT_EQ(countContaining(logs.warnings(),
                            "has a selector, so Kubernetes' endpoints controller owns its Endpoints"),
            1U)
      << logs.all();
}

TEST_F(ServiceAwarenessTest, TheServiceIsReadAtStartThenOnlyEveryFewMinutes) {
  kube_.putService(kDbNamespace, kDbName,
                   json::parse(R"({"spec":{"ports":[{"name":"postgres","port":5432}]}})"));
  build(dbConfig());
  for (int i = 0; i < 10; ++i) cycle();  // 20 s
  EXPECT_EQ(kube_.serviceReads().size(), 1U);
  clock_.advance(ServiceDirectory::kDefaultRefresh);
  cycle();
  EXPECT_EQ(kube_.serviceReads().size(), 2U);
}

TEST_F(ServiceAwarenessTest, AFailedWriteMakesTheNextCycleReadTheServiceAgain) {
  build(dbConfig());
  cycle();
  ASSERT_EQ(kube_.serviceReads().size(), 1U);
  down("198.18.0.10");
  kube_.failNext(1, 500);  // the GET of the Endpoints fails this cycle
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Failed);
  // Meanwhile the Service was given a name for its port.
  kube_.putService(kDbNamespace, kDbName,
                   json::parse(R"({"spec":{"ports":[{"name":"postgres","port":5432}]}})"));
  cycle();
  EXPECT_EQ(kube_.serviceReads().size(), 2U);  // read again right after the failure
  EXPECT_EQ(livePortName(), "postgres");
}

TEST_F(ServiceAwarenessTest, ASelectorAddedLaterIsSeenAtTheNextRead) {
  kube_.putService(kDbNamespace, kDbName, json::parse(R"({"spec":{"ports":[{"port":5432}]}})"));
  build(dbConfig());
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Written);
  kube_.putService(kDbNamespace, kDbName, json::parse(R"({"spec":{"selector":{"app":"db"}}})"));
  clock_.advance(ServiceDirectory::kDefaultRefresh);
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Skipped);
}

TEST_F(ServiceAwarenessTest, AnUnreadableServiceDoesNotStopTheWrites) {
  LogCapture logs;
  kube_.failServiceReads(100, 403);
  build(dbConfig());
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Written);
  EXPECT_EQ(liveReady().size(), 3U);
  EXPECT_EQ(countContaining(logs.warnings(), "grant `get` on services"), 1U) << logs.all();
}

TEST(ServicePortNameFor, PrefersTargetPortThenPortThenTheOnlyPort) {
  const json ports = json::parse(
      R"([{"name":"a","port":5432,"targetPort":6000},{"name":"b","port":7000,"targetPort":5432}])");
  EXPECT_EQ(servicePortNameFor(ports, 5432), "b");
  EXPECT_EQ(servicePortNameFor(ports, 6000), "a");
  EXPECT_EQ(servicePortNameFor(ports, 1), "");
  EXPECT_EQ(servicePortNameFor(json::parse(R"([{"port":1,"targetPort":"http"}])"), 5432), "");
  EXPECT_EQ(servicePortNameFor(json::parse(R"([{"name":"only","port":1,"targetPort":"http"}])"), 5432),
            "only");
  EXPECT_EQ(servicePortNameFor(json(), 5432), "");
}

}  // namespace
}  // namespace lecter::testing
