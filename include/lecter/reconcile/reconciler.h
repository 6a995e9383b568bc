#pragma once
/// One cycle: probe every target → health (rise/fall) → plan per service (endpoints/) → apply: every
/// service's writes at once (resourceVersion, retry on 409) → record state. Returns a CycleReport;
/// what is printed of it, and whether writes are sent or only recorded (--dry-run), is decided by
/// the caller (app), not here.

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lecter/base/backoff.h"
#include "lecter/base/clock.h"
#include "lecter/config/config.h"
#include "lecter/coord/probe_quorum.h"
#include "lecter/coord/vote_board.h"
#include "lecter/health/health_tracker.h"
#include "lecter/health/target_id.h"
#include "lecter/kube/events_api.h"
#include "lecter/kube/kube_calls.h"
#include "lecter/kube/services_api.h"
#include "lecter/probe/prober.h"
#include "lecter/reconcile/event_recorder.h"
#include "lecter/reconcile/service_directory.h"
#include "lecter/store/state_store.h"

namespace lecter {

/// The ApiServer as the reconciler uses it: the writers' calls, Service reads, Events.
struct ApiServer {
  KubeCalls& calls;
  ServicesApi& services;
  EventsApi& events;
};

struct ReconcileOptions {
  int max_conflict_retries = 5;
  /// The pause before each retry after a lost race (409 Conflict, or 404 from a delete in between):
  /// 50 ms doubling to 1 s, each up to twice as long at random, so two writers that collided (another
  /// controller, a second lecter) do not collide again in step. Five retries wait 2.5 s at most.
  BackoffPolicy conflict_backoff{std::chrono::milliseconds(50), std::chrono::milliseconds(1000), 1.0};
  /// Waits a retry's pause while no write is in flight, returning early once a stop is pending;
  /// empty: retries at once.
  std::function<void(std::chrono::milliseconds)> pause;
  /// Numbers in [0, 1) for the jitter; empty: the machine's (machineRandom()).
  std::function<double()> random;
  /// Asked after probing: true (a stop or reload signal came) skips the rest of the cycle, so the
  /// daemon answers at once without acting on probes cut short.
  std::function<bool()> interrupted;
  /// Asked while writing: true (SIGTERM/SIGINT waits) starts no further service and no retry, and
  /// posts no Events, so a stop is not held up by an ApiServer that hangs; the state is still recorded.
  std::function<bool()> stopping;
  /// Asked before each service is written and each retry: false (another replica leads; this one
  /// could not renew its Lease) writes nothing more and posts no Event, and the cycle's record is not
  /// made (the leader's is the shared one). Probing and health go on. Empty: this replica writes.
  std::function<bool()> may_write;
  /// kubernetes_conf.shards: whether this replica probes and writes `service` now (it holds the
  /// service's shard). Asked at each cycle's start, where a service not owned is not probed and
  /// reports standby, and before each of its write calls, so a shard given up or lost mid-cycle gets
  /// nothing more. A service owned again is restored from the store (the last holder's record).
  /// Empty: every service.
  std::function<bool(const ServiceSpec&)> owns;
  /// kubernetes_conf.leader_election.quorum: where this replica publishes what its probes saw, as
  /// `voter_identity`, each view living `vote_ttl`, and reads the other replicas' (ProbeQuorum says what
  /// the health step then counts). With shards, every replica probes every service so that each is
  /// voted on, and writes and records only those it owns. Null: this replica's own probes decide.
  VoteBoard* votes = nullptr;
  std::string voter_identity;
  std::chrono::milliseconds vote_ttl{0};
};

enum class SyncOutcome {
  InSync,   // nothing to write
  Written,  // the writes succeeded (in a dry run: were recorded)
  Kept,     // nothing healthy and all_down: keep, so the last set was left alone
  Held,     // fewer healthy than my_conf.min_healthy_percent, so the last set was left alone
  Guarded,  // my_conf.partition_guard_percent: lecter suspects its own network, nothing was written
  Failed,   // the ApiServer refused or could not be reached
  Skipped,  // the Service has a selector: Kubernetes' endpoints controller owns its Endpoints
  Standby,  // another replica leads (kubernetes_conf.leader_election): it writes, this one only probes
};

std::string_view toString(SyncOutcome outcome);

struct ServiceReport {
  std::string service;  // the service key
  ObjectRef ref;        // the Service
  SyncOutcome outcome = SyncOutcome::InSync;
  std::string detail;            // why written / why failed
  std::vector<KubeCall> writes;  // the writes that succeeded, in the order they were made
};

struct CycleReport {
  /// Every target's probe and health, in config order (empty when the cycle was cut short).
  std::vector<TargetRecord> targets;
  std::vector<TransitionRecord> transitions;
  std::vector<ServiceReport> services;
  std::chrono::milliseconds probe_time{0};
  /// Most probes in flight at once.
  std::size_t probes_in_flight_max = 0;
  /// Whether the state store's backend took this cycle's record; none without one (in memory).
  std::optional<bool> store_up;
  /// my_conf.partition_guard_percent held every write back this cycle.
  bool partition_suspected = false;
  /// ReconcileOptions::votes: how many replicas' views counted for each probed service's targets
  /// (the most over its targets, this replica included), by service key. Empty without quorum.
  std::map<std::string, int> quorum_votes;
  /// True when every write that was needed succeeded (or there was none).
  [[nodiscard]] bool allSucceeded() const;
};

class Reconciler {
 public:
  Reconciler(const Config& config, Prober& prober, ApiServer api, StateStore& store, const Clock& clock,
             ReconcileOptions options);

