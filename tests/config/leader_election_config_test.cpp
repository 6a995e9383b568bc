// kubernetes_conf.leader_election and shards: client-go's timings and rules, errors with where.

#include <gtest/gtest.h>

#include "config/config_texts.h"

namespace lecter::testing {
namespace {

/// kMinimalConfig with `lines` added to kubernetes_conf (from line 7 on).
std::string withKubeLines(const std::string& lines) {
  return replaced(kMinimalConfig, "  token_file: default\n", "  token_file: default\n" + lines);
}

TEST(LeaderElectionConfig, OffByDefaultWithClientGosTimings) {
  const Config c = loadText(std::string(kMinimalConfig));
  const LeaderElectionConfig& e = c.kubernetes.leader_election;
  EXPECT_FALSE(e.enabled);
  EXPECT_EQ(e.name, "lecter");
  EXPECT_TRUE(e.ns.empty());
  EXPECT_EQ(e.lease_duration, std::chrono::seconds(15));
  EXPECT_EQ(e.renew_deadline, std::chrono::seconds(10));
  EXPECT_EQ(e.retry_period, std::chrono::seconds(2));
  EXPECT_FALSE(e.quorum);
  EXPECT_EQ(c.kubernetes.shards, 1);
}

TEST(LeaderElectionConfig, EveryFieldIsRead) {
  const Config c = loadText(withKubeLines(
      "  leader_election:\n    enabled: true\n    namespace: lecter-system\n    name: lecter-db\n"
      "    lease_duration: 30s\n    renew_deadline: 20000\n    retry_period: 500ms\n    identity: lecter-0\n"
      "  shards: 6\n"));
  const LeaderElectionConfig& e = c.kubernetes.leader_election;
  EXPECT_TRUE(e.enabled);
  EXPECT_EQ(e.ns, "lecter-system");
  EXPECT_EQ(e.name, "lecter-db");
  EXPECT_EQ(e.lease_duration, std::chrono::seconds(30));
  EXPECT_EQ(e.renew_deadline, std::chrono::seconds(20));
  EXPECT_EQ(e.retry_period, std::chrono::milliseconds(500));
  EXPECT_EQ(e.identity, "lecter-0");
  EXPECT_EQ(c.kubernetes.shards, 6);
}

TEST(LeaderElectionConfig, ALeaseNoLongerThanTheRenewDeadlineIsRefused) {
  EXPECT_EQ(
      refusal(withKubeLines("  leader_election:\n    lease_duration: 10s\n")),
      "config.yaml:8:21: kubernetes_conf.leader_election.lease_duration: lease_duration must be longer than "
      "renew_deadline, so a leader stops writing before its lease can lapse for others (lease_duration "
      "10s, renew_deadline 10s, retry_period 2s)");
}

TEST(LeaderElectionConfig, ARenewDeadlineWithinOneAndAFifthRetryPeriodsIsRefused) {
  EXPECT_EQ(
      refusal(withKubeLines("  leader_election:\n    retry_period: 9s\n")),
      "config.yaml:8:19: kubernetes_conf.leader_election.retry_period: renew_deadline must be longer than "
      "1.2 × retry_period, so a leader tries to renew more than once before it gives up (lease_duration "
      "15s, renew_deadline 10s, retry_period 9s)");
  // 1.2 × 8s = 9.6s < 10s: taken.
  EXPECT_EQ(loadText(withKubeLines("  leader_election:\n    retry_period: 8s\n"))
                .kubernetes.leader_election.retry_period,
            std::chrono::seconds(8));
}

TEST(LeaderElectionConfig, QuorumNeedsRedis) {
  EXPECT_EQ(
      refusal(withKubeLines("  leader_election:\n    enabled: true\n    quorum: true\n")),
      "config.yaml:9:13: kubernetes_conf.leader_election.quorum: needs storage_conf.redis: the replicas' "
      "views of each target meet there");
}

TEST(LeaderElectionConfig, ShardsNeedLeaderElection) {
  EXPECT_EQ(refusal(withKubeLines("  shards: 3\n")),
            "config.yaml:7:11: kubernetes_conf.shards: needs kubernetes_conf.leader_election.enabled (or "
            "--leader-elect): each shard is a Lease");
  LoadOptions options;
  options.leader_elect = true;
  const Config c = loadConfigText(withKubeLines("  shards: 3\n"), "config.yaml", options).config;
  EXPECT_TRUE(c.kubernetes.leader_election.enabled);
  EXPECT_EQ(c.kubernetes.shards, 3);
}

TEST(LeaderElectionConfig, BadNamesAndIdentitiesAreRefusedWithWhere) {
  EXPECT_EQ(
      refusal(withKubeLines("  leader_election:\n    name: Lecter_Lease\n")),
      "config.yaml:8:11: kubernetes_conf.leader_election.name: must be a Lease name (DNS-1123 subdomain), "
      "got \"Lecter_Lease\"");
  EXPECT_EQ(refusal(withKubeLines("  leader_election:\n    identity: \"lecter 0\"\n")),
            "config.yaml:8:15: kubernetes_conf.leader_election.identity: must be 1 to 128 characters without "
            "spaces (the Lease's holderIdentity), got \"lecter 0\"");
  EXPECT_EQ(
      refusal(withKubeLines("  shards: 0\n")),
      "config.yaml:7:11: kubernetes_conf.shards: must be a whole number of shards from 1 to 256, got 0");
}

}  // namespace
}  // namespace lecter::testing
