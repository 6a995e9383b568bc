#include "lecter/reconcile/reconciler.h"

#include <algorithm>
#include <memory>
#include <set>
#include <utility>

#include "endpoint_slices_write.h"
#include "endpoints_write.h"
#include "lecter/base/host_name.h"
#include "lecter/kube/unreadable_answers.h"
#include "lecter/obs/log.h"
#include "write_scheduler.h"

namespace lecter {

namespace {

TargetId idOf(const ServiceSpec& service, const TargetSpec& target) {
  return TargetId{service.key, target.ip.text, target.port};
}

/// Why the writes of a cycle were halted (WriteSchedulerHooks::halted), compared by address.
constexpr const char* kStopping = "stopping";
constexpr const char* kLeaseLost = "lease lost";
constexpr const char* kShardMoved = "shard given up";

/// A probe that says the target may be fine and lecter's own network is not: no answer at all.
bool silentFailure(ProbeOutcome outcome) {
  return outcome == ProbeOutcome::Timeout || outcome == ProbeOutcome::Unreachable;
}

}  // namespace

std::string_view toString(SyncOutcome outcome) {
  switch (outcome) {
    case SyncOutcome::InSync:
      return "in sync";
    case SyncOutcome::Written:
      return "written";
    case SyncOutcome::Kept:
      return "kept";
    case SyncOutcome::Held:
      return "held";
    case SyncOutcome::Guarded:
      return "guarded";
    case SyncOutcome::Failed:
      return "failed";
    case SyncOutcome::Skipped:
      return "skipped";
    case SyncOutcome::Standby:
      return "standby";
  }
  return "?";
}

bool CycleReport::allSucceeded() const {
  for (const auto& s : services) {
    if (s.outcome == SyncOutcome::Failed) return false;
  }
  return true;
}

Reconciler::Reconciler(const Config& config, Prober& prober, ApiServer api, StateStore& store,
                       const Clock& clock, ReconcileOptions options)
    : config_(config),
      prober_(prober),
      api_(api),
      store_(store),
      clock_(clock),
      options_(std::move(options)),
      service_directory_(api.services, clock),
      event_recorder_(api.events, clock, EventRecorderOptions{hostName()}) {
  if (!options_.random) options_.random = machineRandom();
}

void Reconciler::restoreState() {
  std::set<TargetId> configured;
  for (const auto& service : config_.services) {
    for (const auto& target : service.targets) configured.insert(idOf(service, target));
  }
  int restored = 0;
  for (const auto& record : store_.restoreTargets()) {
    const TargetId id{record.service, record.ip, record.port};
    if (!configured.contains(id)) continue;  // a target no longer in the config
    health_[id] = TargetHealth{record.state, record.consecutive_up, record.consecutive_down};
    last_change_ms_[id] = record.last_change_ms;
    ++restored;
  }
  if (restored > 0) log::info("restored the health of {} targets from the state store", restored);
  forgetUnconfigured();
}

void Reconciler::restoreHealth(const Reconciler& previous) {
  health_ = previous.health_;
  last_change_ms_ = previous.last_change_ms_;
  services_ = previous.services_;
  forgetUnconfigured();
}

void Reconciler::forgetUnconfigured() {
  std::set<std::string> targets;
  std::set<std::string> services;
  for (const auto& service : config_.services) {
    services.insert(service.key);
    for (const auto& target : service.targets) targets.insert(idOf(service, target).key());
  }
  store_.keepOnly(targets, services);
}

void Reconciler::chooseServices() {
  services_this_cycle_.clear();
  probed_this_cycle_.clear();
  // With votes, every replica probes every service, so that each has voters; it writes its own only.
  const bool probe_all = options_.votes != nullptr;
  std::set<std::string> owned;
  for (const auto& service : config_.services) {
    const bool own = owns(service);
    if (own || probe_all) probed_this_cycle_.push_back(&service);
    if (!own) continue;
    services_this_cycle_.push_back(&service);
    owned.insert(service.key);
  }
  std::set<std::string> adopted;
  for (const auto& key : owned) {
    if (owned_before_ && !owned_.contains(key)) adopted.insert(key);
  }
  owned_ = std::move(owned);
  owned_before_ = true;
  if (adopted.empty()) return;
  for (const auto& key : adopted) services_.erase(key);  // what the live objects hold is read again
  if (probe_all) {
    log::info("now writing {} more services (shards taken); their targets were probed and voted on all along",
              adopted.size());
    return;
  }
  // A shard this replica takes: the last holder's record is the freshest view of its targets.
  int restored = 0;
  for (const auto& record : store_.restoreTargets()) {
    if (!adopted.contains(record.service)) continue;
    const TargetId id{record.service, record.ip, record.port};
    health_[id] = TargetHealth{record.state, record.consecutive_up, record.consecutive_down};
    last_change_ms_[id] = record.last_change_ms;
    ++restored;
  }
  log::info(
      "now probing and writing {} more services (shards taken); {} targets' health restored from the "
      "state store",
      adopted.size(), restored);
}

bool Reconciler::owns(const ServiceSpec& service) const { return !options_.owns || options_.owns(service); }

CycleReport Reconciler::runCycle() {
  chooseServices();
  std::vector<ProbeTarget> targets;
  for (const ServiceSpec* service : probed_this_cycle_) {
    for (const auto& target : service->targets) targets.emplace_back(target.ip, target.port, target.probe);
  }
  const SteadyTime probes_started = clock_.now();
  ProbeCycleStats probe_stats;
  const std::vector<ProbeResult> results = prober_.probeAll(targets, config_.ping_timeout, probe_stats);
  CycleReport report;
  report.probe_time = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - probes_started);
  report.probes_in_flight_max = probe_stats.peak_in_flight;
  if (options_.interrupted && options_.interrupted()) {
    log::debug("cycle cut short by a signal");
    return report;
  }

