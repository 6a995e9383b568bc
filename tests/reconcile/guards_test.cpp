// Guards against lecter's own network failing: my_conf.partition_guard_percent (a cycle where too many
// targets that were up fall silent writes nothing) and my_conf.min_healthy_percent (a service with too
// few healthy addresses keeps its last written set).

#include <gtest/gtest.h>

#include <string>

#include "reconciler_stage.h"
#include "support/common/log_capture.h"

namespace lecter::testing {
namespace {

constexpr std::uint16_t kCachePort = 6379;
const char* const kCacheIps[] = {"198.18.2.1", "198.18.2.2"};

/// The db service (three targets) and a cache service (two), with the guards given.
Config guardedConfig(int partition_guard_percent, int min_healthy_percent = 0) {
  Config c = dbConfig(UnhealthyPolicy::Drop, AllDownPolicy::Empty);
  c.partition_guard_percent = partition_guard_percent;
  c.min_healthy_percent = min_healthy_percent;
  ServiceSpec cache{"cache", kDbNamespace, "cache", kCachePort, {}, {}, ReadyWhen::All};
  for (const char* ip : kCacheIps) cache.targets.push_back(TargetSpec{ip, *parseIpAddress(ip), kCachePort});
  c.services.push_back(cache);
  return c;
}

class GuardsTest : public ReconcilerStage {
 protected:
  void allSilent(ProbeOutcome outcome) {
    for (const char* ip : {"198.18.0.10", "198.18.0.11", "198.18.0.12"}) prober_.set(ip, kDbPort, outcome);
    for (const char* ip : kCacheIps) prober_.set(ip, kCachePort, outcome);
  }
  [[nodiscard]] std::size_t cacheReady() const {
    const nlohmann::json* cache = kube_.object(kDbNamespace, "cache");
    return cache == nullptr ? 0 : readyIpsOf(*cache).size();
  }
};

TEST_F(GuardsTest, EveryTargetTimingOutAtOnceWritesNothingAndSaysSoOnce) {
  build(guardedConfig(50));
  cycle();
  ASSERT_EQ(liveReady().size(), 3U);
  LogCapture log;
  allSilent(ProbeOutcome::Timeout);
  kube_.clearCalls();
  for (int i = 0; i < 3; ++i) {
    const CycleReport report = cycle();
    EXPECT_TRUE(report.partition_suspected);
    for (const auto& s : report.services) EXPECT_EQ(s.outcome, SyncOutcome::Guarded) << s.service;
  }
  EXPECT_EQ(kube_.count("PUT"), 0);
  EXPECT_EQ(liveReady().size(), 3U);
  EXPECT_EQ(cacheReady(), 2U);
  ASSERT_EQ(log.warnings().size(), 1U) << log.all();
  EXPECT_NE(log.warnings()[0].find("5 of 5 targets went from up to timeout or unreachable"),
            std::string::npos)
      << log.warnings()[0];
  EXPECT_NE(log.warnings()[0].find("partition_guard_percent (50%)"), std::string::npos) << log.warnings()[0];
}

TEST_F(GuardsTest, UnreachableCountsLikeATimeout) {
  build(guardedConfig(50));
  cycle();
  allSilent(ProbeOutcome::Unreachable);
  kube_.clearCalls();
  EXPECT_TRUE(cycle().partition_suspected);
  EXPECT_EQ(kube_.count("PUT"), 0);
}

TEST_F(GuardsTest, RefusedConnectionsNeverCountAsAPartition) {
  build(guardedConfig(50));
  cycle();
  // The db hosts answer with a reset: they are reachable and down; its service is written.
  for (const char* ip : {"198.18.0.10", "198.18.0.11", "198.18.0.12"})
    prober_.set(ip, kDbPort, ProbeOutcome::Refused);
  const CycleReport report = cycle();
  EXPECT_FALSE(report.partition_suspected);
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Written);
  EXPECT_TRUE(liveReady().empty());
  EXPECT_EQ(cacheReady(), 2U);
}

TEST_F(GuardsTest, TimeoutsUnderTheThresholdAreWrittenAsUsual) {
  build(guardedConfig(50));
  cycle();
  prober_.set("198.18.0.10", kDbPort, ProbeOutcome::Timeout);
  prober_.set("198.18.0.11", kDbPort, ProbeOutcome::Timeout);  // 2 of 5: not more than half
  const CycleReport report = cycle();
  EXPECT_FALSE(report.partition_suspected);
  EXPECT_EQ(liveReady(), (std::set<std::string>{"198.18.0.12"}));
}

TEST_F(GuardsTest, WhenTheNetworkComesBackWritesResumeAndTheTargetsWereNeverMarkedDown) {
  build(guardedConfig(50));
  cycle();
  allSilent(ProbeOutcome::Timeout);
  cycle();
  LogCapture log;
  allSilent(ProbeOutcome::Up);
  const CycleReport report = cycle();
  EXPECT_FALSE(report.partition_suspected);
  EXPECT_TRUE(report.transitions.empty()) << "the silent cycle must not have counted against the targets";
  EXPECT_NE(log.all().find("lets writes through again"), std::string::npos) << log.all();
}

TEST_F(GuardsTest, OffByDefault) {
  build(guardedConfig(0));
  cycle();
  allSilent(ProbeOutcome::Timeout);
  EXPECT_FALSE(cycle().partition_suspected);
  EXPECT_TRUE(liveReady().empty());
}

TEST_F(GuardsTest, TooFewHealthyAddressesKeepTheLastWrittenSetWithOneWarning) {
  build(guardedConfig(0, /*min_healthy_percent=*/50));
  cycle();
  LogCapture log;
  down("198.18.0.10");
  down("198.18.0.11");  // 1 of 3 healthy: under half
  kube_.clearCalls();
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Held);
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Held);
  EXPECT_EQ(kube_.count("PUT"), 0);
  EXPECT_EQ(liveReady().size(), 3U);
  ASSERT_EQ(log.warnings().size(), 1U) << log.all();
  EXPECT_NE(log.warnings()[0].find("1 of 3 addresses healthy, under my_conf.min_healthy_percent (50%)"),
            std::string::npos)
      << log.warnings()[0];
  up("198.18.0.11");  // 2 of 3: written again
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Written);
  EXPECT_EQ(liveReady(), (std::set<std::string>{"198.18.0.11", "198.18.0.12"}));
}

TEST_F(GuardsTest, MinHealthyDoesNotStopTheFirstWrite) {
  build(guardedConfig(0, /*min_healthy_percent=*/50));
  down("198.18.0.10");
  down("198.18.0.11");
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Written) << "there is no last set to keep";
  EXPECT_EQ(liveReady(), (std::set<std::string>{"198.18.0.12"}));
}

}  // namespace
}  // namespace lecter::testing
