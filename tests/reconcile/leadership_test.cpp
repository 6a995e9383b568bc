// ReconcileOptions::may_write (kubernetes_conf.leader_election): a follower probes and keeps its
// health warm but writes, posts and records nothing; a leader that loses its lease mid-cycle sends
// nothing more.

#include <gtest/gtest.h>

#include "reconciler_stage.h"
#include "support/common/log_capture.h"

namespace lecter::testing {
namespace {

class LeadershipTest : public ReconcilerStage {
 protected:
  LogCapture logs_;
  bool leading_ = false;
};

TEST_F(LeadershipTest, AFollowerProbesButWritesPostsAndRecordsNothing) {
  ReconcileOptions options;
  options.may_write = [this] { return leading_; };
  build(dbConfig(), options);
  down("198.18.0.10");
  const CycleReport report = cycle();
  ASSERT_EQ(report.services.size(), 1U);
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Standby);
  EXPECT_TRUE(kube_.calls().empty()) << "a follower sent " << kube_.calls().front().verb;
  EXPECT_TRUE(kube_.serviceReads().empty());
  EXPECT_TRUE(kube_.events().empty());
  EXPECT_TRUE(store_.restoreTargets().empty()) << "a follower recorded its view over the leader's";
  // Its counters are warm: the target is already down for the cycle it takes over in.
  EXPECT_EQ(report.targets[0].state, HealthState::Unhealthy);

  leading_ = true;
  const CycleReport led = cycle();
  EXPECT_EQ(led.services[0].outcome, SyncOutcome::Written);
  EXPECT_EQ(liveReady(), (std::set<std::string>{"198.18.0.11", "198.18.0.12"}));
  EXPECT_FALSE(store_.restoreTargets().empty());
}

TEST_F(LeadershipTest, ALeaseLostDuringConflictRetriesEndsThemWithoutAnotherWrite) {
  leading_ = true;
  ReconcileOptions options;
  options.may_write = [this] { return leading_; };
  options.pause = [this](std::chrono::milliseconds wait) {
    leading_ = false;  // the renew deadline passed meanwhile
    clock_.advance(wait);
  };
  build(dbConfig(), options);
  cycle();
  down("198.18.0.10");
  kube_.conflictNext(100);
  const auto puts_before = kube_.count("PUT");
  const CycleReport report = cycle();
  EXPECT_EQ(kube_.count("PUT") - puts_before, 1) << "a write went out after the lease was lost";
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Failed);
  EXPECT_NE(report.services[0].detail.find("not retried: lease lost"), std::string::npos)
      << report.services[0].detail;
  EXPECT_EQ(cycle().services[0].outcome, SyncOutcome::Standby);
}

}  // namespace
}  // namespace lecter::testing
