#pragma once
/// kubernetes_conf.shards in motion: one Lease per shard (`<name>-shard-K`) and one per replica
/// (`<name>-member-<hash of identity>`, its sign of life), all labelled lecter.io/election=<name> so
/// one list a retry period shows who holds what and which replicas are alive. Each try renews what
/// this replica holds (one PUT per Lease), lists, and moves shards as the shard plan says.
///
/// No service is written by two replicas at once: a shard is taken only when it is free (released,
/// or its holder stopped renewing for a lease duration, by this process's clock); one this replica
/// gives up stops being owned at once, is still renewed, and is released only after the cycle that
/// may have been writing it ended (cycleStarted/cycleEnded); one not renewed within renew_deadline
/// stops being owned by the clock, before it can lapse for anyone else.

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "lecter/coord/lease_lock.h"
#include "lecter/coord/retry_loop.h"

namespace lecter {

/// The label every Lease of one election carries (its value: the election's name).
inline constexpr const char* kElectionLabel = "lecter.io/election";

struct ShardElectorSettings {
  std::string ns;    // the Leases' namespace
  std::string name;  // leader_election.name: the Leases are <name>-shard-K and <name>-member-…
  std::string identity;
  std::size_t shards = 1;
  LeaseTimings timings;
};

class ShardElector {
 public:
  /// `random`: numbers in [0, 1) for the jitter between tries; empty: the machine's.
  ShardElector(LeasesApi& api, ShardElectorSettings settings, const Clock& clock,
               std::function<double()> random = {});
  ~ShardElector();  // stop(); never releases (releaseAll() is the caller's, once its writes are over)
  ShardElector(const ShardElector&) = delete;
  ShardElector& operator=(const ShardElector&) = delete;

  /// The Lease of shard `shard`.
  [[nodiscard]] ObjectRef shardLease(std::size_t shard) const;
  /// This replica's member Lease.
  [[nodiscard]] const ObjectRef& memberLease() const { return member_.lease(); }
  [[nodiscard]] const std::string& identity() const { return settings_.identity; }
  [[nodiscard]] std::size_t shards() const { return settings_.shards; }

  /// Starts the thread that tries every retry period.
  void start();
  /// One try on the caller's thread: renew, list, take and give up; returns the wait before the next.
  std::chrono::milliseconds tryOnce();
  /// Whether this replica may probe and write the services of `shard` now: it holds the shard's
  /// Lease, renewed within renew_deadline by the clock now, and is not giving it up. Thread-safe.
  [[nodiscard]] bool owns(std::size_t shard) const;
  /// The shards owns() says yes to now.
  [[nodiscard]] std::set<std::size_t> ownedShards() const;
  /// Replicas seen alive at the last try, this one included.
  [[nodiscard]] std::size_t liveReplicas() const;

  /// The daemon's cycles, so a shard given up is released only once no write of it can be in flight.
  void cycleStarted();
  void cycleEnded();

  /// Ends the thread; a try in flight first ends as its requests do.
  void stop();
  /// Gives every Lease up (stop() first, and only once the writes are over).
  void releaseAll();

 private:
  struct ShardState {
    std::unique_ptr<LeaseLock> lock;
    SteadyTime renewed_at{};
    bool held = false;       // as of the last try
    bool giving_up = false;  // owned no more; released once release_after cycles ended
    unsigned long long release_after = 0;
  };
  struct Member {
    LeaseRecord record;
    SteadyTime changed_at{};
  };

  /// Takes or renews one shard's Lease and notes the outcome for owns().
  void tryShard(ShardState& state);
  /// Reads every Lease of the election; false when the list could not be had or read.
  bool survey();
  /// Moves shards as the plan says (the elector's thread, or the caller's before start()).
  void rebalance();
  void noteOwned();

  ShardElectorSettings settings_;
  LeasesApi& api_;
  const Clock& clock_;
  std::function<double()> random_;
  LeaseLock member_;
  std::vector<ShardState> shards_;         // by shard number; its locks used by one thread at a time
  std::map<std::string, Member> members_;  // other replicas' member Leases, by name
  std::set<std::size_t> owned_logged_;
  bool listed_ = false;

  mutable std::mutex mutex_;  // guards what the cycle's thread asks: the ShardStates' flags and times
  std::size_t live_ = 1;
  unsigned long long cycles_started_ = 0;
  unsigned long long cycles_ended_ = 0;
  RetryLoop loop_{[this] { return tryOnce(); }};  // last: its thread ends before the rest goes
};

}  // namespace lecter
