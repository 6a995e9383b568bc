// Which alerts fire after a cycle: they follow the state, so the same report always gives the same alerts.

#include <gtest/gtest.h>

#include "lecter/notify/alert_rules.h"

namespace lecter::testing {
namespace {

constexpr long long kNow = 1'800'000'000'000;

Config redisConfig() {
  Config config;
  ServiceSpec redis{"redis", "default", "redis-ext", 6379, {}, {}, ReadyWhen::All};
  for (const char* ip : {"198.18.0.1", "198.18.0.2"})
    redis.targets.push_back(TargetSpec{std::string("node-") + ip, *parseIpAddress(ip), 6379});
  config.services.push_back(redis);
  config.notify.write_failure_after = std::chrono::seconds(60);
  return config;
}

TargetRecord target(const std::string& ip, HealthState state, long long changed_ms = kNow - 1000) {
  TargetRecord record;
  record.service = "redis";
  record.name = "node-" + ip;
  record.ip = ip;
  record.port = 6379;
  record.state = state;
  record.last_change_ms = changed_ms;
  record.last_outcome = state == HealthState::Unhealthy ? "refused" : "open";
  record.last_error = state == HealthState::Unhealthy ? "connection refused" : "";
  return record;
}

CycleReport report(std::vector<TargetRecord> targets) {
  CycleReport r;
  r.targets = std::move(targets);
  return r;
}

TEST(AlertRules, AnUnhealthyTargetFiresWithItsOutcomeAndSince) {
  const Config config = redisConfig();
  AlertRules rules(config);
  const auto alerts = rules.evaluate(report({target("198.18.0.1", HealthState::Unhealthy, kNow - 5000),
                                             target("198.18.0.2", HealthState::Healthy)}),
                                     kNow);
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].event, AlertEvent::TargetDown);
  EXPECT_EQ(alerts[0].target, "node-198.18.0.1");
  EXPECT_EQ(alerts[0].address, "198.18.0.1:6379");
  EXPECT_EQ(alerts[0].outcome, "refused");
  EXPECT_EQ(alerts[0].detail, "connection refused");
  EXPECT_EQ(alerts[0].starts_ms, kNow - 5000);
  EXPECT_EQ(alerts[0].ns, "default");
  EXPECT_EQ(alerts[0].name, "redis-ext");
}

TEST(AlertRules, AServiceWithNoneHealthyFiresServiceDown) {
  AlertRules rules(redisConfig());
  const auto alerts = rules.evaluate(report({target("198.18.0.1", HealthState::Unhealthy, kNow - 9000),
                                             target("198.18.0.2", HealthState::Unhealthy, kNow - 3000)}),
                                     kNow);
  ASSERT_EQ(alerts.size(), 3U);
  EXPECT_EQ(alerts[2].event, AlertEvent::ServiceDown);
  EXPECT_EQ(alerts[2].starts_ms, kNow - 3000) << "from when the last one went down";
  EXPECT_EQ(alerts[2].detail, "2 targets, none healthy");
}

TEST(AlertRules, PendingTargetsAreNotDown) {
  AlertRules rules(redisConfig());
  EXPECT_TRUE(rules
                  .evaluate(report({target("198.18.0.1", HealthState::Pending),
                                    target("198.18.0.2", HealthState::Pending)}),
                            kNow)
                  .empty());
}

TEST(AlertRules, WritesFailingFiresOnlyAfterWriteFailureAfter) {
  AlertRules rules(redisConfig());
  CycleReport failing = report({target("198.18.0.1", HealthState::Healthy)});
  failing.services.push_back(ServiceReport{"redis", {}, SyncOutcome::Failed, "422 Unprocessable Entity", {}});
  EXPECT_TRUE(rules.evaluate(failing, kNow).empty());
  EXPECT_TRUE(rules.evaluate(failing, kNow + 59'000).empty());
  const auto alerts = rules.evaluate(failing, kNow + 60'000);
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].event, AlertEvent::WritesFailing);
  EXPECT_EQ(alerts[0].starts_ms, kNow);
  EXPECT_EQ(alerts[0].detail, "422 Unprocessable Entity");
  CycleReport written = failing;
  written.services[0].outcome = SyncOutcome::Written;
  EXPECT_TRUE(rules.evaluate(written, kNow + 61'000).empty());
}

TEST(AlertRules, ThePartitionGuardFiresWhileItHolds) {
  AlertRules rules(redisConfig());
  CycleReport held = report({target("198.18.0.1", HealthState::Healthy)});
  held.partition_suspected = true;
  ASSERT_EQ(rules.evaluate(held, kNow).size(), 1U);
  const auto alerts = rules.evaluate(held, kNow + 5000);
  ASSERT_EQ(alerts.size(), 1U);
  EXPECT_EQ(alerts[0].event, AlertEvent::PartitionGuard);
  EXPECT_EQ(alerts[0].starts_ms, kNow);
  EXPECT_TRUE(alerts[0].service.empty());
}

TEST(AlertRules, ATargetBackSaysWhenItCameBack) {
  AlertRules rules(redisConfig());
  const auto down = rules.evaluate(
      report({target("198.18.0.1", HealthState::Unhealthy), target("198.18.0.2", HealthState::Healthy)}),
      kNow);
  ASSERT_EQ(down.size(), 1U);
  EXPECT_TRUE(rules.endedAt().empty());
  EXPECT_TRUE(rules
                  .evaluate(report({target("198.18.0.1", HealthState::Healthy, kNow + 1234),
                                    target("198.18.0.2", HealthState::Healthy)}),
                            kNow + 2000)
                  .empty());
  EXPECT_EQ(rules.endedAt(), (std::map<std::string, long long>{{down[0].key(), kNow + 1234}}));
}

TEST(AlertRules, ACycleCutShortChangesNothing) {
  AlertRules rules(redisConfig());
  const auto before = rules.evaluate(
      report({target("198.18.0.1", HealthState::Unhealthy), target("198.18.0.2", HealthState::Healthy)}),
      kNow);
  ASSERT_EQ(before.size(), 1U);
  const auto after = rules.evaluate(CycleReport{}, kNow + 1000);
  ASSERT_EQ(after.size(), 1U);
  EXPECT_EQ(after[0].key(), before[0].key());
}

TEST(AlertRules, ACycleCutShortRightAfterAReloadStillSeesWhatFired) {
  const Config config = redisConfig();
  AlertRules rules(config);
  ASSERT_EQ(rules
                .evaluate(report({target("198.18.0.1", HealthState::Unhealthy),
                                  target("198.18.0.2", HealthState::Healthy)}),
                          kNow)
                .size(),
            1U);
  Config reloaded = config;
  reloaded.services.push_back(ServiceSpec{"mysql", "default", "mysql-ext", 3306, {}, {}, ReadyWhen::All});
  AlertRules next(reloaded);
  next.takeOver(rules);
  const auto alerts = next.evaluate(report({}), kNow + 1000);
  ASSERT_EQ(alerts.size(), 1U) << "nothing ended: the cycle saw nothing";
  EXPECT_EQ(alerts[0].address, "198.18.0.1:6379");
}

TEST(AlertRules, AReloadDropsTheAlertsOfServicesItTookOut) {
  AlertRules rules(redisConfig());
  rules.evaluate(report({target("198.18.0.1", HealthState::Unhealthy)}), kNow);
  AlertRules next(Config{});
  next.takeOver(rules);
  EXPECT_TRUE(next.evaluate(report({}), kNow + 1000).empty());
}

}  // namespace
}  // namespace lecter::testing