  /// Restores rise/fall counters saved by an earlier run, and removes from the store the records of
  /// targets and services no longer configured. Call once before the first cycle.
  void restoreState();
  CycleReport runCycle();

  /// Takes over the health counters of the reconciler this one replaces (config reload), and removes
  /// from the store the records of what the new config no longer has.
  void restoreHealth(const Reconciler& previous);

  /// Health of every target seen.
  [[nodiscard]] const std::map<TargetId, TargetHealth>& health() const { return health_; }

 private:
  void forgetUnconfigured();
  /// ReconcileOptions::may_write, true when unset.
  [[nodiscard]] bool mayWrite() const;
  /// ReconcileOptions::owns, true when unset.
  [[nodiscard]] bool owns(const ServiceSpec& service) const;
  /// The services this cycle probes and writes (owns()); those newly owned get their targets' health
  /// from the store.
  void chooseServices();
  /// ReconcileOptions::votes: publishes this cycle's own results and reads the other replicas' views;
  /// none without quorum.
  [[nodiscard]] std::optional<ProbeQuorum> exchangeVotes(const std::vector<ProbeResult>& results);
  /// Probe results (weighed by the quorum, when there is one) → health, transitions and the targets'
  /// records (the health step).
  void applyProbes(const std::vector<ProbeResult>& results, const std::optional<ProbeQuorum>& quorum,
                   CycleReport& report);
  /// Says once when this replica starts and stops seeing down targets the quorum counts up.
  void noteOutvoted(std::size_t outvoted, std::size_t probed, const std::string& example,
                    const std::string& vote);
  /// my_conf.partition_guard_percent: whether this cycle's results look like lecter's own network
  /// failing (before they are applied).
  [[nodiscard]] bool suspectOwnNetwork(const std::vector<ProbeResult>& results);
  /// Plan and apply every service (the plan and apply steps).
  void applyServices(CycleReport& report);
  /// Logs what changed for a service since the last cycle (failures, keeps, holds), once each.
  void noteOutcome(const ServiceReport& report);
  void postEvents(const ServiceSpec& service, const ServiceFacts& facts,
                  const std::vector<const TransitionRecord*>& transitions, const ServiceReport& report);

  const Config& config_;
  std::vector<const ServiceSpec*> services_this_cycle_;  // owned, in config order
  std::vector<const ServiceSpec*> probed_this_cycle_;    // owned, or every one with votes; config order
  std::set<std::string> owned_;                          // service keys owned last cycle
  bool owned_before_ = false;                            // a cycle chose its services before
  Prober& prober_;
  ApiServer api_;
  StateStore& store_;
  const Clock& clock_;
  ReconcileOptions options_;
  std::map<TargetId, TargetHealth> health_;
  std::map<TargetId, long long> last_change_ms_;
  std::map<std::string, ServiceRecord> services_;  // by service key: what the live objects held last
  std::map<std::string, std::string> failures_;    // service key → last failure logged
  std::map<std::string, SyncOutcome> held_;        // services kept or held, warned about once
  bool partition_suspected_ = false;               // the guard held the last cycle's writes
  std::size_t outvoted_ = 0;                       // targets seen down from here, counted up, last cycle
  ServiceDirectory service_directory_;
  EventRecorder event_recorder_;
};

}  // namespace lecter
