// ReconcileOptions::votes (kubernetes_conf.leader_election.quorum): every cycle a replica publishes what
// its own probes saw and counts, for each target, what most of the replicas that reported see, so a
// replica whose own network breaks cannot empty a Service.

#include <gtest/gtest.h>

#include "reconciler_stage.h"
#include "support/common/fake_vote_board.h"
#include "support/common/log_capture.h"
#include "support/common/occurrences.h"

namespace lecter::testing {
namespace {

constexpr const char* kIps[] = {"198.18.0.10", "198.18.0.11", "198.18.0.12"};

std::string keyOf(const std::string& ip) { return "db/" + ip + ":" + std::to_string(kDbPort); }

/// Every target of db as `outcome`.
std::map<std::string, std::string> allAre(const std::string& outcome) {
  std::map<std::string, std::string> outcomes;
  for (const char* ip : kIps) outcomes[keyOf(ip)] = outcome;
  return outcomes;
}

class QuorumVotesTest : public ReconcilerStage {
 protected:
  ReconcileOptions voting() {
    ReconcileOptions options;
    options.votes = &board_;
    options.voter_identity = "replica-a";
    options.vote_ttl = std::chrono::milliseconds(4300);
    return options;
  }
  /// db with all_down: empty, so that nothing but the vote stands between a broken replica and an
  /// empty Service.
  static Config emptyingConfig(int fall = 1) {
    return dbConfig(UnhealthyPolicy::Drop, AllDownPolicy::Empty, 1, fall);
  }

