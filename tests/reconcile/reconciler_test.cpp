#include "lecter/reconcile/reconciler.h"

#include <gtest/gtest.h>

#include <vector>

#include "lecter/endpoints/endpoints_object.h"
#include "reconciler_stage.h"

namespace lecter {
namespace {

using nlohmann::json;
using testing::FakeKubeClient;

constexpr std::uint16_t kPort = 38000;

TargetSpec target(const std::string& name, const std::string& ip) {
  return TargetSpec{name, *parseIpAddress(ip), kPort};
}

Config makeConfig(int rise = 1, int fall = 1, AllDownPolicy all_down = AllDownPolicy::Keep) {
  Config c;
  c.rise = rise;
  c.fall = fall;
  c.all_down = all_down;
  c.ping_timeout = std::chrono::milliseconds(300);
  ServiceSpec redis{
      "redis",
      "default",
      "redis",
      kPort,
      {target("node-01", "198.18.0.10"), target("node-02", "198.18.0.11"), target("node-03", "198.18.0.12")},
      {},
      ReadyWhen::All};
  c.services.push_back(redis);
  c.endpoint_template = json::parse(R"({"kind":"Endpoints","apiVersion":"v1",
      "metadata":{"name":"ceph","namespace":"default"},
      "subsets":[{"addresses":[{"ip":"10.0.0.71"}],"ports":[{"port":8080,"protocol":"TCP"}]}]})");
  return c;
}

std::set<std::string> liveIps(const FakeKubeClient& kube) {
  const json* object = kube.object("default", "redis");
  return object == nullptr ? std::set<std::string>{} : readyIpsOf(*object);
}

// The same fakes as the other reconciler tests, over the "redis" service of makeConfig().
class ReconcilerTest : public testing::ReconcilerStage {};

TEST_F(ReconcilerTest, ProbesEveryTargetOfEveryServiceInOneCallWithThePingTimeout) {
  Config c = makeConfig();
  c.services.push_back(ServiceSpec{"ceph",
                                   "storage",
                                   "ceph",
                                   6789,
                                   {TargetSpec{"kid-01", *parseIpAddress("198.18.1.5"), 6789}},
                                   {},
                                   ReadyWhen::All});
  build(c);
  cycle();
  ASSERT_EQ(prober_.cycles().size(), 1U);
  EXPECT_EQ(prober_.cycles()[0].size(), 4U);
  EXPECT_EQ(prober_.cycles()[0][3].ip.text, "198.18.1.5");
  EXPECT_EQ(prober_.cycles()[0][3].port, 6789);
  EXPECT_EQ(prober_.timeouts()[0], std::chrono::milliseconds(300));
}

TEST_F(ReconcilerTest, CreatesTheObjectWithEveryHealthyTarget) {
  build(makeConfig());
  const CycleReport report = cycle();
  ASSERT_EQ(report.services.size(), 1U);
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Written);
  EXPECT_TRUE(report.allSucceeded());
  EXPECT_EQ(liveIps(kube_), (std::set<std::string>{"198.18.0.10", "198.18.0.11", "198.18.0.12"}));
}

TEST_F(ReconcilerTest, SteadyStateReadsButNeverWrites) {
  build(makeConfig());
  cycle();
  kube_.clearCalls();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::InSync);
  EXPECT_EQ(kube_.count("PUT"), 0);
  EXPECT_EQ(kube_.count("GET"), 5);
}

TEST_F(ReconcilerTest, ADownTargetIsRemovedOnlyAfterFallConsecutiveFailures) {
  build(makeConfig(/*rise=*/1, /*fall=*/2));
  cycle();
  prober_.set("198.18.0.11", kPort, ProbeOutcome::Refused);
  cycle();
  EXPECT_TRUE(liveIps(kube_).contains("198.18.0.11"));
  cycle();
  EXPECT_EQ(liveIps(kube_), (std::set<std::string>{"198.18.0.10", "198.18.0.12"}));
}