  const std::optional<ProbeQuorum> quorum = exchangeVotes(results);
  report.partition_suspected = suspectOwnNetwork(results);
  applyProbes(results, quorum, report);
  if (options_.owns && options_.votes != nullptr) {
    // The services of other replicas' shards were probed for their votes only: theirs to report,
    // record and alert on.
    const auto theirs = [this](const std::string& service) { return !owned_.contains(service); };
    std::erase_if(report.targets, [&](const TargetRecord& t) { return theirs(t.service); });
    std::erase_if(report.transitions, [&](const TransitionRecord& t) { return theirs(t.service); });
    std::erase_if(report.quorum_votes, [&](const auto& votes) { return theirs(votes.first); });
  }
  const auto standby = [&report, this](const char* why) {
    for (const auto& service : config_.services) {
      if (owned_.contains(service.key) && why == nullptr) continue;
      report.services.push_back(
          ServiceReport{service.key,
                        ObjectRef{service.ns, service.name},
                        SyncOutcome::Standby,
                        why != nullptr ? why : "another replica holds its shard and writes",
                        {}});
    }
  };
  if (!mayWrite()) {
    // A follower: warm counters for the day it leads, and nothing written, not even the record.
    standby("another replica holds the lease and writes");
    return report;
  }
  applyServices(report);
  standby(nullptr);  // the services of other replicas' shards

  CycleRecord record;
  record.targets = report.targets;
  record.transitions = report.transitions;
  for (const auto& service : report.services) {
    const auto it = services_.find(service.service);
    if (it != services_.end()) record.services.push_back(it->second);
  }
  store_.record(record);
  report.store_up = store_.backendUp();
  // One line per cycle at debug: shows that cycles run while nothing else is logged.
  log::debug(
      "cycle over: {} services, {} probes in {} ms ({}), {} transitions, {} unreadable ApiServer "
      "answers since the start",
      report.services.size(), results.size(), report.probe_time.count(), describeOutcomes(results),
      report.transitions.size(), unreadableAnswers());
  return report;
}

bool Reconciler::mayWrite() const { return !options_.may_write || options_.may_write(); }

bool Reconciler::suspectOwnNetwork(const std::vector<ProbeResult>& results) {
  if (config_.partition_guard_percent <= 0 || results.empty()) return false;
  std::size_t silenced = 0;
  std::size_t index = 0;
  for (const ServiceSpec* probed : probed_this_cycle_) {
    const ServiceSpec& service = *probed;
    for (const auto& target : service.targets) {
      const auto it = health_.find(idOf(service, target));
      const bool was_up = it != health_.end() && it->second.state == HealthState::Healthy;
      if (was_up && silentFailure(results.at(index).outcome)) ++silenced;
      ++index;
    }
  }
  // Refused connections never count: a host that answers with a reset is reachable.
  const bool suspect =
      silenced * 100 > static_cast<std::size_t>(config_.partition_guard_percent) * results.size();
  if (suspect && !partition_suspected_) {
    log::warn(
        "{} of {} targets went from up to timeout or unreachable in one cycle, more than "
        "my_conf.partition_guard_percent ({}%): lecter suspects its own network and writes nothing "
        "until that changes",
        silenced, results.size(), config_.partition_guard_percent);
  } else if (!suspect && partition_suspected_) {
    log::info("the partition guard lets writes through again: the probes look like the network is back");
  }
  partition_suspected_ = suspect;
  return suspect;
}

