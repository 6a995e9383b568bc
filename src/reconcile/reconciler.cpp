#include "lecter/reconcile/reconciler.h"
#include "lecter/base/json_fields.h"

#include <set>
#include <utility>

#include "lecter/base/host_name.h"
#include "lecter/endpoints/endpoints_object.h"
#include "lecter/kube/rest_kube_client.h"
#include "lecter/kube/unreadable_answers.h"
#include "lecter/obs/log.h"
#include "lecter/store/memory_state_store.h"

namespace lecter {

namespace {

std::string_view toString(SyncOutcome outcome) {
  switch (outcome) {
    case SyncOutcome::InSync:
      return "in sync";
    case SyncOutcome::Written:
      return "written";
    case SyncOutcome::WouldWrite:
      return "would write";
    case SyncOutcome::Kept:
      return "kept";
    case SyncOutcome::Failed:
      return "failed";
    case SyncOutcome::Skipped:
      return "skipped";
  }
  return "?";
}

std::string endpointText(const TargetSpec& target) {
  return target.ip.family == IpFamily::V6 ? "[" + target.ip.text + "]:" + std::to_string(target.port)
                                          : target.ip.text + ":" + std::to_string(target.port);
}

std::string latencyText(std::chrono::microseconds latency) {
  const auto tenths = latency.count() / 100;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + "ms";
}

}  // namespace

bool CycleReport::allSucceeded() const {
  for (const auto& s : services) {
    if (s.outcome == SyncOutcome::Failed) return false;
  }
  return true;
}

Reconciler::Reconciler(const Config& config, Prober& prober, KubeClient& kube, StateStore& store,
                       const Clock& clock, ReconcileOptions options)
    : config_(config),
      prober_(prober),
      kube_(kube),
      store_(store),
      clock_(clock),
      options_(std::move(options)),
      service_directory_(kube, clock),
      event_recorder_(kube, clock, EventRecorderOptions{hostName()}) {
  if (!options_.random) options_.random = machineRandom();
}

void Reconciler::restoreState() {
  std::set<std::string> configured;
  for (const auto& service : config_.services) {
    for (const auto& target : service.targets)
      configured.insert(targetKey(service.key, target.ip.text, target.port));
  }
  int restored = 0;
  for (const auto& record : store_.restoreTargets()) {
    const std::string key = targetKey(record.service, record.ip, record.port);
    if (!configured.contains(key)) continue;  // a target no longer in the config
    health_[key] = TargetHealth{record.state, record.consecutive_up, record.consecutive_down};
    last_change_ms_[key] = record.last_change_ms;
    ++restored;
  }
  if (restored > 0) log::info("restored the health of {} targets from the state store", restored);
}

void Reconciler::restoreHealth(const Reconciler& previous) {
  health_ = previous.health_;
  last_change_ms_ = previous.last_change_ms_;
  services_ = previous.services_;
}

CycleReport Reconciler::runCycle() {
  std::vector<ProbeTarget> targets;
  for (const auto& service : config_.services) {
    for (const auto& target : service.targets) targets.push_back(ProbeTarget{target.ip, target.port});
  }
  const SteadyTime probes_started = clock_.now();
  const std::vector<ProbeResult> results = prober_.probeAll(targets, config_.ping_timeout);
  const auto probe_time =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - probes_started).count();
  if (options_.interrupted && options_.interrupted()) {
    log::debug("cycle cut short by a signal");
    return {};
  }

  CycleRecord record;
  const long long now_ms = toUnixMillis(clock_.wallNow());
  const Thresholds thresholds{config_.rise, config_.fall};
  std::size_t index = 0;
  for (const auto& service : config_.services) {
    for (const auto& target : service.targets) {
      const ProbeResult& result = results.at(index++);
      const std::string key = targetKey(service.key, target.ip.text, target.port);
      TargetHealth& health = health_[key];
      const HealthState before = health.state;
      if (applyOutcome(health, result.outcome, thresholds)) {
        last_change_ms_[key] = now_ms;
        record.transitions.push_back(
            TransitionRecord{service.key, target.name, target.ip.text, target.port, before, health.state,
                             std::string(toString(result.outcome)), result.error, now_ms});
        log::info("target {} {} {}: {} -> {} ({}{}{})", service.key, target.name, endpointText(target),
                  toString(before), toString(health.state), toString(result.outcome),
                  result.error.empty() ? "" : ": ", result.error);
      }
      if (options_.report != nullptr) {
        *options_.report << "probe " << service.key << " " << target.name << " " << endpointText(target)
                         << " " << toString(result.outcome) << " " << latencyText(result.latency) << " -> "
                         << toString(health.state) << (result.error.empty() ? "" : " (" + result.error + ")")
                         << "\n";
      }
      record.targets.push_back(TargetRecord{service.key, target.name, target.ip.text, target.port,
                                            health.state, health.consecutive_up, health.consecutive_down,
                                            last_change_ms_[key], std::string(toString(result.outcome)),
                                            result.error, static_cast<long long>(result.latency.count())});
    }
  }
  // Probes that failed on this side (LocalError) are counted and logged once per cycle by the
  // prober, with their cause; applyOutcome() leaves their targets as they were.