TEST_F(ReconcilerTest, AFlappingTargetNeverReachesFall) {
  build(makeConfig(1, 2));
  cycle();
  for (int i = 0; i < 4; ++i) {
    prober_.set("198.18.0.11", kPort, i % 2 == 0 ? ProbeOutcome::Timeout : ProbeOutcome::Up);
    cycle();
    EXPECT_TRUE(liveIps(kube_).contains("198.18.0.11"));
  }
}

TEST_F(ReconcilerTest, ATargetComesBackOnlyAfterRiseConsecutiveSuccesses) {
  build(makeConfig(/*rise=*/3, /*fall=*/1));
  kube_.store("default", "redis",
              json::parse(R"({"metadata":{"name":"redis","namespace":"default"},"subsets":[]})"));
  prober_.set("198.18.0.12", kPort, ProbeOutcome::Refused);
  cycle();  // .12 unhealthy at once (fall 1); .10/.11 pending and not in the live object
  prober_.set("198.18.0.12", kPort, ProbeOutcome::Up);
  cycle();
  cycle();
  EXPECT_FALSE(liveIps(kube_).contains("198.18.0.12"));
  cycle();
  EXPECT_EQ(liveIps(kube_), (std::set<std::string>{"198.18.0.10", "198.18.0.11", "198.18.0.12"}));
}

TEST_F(ReconcilerTest, PendingTargetsKeepWhatTheLiveObjectSaysSoARestartDoesNotChurn) {
  build(makeConfig(/*rise=*/3, /*fall=*/3));
  kube_.store("default", "redis", json::parse(R"({"metadata":{"name":"redis","namespace":"default",
      "labels":{"app.kubernetes.io/managed-by":"lecter"}},
      "subsets":[{"addresses":[{"ip":"198.18.0.10"}],"ports":[{"port":38000,"protocol":"TCP"}]}]})"));
  prober_.set("198.18.0.10", kPort, ProbeOutcome::Refused);
  cycle();
  EXPECT_EQ(kube_.count("PUT"), 0);
  EXPECT_EQ(liveIps(kube_), (std::set<std::string>{"198.18.0.10"}));
}

TEST_F(ReconcilerTest, AllDownKeepLeavesTheLastWrittenSet) {
  build(makeConfig(1, 1, AllDownPolicy::Keep));
  cycle();
  for (const char* ip : {"198.18.0.10", "198.18.0.11", "198.18.0.12"})
    prober_.set(ip, kPort, ProbeOutcome::Refused);
  kube_.clearCalls();
  const CycleReport report = cycle();
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Kept);
  EXPECT_TRUE(report.allSucceeded());
  EXPECT_EQ(kube_.count("PUT"), 0);
  EXPECT_EQ(liveIps(kube_).size(), 3U);
}

TEST_F(ReconcilerTest, AllDownEmptyWritesNoSubsets) {
  build(makeConfig(1, 1, AllDownPolicy::Empty));
  cycle();
  for (const char* ip : {"198.18.0.10", "198.18.0.11", "198.18.0.12"})
    prober_.set(ip, kPort, ProbeOutcome::Refused);
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Written);
  EXPECT_EQ((*kube_.object("default", "redis"))["subsets"], json::array());
}

TEST_F(ReconcilerTest, AConflictIsReadAgainRecomputedAndRetriedKeepingTheOtherWritersLabel) {
  build(makeConfig());
  cycle();
  prober_.set("198.18.0.10", kPort, ProbeOutcome::Refused);
  kube_.conflictNext(1);
  const CycleReport report = cycle();
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Written);
  EXPECT_EQ(liveIps(kube_), (std::set<std::string>{"198.18.0.11", "198.18.0.12"}));
  EXPECT_EQ((*kube_.object("default", "redis"))["metadata"]["labels"]["owner"], "someone-else");
}

