#pragma once
/// The replicas' views (kubernetes_conf.leader_election.quorum) in Redis, keyed as store/vote_schema.h
/// says. One exchange is two round trips: SET of this replica's view with its time-to-live, SADD of its
/// identity and SMEMBERS of the voters at once, then one MGET of the others' views. The expiry is
/// judged by Redis's own clock, so the replicas' clocks need not agree. After a failed exchange the
/// next ones give nullopt at once, without touching Redis, until a backoff has passed (500 ms doubling
/// to 30 s, as the state store's), so a Redis that hangs does not cost every cycle a timeout.
///
/// Not thread-safe: the reconciler's thread calls it.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lecter/base/clock.h"
#include "lecter/config/config.h"
#include "lecter/coord/vote_board.h"

namespace lecter {

class RedisVoteBoard final : public VoteBoard {
 public:
  /// `board` tells apart the lecter deployments that share one Redis and key prefix (their Lease's
  /// namespace/name).
  RedisVoteBoard(RedisConfig config, std::string board, const Clock& clock,
                 std::chrono::milliseconds timeout = std::chrono::milliseconds(500));
  ~RedisVoteBoard() override;
  RedisVoteBoard(const RedisVoteBoard&) = delete;
  RedisVoteBoard& operator=(const RedisVoteBoard&) = delete;

  std::optional<std::vector<ReplicaView>> exchange(const ReplicaView& mine,
                                                   std::chrono::milliseconds ttl) override;
  /// How many connections were tried: none while the backoff holds.
  [[nodiscard]] std::size_t connectAttempts() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lecter
