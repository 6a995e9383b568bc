// The exposition lecter's /metrics serves.

#include "lecter/obs/prometheus_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace lecter {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TargetUp target(const std::string& name, const std::string& address, std::optional<bool> up) {
  return TargetUp{{"redis", name, address}, up, std::nullopt};
}

TEST(PrometheusMetrics, BuildInfoCarriesTheVersion) {
  const PrometheusMetrics metrics("1.2.3");
  EXPECT_THAT(metrics.exposition(), HasSubstr("lecter_build_info{version=\"1.2.3\"} 1\n"));
  EXPECT_THAT(metrics.exposition(), HasSubstr("# TYPE lecter_build_info gauge\n"));
}

TEST(PrometheusMetrics, TargetUpIsOneOrZeroAndAbsentWhilePending) {
  PrometheusMetrics metrics("t");
  metrics.setTargets({target("node-01", "198.18.0.1:6379", true), target("node-02", "198.18.0.2:6379", false),
                      target("node-03", "198.18.0.3:6379", std::nullopt)});
  const std::string text = metrics.exposition();
  EXPECT_THAT(
      text,
      HasSubstr("lecter_target_up{address=\"198.18.0.1:6379\",service=\"redis\",target=\"node-01\"} 1\n"));
  EXPECT_THAT(
      text,
      HasSubstr("lecter_target_up{address=\"198.18.0.2:6379\",service=\"redis\",target=\"node-02\"} 0\n"));
  EXPECT_THAT(text, Not(HasSubstr("node-03")));
}

TEST(PrometheusMetrics, ATargetGoneFromTheConfigLosesItsSeries) {
  PrometheusMetrics metrics("t");
  metrics.setTargets(
      {target("node-01", "198.18.0.1:6379", true), target("node-02", "198.18.0.2:6379", true)});
  metrics.setTargets({target("node-01", "198.18.0.1:6379", false)});
  const std::string text = metrics.exposition();
  EXPECT_THAT(
      text,
      HasSubstr("lecter_target_up{address=\"198.18.0.1:6379\",service=\"redis\",target=\"node-01\"} 0\n"));
  EXPECT_THAT(text, Not(HasSubstr("node-02")));
}

