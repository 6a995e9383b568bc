#pragma once
/// A reconciler over fakes (prober, ApiServer, store, clock), shared by the reconciler tests.
/// dbConfig() gives one service "db" (prod/db, port 5432, three targets) for the tests of not-ready
/// addresses, Service awareness and Events.

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

#include "lecter/endpoints/endpoints_object.h"
#include "lecter/kube/dry_run_calls.h"
#include "lecter/reconcile/reconciler.h"
#include "lecter/store/memory_state_store.h"
#include "support/common/fake_kube_client.h"
#include "support/common/fake_prober.h"
#include "support/common/manual_clock.h"

namespace lecter::testing {

inline constexpr std::uint16_t kDbPort = 5432;
inline constexpr const char* kDbNamespace = "prod";
inline constexpr const char* kDbName = "db";

inline Config dbConfig(UnhealthyPolicy unhealthy = UnhealthyPolicy::Drop,
                       AllDownPolicy all_down = AllDownPolicy::Keep, int rise = 1, int fall = 1) {
  Config c;
  c.rise = rise;
  c.fall = fall;
  c.all_down = all_down;
  c.kubernetes.unhealthy = unhealthy;
  c.ping_timeout = std::chrono::milliseconds(300);
  ServiceSpec db{"db", kDbNamespace, kDbName, kDbPort, {}, {}, ReadyWhen::All};
  for (const char* ip : {"198.18.0.10", "198.18.0.11", "198.18.0.12"})
    db.targets.push_back(TargetSpec{std::string("node-") + ip, *parseIpAddress(ip), kDbPort});
  c.services.push_back(db);
  // The seed's template: its port has no name.
  c.endpoint_template = nlohmann::json::parse(R"({"kind":"Endpoints","apiVersion":"v1",
      "metadata":{"name":"ceph","namespace":"default"},
      "subsets":[{"addresses":[{"ip":"10.0.0.71"}],"ports":[{"port":8080,"protocol":"TCP"}]}]})");
  return c;
}

class ReconcilerStage : public ::testing::Test {
 protected:
  void build(const Config& config, ReconcileOptions options = {}) {
    config_ = config;
    reconciler_ = std::make_unique<Reconciler>(config_, prober_, ApiServer{kube_, kube_, kube_}, store_,
                                               clock_, options);
  }
  /// The writers' calls go to `calls` (which may answer later, from poll()); Services and Events to
  /// the fake ApiServer.
  void buildWith(const Config& config, KubeCalls& calls, ReconcileOptions options = {}) {
    config_ = config;
    reconciler_ = std::make_unique<Reconciler>(config_, prober_, ApiServer{calls, kube_, kube_}, store_,
                                               clock_, options);
  }
  /// A dry run, as app wires it: the writes and Events go to the sink, reads to the fake ApiServer.
  void buildDryRun(const Config& config, ReconcileOptions options = {}) {
    config_ = config;
    dry_run_ = std::make_unique<DryRunCalls>(kube_);
    reconciler_ = std::make_unique<Reconciler>(config_, prober_, ApiServer{*dry_run_, kube_, *dry_run_},
                                               store_, clock_, options);
  }
  /// One cycle, then the clock moves on by one interval (2 s).
  CycleReport cycle() {
    auto report = reconciler_->runCycle();
    clock_.advance(std::chrono::milliseconds(2000));
    return report;
  }
  [[nodiscard]] const nlohmann::json* live() const { return kube_.object(kDbNamespace, kDbName); }
  [[nodiscard]] std::set<std::string> liveReady() const {
    return live() == nullptr ? std::set<std::string>{} : readyIpsOf(*live());
  }
  [[nodiscard]] std::set<std::string> liveNotReady() const {
    return live() == nullptr ? std::set<std::string>{} : notReadyIpsOf(*live());
  }
  void down(const std::string& ip) { prober_.set(ip, kDbPort, ProbeOutcome::Refused); }
  void up(const std::string& ip) { prober_.set(ip, kDbPort, ProbeOutcome::Up); }

  Config config_;
  FakeProber prober_;
  FakeKubeClient kube_;
  MemoryStateStore store_;
  ManualClock clock_;
  std::unique_ptr<DryRunCalls> dry_run_;
  std::unique_ptr<Reconciler> reconciler_;
};

}  // namespace lecter::testing
