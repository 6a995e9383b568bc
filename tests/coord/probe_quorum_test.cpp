// kubernetes_conf.leader_election.quorum: what the health step counts for a target, from this
// replica's own probe and the other replicas' views.

#include "lecter/coord/probe_quorum.h"

#include <gtest/gtest.h>

namespace lecter {
namespace {

constexpr const char* kTarget = "db/198.18.0.10:5432";

ReplicaView viewOf(const std::string& identity, const std::string& outcome) {
  return ReplicaView{identity, {{kTarget, outcome}}};
}

TEST(ProbeQuorum, ATargetDownFromHereAloneIsCountedUp) {
  const ProbeQuorum quorum({{viewOf("b", "up"), viewOf("c", "up")}});
  const QuorumVerdict verdict = quorum.decide(kTarget, ProbeOutcome::Timeout);
  EXPECT_EQ(verdict.counted, ProbeOutcome::Up);
  EXPECT_EQ(verdict.voters, 3);
  EXPECT_EQ(verdict.down, 1);
  EXPECT_TRUE(verdict.overruledDown(ProbeOutcome::Timeout));
  EXPECT_EQ(describeVote(verdict), "up for 2 of 3 replicas");
}

TEST(ProbeQuorum, ATargetDownForTheMajorityCountsThisReplicasOwnFailure) {
  const ProbeQuorum quorum({{viewOf("b", "timeout"), viewOf("c", "up")}});
  const QuorumVerdict verdict = quorum.decide(kTarget, ProbeOutcome::Refused);
  EXPECT_EQ(verdict.counted, ProbeOutcome::Refused);
  EXPECT_EQ(describeVote(verdict), "down for 2 of 3 replicas");
}

TEST(ProbeQuorum, ATargetUpFromHereButDownForTheMajorityCountsTheFailureMostOthersSaw) {
  const ProbeQuorum quorum({{viewOf("b", "timeout"), viewOf("c", "refused"), viewOf("d", "refused")}});
  const QuorumVerdict verdict = quorum.decide(kTarget, ProbeOutcome::Up);
  EXPECT_EQ(verdict.counted, ProbeOutcome::Refused);
  EXPECT_EQ(verdict.voters, 4);
  EXPECT_EQ(verdict.down, 3);
}

TEST(ProbeQuorum, ATieCountsTheTargetUp) {
  const ProbeQuorum quorum({{viewOf("b", "up")}});
  EXPECT_EQ(quorum.decide(kTarget, ProbeOutcome::Timeout).counted, ProbeOutcome::Up);
}

TEST(ProbeQuorum, AloneThisReplicasOwnProbeDecides) {
  const ProbeQuorum quorum(std::vector<ReplicaView>{});
  EXPECT_EQ(quorum.decide(kTarget, ProbeOutcome::Refused).counted, ProbeOutcome::Refused);
  EXPECT_EQ(quorum.decide(kTarget, ProbeOutcome::Up).counted, ProbeOutcome::Up);
  EXPECT_EQ(quorum.replicasReporting(), 1U);
}

TEST(ProbeQuorum, OnlyReplicasWithAnOpinionOnTheTargetVote) {
  // b never probed it (another config, or it only just started); c's probe failed on its own side.
  const ProbeQuorum quorum({{ReplicaView{"b", {{"db/198.18.0.11:5432", "up"}}}, viewOf("c", "local_error"),
                             viewOf("d", "a-name-from-a-newer-version")}});
  const QuorumVerdict verdict = quorum.decide(kTarget, ProbeOutcome::Refused);
  EXPECT_EQ(verdict.voters, 1);
  EXPECT_EQ(verdict.counted, ProbeOutcome::Refused);
  EXPECT_EQ(quorum.replicasReporting(), 4U);
}

TEST(ProbeQuorum, ALocalErrorHereLeavesTheVoteToTheOthers) {
  const ProbeQuorum quorum({{viewOf("b", "refused"), viewOf("c", "refused")}});
  const QuorumVerdict verdict = quorum.decide(kTarget, ProbeOutcome::LocalError);
  EXPECT_EQ(verdict.voters, 2);
  EXPECT_EQ(verdict.counted, ProbeOutcome::Refused);
  const QuorumVerdict nobody =
      ProbeQuorum(std::vector<ReplicaView>{}).decide(kTarget, ProbeOutcome::LocalError);
  EXPECT_EQ(nobody.counted, ProbeOutcome::LocalError);
  EXPECT_EQ(describeVote(nobody), "not counted: no replica could probe it") << "the votes were read";
}

TEST(ProbeQuorum, WithoutTheOthersViewsAFailureSeenFromHereIsHeldAndAnUpStillCounts) {
  const ProbeQuorum quorum(std::nullopt);
  EXPECT_FALSE(quorum.votesRead());
  const QuorumVerdict held = quorum.decide(kTarget, ProbeOutcome::Timeout);
  EXPECT_EQ(held.counted, ProbeOutcome::LocalError) << "a failure seen from here alone was counted";
  EXPECT_EQ(describeVote(held), "not counted: no vote of the other replicas could be read");
  EXPECT_EQ(quorum.decide(kTarget, ProbeOutcome::Up).counted, ProbeOutcome::Up);
}

}  // namespace
}  // namespace lecter
