// ReconcileOptions::owns (kubernetes_conf.shards): a replica probes and writes only the services of
// its shards; one it takes starts from the store's record of them (the last holder's); one given up
// mid-cycle sends nothing more.

#include <gtest/gtest.h>

#include "reconciler_stage.h"
#include "support/common/log_capture.h"

namespace lecter::testing {
namespace {

constexpr const char* kCacheName = "cache";

Config twoServices(int rise = 1) {
  Config c = dbConfig(UnhealthyPolicy::Drop, AllDownPolicy::Keep, rise, 1);
  ServiceSpec cache{"cache", kDbNamespace, kCacheName, kDbPort, {}, {}, ReadyWhen::All};
  for (const char* ip : {"198.18.1.10", "198.18.1.11"})
    cache.targets.push_back(TargetSpec{std::string("node-") + ip, *parseIpAddress(ip), kDbPort});
  c.services.push_back(cache);
  return c;
}

class ShardOwnershipTest : public ReconcilerStage {
 protected:
  ReconcileOptions owning() {
    ReconcileOptions options;
    options.owns = [this](const ServiceSpec& service) { return owned_.contains(service.key); };
    return options;
  }
  [[nodiscard]] bool wroteTo(const std::string& name) const {
    for (const auto& call : kube_.calls()) {
      if (call.ref == std::string(kDbNamespace) + "/" + name) return true;
    }
    return false;
  }
  LogCapture logs_;
  std::set<std::string> owned_{"db"};
};

TEST_F(ShardOwnershipTest, OnlyTheServicesOfHeldShardsAreProbedAndWritten) {
  build(twoServices(), owning());
  down("198.18.0.10");
  const CycleReport report = cycle();
  ASSERT_EQ(prober_.cycles().size(), 1U);
  EXPECT_EQ(prober_.cycles()[0].size(), 3U) << "cache's targets were probed by a replica not holding it";
  ASSERT_EQ(report.services.size(), 2U);
  EXPECT_EQ(report.services[0].service, "db");
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Written);
  EXPECT_EQ(report.services[1].service, "cache");
  EXPECT_EQ(report.services[1].outcome, SyncOutcome::Standby);
  EXPECT_TRUE(wroteTo(kDbName));
  EXPECT_FALSE(wroteTo(kCacheName)) << "a replica wrote a service of another's shard";
  for (const auto& target : store_.restoreTargets()) EXPECT_EQ(target.service, "db");
}

TEST_F(ShardOwnershipTest, AServiceTakenOverStartsFromTheLastHoldersRecord) {
  build(twoServices(/*rise=*/3), owning());
  cycle();
  // Another replica held cache's shard and recorded 198.18.1.10 as down.
  CycleRecord theirs;
  theirs.targets.push_back(TargetRecord{"cache", "node-198.18.1.10", "198.18.1.10", kDbPort,
                                        HealthState::Unhealthy, 0, 7, 1, "refused", "", 0, "tcp",
                                        std::nullopt});
  theirs.targets.push_back(TargetRecord{"cache", "node-198.18.1.11", "198.18.1.11", kDbPort,
                                        HealthState::Healthy, 9, 0, 1, "up", "", 0, "tcp", std::nullopt});
  store_.record(theirs);

  owned_.insert("cache");
  const CycleReport report = cycle();  // 198.18.1.10 answers once: not enough to rise (3)
  bool seen = false;
  for (const auto& target : report.targets) {
    if (target.ip != "198.18.1.10") continue;
    seen = true;
    EXPECT_EQ(target.state, HealthState::Unhealthy) << "the last holder's view was not taken over";
  }
  EXPECT_TRUE(seen);
  const nlohmann::json* cache = kube_.object(kDbNamespace, kCacheName);
  ASSERT_NE(cache, nullptr);
  EXPECT_EQ(readyIpsOf(*cache), (std::set<std::string>{"198.18.1.11"}));
  EXPECT_NE(logs_.all().find("health restored from the state store"), std::string::npos) << logs_.all();
}

TEST_F(ShardOwnershipTest, AShardGivenUpDuringConflictRetriesEndsThemWithoutAnotherWrite) {
  ReconcileOptions options = owning();
  options.pause = [this](std::chrono::milliseconds wait) {
    owned_.clear();  // the shard elector gave the shard up meanwhile
    clock_.advance(wait);
  };
  build(twoServices(), options);
  cycle();
  down("198.18.0.10");
  kube_.conflictNext(100);
  const auto puts_before = kube_.count("PUT");
  const CycleReport report = cycle();
  EXPECT_EQ(kube_.count("PUT") - puts_before, 1) << "a write went out after the shard was given up";
  EXPECT_NE(report.services[0].detail.find("shard given up"), std::string::npos) << report.services[0].detail;
  const CycleReport after = cycle();
  EXPECT_EQ(after.services[0].outcome, SyncOutcome::Standby);
}

}  // namespace
}  // namespace lecter::testing
