#pragma once
/// kubernetes_conf.leader_election in the daemon: the Lease's own ApiServer client (a connection of its
/// own and no share of the writers' rate limit, so a burst of writes cannot starve a renewal), the
/// elector's thread, and what follows a change of role: a log line and lecter_leader.

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "lecter/app/runtime.h"
#include "lecter/coord/leader_elector.h"
#include "lecter/coord/shard_elector.h"

namespace lecter {

/// holderIdentity: leader_election.identity, else this pod's (or host's) name, '_' and a random suffix,
/// so two processes on one host (or a pod restarted under its name) are never one holder.
std::string electionIdentity(const LeaderElectionConfig& election);
/// The Lease's namespace: leader_election.namespace, else the pod's own (its service account's
/// namespace file), else "default".
std::string electionNamespace(const LeaderElectionConfig& election);

class Election {
 public:
  /// Resolves the ApiServer as the Runtime does; throws StartupError when it cannot be used.
  /// `liveness` is told of the Lease's answers: a follower may send nothing else (its watches aside)
  /// and is ready all the same.
  Election(const Config& config, const Clock& clock, Metrics* metrics, Liveness* liveness);
  ~Election();
  Election(const Election&) = delete;
  Election& operator=(const Election&) = delete;

  /// kubernetes_conf.shards > 1: the services are split by shard Leases (shards()), not written by
  /// one leader; every replica writes (and alerts on) the services of the shards it owns.
  [[nodiscard]] bool sharded() const { return shards_ != nullptr; }
  [[nodiscard]] ShardElector* shards() const { return shards_.get(); }
  /// Whether this replica holds the shard of `service` now (always true unless sharded); thread-safe.
  [[nodiscard]] bool owns(const ServiceSpec& service) const;
  /// The shards a cycle may write are released only after it ended.
  void cycleStarted();
  void cycleEnded();

  void start();
  /// One try on this thread (--once).
  void tryOnce();
  /// Whether this replica may write now; thread-safe.
  [[nodiscard]] bool leading() const { return elector_->leading(); }
  /// leading(), after logging and exposing a change of role since the last call.
  bool noteRole();
  [[nodiscard]] std::string holder() const { return elector_->holder(); }
  [[nodiscard]] const LeaderElector& elector() const { return *elector_; }

  /// Abandons a try in flight, ends the elector's thread and gives the Lease up when held. Call once
  /// the writes are over.
  void stopAndRelease();

 private:
  Metrics* metrics_;
  std::atomic<bool> abandon_{false};
  std::unique_ptr<TokenSource> tokens_;
  std::unique_ptr<HttpClient> http_;
  std::unique_ptr<RestKubeClient> rest_;
  std::unique_ptr<LeaderElector> elector_;
  std::unique_ptr<ShardElector> shards_;  // kubernetes_conf.shards > 1
  std::optional<std::size_t> shards_told_;
  std::optional<bool> leading_;  // the role last told; none before the first
};

}  // namespace lecter
