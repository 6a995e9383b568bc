#pragma once
/// The plan: from the health of a service's targets and its live object(s), the desired object(s) and
/// the decision — in sync, write (the steps, in order), keep (nothing healthy and all_down: keep) or
/// hold (too few healthy for min_healthy_percent). One pure function per mode, sharing the rules
/// below; reconcile/ applies the result.
///
/// Shared rules:
/// - a healthy target is listed ready; an unhealthy one not ready when the mode lists unhealthy ones
///   (EndpointSlices always; Endpoints with kubernetes_conf.unhealthy: not_ready), else left out;
/// - a pending target (no threshold reached yet, e.g. just after a start with rise > 1) stays as the
///   live object lists it — ready, not ready, or absent — so a restart never churns the objects;
/// - two targets on one address: it is ready when either is;
/// - nothing ready and all_down: keep → Keep; fewer than min_healthy_percent of the addresses ready
///   while a live object exists → Hold.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lecter/config/config.h"
#include "lecter/health/health_tracker.h"

namespace lecter {

enum class PlanDecision {
  InSync,  // the live object(s) already say what the health says
  Write,   // send `steps`, in order
  Keep,    // nothing healthy and all_down: keep: the last written set stays
  Hold,    // fewer healthy than min_healthy_percent: the last written set stays
};

/// One request the plan needs. Which API it goes to is the mode's (reconcile/).
struct PlanStep {
  enum class Action {
    Put,     // replace (Endpoints: also creates), conditional on the live resourceVersion
    Create,  // POST (EndpointSlices: a PUT cannot create)
    Delete,  // gone already counts as done
  };
  Action action = Action::Put;
  std::string name;       // of the object
  nlohmann::json object;  // what to send (Put, Create)
  std::string reason;     // why, for the log and the report
};

struct ServicePlan {
  PlanDecision decision = PlanDecision::InSync;
  std::vector<PlanStep> steps;  // for Write
  std::string detail;           // why kept or held; empty otherwise
};

/// What the plan of one service is made from, besides the live object(s).
struct PlanInputs {
  const ServiceSpec& service;
  /// The health of each of service.targets, in the same order.
  const std::vector<HealthState>& states;
  const nlohmann::json& endpoint_template;
  /// The port's name when the template's port has none (from the Service; kube-proxy joins Service
  /// ports to endpoint ports by name). Empty: no name.
  std::string fallback_port_name;
  /// The Service's metadata.uid (EndpointSlice ownerReference); empty: unknown.
  std::string service_uid;
  UnhealthyPolicy unhealthy = UnhealthyPolicy::Drop;
  AllDownPolicy all_down = AllDownPolicy::Keep;
  int min_healthy_percent = 0;
};

/// Every address to list and whether it is ready, by the shared rules; `live` is what the live
/// object(s) list (address → ready), `list_unhealthy` whether the mode lists unhealthy targets.
std::map<std::string, bool> desiredReadiness(const PlanInputs& inputs,
                                             const std::map<std::string, bool>& live, bool list_unhealthy);

/// Keep or Hold with its detail when the rules hold the write back, else InSync (go on and compare).
/// `live_exists`: there is a live object whose set would be kept.
ServicePlan heldBack(const PlanInputs& inputs, const std::map<std::string, bool>& readiness, bool live_exists,
                     const std::string& objects);

/// kubernetes_conf.mode: endpoints. `observed` is the live object, null when there is none.
ServicePlan planEndpoints(const PlanInputs& inputs, const nlohmann::json& observed);

/// kubernetes_conf.mode: endpointslice. `live` are the slices lecter owns for the service.
ServicePlan planEndpointSlices(const PlanInputs& inputs, const std::vector<nlohmann::json>& live);

}  // namespace lecter
