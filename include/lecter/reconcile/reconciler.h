#pragma once
/// One cycle: probe every target → health (rise/fall) → desired set per service → compare, as sets,
/// with the live object → write where they differ (resourceVersion, retry on 409) → record state.

#include <functional>
#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "lecter/base/backoff.h"
#include "lecter/base/clock.h"
#include "lecter/config/config.h"
#include "lecter/endpoints/endpoints_object.h"
#include "lecter/health/health_tracker.h"
#include "lecter/kube/kube_client.h"
#include "lecter/probe/prober.h"
#include "lecter/reconcile/event_recorder.h"
#include "lecter/reconcile/service_directory.h"
#include "lecter/store/state_store.h"

namespace lecter {

struct ReconcileOptions {
  bool dry_run = false;            // probe and compare, print what would be written; write nothing
  std::ostream* report = nullptr;  // where --dry-run/--once print per-target results and objects
  int max_conflict_retries = 5;
  /// The pause before each retry after a lost race (409 Conflict, or 404 from a delete in between):
  /// 50 ms doubling to 1 s, each up to twice as long at random, so two writers that collided (another
  /// controller, a second lecter) do not collide again in step. Five retries wait 2.5 s at most.
  BackoffPolicy conflict_backoff{std::chrono::milliseconds(50), std::chrono::milliseconds(1000), 1.0};
  /// Waits a retry's pause, returning early once a stop is pending; empty: retries at once.
  std::function<void(std::chrono::milliseconds)> pause;
  /// Numbers in [0, 1) for the jitter; empty: the machine's (machineRandom()).
  std::function<double()> random;
  /// Asked after probing: true (a stop or reload signal came) skips the rest of the cycle, so the
  /// daemon answers at once without acting on probes cut short.
  std::function<bool()> interrupted;
  /// Asked before each service: true (SIGTERM/SIGINT waits) leaves the remaining services and their
  /// Events alone, so a stop is not held up by an ApiServer that hangs; the state is still recorded.
  std::function<bool()> stopping;
};

enum class SyncOutcome {
  InSync,      // nothing to write
  Written,     // a PUT succeeded
  WouldWrite,  // dry run: a PUT would have been made
  Kept,        // nothing healthy and all_down: keep, so the last set was left alone
  Failed,      // the ApiServer refused or could not be reached
  Skipped,     // the Service has a selector: Kubernetes' endpoints controller owns its Endpoints
};

struct ServiceReport {
  std::string service;
  SyncOutcome outcome = SyncOutcome::InSync;
  std::string detail;  // why written / why failed
};

struct CycleReport {
  std::vector<ServiceReport> services;
  /// True when every write that was needed succeeded (or there was none).
  [[nodiscard]] bool allSucceeded() const;
};

class Reconciler {
 public:
  Reconciler(const Config& config, Prober& prober, KubeClient& kube, StateStore& store, const Clock& clock,
             ReconcileOptions options);

  /// Restores rise/fall counters saved by an earlier run. Call once before the first cycle.
  void restoreState();
  CycleReport runCycle();

  /// Takes over the health counters of the reconciler this one replaces (config reload).
  void restoreHealth(const Reconciler& previous);

  /// Health of a target, keyed by targetKey(service, ip, port).
  [[nodiscard]] const std::map<std::string, TargetHealth>& health() const { return health_; }

 private:
  ServiceReport syncService(const ServiceSpec& service, const ServiceFacts& facts);
  /// kubernetes_conf.mode: endpointslice, in endpoint_slice_sync.cpp.
  ServiceReport syncEndpointSlices(const ServiceSpec& service, const ServiceFacts& facts);
  void rememberSlices(const ServiceSpec& service, const std::vector<nlohmann::json>& slices, bool written);
  [[nodiscard]] EndpointAddresses desiredAddresses(const ServiceSpec& service, const ServiceFacts& facts,
                                                   const nlohmann::json& observed) const;
  void postEvents(const ServiceSpec& service, const ServiceFacts& facts,
                  const std::vector<TransitionRecord>& transitions, const ServiceReport& report);
  void rememberService(const ServiceSpec& service, const nlohmann::json& object, bool written);
  /// Before a retry after a lost race: waits the backoff's next pause; false when a stop came meanwhile.
  bool pauseBeforeRetry(Backoff& backoff) const;
  void noteFailure(const ServiceSpec& service, const std::string& detail);
  void clearFailure(const ServiceSpec& service);
  void printObject(const nlohmann::json& object) const;

  const Config& config_;
  Prober& prober_;
  KubeClient& kube_;
  StateStore& store_;
  const Clock& clock_;
  ReconcileOptions options_;
  std::map<std::string, TargetHealth> health_;
  std::map<std::string, long long> last_change_ms_;
  std::map<std::string, ServiceRecord> services_;  // by service key
  std::map<std::string, std::string> failures_;    // service key → last failure logged
  std::set<std::string> kept_;                     // services held by all_down: keep
  ServiceDirectory service_directory_;
  EventRecorder event_recorder_;
};

}  // namespace lecter