std::optional<ProbeQuorum> Reconciler::exchangeVotes(const std::vector<ProbeResult>& results) {
  if (options_.votes == nullptr) return std::nullopt;
  ReplicaView mine{options_.voter_identity, {}};
  std::size_t index = 0;
  for (const ServiceSpec* probed : probed_this_cycle_) {
    for (const auto& target : probed->targets) {
      const ProbeResult& result = results.at(index++);
      // A probe that failed on this side says nothing about the target: no opinion.
      if (result.outcome == ProbeOutcome::LocalError) continue;
      mine.outcomes.emplace(idOf(*probed, target).key(), std::string(toString(result.outcome)));
    }
  }
  return ProbeQuorum(options_.votes->exchange(mine, options_.vote_ttl));
}

void Reconciler::applyProbes(const std::vector<ProbeResult>& results,
                             const std::optional<ProbeQuorum>& quorum, CycleReport& report) {
  const long long now_ms = toUnixMillis(clock_.wallNow());
  const Thresholds thresholds{config_.rise, config_.fall};
  std::size_t index = 0;
  std::size_t outvoted = 0;
  std::string outvoted_example;
  std::string outvoted_vote;
  for (const ServiceSpec* probed : probed_this_cycle_) {
    const ServiceSpec& service = *probed;
    for (const auto& target : service.targets) {
      const ProbeResult& result = results.at(index++);
      const TargetId id = idOf(service, target);
      // What the health step counts: this replica's own outcome, or the quorum's.
      ProbeOutcome counted = result.outcome;
      std::string error = result.error;
      std::string own_error = result.error;
      if (quorum) {
        const QuorumVerdict verdict = quorum->decide(id.key(), result.outcome);
        int& votes = report.quorum_votes[service.key];
        votes = std::max(votes, verdict.voters);
        counted = verdict.counted;
        const std::string vote = describeVote(verdict);
        own_error = result.error.empty() ? vote : result.error + "; " + vote;
        // A failure on this side says nothing of the target: what is counted carries only the vote.
        error = result.outcome == ProbeOutcome::LocalError ? vote : own_error;
        if (verdict.overruledDown(result.outcome)) {
          if (quorum->votesRead() && outvoted++ == 0) {
            outvoted_example = service.key + " " + target.name + " " + id.endpoint();
            outvoted_vote = vote;
          }
        }
      }
      const std::string kind(toString(target.probeKind()));
      TargetHealth& health = health_[id];
      const HealthState before = health.state;
      // While the partition guard holds, the silent failures of targets that were up are not counted:
      // they say more about lecter's network than about the targets.
      const bool suspect =
          report.partition_suspected && before == HealthState::Healthy && silentFailure(result.outcome);
      if (!suspect && applyOutcome(health, counted, thresholds)) {
        last_change_ms_[id] = now_ms;
        report.transitions.push_back(TransitionRecord{service.key, target.name, target.ip.text, target.port,
                                                      before, health.state, std::string(toString(counted)),
                                                      error, now_ms});
        const log::ScopedFields fields{{"service", service.key},
                                       {"target", target.name},
                                       {"address", id.endpoint()},
                                       {"probe", kind},
                                       {"outcome", std::string(toString(counted))},
                                       {"state", std::string(toString(health.state))}};
        // The probe's kind is said when it is not the original's TCP connect: "HTTP 503" alone could
        // puzzle whoever reads the line for a service they think of as a port.
        const std::string probe_said = kind == "tcp" ? std::string() : kind + " probe ";
        // A service of another replica's shard, probed here for its vote only, is that replica's to tell.
        log::infoOrDebug(owned_.contains(service.key), "target {} {} {}: {} -> {} ({}{}{}{})", service.key,
                         target.name, id.endpoint(), toString(before), toString(health.state), probe_said,
                         toString(counted), error.empty() ? "" : ": ", error);
      }
      // The record keeps what this replica's own probe saw, and the vote that overruled it.
      report.targets.push_back(TargetRecord{
          service.key, target.name, target.ip.text, target.port, health.state, health.consecutive_up,
          health.consecutive_down, last_change_ms_[id], std::string(toString(result.outcome)), own_error,
          static_cast<long long>(result.latency.count()), kind, result.cert_days_left});
    }
  }
  if (quorum) noteOutvoted(outvoted, results.size(), outvoted_example, outvoted_vote);
  // Probes that failed on this side (LocalError) are counted and logged once per cycle by the
  // prober, with their cause; applyOutcome() leaves their targets as they were.
}

