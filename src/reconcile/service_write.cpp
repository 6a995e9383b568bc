#include "service_write.h"

#include <utility>

#include "lecter/base/json_fields.h"
#include "lecter/obs/log.h"

namespace lecter {
namespace {

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text;
}

}  // namespace

ServiceWrite::ServiceWrite(const ServiceSpec& service, const WritePolicy& policy)
    : service_(service), policy_(policy), backoff_(policy.conflict_backoff, policy.random) {
  report_.service = service.key;
  report_.outcome = SyncOutcome::Failed;
}

ServiceWrite::Want ServiceWrite::want(SteadyTime now) {
  if (phase_ == Phase::Done) return Want::Done;
  if (phase_ == Phase::Waiting) {
    if (now < wait_until_) return Want::Wait;
    phase_ = Phase::Reading;
  }
  return in_flight_ ? Want::Wait : Want::Call;
}

const KubeCall& ServiceWrite::nextCall() {
  started_ = true;
  in_flight_ = true;
  sending_ = phase_ == Phase::Writing ? callFor(steps_.at(next_step_)) : readCall();
  return sending_;
}

void ServiceWrite::answered(KubeResult result, SteadyTime now) {
  in_flight_ = false;
  if (phase_ == Phase::Reading) {
    afterRead(std::move(result), now);
  } else if (phase_ == Phase::Writing) {
    afterStep(std::move(result), now);
  }
}

void ServiceWrite::stop(std::string_view why) {
  if (phase_ == Phase::Done || in_flight_) return;
  const std::string reason(why);
  if (phase_ == Phase::Waiting) {
    fail(report_.detail + " (not retried: " + reason + ")");
    return;
  }
  if (started_) {
    fail(steps_.empty() || next_step_ == 0
             ? reason + " before the write"
             : reason + ": " + reportText(steps_.at(next_step_)) + " not written");
    return;
  }
  phase_ = Phase::Done;  // nothing sent: started() leaves it out of the report
}

void ServiceWrite::afterRead(KubeResult result, SteadyTime now) {
  if (!readable(result)) {
    report_.detail = readingWhat() + ": " + result.describe();
    if (result.retry_after) return retry(now, result.retry_after.value());
    return fail(report_.detail);
  }
  ServicePlan plan = planFrom(std::move(result));
  decision_ = plan.decision;
  switch (plan.decision) {
    case PlanDecision::Keep:
    case PlanDecision::Hold:
      report_.outcome = plan.decision == PlanDecision::Keep ? SyncOutcome::Kept : SyncOutcome::Held;
      report_.detail = plan.detail;
      record_ = recordNow(false);
      phase_ = Phase::Done;
      return;
    case PlanDecision::InSync:
      // In sync at once, or after the writes of an attempt that lost a race half way.
      return succeed(done_steps_.empty() ? SyncOutcome::InSync : SyncOutcome::Written, joined(done_steps_));
    case PlanDecision::Write:
      steps_ = std::move(plan.steps);
      next_step_ = 0;
      phase_ = Phase::Writing;
      return;
  }
}

void ServiceWrite::afterStep(KubeResult&& result, SteadyTime now) {
  const PlanStep& step = steps_.at(next_step_);
  const std::string what = objectKind() + " " + service_.ns + "/" + step.name;
  const log::ScopedFields fields{{"service", service_.key}, {"object", what}};
  // Gone already (someone else deleted it): that is what was wanted.
  const bool done = result.ok() || (step.action == PlanStep::Action::Delete && result.notFound());
  if (done) {
    if (step.action == PlanStep::Action::Delete) {
      log::info("deleted {}: {}", what, step.reason);
    } else {
      log::info("wrote {}: {} (resourceVersion {})", what, step.reason,
                metadataStringOr(result.object, "resourceVersion", "?"));
    }
    written(step, sending_.object, std::move(result));
    // The report keeps what was sent, named as the step is (a POST's ref may not name it).
    sending_.ref.name = step.name;
    report_.writes.push_back(std::move(sending_));
    const std::string text = reportText(step);
    if (done_steps_.empty() || done_steps_.back() != text) done_steps_.push_back(text);
    if (++next_step_ < steps_.size()) return;
    return succeed(SyncOutcome::Written, joined(done_steps_));
  }
  report_.detail = "writing " + what + ": " + result.describe();
  if (result.conflict() || result.notFound()) {
    // Someone else wrote in between: read again, plan again, retry (optimistic concurrency).
    log::info("{} changed under us ({}); reading again", what, result.describe());
    return retry(now, backoff_.next());
  }
  if (result.retry_after) return retry(now, result.retry_after.value());
  fail(report_.detail);
}

void ServiceWrite::retry(SteadyTime now, std::chrono::milliseconds pause) {
  if (attempt_ >= policy_.max_conflict_retries) {
    return fail(report_.detail + " (gave up after " + std::to_string(policy_.max_conflict_retries) +
                " retries)");
  }
  ++attempt_;
  wait_until_ = now + pause;
  phase_ = Phase::Waiting;
}

void ServiceWrite::fail(std::string detail) {
  report_.outcome = SyncOutcome::Failed;
  report_.detail = std::move(detail);
  phase_ = Phase::Done;
}

void ServiceWrite::succeed(SyncOutcome outcome, std::string detail) {
  report_.outcome = outcome;
  report_.detail = std::move(detail);
  record_ = recordNow(outcome == SyncOutcome::Written);
  phase_ = Phase::Done;
}

}  // namespace lecter