  CycleReport report;
  event_recorder_.beginCycle();
  for (const auto& service : config_.services) {
    if (options_.stopping && options_.stopping()) {
      log::info("stopping: the services not synced yet are left for the next start");
      break;
    }
    const ServiceFacts& facts = service_directory_.facts(service);
    ServiceReport service_report = syncService(service, facts);
    // A failed write may come from a changed Service: read it again next cycle.
    if (service_report.outcome == SyncOutcome::Failed) service_directory_.invalidate(service);
    const bool stopping = options_.stopping && options_.stopping();
    if (!options_.dry_run && !stopping) postEvents(service, facts, record.transitions, service_report);
    if (options_.report != nullptr) {
      *options_.report << "service " << service.key << " " << service.ns << "/" << service.name << ": "
                       << toString(service_report.outcome)
                       << (service_report.detail.empty() ? "" : " (" + service_report.detail + ")") << "\n";
    }
    const auto it = services_.find(service.key);
    if (it != services_.end()) record.services.push_back(it->second);
    report.services.push_back(std::move(service_report));
  }

  if (!options_.dry_run) store_.record(record);
  // One line per cycle at debug: shows that cycles run while nothing else is logged.
  log::debug(
      "cycle over: {} services, {} probes in {} ms ({}), {} transitions, {} unreadable ApiServer "
      "answers since the start",
      report.services.size(), results.size(), probe_time, describeOutcomes(results),
      record.transitions.size(), unreadableAnswers());
  return report;
}

EndpointAddresses Reconciler::desiredAddresses(const ServiceSpec& service, const ServiceFacts& facts,
                                               const nlohmann::json& observed) const {
  // A pending target (no threshold reached yet, e.g. just after start with rise > 1) keeps what the
  // live object says (ready, not ready, or absent), so a restart never churns the Endpoints.
  const bool list_not_ready = config_.kubernetes.unhealthy == UnhealthyPolicy::NotReady;
  const std::set<std::string> live_ready = readyIpsOf(observed);
  const std::set<std::string> live_not_ready =
      list_not_ready ? notReadyIpsOf(observed) : std::set<std::string>{};
  EndpointAddresses addresses;
  for (const auto& target : service.targets) {
    const auto it = health_.find(targetKey(service.key, target.ip.text, target.port));
    const HealthState state = it == health_.end() ? HealthState::Pending : it->second.state;
    const std::string& ip = target.ip.text;
    if (state == HealthState::Healthy || (state == HealthState::Pending && live_ready.contains(ip))) {
      addresses.ready.insert(ip);
    } else if ((state == HealthState::Unhealthy && list_not_ready) ||
               (state == HealthState::Pending && live_not_ready.contains(ip))) {
      addresses.not_ready.insert(ip);
    }
  }
  std::erase_if(addresses.not_ready, [&](const std::string& ip) { return addresses.ready.contains(ip); });
  addresses.fallback_port_name = servicePortNameFor(facts.ports, service.port);
  return addresses;
}