  FakeVoteBoard board_;
  LogCapture logs_;
};

TEST_F(QuorumVotesTest, AReplicaThatSeesEveryTargetDownAloneRemovesNone) {
  build(emptyingConfig(), voting());
  cycle();
  ASSERT_EQ(liveReady().size(), 3U);
  board_.setView("replica-b", allAre("up"));
  board_.setView("replica-c", allAre("up"));
  for (const char* ip : kIps) prober_.set(ip, kDbPort, ProbeOutcome::Unreachable);

  const CycleReport report = cycle();
  EXPECT_EQ(liveReady(), (std::set<std::string>{kIps[0], kIps[1], kIps[2]}))
      << "the broken replica emptied db";
  EXPECT_TRUE(report.transitions.empty());
  ASSERT_EQ(report.targets.size(), 3U);
  EXPECT_EQ(report.targets[0].state, HealthState::Healthy);
  EXPECT_EQ(report.targets[0].last_outcome, "unreachable") << "the record hides what this replica saw";
  EXPECT_NE(report.targets[0].last_error.find("up for 2 of 3 replicas"), std::string::npos)
      << report.targets[0].last_error;
  EXPECT_EQ(report.quorum_votes, (std::map<std::string, int>{{"db", 3}}));
  EXPECT_EQ(occurrences(logs_.all(), "this replica's own network may be at fault"), 1U) << logs_.all();
  cycle();
  EXPECT_EQ(occurrences(logs_.all(), "this replica's own network may be at fault"), 1U)
      << "said again every cycle";
}

TEST_F(QuorumVotesTest, ATargetDownForMostReplicasIsRemovedWithTheVoteInItsTransition) {
  build(emptyingConfig(), voting());
  cycle();
  board_.setView("replica-b", {{keyOf(kIps[0]), "timeout"}, {keyOf(kIps[1]), "up"}});
  board_.setView("replica-c", {{keyOf(kIps[0]), "up"}, {keyOf(kIps[1]), "up"}});
  down(kIps[0]);
  down(kIps[1]);

  const CycleReport report = cycle();
  EXPECT_EQ(liveReady(), (std::set<std::string>{kIps[1], kIps[2]}));
  ASSERT_EQ(report.transitions.size(), 1U);
  EXPECT_EQ(report.transitions[0].ip, kIps[0]);
  EXPECT_EQ(report.transitions[0].to, HealthState::Unhealthy);
  EXPECT_EQ(report.transitions[0].outcome, "refused");
  EXPECT_NE(report.transitions[0].error.find("down for 2 of 3 replicas"), std::string::npos)
      << report.transitions[0].error;
}

TEST_F(QuorumVotesTest, ATargetUpFromHereIsRemovedWhenMostReplicasSeeItDown) {
  build(emptyingConfig(), voting());
  cycle();
  board_.setView("replica-b", {{keyOf(kIps[2]), "refused"}});
  board_.setView("replica-c", {{keyOf(kIps[2]), "refused"}});
  const CycleReport report = cycle();
  EXPECT_EQ(liveReady(), (std::set<std::string>{kIps[0], kIps[1]}));
  ASSERT_EQ(report.transitions.size(), 1U);
  EXPECT_EQ(report.transitions[0].outcome, "refused");
  ASSERT_EQ(report.targets.size(), 3U);
  EXPECT_EQ(report.targets[2].last_outcome, "up");
  EXPECT_EQ(report.targets[2].last_error, "down for 2 of 3 replicas")
      << "the record does not say why it is down";
}

TEST_F(QuorumVotesTest, AFailureOnThisSideLeavesItsErrorOutOfWhatIsCounted) {
  build(emptyingConfig(), voting());
  cycle();
  board_.setView("replica-b", {{keyOf(kIps[0]), "refused"}});
  board_.setView("replica-c", {{keyOf(kIps[0]), "refused"}});
  prober_.set(kIps[0], kDbPort, ProbeOutcome::LocalError);
  const CycleReport report = cycle();
  ASSERT_EQ(report.transitions.size(), 1U);
  EXPECT_EQ(report.transitions[0].outcome, "refused");
  EXPECT_EQ(report.transitions[0].error, "down for 2 of 2 replicas");
  EXPECT_EQ(report.targets[0].last_error, "local_error; down for 2 of 2 replicas");
}

TEST_F(QuorumVotesTest, EveryCyclePublishesThisReplicasOwnOutcomesUnderItsIdentityWithTheTtl) {
  build(emptyingConfig(), voting());
  board_.setView("replica-b", allAre("up"));
  board_.setView("replica-c", allAre("up"));
  down(kIps[1]);
  prober_.set(kIps[2], kDbPort, ProbeOutcome::LocalError);
  cycle();
  cycle();
  ASSERT_EQ(board_.published().size(), 2U);
  const ReplicaView& mine = board_.published().back();
  EXPECT_EQ(mine.identity, "replica-a");
  // Its own view, not the vote's; and no opinion where its probe failed on its own side.
  EXPECT_EQ(mine.outcomes,
            (std::map<std::string, std::string>{{keyOf(kIps[0]), "up"}, {keyOf(kIps[1]), "refused"}}));
  EXPECT_EQ(board_.ttls().back(), std::chrono::milliseconds(4300));
}

TEST_F(QuorumVotesTest, WhileTheVotesCannotBeReadATargetSeenDownFromHereKeepsItsState) {
  build(emptyingConfig(), voting());
  cycle();
  board_.setUnreadable(true);
  down(kIps[0]);
  const CycleReport held = cycle();
  EXPECT_EQ(liveReady().size(), 3U) << "removed on this replica's word alone";
  EXPECT_TRUE(held.transitions.empty());

  board_.setUnreadable(false);
  board_.setView("replica-b", {{keyOf(kIps[0]), "refused"}});
  cycle();
  EXPECT_EQ(liveReady(), (std::set<std::string>{kIps[1], kIps[2]}))
      << "down for 2 of 2 once the votes are read";
}

TEST_F(QuorumVotesTest, AViewThatExpiredNoLongerVotes) {
  build(emptyingConfig(), voting());
  cycle();
  board_.setView("replica-b", allAre("up"));
  down(kIps[0]);
  cycle();
  EXPECT_EQ(liveReady().size(), 3U) << "a tie (1 of 2) counts up";
  board_.expire("replica-b");
  cycle();
  EXPECT_EQ(liveReady(), (std::set<std::string>{kIps[1], kIps[2]}));
}

TEST_F(QuorumVotesTest, WithShardsEveryServiceIsProbedForItsVoteAndOnlyOwnedOnesAreWrittenAndRecorded) {
  Config config = emptyingConfig();
  ServiceSpec cache{"cache", kDbNamespace, "cache", kDbPort, {}, {}, ReadyWhen::All};
  cache.targets.push_back(TargetSpec{"node-c", *parseIpAddress("198.18.1.10"), kDbPort});
  config.services.push_back(cache);
  ReconcileOptions options = voting();
  options.owns = [](const ServiceSpec& service) { return service.key == "db"; };
  build(config, options);
  down("198.18.1.10");

  const CycleReport report = cycle();
  ASSERT_EQ(prober_.cycles().size(), 1U);
  EXPECT_EQ(prober_.cycles()[0].size(), 4U) << "the other shard's targets got no vote from this replica";
  EXPECT_EQ(board_.published().back().outcomes.count("cache/198.18.1.10:5432"), 1U);
  EXPECT_EQ(kube_.object(kDbNamespace, "cache"), nullptr) << "a replica wrote a service of another's shard";
  ASSERT_EQ(report.services.size(), 2U);
  EXPECT_EQ(report.services[1].outcome, SyncOutcome::Standby);
  for (const auto& target : store_.restoreTargets())
    EXPECT_EQ(target.service, "db") << "recorded another's target";
  // Metrics, the status page and alerts see the replica's own services only.
  EXPECT_EQ(report.targets.size(), 3U);
  for (const auto& target : report.targets) EXPECT_EQ(target.service, "db");
  for (const auto& transition : report.transitions) EXPECT_EQ(transition.service, "db");
  EXPECT_EQ(report.quorum_votes, (std::map<std::string, int>{{"db", 1}}));
  EXPECT_NE(logs_.all().find("target cache node-c 198.18.1.10:5432: pending -> unhealthy"),
            std::string::npos);
  for (const auto& line : logs_.at(spdlog::level::info))
    EXPECT_EQ(line.find("target cache"), std::string::npos)
        << "told at info by a replica not writing it: " << line;
}

}  // namespace
}  // namespace lecter::testing
