#include "lecter/coord/lease_lock.h"

#include <utility>

#include "lecter/kube/answer_decoding.h"
#include "lecter/obs/log.h"

namespace lecter {
namespace {

long long wholeSeconds(std::chrono::milliseconds span) {
  return std::chrono::duration_cast<std::chrono::seconds>(span + std::chrono::milliseconds(999)).count();
}

}  // namespace

LeaseLock::LeaseLock(LeasesApi& api, ObjectRef lease, std::string identity, LeaseTimings timings,
                     const Clock& clock)
    : api_(api), lease_(std::move(lease)), identity_(std::move(identity)), timings_(timings), clock_(clock) {}

bool LeaseLock::held() const { return leading_ && clock_.now() - renewed_at_ < timings_.renew_deadline; }

bool LeaseLock::stillHeld() {
  if (leading_ && !held()) noteLeadership(false, "not renewed within renew_deadline");
  return held();
}

const std::string& LeaseLock::observedHolder() const {
  static const std::string kNobody;
  return observed_ ? observed_->holder : kNobody;
}

void LeaseLock::observe(const nlohmann::json& object, SteadyTime now) {
  const LeaseRecord record = leaseRecordOf(object);
  observed_object_ = object;
  if (observed_ && observed_->sameHolding(record)) {
    observed_->resource_version = record.resource_version;  // touched, not renewed
    return;
  }
  if (observed_ && observed_->holder != record.holder && record.holder != identity_) {
    log::info("lease {}/{}: held by {}", lease_.ns, lease_.name,
              record.holder.empty() ? std::string("nobody (released)") : record.holder);
  }
  observed_ = record;
  observed_at_ = now;
}

void LeaseLock::observeListed(const nlohmann::json* object) {
  if (leading_) return;  // the holder renews over what it wrote, not over a list
  if (object == nullptr) {
    observed_.reset();
    observed_object_ = nlohmann::json();
    return;
  }
  if (itemProblem(*object, ObjectKind::Lease)) return;  // the list was read, and said why
  observe(*object, clock_.now());
}

bool LeaseLock::takeable() const {
  if (leading_) return false;
  if (!observed_ || observed_->holder.empty()) return true;
  return observed_at_ + leaseSpanOf(*observed_, timings_.lease_duration) <= clock_.now();
}

bool LeaseLock::readable(const KubeResult& answer) const {
  const auto problem = answerProblem(answer.object, {ObjectKind::Lease, lease_.ns, lease_.name});
  if (problem)
    log::warn("lease {}/{}: the ApiServer's answer cannot be read ({})", lease_.ns, lease_.name, *problem);
  return !problem;
}

void LeaseLock::noteLeadership(bool leading, const char* why) {
  if (leading == leading_) return;
  leading_ = leading;
  if (leading) {
    log::info("lease {}/{}: {} holds it now ({})", lease_.ns, lease_.name, identity_, why);
  } else {
    log::warn("lease {}/{}: {} no longer holds it ({}); it stops acting as the holder", lease_.ns,
              lease_.name, identity_, why);
  }
}

bool LeaseLock::write(const LeaseRecord& record, bool create, SteadyTime started) {
  nlohmann::json base = observed_object_;
  if (create) {
    base = nlohmann::json::object();
    if (labels_.is_object()) base["metadata"]["labels"] = labels_;
  }
  const nlohmann::json object = leaseObject(lease_, record, std::move(base));
  const KubeResult result = create ? api_.createLease(lease_, object) : api_.updateLease(lease_, object);
  if (!result.ok()) {
    // A 409 is a race another replica won: not an error, the next try reads who.
    if (!result.conflict()) {
      log::warn("lease {}/{}: {} failed: {}", lease_.ns, lease_.name, create ? "create" : "update",
                result.describe());
    }
    return false;
  }
  if (!readable(result)) return false;
  observe(result.object, started);
  renewed_at_ = started;
  return true;
}

bool LeaseLock::tryAcquireOrRenew() {
  const SteadyTime started = clock_.now();
  const std::string now_text = microTime(toUnixMillis(clock_.wallNow()));
  LeaseRecord wanted;
  wanted.holder = identity_;
  wanted.lease_duration_s = wholeSeconds(timings_.lease_duration);
  wanted.acquire_time = now_text;
  wanted.renew_time = now_text;

  // A holder renews over the Lease it wrote last: one request a retry period (client-go's fast path).
  // Only when that write fails (a race, an error) is the Lease read again.
  if (held() && observed_ && observed_->holder == identity_) {
    LeaseRecord renewal = *observed_;
    renewal.lease_duration_s = wanted.lease_duration_s;
    renewal.renew_time = now_text;
    if (write(renewal, /*create=*/false, started)) return held();
  }

  const KubeResult current = api_.getLease(lease_);
  if (current.notFound()) {
    if (write(wanted, /*create=*/true, started)) noteLeadership(true, "created the Lease");
    return held();
  }
  if (!current.ok()) {
    log::warn("lease {}/{}: cannot be read: {}", lease_.ns, lease_.name, current.describe());
    return stillHeld();
  }
  if (!readable(current)) return stillHeld();
  // Seen when the answer came, not when it was asked for: a slow answer may carry a renewal made
  // long after the request left, and the lease runs from there.
  observe(current.object, clock_.now());
  const LeaseRecord seen = leaseRecordOf(current.object);
  // Ours only while this process holds it: a record naming this identity that this process did not
  // write (a replica given the same identity) is another's until it lapses.
  const bool mine = seen.holder == identity_ && leading_;
  if (!mine) {
    if (leading_) noteLeadership(false, "another replica took it");
    // Held by another that renewed lately (by this process's clock): wait.
    if (!seen.holder.empty() && observed_at_ + leaseSpanOf(seen, timings_.lease_duration) > started)
      return false;
  }
  wanted.resource_version = seen.resource_version;
  if (mine) {
    wanted.acquire_time = seen.acquire_time.empty() ? now_text : seen.acquire_time;
    wanted.transitions = seen.transitions;
  } else {
    wanted.transitions = seen.transitions + 1;
  }
  if (write(wanted, /*create=*/false, started)) {
    noteLeadership(true, mine                  ? "renewed"
                         : seen.holder.empty() ? "it was free"
                                               : "its holder stopped renewing");
    return held();
  }
  return stillHeld();
}

void LeaseLock::release() {
  if (!leading_ || !observed_) return;
  LeaseRecord released;
  released.lease_duration_s = 1;
  const std::string now_text = microTime(toUnixMillis(clock_.wallNow()));
  released.acquire_time = now_text;
  released.renew_time = now_text;
  released.transitions = observed_->transitions;
  released.resource_version = observed_->resource_version;
  leading_ = false;  // whatever the answer: this process stops acting now
  const KubeResult result = api_.updateLease(lease_, leaseObject(lease_, released, observed_object_));
  if (result.ok()) {
    log::info("lease {}/{}: {} released it", lease_.ns, lease_.name, identity_);
  } else {
    log::warn("lease {}/{}: could not be released ({}); another replica takes it once it lapses", lease_.ns,
              lease_.name, result.describe());
  }
}

}  // namespace lecter
