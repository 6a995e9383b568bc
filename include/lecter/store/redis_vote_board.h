#pragma once
/// The replicas' views (kubernetes_conf.leader_election.quorum) in Redis, keyed as store/vote_schema.h
/// says. One exchange is two round trips: SET of this replica's view with its time-to-live, SADD of its
/// identity and SMEMBERS of the voters at once, then one MGET of the others' views. The expiry is
/// judged by Redis's own clock, so the replicas' clocks need not agree. A connection that breaks is
/// opened again on the next exchange (one a cycle: the interval paces the retries).
///
/// Not thread-safe: the reconciler's thread calls it.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lecter/config/config.h"
#include "lecter/coord/vote_board.h"

namespace lecter {

class RedisVoteBoard final : public VoteBoard {
 public:
  /// `board` tells apart the lecter deployments that share one Redis and key prefix (their Lease's
  /// namespace/name).
  RedisVoteBoard(RedisConfig config, std::string board,
                 std::chrono::milliseconds timeout = std::chrono::milliseconds(500));
  ~RedisVoteBoard() override;
  RedisVoteBoard(const RedisVoteBoard&) = delete;
  RedisVoteBoard& operator=(const RedisVoteBoard&) = delete;

  std::optional<std::vector<ReplicaView>> exchange(const ReplicaView& mine,
                                                   std::chrono::milliseconds ttl) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lecter