void Reconciler::noteOutvoted(std::size_t outvoted, std::size_t probed, const std::string& example,
                              const std::string& vote) {
  if (outvoted > 0 && outvoted_ == 0) {
    log::warn(
        "quorum: {} targets this replica sees down (of {} it probes) are up for most replicas (e.g. {}: "
        "{}), so they are counted up; this replica's own network may be at fault",
        outvoted, probed, example, vote);
  } else if (outvoted == 0 && outvoted_ > 0) {
    log::info("quorum: this replica's probes agree with the other replicas' again");
  } else if (outvoted != outvoted_) {
    log::debug("quorum: {} targets seen down from here are up for most replicas", outvoted);
  }
  outvoted_ = outvoted;
}

void Reconciler::applyServices(CycleReport& report) {
  event_recorder_.beginCycle();
  struct Pending {
    const ServiceSpec* service;
    const ServiceFacts* facts;
    std::vector<HealthState> states;
    std::unique_ptr<ServiceWrite> write;
  };
  std::vector<Pending> pending;
  pending.reserve(services_this_cycle_.size());
  std::vector<ServiceReport> decided;  // services decided without a write (guard, selector)
  for (const ServiceSpec* owned : services_this_cycle_) {
    const ServiceSpec& service = *owned;
    const ObjectRef ref{service.ns, service.name};
    if (report.partition_suspected) {
      decided.push_back(ServiceReport{service.key,
                                      ref,
                                      SyncOutcome::Guarded,
                                      "my_conf.partition_guard_percent: lecter suspects its own network",
                                      {}});
      continue;
    }
    const ServiceFacts& facts = service_directory_.facts(service);
    if (facts.has_selector) {
      // Kubernetes' endpoints controller writes the Endpoints of a Service with a selector; two writers
      // would fight every cycle. ServiceDirectory has warned once.
      decided.push_back(
          ServiceReport{service.key,
                        ref,
                        SyncOutcome::Skipped,
                        "the Service has a selector; Kubernetes' endpoints controller owns its Endpoints",
                        {}});
      continue;
    }
    Pending& p = pending.emplace_back(Pending{&service, &facts, {}, nullptr});
    for (const auto& target : service.targets) {
      const auto it = health_.find(idOf(service, target));
      p.states.push_back(it == health_.end() ? HealthState::Pending : it->second.state);
    }
  }

  const WritePolicy policy{options_.max_conflict_retries, options_.conflict_backoff, options_.random};
  std::vector<ServiceWrite*> writes;
  for (auto& p : pending) {
    PlanInputs inputs{*p.service,
                      p.states,
                      config_.endpoint_template,
                      servicePortNameFor(p.facts->ports, p.service->port),
                      p.facts->uid,
                      config_.kubernetes.unhealthy,
                      config_.all_down,
                      config_.min_healthy_percent};
    if (config_.kubernetes.mode == SyncMode::EndpointSlice) {
      p.write = std::make_unique<EndpointSlicesWrite>(*p.service, policy, std::move(inputs), clock_);
    } else {
      p.write = std::make_unique<EndpointsWrite>(*p.service, policy, std::move(inputs), clock_);
    }
    writes.push_back(p.write.get());
  }
  // Losing the lease halts the writes as a stop does: nothing more is sent, not even a retry.
  const auto halted = [this]() -> const char* {
    if (options_.stopping && options_.stopping()) return kStopping;
    return mayWrite() ? nullptr : kLeaseLost;
  };
  // A shard given up or lost mid-cycle: its services send nothing more.
  std::function<const char*(const ServiceSpec&)> service_halted;
  if (options_.owns) {
    service_halted = [this](const ServiceSpec& service) -> const char* {
      return owns(service) ? nullptr : kShardMoved;
    };
  }
  runWrites(writes, api_.calls, clock_, config_.kubernetes.max_concurrent_writes,
            WriteSchedulerHooks{halted, service_halted, options_.pause});

  const char* const halted_by = halted();                                      // as the writes ended
  std::map<std::string, std::vector<const TransitionRecord*>> transitions_of;  // by service key
  for (const auto& t : report.transitions) transitions_of[t.service].push_back(&t);
  bool left_some = false;
  std::size_t next_decided = 0;
  std::size_t next_pending = 0;
  // The report keeps the config's order.
  for (const ServiceSpec* owned : services_this_cycle_) {
    const ServiceSpec& service = *owned;
    if (next_pending < pending.size() && pending[next_pending].service == &service) {
      Pending& p = pending[next_pending++];
      if (!p.write->started()) {
        left_some = true;
        continue;
      }
      ServiceReport service_report = p.write->takeReport();
      service_report.ref = ObjectRef{service.ns, service.name};
      if (p.write->record()) services_[service.key] = *p.write->record();
      // A failed write may come from a changed Service: read it again next cycle.
      if (service_report.outcome == SyncOutcome::Failed) service_directory_.invalidate(service);
      noteOutcome(service_report);
      if (halted_by == nullptr) postEvents(service, *p.facts, transitions_of[service.key], service_report);
      report.services.push_back(std::move(service_report));
    } else if (next_decided < decided.size()) {
      report.services.push_back(std::move(decided[next_decided++]));
    }
  }
  if (left_some && halted_by == kStopping) {
    log::info("stopping: the services not synced yet are left for the next start");
  } else if (left_some && halted_by == kLeaseLost) {
    log::warn("lease lost: the services not synced yet are left to the replica that leads next");
  }
}