TEST_F(ReconcilerTest, GivesUpAfterFiveConflictsAndReportsTheFailure) {
  build(makeConfig());
  cycle();
  prober_.set("198.18.0.10", kPort, ProbeOutcome::Refused);
  kube_.conflictNext(100);
  kube_.clearCalls();
  const CycleReport report = cycle();
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Failed);
  EXPECT_FALSE(report.allSucceeded());
  EXPECT_EQ(kube_.count("PUT"), 6);  // the first try and five retries
  EXPECT_NE(report.services[0].detail.find("Conflict"), std::string::npos);
}

TEST_F(ReconcilerTest, ConflictRetriesPauseLongerEachTimeWithJitter) {
  std::vector<long long> pauses;
  ReconcileOptions options;
  options.random = [] { return 0.5; };
  options.pause = [&](std::chrono::milliseconds d) {
    pauses.push_back(d.count());
    clock_.advance(d);
  };
  build(makeConfig(), options);
  cycle();
  prober_.set("198.18.0.10", kPort, ProbeOutcome::Refused);
  kube_.conflictNext(100);
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Failed);
  // 50 ms doubling, each half again as long (jitter 1.0 times 0.5), the last held at 1 s.
  EXPECT_EQ(pauses, (std::vector<long long>{75, 150, 300, 600, 1000}));
}

TEST_F(ReconcilerTest, AStopDuringConflictRetriesEndsThemWithoutAnotherWrite) {
  bool stop = false;
  ReconcileOptions options;
  options.pause = [&](std::chrono::milliseconds) { stop = true; };  // SIGTERM came during the pause
  options.stopping = [&] { return stop; };
  build(makeConfig(), options);
  cycle();
  prober_.set("198.18.0.10", kPort, ProbeOutcome::Refused);
  kube_.conflictNext(100);
  kube_.clearCalls();
  const ServiceReport report = cycle().services[0];
  EXPECT_EQ(report.outcome, SyncOutcome::Failed);
  EXPECT_EQ(kube_.count("PUT"), 1);
  EXPECT_NE(report.detail.find("not retried: stopping"), std::string::npos) << report.detail;
}

TEST_F(ReconcilerTest, AnApiServerFailureIsReportedAndTheNextCycleRecovers) {
  build(makeConfig());
  kube_.failNext(1, 500);
  const CycleReport failed = cycle();
  EXPECT_EQ(failed.services[0].outcome, SyncOutcome::Failed);
  EXPECT_NE(failed.services[0].detail.find("500"), std::string::npos);
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Written);
  EXPECT_EQ(liveIps(kube_).size(), 3U);
}

TEST_F(ReconcilerTest, DryRunRecordsTheObjectItWouldWriteAndSendsNoWrite) {
  buildDryRun(makeConfig());
  prober_.set("198.18.0.12", kPort, ProbeOutcome::Timeout);
  const CycleReport report = cycle();
  ASSERT_EQ(report.services.size(), 1U);
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Written);
  EXPECT_EQ(kube_.count("GET"), 1);
  EXPECT_EQ(kube_.count("PUT"), 0);
  ASSERT_EQ(report.services[0].writes.size(), 1U);
  EXPECT_EQ(readyIpsOf(report.services[0].writes[0].object),
            (std::set<std::string>{"198.18.0.10", "198.18.0.11"}));
  ASSERT_EQ(report.targets.size(), 3U);
  EXPECT_EQ(report.targets[2].last_outcome, "timeout");
  EXPECT_FALSE(dry_run_->unknownLive(ObjectRef{"default", "redis"}));
}

TEST_F(ReconcilerTest, DryRunWithoutAnApiServerStillShowsTheObjectAndSaysWhyTheLiveOneIsUnknown) {
  buildDryRun(makeConfig());
  kube_.failNext(1, 0);
  const CycleReport report = cycle();
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Written);
  ASSERT_EQ(report.services[0].writes.size(), 1U);
  EXPECT_TRUE(readyIpsOf(report.services[0].writes[0].object).contains("198.18.0.10"));
  const auto unknown = dry_run_->unknownLive(ObjectRef{"default", "redis"});
  ASSERT_TRUE(unknown.has_value());
  EXPECT_NE(unknown->find("live object unknown"), std::string::npos) << *unknown;
}

