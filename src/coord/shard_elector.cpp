#include "lecter/coord/shard_elector.h"

#include <cstdio>
#include <utility>

#include "lecter/base/backoff.h"
#include "lecter/base/json_fields.h"
#include "lecter/coord/shard_plan.h"
#include "lecter/kube/answer_decoding.h"
#include "lecter/obs/log.h"

namespace lecter {
namespace {

/// Lease names are DNS subdomains; an identity (host name, '_', suffix) need not be one.
std::string memberName(const std::string& election, const std::string& identity) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(identity)));
  return election + "-member-" + hex;
}

std::string joined(const std::set<std::size_t>& shards) {
  std::string text;
  for (const std::size_t shard : shards) text.append(text.empty() ? "" : ",").append(std::to_string(shard));
  return text.empty() ? "none" : text;
}

}  // namespace

ShardElector::ShardElector(LeasesApi& api, ShardElectorSettings settings, const Clock& clock,
                           std::function<double()> random)
    : settings_(std::move(settings)),
      api_(api),
      clock_(clock),
      random_(random ? std::move(random) : machineRandom()),
      member_(api, ObjectRef{settings_.ns, memberName(settings_.name, settings_.identity)},
              settings_.identity, settings_.timings, clock) {
  member_.labelCreated({{kElectionLabel, settings_.name}, {"lecter.io/lease", "member"}});
  shards_.resize(settings_.shards);
  for (std::size_t shard = 0; shard < settings_.shards; ++shard) {
    shards_[shard].lock =
        std::make_unique<LeaseLock>(api, shardLease(shard), settings_.identity, settings_.timings, clock);
    shards_[shard].lock->labelCreated({{kElectionLabel, settings_.name}, {"lecter.io/lease", "shard"}});
  }
}

ShardElector::~ShardElector() { stop(); }

ObjectRef ShardElector::shardLease(std::size_t shard) const {
  return ObjectRef{settings_.ns, settings_.name + "-shard-" + std::to_string(shard)};
}

void ShardElector::start() { loop_.start(); }

std::chrono::milliseconds ShardElector::tryOnce() {
  member_.tryAcquireOrRenew();
  // Renewals first: one PUT per Lease held, whatever the list says afterwards.
  for (std::size_t shard = 0; shard < shards_.size(); ++shard) {
    if (shards_[shard].lock->claimed()) tryShard(shards_[shard]);
  }
  listed_ = survey();
  if (listed_) rebalance();
  noteOwned();
  return jitteredRetry(settings_.timings.retry_period, random_());
}

void ShardElector::tryShard(ShardState& state) {
  const bool held = state.lock->tryAcquireOrRenew();
  const std::lock_guard lock(mutex_);
  state.held = held;
  state.renewed_at = state.lock->renewedAt();
}

bool ShardElector::survey() {
  const KubeResult list = api_.listLeases(settings_.ns, std::string(kElectionLabel) + "=" + settings_.name);
  if (!list.ok()) {
    log::warn("shards: the Leases of {}/{} cannot be listed: {}; the shards held are kept", settings_.ns,
              settings_.name, list.describe());
    return false;
  }
  if (const auto problem = answerProblem(list.object, {ObjectKind::LeaseList, settings_.ns, ""})) {
    log::warn("shards: the list of the Leases of {}/{} cannot be read ({}); the shards held are kept",
              settings_.ns, settings_.name, *problem);
    return false;
  }
  std::map<std::string, const nlohmann::json*> listed;
  for (const auto& item : list.object.at("items")) {
    listed[stringMember(jsonMember(item, "metadata"), "name")] = &item;
  }
  for (std::size_t shard = 0; shard < shards_.size(); ++shard) {
    const auto found = listed.find(shardLease(shard).name);
    shards_[shard].lock->observeListed(found == listed.end() ? nullptr : found->second);
  }
  const SteadyTime now = clock_.now();
  const std::string prefix = settings_.name + "-member-";
  std::map<std::string, Member> members;
  for (const auto& [name, item] : listed) {
    if (name.rfind(prefix, 0) != 0 || name == member_.lease().name) continue;
    if (itemProblem(*item, ObjectKind::Lease)) continue;
    const LeaseRecord record = leaseRecordOf(*item);
    const auto seen = members_.find(name);
    // A member is alive while its record keeps changing, by this process's clock.
    const bool same = seen != members_.end() && seen->second.record.sameHolding(record);
    members[name] = Member{record, same ? seen->second.changed_at : now};
  }
  members_ = std::move(members);
  std::size_t live = 1;
  for (const auto& [name, member] : members_) {
    const auto lease = leaseSpanOf(member.record, settings_.timings.lease_duration);
    if (!member.record.holder.empty() && member.changed_at + lease > now) ++live;
  }
  const std::lock_guard lock(mutex_);
  if (live != live_) {
    log::info("shards: {} replicas alive (this one included); each holds at most {} of {} shards", live,
              fairShare(settings_.shards, live), settings_.shards);
  }
  live_ = live;
  return true;
}