void Reconciler::noteOutcome(const ServiceReport& report) {
  const std::string& key = report.service;
  const std::string where = report.ref.ns + "/" + report.ref.name;
  const log::ScopedFields fields{{"service", key}, {"sync", std::string(toString(report.outcome))}};
  if (report.outcome == SyncOutcome::Kept || report.outcome == SyncOutcome::Held) {
    // Once per episode, not every cycle.
    const auto [it, first] = held_.emplace(key, report.outcome);
    if (first || it->second != report.outcome) {
      it->second = report.outcome;
      if (report.outcome == SyncOutcome::Kept) {
        log::warn("service {} ({}): no healthy target; keeping the last written {} (all_down: keep)", key,
                  where, config_.kubernetes.mode == SyncMode::EndpointSlice ? "endpointslices" : "addresses");
      } else {
        log::warn("service {} ({}): {}", key, where, report.detail);
      }
    }
    return;
  }
  if (report.outcome == SyncOutcome::Failed) {
    // One line per distinct failure, not one per cycle: a down ApiServer must not flood the log.
    auto& last = failures_[key];
    if (last != report.detail) log::error("service {}: {}", key, report.detail);
    last = report.detail;
    return;
  }
  held_.erase(key);
  if (failures_.erase(key) > 0) log::info("service {}: ApiServer calls succeed again", key);
}

void Reconciler::postEvents(const ServiceSpec& service, const ServiceFacts& facts,
                            const std::vector<const TransitionRecord*>& transitions,
                            const ServiceReport& report) {
  const ObjectRef ref{service.ns, service.name};
  for (const TransitionRecord* transition : transitions) {
    const TransitionRecord& t = *transition;
    const std::string target = TargetId{t.service, t.ip, t.port}.endpoint();
    // Down from any state (also at start, while the live object may still list it); up only from
    // down, so a start does not announce every healthy target.
    if (t.to == HealthState::Unhealthy) {
      event_recorder_.record(EventNote{ref, facts.uid, EventType::Warning, kReasonTargetDown, target,
                                       "target " + t.target + " " + target + " is down: " + t.outcome +
                                           (t.error.empty() ? "" : " (" + t.error + ")")});
    } else if (t.to == HealthState::Healthy && t.from == HealthState::Unhealthy) {
      event_recorder_.record(EventNote{ref, facts.uid, EventType::Normal, kReasonTargetUp, target,
                                       "target " + t.target + " " + target + " is up again"});
    }
  }
  if (report.outcome == SyncOutcome::Failed) {
    event_recorder_.record(EventNote{ref, facts.uid, EventType::Warning, kReasonSyncFailed, "",
                                     "lecter could not sync: " + report.detail});
  }
}

}  // namespace lecter
