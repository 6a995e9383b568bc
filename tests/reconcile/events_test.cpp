// Events on the Service: TargetDown, TargetUp, SyncFailed, rate-limited with the clock, never
// breaking a cycle.

#include <gtest/gtest.h>

#include "lecter/base/host_name.h"
#include "reconciler_stage.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

class EventsTest : public ReconcilerStage {
 protected:
  void SetUp() override {
    kube_.putService(kDbNamespace, kDbName,
                     json::parse(R"({"metadata":{"uid":"svc-uid-1"},"spec":{"ports":[{"port":5432}]}})"));
  }
  [[nodiscard]] std::vector<std::string> reasons() const {
    std::vector<std::string> out;
    for (const auto& e : kube_.events()) out.push_back(e.value("reason", ""));
    return out;
  }
};

TEST_F(EventsTest, AStartWithHealthyTargetsPostsNoEvent) {
  build(dbConfig());
  cycle();
  cycle();
  EXPECT_TRUE(kube_.events().empty());
}

TEST_F(EventsTest, ATargetGoingDownPostsAWarningTargetDownOnTheService) {
  build(dbConfig());
  cycle();
  down("198.18.0.11");
  cycle();
  ASSERT_EQ(kube_.events().size(), 1U);
  const json& event = kube_.events()[0];
  EXPECT_EQ(kube_.eventNamespaces()[0], "prod");
  EXPECT_EQ(event["apiVersion"], "v1");
  EXPECT_EQ(event["kind"], "Event");
  EXPECT_EQ(event["reason"], "TargetDown");
  EXPECT_EQ(event["type"], "Warning");
  EXPECT_EQ(event["involvedObject"],
            json::parse(
                R"({"apiVersion":"v1","kind":"Service","name":"db","namespace":"prod","uid":"svc-uid-1"})"));
  EXPECT_EQ(event["metadata"]["namespace"], "prod");
  const std::string name = event["metadata"]["name"];
  EXPECT_EQ(name.rfind("db.", 0), 0U) << name;
  EXPECT_EQ(name.find_first_not_of("0123456789abcdef", 3), std::string::npos) << name;
  const std::string message = event["message"];
  EXPECT_NE(message.find("198.18.0.11:5432"), std::string::npos) << message;
  EXPECT_NE(message.find("refused"), std::string::npos) << message;
  EXPECT_EQ(event["source"]["component"], "lecter");
  EXPECT_EQ(event["reportingComponent"], "lecter");
  EXPECT_EQ(event["reportingInstance"], hostName());
  EXPECT_EQ(event["count"], 1);
  EXPECT_EQ(event["firstTimestamp"], "2027-01-15T08:00:02Z");  // the ManualClock's date, one cycle in
  EXPECT_EQ(event["lastTimestamp"], event["firstTimestamp"]);
}

TEST_F(EventsTest, ATargetComingBackPostsANormalTargetUp) {
  build(dbConfig());
  cycle();
  down("198.18.0.11");
  cycle();
  up("198.18.0.11");
  cycle();
  ASSERT_EQ(reasons(), (std::vector<std::string>{"TargetDown", "TargetUp"}));
  EXPECT_EQ(kube_.events()[1]["type"], "Normal");
  EXPECT_NE(kube_.events()[1]["message"].get<std::string>().find("198.18.0.11:5432"), std::string::npos);
}

TEST_F(EventsTest, AFailedWritePostsSyncFailed) {
  build(dbConfig());
  cycle();
  down("198.18.0.11");
  kube_.failNext(1, 500);
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Failed);
  ASSERT_EQ(reasons(), (std::vector<std::string>{"TargetDown", "SyncFailed"}));
  EXPECT_EQ(kube_.events()[1]["type"], "Warning");
  EXPECT_NE(kube_.events()[1]["message"].get<std::string>().find("500"), std::string::npos);
}

TEST_F(EventsTest, AFlappingTargetGetsOneEventPerReasonPerMinute) {
  build(dbConfig());
  cycle();
  for (int i = 0; i < 5; ++i) {  // 20 s of flapping, 2 s per cycle
    down("198.18.0.11");
    cycle();
    up("198.18.0.11");
    cycle();
  }
  EXPECT_EQ(reasons(), (std::vector<std::string>{"TargetDown", "TargetUp"}));
  clock_.advance(std::chrono::minutes(1));
  down("198.18.0.11");
  cycle();
  EXPECT_EQ(reasons(), (std::vector<std::string>{"TargetDown", "TargetUp", "TargetDown"}));
}

TEST_F(EventsTest, TheRateLimitIsPerTarget) {
  build(dbConfig());
  cycle();
  down("198.18.0.10");
  cycle();
  down("198.18.0.11");
  cycle();
  EXPECT_EQ(reasons(), (std::vector<std::string>{"TargetDown", "TargetDown"}));
}

TEST_F(EventsTest, OneCyclePostsAtMostTwentyEvents) {
  Config config = dbConfig();
  config.services[0].targets.clear();
  for (int i = 0; i < 30; ++i) {
    // Appended, not "literal" + std::to_string(…): GCC 12 at -O3 warns there (-Wrestrict, a false positive).
    const std::string ip = std::string("198.18.1.").append(std::to_string(i + 1));
    config.services[0].targets.push_back(
        TargetSpec{std::string("n").append(std::to_string(i)), *parseIpAddress(ip), kDbPort});
    down(ip);
  }
  build(config);
  cycle();
  EXPECT_EQ(kube_.events().size(), 20U);
}

TEST_F(EventsTest, AFailingEventPostNeverFailsTheCycle) {
  build(dbConfig());
  cycle();
  down("198.18.0.11");
  kube_.failEvents(5);
  const CycleReport report = cycle();
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Written);
  EXPECT_TRUE(report.allSucceeded());
  EXPECT_EQ(liveReady(), (std::set<std::string>{"198.18.0.10", "198.18.0.12"}));
}

TEST_F(EventsTest, TwoEventsInOneInstantGetDistinctNames) {
  build(dbConfig());
  cycle();
  down("198.18.0.10");
  down("198.18.0.11");
  cycle();
  ASSERT_EQ(kube_.events().size(), 2U);
  EXPECT_NE(kube_.events()[0]["metadata"]["name"], kube_.events()[1]["metadata"]["name"]);
}

TEST_F(EventsTest, ADryRunPostsNoEvents) {
  down("198.18.0.11");
  buildDryRun(dbConfig());
  cycle();
  EXPECT_TRUE(kube_.events().empty());
}

TEST_F(EventsTest, AnEventWithoutAKnownServiceUidLeavesTheUidOut) {
  kube_.deleteService(kDbNamespace, kDbName);
  build(dbConfig());
  cycle();
  down("198.18.0.11");
  cycle();
  ASSERT_EQ(kube_.events().size(), 1U);
  EXPECT_FALSE(kube_.events()[0]["involvedObject"].contains("uid"));
}

}  // namespace
}  // namespace lecter::testing