void ShardElector::rebalance() {
  ShardView view;
  view.shards = settings_.shards;
  {
    const std::lock_guard lock(mutex_);
    view.live_replicas = live_;
    for (std::size_t shard = 0; shard < shards_.size(); ++shard) {
      const ShardState& state = shards_[shard];
      if (state.lock->claimed() && !state.giving_up) view.held.insert(shard);
    }
  }
  for (std::size_t shard = 0; shard < shards_.size(); ++shard) {
    if (shards_[shard].lock->takeable()) view.free.insert(shard);
  }
  const ShardMoves moves = planShards(settings_.identity, view);
  for (const std::size_t shard : moves.take) tryShard(shards_[shard]);
  std::vector<LeaseLock*> to_release;
  {
    const std::lock_guard lock(mutex_);
    for (const std::size_t shard : moves.release) {
      ShardState& state = shards_[shard];
      state.giving_up = true;
      // The cycle running now may be writing it: release once that cycle ended.
      state.release_after = cycles_started_;
      log::info("shards: {} gives up shard {} ({} replicas alive); released once its writes are over",
                settings_.identity, shard, live_);
    }
    for (ShardState& state : shards_) {
      if (state.giving_up && cycles_ended_ >= state.release_after && state.lock->claimed())
        to_release.push_back(state.lock.get());
    }
  }
  for (LeaseLock* lock : to_release) lock->release();
  const std::lock_guard lock(mutex_);
  for (ShardState& state : shards_) {
    if (!state.lock->claimed()) {
      state.held = false;
      state.giving_up = false;
    }
  }
}

void ShardElector::noteOwned() {
  const std::set<std::size_t> owned = ownedShards();
  if (owned == owned_logged_) return;
  owned_logged_ = owned;
  log::info("shards: {} owns {} of {} shards: {}", settings_.identity, owned.size(), settings_.shards,
            joined(owned));
}

bool ShardElector::owns(std::size_t shard) const {
  const std::lock_guard lock(mutex_);
  if (shard >= shards_.size()) return false;
  const ShardState& state = shards_[shard];
  return state.held && !state.giving_up && clock_.now() - state.renewed_at < settings_.timings.renew_deadline;
}

std::set<std::size_t> ShardElector::ownedShards() const {
  std::set<std::size_t> owned;
  for (std::size_t shard = 0; shard < shards_.size(); ++shard) {
    if (owns(shard)) owned.insert(shard);
  }
  return owned;
}

std::size_t ShardElector::liveReplicas() const {
  const std::lock_guard lock(mutex_);
  return live_;
}

void ShardElector::cycleStarted() {
  const std::lock_guard lock(mutex_);
  ++cycles_started_;
}

void ShardElector::cycleEnded() {
  const std::lock_guard lock(mutex_);
  cycles_ended_ = cycles_started_;
}

void ShardElector::stop() { loop_.stop(); }

void ShardElector::releaseAll() {
  {
    const std::lock_guard lock(mutex_);
    for (ShardState& state : shards_) state.held = false;
  }
  for (ShardState& state : shards_) state.lock->release();
  member_.release();
}

}  // namespace lecter
