#pragma once
// One service's apply: read the live object(s), ask the plan what to do, send the requests it needs in
// order, and after a lost race (409 Conflict, or 404 from a delete in between) read again, plan again
// and retry after a growing pause. The policy — attempts, pauses, Retry-After, keep and hold, what a
// failure says — is written here once; each mode's protocol (which calls, what counts as readable,
// what the live objects say) is a subclass (endpoints_write.h, endpoint_slices_write.h).
//
// A ServiceWrite never waits: WriteScheduler asks it what it wants (a call, or to wait until a time),
// sends the call beside other services' and hands it the result.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lecter/base/backoff.h"
#include "lecter/base/clock.h"
#include "lecter/endpoints/service_plan.h"
#include "lecter/kube/kube_calls.h"
#include "lecter/reconcile/reconciler.h"
#include "lecter/store/state_store.h"

namespace lecter {

struct WritePolicy {
  int max_conflict_retries = 5;
  BackoffPolicy conflict_backoff;
  std::function<double()> random;
};

class ServiceWrite {
 public:
  ServiceWrite(const ServiceSpec& service, const WritePolicy& policy);
  virtual ~ServiceWrite() = default;
  ServiceWrite(const ServiceWrite&) = delete;
  ServiceWrite& operator=(const ServiceWrite&) = delete;

  enum class Want { Call, Wait, Done };
  /// What the write needs at `now`: to send nextCall(), to wait until waitUntil(), or nothing more.
  [[nodiscard]] Want want(SteadyTime now);
  /// The call to send now, valid until answered(); the write then waits for that.
  const KubeCall& nextCall();
  [[nodiscard]] SteadyTime waitUntil() const { return wait_until_; }
  [[nodiscard]] bool started() const { return started_; }
  [[nodiscard]] bool done() const { return phase_ == Phase::Done; }
  /// The result of the call nextCall() gave.
  void answered(KubeResult result, SteadyTime now);
  /// The writes were halted (`why`: "stopping", "lease lost"): a write waiting for a retry ends without
  /// it; one not started ends unreported.
  void stop(std::string_view why);

  [[nodiscard]] const ServiceReport& report() const { return report_; }
  /// The report, moved out (once the write is done).
  ServiceReport takeReport() { return std::move(report_); }
  /// What the live objects hold after the write, for the state store; none when they were never read.
  [[nodiscard]] const std::optional<ServiceRecord>& record() const { return record_; }
  /// The plan's decision at the last reading (Keep and Hold are logged by the reconciler).
  [[nodiscard]] std::optional<PlanDecision> decision() const { return decision_; }
  [[nodiscard]] const ServiceSpec& service() const { return service_; }

 protected:
  /// "ns/name" of the Service.
  [[nodiscard]] std::string where() const { return service_.ns + "/" + service_.name; }

  // --- the mode's protocol -------------------------------------------------------------------------
  virtual KubeCall readCall() const = 0;
  /// Whether `read` can be planned from (a missing Endpoints object can; a failed list cannot).
  virtual bool readable(const KubeResult& read) const = 0;
  /// "reading endpoints ns/name", for a failure.
  virtual std::string readingWhat() const = 0;
  /// The plan from a readable answer (taken over); also takes note of the live objects for record().
  virtual ServicePlan planFrom(KubeResult&& read) = 0;
  /// The call that makes `step`, the step's object moved into it (the report keeps the call).
  virtual KubeCall callFor(PlanStep& step) const = 0;
  /// "endpoints" or "endpointslice", for log lines.
  virtual std::string objectKind() const = 0;
  /// What the report says of a step written: its reason, or "name: reason" where a service has several
  /// objects.
  virtual std::string reportText(const PlanStep& step) const = 0;
  /// A step's write of `sent` succeeded with `result`: take note of the object as it is now.
  virtual void written(const PlanStep& step, const nlohmann::json& sent, KubeResult&& result) = 0;
  /// The ServiceRecord of the live objects as last noted, `wrote` true when this write wrote.
  virtual ServiceRecord recordNow(bool wrote) const = 0;

 private:
  enum class Phase { Reading, Writing, Waiting, Done };
  void afterRead(KubeResult result, SteadyTime now);
  void afterStep(KubeResult&& result, SteadyTime now);
  /// A lost race or a Retry-After: read again after `pause`, unless the retries are used up.
  void retry(SteadyTime now, std::chrono::milliseconds pause);
  void fail(std::string detail);
  void succeed(SyncOutcome outcome, std::string detail);

  const ServiceSpec& service_;
  WritePolicy policy_;
  Backoff backoff_;
  Phase phase_ = Phase::Reading;
  bool started_ = false;
  bool in_flight_ = false;
  int attempt_ = 0;
  SteadyTime wait_until_{};
  std::vector<PlanStep> steps_;
  std::size_t next_step_ = 0;
  KubeCall sending_;                     // the call in flight, or the last one sent
  std::vector<std::string> done_steps_;  // "reason" of each write made, over every attempt
  ServiceReport report_;
  std::optional<ServiceRecord> record_;
  std::optional<PlanDecision> decision_;
};

}  // namespace lecter