ServiceReport Reconciler::syncService(const ServiceSpec& service, const ServiceFacts& facts) {
  const ObjectRef ref{service.ns, service.name};
  const std::string where = service.ns + "/" + service.name;
  ServiceReport report{service.key, SyncOutcome::Failed, {}};
  if (facts.has_selector) {
    // Kubernetes' endpoints controller writes the Endpoints of a Service with a selector; two writers
    // would fight every cycle. ServiceDirectory has warned once.
    report.outcome = SyncOutcome::Skipped;
    report.detail = "the Service has a selector; Kubernetes' endpoints controller owns its Endpoints";
    return report;
  }
  if (config_.kubernetes.mode == SyncMode::EndpointSlice) return syncEndpointSlices(service, facts);

  Backoff backoff(options_.conflict_backoff, options_.random);
  for (int attempt = 0; attempt <= options_.max_conflict_retries; ++attempt) {
    if (attempt > 0 && !pauseBeforeRetry(backoff)) {
      report.detail += " (not retried: stopping)";
      return report;
    }
    KubeResult live = kube_.getEndpoints(ref);
    std::string unknown_live;  // dry run only: why the live object could not be read
    if (!live.ok() && !live.notFound()) {
      if (!options_.dry_run) {
        report.detail = "reading endpoints " + where + ": " + live.describe();
        noteFailure(service, report.detail);
        return report;
      }
      // Without a reachable ApiServer a dry run still shows what it would write.
      unknown_live = "live object unknown (" + live.describe() + ")";
    }
    const nlohmann::json observed = live.ok() ? live.object : nlohmann::json();
    const EndpointAddresses addresses = desiredAddresses(service, facts, observed);

    if (addresses.ready.empty() && config_.all_down == AllDownPolicy::Keep) {
      report.outcome = SyncOutcome::Kept;
      report.detail = "no healthy target; all_down: keep leaves the last written set";
      if (kept_.insert(service.key).second) {
        log::warn("service {} ({}): no healthy target; keeping the last written addresses (all_down: keep)",
                  service.key, where);
      }
      rememberService(service, observed, false);
      return report;
    }
    kept_.erase(service.key);

    const nlohmann::json desired =
        renderEndpointsWith(config_.endpoint_template, service, addresses, observed);
    const std::string reason = unknown_live.empty() ? differenceReason(desired, observed) : unknown_live;
    if (reason.empty()) {
      report.outcome = SyncOutcome::InSync;
      rememberService(service, observed, false);
      clearFailure(service);
      return report;
    }
    if (options_.dry_run) {
      report.outcome = SyncOutcome::WouldWrite;
      report.detail = reason;
      printObject(desired);
      return report;
    }

    KubeResult written = kube_.putEndpoints(ref, desired);
    if (written.ok()) {
      report.outcome = SyncOutcome::Written;
      report.detail = reason;
      log::info("wrote endpoints {}: {} (resourceVersion {})", where, reason,
                metadataStringOr(written.object, "resourceVersion", "?"));
      rememberService(service, written.object, true);
      clearFailure(service);
      return report;
    }
    if (written.conflict() || written.notFound()) {
      // Someone else wrote in between: read again, recompute, retry (optimistic concurrency).
      log::info("endpoints {} changed under us ({}); reading it again", where, written.describe());
      report.detail = "writing endpoints " + where + ": " + written.describe();
      continue;
    }
    report.detail = "writing endpoints " + where + ": " + written.describe();
    noteFailure(service, report.detail);
    return report;
  }
  report.detail += " (gave up after " + std::to_string(options_.max_conflict_retries) + " retries)";
  noteFailure(service, report.detail);
  return report;
}

void Reconciler::postEvents(const ServiceSpec& service, const ServiceFacts& facts,
                            const std::vector<TransitionRecord>& transitions, const ServiceReport& report) {
  if (facts.has_selector) return;  // lecter leaves such a Service alone
  const ObjectRef ref{service.ns, service.name};
  for (const auto& t : transitions) {
    if (t.service != service.key) continue;
    const std::string target =
        (t.ip.find(':') != std::string::npos ? "[" + t.ip + "]" : t.ip) + ":" + std::to_string(t.port);
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

void Reconciler::rememberService(const ServiceSpec& service, const nlohmann::json& object, bool written) {
  ServiceRecord& record = services_[service.key];
  record.service = service.key;
  record.ns = service.ns;
  record.name = service.name;
  const auto ips = readyIpsOf(object);
  record.addresses.assign(ips.begin(), ips.end());
  if (object.is_object()) {
    record.resource_version = metadataString(object, "resourceVersion");
  }
  if (written) record.written_ms = toUnixMillis(clock_.wallNow());
}

bool Reconciler::pauseBeforeRetry(Backoff& backoff) const {
  const auto delay = backoff.next();
  if (options_.pause) options_.pause(delay);
  return !(options_.stopping && options_.stopping());
}

void Reconciler::noteFailure(const ServiceSpec& service, const std::string& detail) {
  // One line per distinct failure, not one per cycle: a down ApiServer must not flood the log.
  auto& last = failures_[service.key];
  if (last != detail) log::error("service {}: {}", service.key, detail);
  last = detail;
}

void Reconciler::clearFailure(const ServiceSpec& service) {
  const auto it = failures_.find(service.key);
  if (it == failures_.end()) return;
  log::info("service {}: ApiServer calls succeed again", service.key);
  failures_.erase(it);
}

void Reconciler::printObject(const nlohmann::json& object) const {
  if (options_.report != nullptr) *options_.report << toYaml(object) << "\n";
}

}  // namespace lecter
