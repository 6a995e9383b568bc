// EndpointSlice mode (kubernetes_conf.mode: endpointslice): one service's slices brought in step with
// its targets. List the slices lecter owns, render the desired ones, then POST the missing, PUT (with
// the live resourceVersion) the different, DELETE the ones no longer needed. An EndpointSlice PUT
// cannot create and its addressType cannot change, so a slice of the wrong family is deleted and
// created again. A lost race (409 Conflict or AlreadyExists, 404) lists again and retries.

#include <map>
#include <string>
#include <vector>

#include "lecter/base/json_fields.h"
#include "lecter/endpoints/endpoint_slices.h"
#include "lecter/kube/rest_kube_client.h"
#include "lecter/obs/log.h"
#include "lecter/reconcile/reconciler.h"
#include "lecter/store/memory_state_store.h"

namespace lecter {

namespace {

using nlohmann::json;

enum class SliceAction { Create, Update, Recreate, Delete };

struct SliceStep {
  SliceAction action;
  std::string name;
  json object;         // what to send (Create, Update, Recreate)
  std::string reason;  // why, for the log and the report
};

std::string nameOf(const json& slice) { return metadataString(slice, "name"); }

std::vector<SliceStep> planSlices(const std::vector<json>& desired, const std::map<std::string, json>& live) {
  std::vector<SliceStep> steps;
  for (const auto& slice : desired) {
    const std::string name = nameOf(slice);
    const auto it = live.find(name);
    if (it == live.end()) {
      steps.push_back({SliceAction::Create, name, slice, "created"});
      continue;
    }
    const std::string reason = sliceDifferenceReason(slice, it->second);
    if (reason.empty()) continue;
    if (sliceNeedsRecreate(slice, it->second)) {
      steps.push_back({SliceAction::Recreate, name, slice, reason});
    } else {
      steps.push_back({SliceAction::Update, name, endpointSliceUpdate(slice, it->second), reason});
    }
  }
  for (const auto& [name, slice] : live) {
    bool wanted = false;
    for (const auto& d : desired) wanted = wanted || nameOf(d) == name;
    if (!wanted) steps.push_back({SliceAction::Delete, name, nullptr, "no longer needed"});
  }
  return steps;
}

std::string describeStep(const SliceStep& step) { return step.name + ": " + step.reason; }

std::string joinDetails(const std::vector<std::string>& details) {
  std::string text;
  for (const auto& d : details) text += (text.empty() ? "" : "; ") + d;
  return text;
}

std::vector<json> valuesOf(const std::map<std::string, json>& slices) {
  std::vector<json> out;
  for (const auto& [name, slice] : slices) out.push_back(slice);
  return out;
}

}  // namespace

ServiceReport Reconciler::syncEndpointSlices(const ServiceSpec& service, const ServiceFacts& facts) {
  const std::string where = service.ns + "/" + service.name;
  const std::string selector = endpointSliceSelectorFor(service);
  ServiceReport report{service.key, SyncOutcome::Failed, {}};
  std::vector<std::string> written;  // steps done so far, over every attempt

  Backoff backoff(options_.conflict_backoff, options_.random);
  for (int attempt = 0; attempt <= options_.max_conflict_retries; ++attempt) {
    if (attempt > 0 && !pauseBeforeRetry(backoff)) {
      report.detail += " (not retried: stopping)";
      return report;
    }
    const KubeResult listed = kube_.listEndpointSlices(service.ns, selector);
    std::string unknown_live;  // dry run only: why the live slices could not be read
    if (!listed.ok()) {
      if (!options_.dry_run) {
        report.detail = "listing endpointslices of " + where + ": " + listed.describe();
        noteFailure(service, report.detail);
        return report;
      }
      unknown_live = "live slices unknown (" + listed.describe() + ")";
    }
    std::map<std::string, json> live;
    std::vector<json> live_items;
    const json items = listed.ok() ? listed.object.value("items", json::array()) : json::array();
    for (const auto& item : items) {
      if (!item.is_object()) continue;
      live[nameOf(item)] = item;
      live_items.push_back(item);
    }

    // Healthy targets are ready and unhealthy ones listed not ready, whatever kubernetes_conf.unhealthy
    // says; a pending target keeps what the live slices say (ready, not ready or absent), so a restart
    // never churns them.
    const std::map<std::string, bool> live_readiness = endpointReadinessOf(live_items);
    SliceInputs inputs;
    for (const auto& target : service.targets) {
      const auto it = health_.find(targetKey(service.key, target.ip.text, target.port));
      const HealthState state = it == health_.end() ? HealthState::Pending : it->second.state;
      bool ready = false;
      if (state == HealthState::Healthy) {
        ready = true;
      } else if (state == HealthState::Pending) {
        const auto in_live = live_readiness.find(target.ip.text);
        if (in_live == live_readiness.end()) continue;
        ready = in_live->second;
      }
      // Two targets on one IP: ready when either is.
      auto [entry, inserted] = inputs.endpoints.emplace(target.ip.text, ready);
      if (!inserted) entry->second = entry->second || ready;
    }
    inputs.fallback_port_name = servicePortNameFor(facts.ports, service.port);
    inputs.service_uid = facts.uid;

    bool any_ready = false;
    for (const auto& [ip, ready] : inputs.endpoints) any_ready = any_ready || ready;
    if (!any_ready && config_.all_down == AllDownPolicy::Keep) {
      report.outcome = SyncOutcome::Kept;
      report.detail = "no healthy target; all_down: keep leaves the last written slices";
      if (kept_.insert(service.key).second) {
        log::warn(
            "service {} ({}): no healthy target; keeping the last written endpointslices (all_down: keep)",
            service.key, where);
      }
      rememberSlices(service, live_items, false);
      return report;
    }
    kept_.erase(service.key);

    const std::vector<json> desired = renderEndpointSlices(config_.endpoint_template, service, inputs);
    std::vector<SliceStep> steps = planSlices(desired, live);
    if (!unknown_live.empty()) {
      steps.clear();
      for (const auto& slice : desired)
        steps.push_back({SliceAction::Create, nameOf(slice), slice, unknown_live});
    }
    if (steps.empty()) {
      report.outcome = written.empty() ? SyncOutcome::InSync : SyncOutcome::Written;
      report.detail = joinDetails(written);
      rememberSlices(service, live_items, !written.empty());
      clearFailure(service);
      return report;
    }
    if (options_.dry_run) {
      report.outcome = SyncOutcome::WouldWrite;
      std::vector<std::string> reasons;
      for (const auto& step : steps) {
        reasons.push_back(describeStep(step));
        if (step.action == SliceAction::Delete) {
          if (options_.report != nullptr)
            *options_.report << "# delete endpointslice " << service.ns << "/" << step.name << "\n";
        } else {
          printObject(step.object);
        }
      }
      report.detail = joinDetails(reasons);
      return report;
    }

    bool lost_race = false;
    std::map<std::string, json> now = live;  // the slices as they are after each step
    for (const auto& step : steps) {
      const ObjectRef ref{service.ns, step.name};
      KubeResult result;
      if (step.action == SliceAction::Delete || step.action == SliceAction::Recreate) {
        result = kube_.deleteEndpointSlice(ref);
        // Gone already (someone else deleted it): that is what was wanted.
        if (result.notFound()) result.http_status = 200;
      }
      if (step.action == SliceAction::Create || (step.action == SliceAction::Recreate && result.ok())) {
        result = kube_.createEndpointSlice(service.ns, step.object);
      } else if (step.action == SliceAction::Update) {
        result = kube_.putEndpointSlice(ref, step.object);
      }
      if (result.ok()) {
        const char* verb = step.action == SliceAction::Delete ? "deleted" : "wrote";
        log::info("{} endpointslice {}/{}: {}{}", verb, service.ns, step.name, step.reason,
                  step.action == SliceAction::Delete
                      ? std::string()
                      : " (resourceVersion " + metadataStringOr(result.object, "resourceVersion", "?") + ")");
        written.push_back(describeStep(step));
        if (step.action == SliceAction::Delete) {
          now.erase(step.name);
        } else {
          now[step.name] = result.object.is_object() ? result.object : step.object;
        }
        continue;
      }
      report.detail = "writing endpointslice " + service.ns + "/" + step.name + ": " + result.describe();
      if (result.conflict() || result.notFound()) {
        // Someone else wrote in between: list again, recompute, retry (optimistic concurrency).
        log::info("endpointslice {}/{} changed under us ({}); listing again", service.ns, step.name,
                  result.describe());
        lost_race = true;
        break;
      }
      noteFailure(service, report.detail);
      return report;
    }
    if (!lost_race) {
      report.outcome = SyncOutcome::Written;
      report.detail = joinDetails(written);
      rememberSlices(service, valuesOf(now), true);
      clearFailure(service);
      return report;
    }
  }
  report.detail += " (gave up after " + std::to_string(options_.max_conflict_retries) + " retries)";
  noteFailure(service, report.detail);
  return report;
}

void Reconciler::rememberSlices(const ServiceSpec& service, const std::vector<json>& slices, bool written) {
  ServiceRecord& record = services_[service.key];
  record.service = service.key;
  record.ns = service.ns;
  record.name = service.name;
  record.addresses.clear();
  for (const auto& [ip, ready] : endpointReadinessOf(slices)) {
    if (ready) record.addresses.push_back(ip);
  }
  std::string versions;
  for (const auto& slice : slices) {
    const std::string version = metadataString(slice, "resourceVersion");
    if (version.empty()) continue;
    versions += (versions.empty() ? "" : ",") + nameOf(slice) + "=" + version;
  }
  record.resource_version = versions;
  if (written) record.written_ms = toUnixMillis(clock_.wallNow());
}

}  // namespace lecter