TEST(PrometheusMetrics, ProbesAreCountedAndTimedByServiceKindAndOutcome) {
  PrometheusMetrics metrics("t");
  metrics.countProbe("redis", "tcp", "up", 0.002);
  metrics.countProbe("redis", "tcp", "up", 0.004);
  metrics.countProbe("redis", "tcp", "timeout", 0.5);
  metrics.countProbe("web", "http", "unhealthy", 0.003);
  const std::string text = metrics.exposition();
  EXPECT_THAT(text, HasSubstr("lecter_probes_total{kind=\"tcp\",outcome=\"up\",service=\"redis\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("lecter_probes_total{kind=\"tcp\",outcome=\"timeout\",service=\"redis\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("lecter_probes_total{kind=\"http\",outcome=\"unhealthy\",service=\"web\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("lecter_probe_duration_seconds_bucket{kind=\"tcp\",outcome=\"up\",service=\"redis\","
                        "le=\"0.0025\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("lecter_probe_duration_seconds_bucket{kind=\"tcp\",outcome=\"up\",service=\"redis\","
                        "le=\"0.005\"} 2\n"));
  EXPECT_THAT(
      text, HasSubstr("lecter_probe_duration_seconds_sum{kind=\"tcp\",outcome=\"timeout\",service=\"redis\"} "
                      "0.5\n"));
}

TEST(PrometheusMetrics, CertificateExpiryIsAGaugePerTlsTargetThatGoesWithIt) {
  PrometheusMetrics metrics("t");
  metrics.setTargets({TargetUp{{"web", "node-01", "198.18.0.1:443"}, true, 29.5},
                      TargetUp{{"web", "node-02", "198.18.0.2:443"}, false, -1.25},
                      TargetUp{{"redis", "node-03", "198.18.0.3:6379"}, true, std::nullopt}});
  std::string text = metrics.exposition();
  EXPECT_THAT(text, HasSubstr("lecter_tls_cert_expiry_days{address=\"198.18.0.1:443\",service=\"web\","
                              "target=\"node-01\"} 29.5\n"));
  EXPECT_THAT(text, HasSubstr("lecter_tls_cert_expiry_days{address=\"198.18.0.2:443\",service=\"web\","
                              "target=\"node-02\"} -1.25\n"));
  EXPECT_THAT(text, Not(HasSubstr("lecter_tls_cert_expiry_days{address=\"198.18.0.3:6379\"")));
  metrics.setTargets({TargetUp{{"web", "node-01", "198.18.0.1:443"}, true, 29.4}});
  text = metrics.exposition();
  EXPECT_THAT(text, Not(HasSubstr("node-02")));
  EXPECT_THAT(text, HasSubstr("target=\"node-01\"} 29.4\n"));
}

TEST(PrometheusMetrics, TransitionsWritesRequestsCyclesAndReloadsAreCounted) {
  PrometheusMetrics metrics("t");
  metrics.countTransition("redis", "down");
  metrics.countWrite("redis", "endpoints", "success");
  metrics.countWrite("redis", "endpoints", "success");
  metrics.countWrite("redis", "endpoints", "failure");
  metrics.countLocalProbeError();
  metrics.countApiServerRequest("PUT", 409, 0.01);
  metrics.cycleEnded(0.25, 1800000000.5);
  metrics.countConfigReload(false);
  const std::string text = metrics.exposition();
  EXPECT_THAT(text, HasSubstr("lecter_target_transitions_total{direction=\"down\",service=\"redis\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("lecter_writes_total{kind=\"endpoints\",result=\"success\",service=\"redis\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("lecter_writes_total{kind=\"endpoints\",result=\"failure\",service=\"redis\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("lecter_local_probe_errors_total 1\n"));
  EXPECT_THAT(text, HasSubstr("lecter_apiserver_requests_total{code=\"409\",verb=\"PUT\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("lecter_apiserver_request_duration_seconds_count{verb=\"PUT\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("lecter_cycle_duration_seconds_sum 0.25\n"));
  EXPECT_THAT(text, HasSubstr("lecter_last_cycle_timestamp_seconds 1800000000.5\n"));
  EXPECT_THAT(text, HasSubstr("lecter_config_reloads_total{result=\"refused\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("lecter_config_reloads_total{result=\"taken\"} 0\n"));
}

TEST(PrometheusMetrics, EachScrapeSeesEveryChangeMadeBeforeIt) {
  PrometheusMetrics metrics("t");
  metrics.countTransition("redis", "down");
  const std::string first = metrics.exposition();
  EXPECT_EQ(metrics.exposition(), first) << "nothing changed in between";
  metrics.countTransition("redis", "down");
  EXPECT_THAT(metrics.exposition(),
              HasSubstr("lecter_target_transitions_total{direction=\"down\",service=\"redis\"} 2\n"));
  metrics.countLocalProbeError();
  EXPECT_THAT(metrics.exposition(), HasSubstr("lecter_local_probe_errors_total 1\n"));
}

TEST(PrometheusMetrics, RedisUpHasNoSampleUntilRedisIsUsed) {
  PrometheusMetrics metrics("t");
  EXPECT_THAT(metrics.exposition(), Not(HasSubstr("lecter_redis_up ")));
  metrics.setRedisUp(true);
  EXPECT_THAT(metrics.exposition(), HasSubstr("lecter_redis_up 1\n"));
  metrics.setRedisUp(false);
  EXPECT_THAT(metrics.exposition(), HasSubstr("lecter_redis_up 0\n"));
}

TEST(PrometheusMetrics, LeaderHasNoSampleWithoutAnElectionAndFollowsTheLease) {
  PrometheusMetrics metrics("t");
  EXPECT_THAT(metrics.exposition(), Not(HasSubstr("lecter_leader ")));
  metrics.setLeader(false);
  EXPECT_THAT(metrics.exposition(), HasSubstr("lecter_leader 0\n"));
  metrics.setLeader(true);
  EXPECT_THAT(metrics.exposition(), HasSubstr("lecter_leader 1\n"));
}

TEST(PrometheusMetrics, ShardsHeldHasNoSampleWithoutShardsAndCountsThem) {
  PrometheusMetrics metrics("t");
  EXPECT_THAT(metrics.exposition(), Not(HasSubstr("lecter_shards_held ")));
  metrics.setShardsHeld(2);
  EXPECT_THAT(metrics.exposition(), HasSubstr("lecter_shards_held 2\n"));
  metrics.setShardsHeld(0);
  EXPECT_THAT(metrics.exposition(), HasSubstr("lecter_shards_held 0\n"));
}

TEST(PrometheusMetrics, QuorumVotesAreSetPerServiceAndAServiceNoLongerVotedOnLosesItsSeries) {
  PrometheusMetrics metrics("t");
  metrics.setQuorumVotes({});
  EXPECT_THAT(metrics.exposition(), Not(HasSubstr("lecter_quorum_votes{")));
  metrics.setQuorumVotes({{"db", 3}, {"cache", 2}});
  EXPECT_THAT(metrics.exposition(), HasSubstr("lecter_quorum_votes{service=\"db\"} 3\n"));
  EXPECT_THAT(metrics.exposition(), HasSubstr("lecter_quorum_votes{service=\"cache\"} 2\n"));
  metrics.setQuorumVotes({{"db", 1}});
  EXPECT_THAT(metrics.exposition(), HasSubstr("lecter_quorum_votes{service=\"db\"} 1\n"));
  EXPECT_THAT(metrics.exposition(), Not(HasSubstr("lecter_quorum_votes{service=\"cache\"}")));
}

TEST(PrometheusMetrics, WatchRestartsAreCountedByResourceAndReasonAndProbesInFlightIsAGauge) {
  PrometheusMetrics metrics("t");
  metrics.countWatchRestart("endpoints", "expired");
  metrics.countWatchRestart("endpoints", "expired");
  metrics.countWatchRestart("services", "failed");
  metrics.setProbesInFlightMax(10000);
  const std::string text = metrics.exposition();
  EXPECT_THAT(text, HasSubstr("lecter_watch_restarts_total{reason=\"expired\",resource=\"endpoints\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("lecter_watch_restarts_total{reason=\"failed\",resource=\"services\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("lecter_cycle_probes_inflight_max 10000\n"));
}

TEST(PrometheusMetrics, AlertMessagesAreCountedByReceiverAndResultAndTheQueueIsAGauge) {
  PrometheusMetrics metrics("t");
  metrics.countNotification("ops", "failed");
  metrics.countNotification("ops", "failed");
  metrics.countNotification("ops", "sent");
  metrics.setNotificationQueueLength("ops", 3);
  const std::string text = metrics.exposition();
  EXPECT_THAT(text, HasSubstr("lecter_notifications_total{receiver=\"ops\",result=\"failed\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("lecter_notifications_total{receiver=\"ops\",result=\"sent\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("lecter_notification_queue_length{receiver=\"ops\"} 3\n"));
}

}  // namespace
}  // namespace lecter