TEST_F(ReconcilerTest, ASignalDuringProbingSkipsTheRestOfTheCycle) {
  bool signalled = false;
  ReconcileOptions options;
  options.interrupted = [&] { return signalled; };
  build(makeConfig(), options);
  cycle();
  prober_.set("198.18.0.10", kPort, ProbeOutcome::Refused);
  signalled = true;
  kube_.clearCalls();
  const CycleReport report = cycle();
  EXPECT_TRUE(report.services.empty());
  EXPECT_TRUE(kube_.calls().empty());
  EXPECT_EQ(store_.transitions().size(), 3U) << "the cut-short cycle must record nothing";
}

TEST_F(ReconcilerTest, ALocalProbeFailureSaysNothingAboutTheTarget) {
  build(makeConfig());
  cycle();
  prober_.set("198.18.0.10", kPort, ProbeOutcome::LocalError);
  cycle();
  EXPECT_TRUE(liveIps(kube_).contains("198.18.0.10"));
  EXPECT_EQ(reconciler_->health().at(TargetId{"redis", "198.18.0.10", kPort}).state, HealthState::Healthy);
}

TEST_F(ReconcilerTest, RecordsStateAndTransitionsInTheStore) {
  build(makeConfig());
  cycle();
  prober_.set("198.18.0.11", kPort, ProbeOutcome::Refused);
  cycle();
  const TargetRecord& down = store_.targets().at("redis/198.18.0.11:38000");
  EXPECT_EQ(down.state, HealthState::Unhealthy);
  EXPECT_EQ(down.last_outcome, "refused");
  EXPECT_EQ(down.consecutive_down, 1);
  ASSERT_EQ(store_.transitions().size(), 4U);  // three pending → healthy, then one healthy → unhealthy
  EXPECT_EQ(store_.transitions().back().target, "node-02");
  EXPECT_EQ(store_.transitions().back().from, HealthState::Healthy);
  EXPECT_EQ(store_.transitions().back().to, HealthState::Unhealthy);
  const ServiceRecord& service = store_.services().at("redis");
  EXPECT_EQ(service.addresses, (std::vector<std::string>{"198.18.0.10", "198.18.0.12"}));
  EXPECT_FALSE(service.resource_version.empty());
  EXPECT_GT(service.written_ms, 0);
}

TEST_F(ReconcilerTest, RestoredCountersSurviveARestart) {
  build(makeConfig(/*rise=*/1, /*fall=*/2));
  cycle();
  prober_.set("198.18.0.11", kPort, ProbeOutcome::Refused);
  cycle();  // one failure counted, still healthy
  // A new process: same store, fresh reconciler.
  Reconciler restarted(config_, prober_, ApiServer{kube_, kube_, kube_}, store_, clock_, {});
  restarted.restoreState();
  restarted.runCycle();  // the second failure reaches fall
  EXPECT_FALSE(liveIps(kube_).contains("198.18.0.11"));
}

TEST_F(ReconcilerTest, AStartWithATargetTakenOutOfTheConfigRemovesItsRecord) {
  build(makeConfig());
  cycle();
  ASSERT_TRUE(store_.targets().contains("redis/198.18.0.11:38000"));
  // A new process whose config no longer lists node-02.
  Config smaller = config_;
  auto& targets = smaller.services[0].targets;
  std::erase_if(targets, [](const TargetSpec& target) { return target.ip.text == "198.18.0.11"; });
  Reconciler restarted(smaller, prober_, ApiServer{kube_, kube_, kube_}, store_, clock_, {});
  restarted.restoreState();
  EXPECT_FALSE(store_.targets().contains("redis/198.18.0.11:38000"));
  EXPECT_TRUE(store_.targets().contains("redis/198.18.0.10:38000"));
  EXPECT_TRUE(store_.services().contains("redis"));
}

}  // namespace
}  // namespace lecter
