#pragma once
/// kubernetes_conf.shards: which shard a service belongs to, and which shard Leases a replica should
/// hold, take or give up. Pure decisions, no I/O: the shard elector feeds them with what it saw of the
/// Leases and acts on the answer.
///
/// - A service belongs to shard fnv1a64("namespace/name") mod N: stable across replicas, restarts and
///   versions, and independent of the config's order.
/// - Each replica holds at most ceil(N / live replicas) shards (its fair share). Which ones it prefers
///   is rendezvous hashing of (identity, shard): replicas agree without talking, and a replica joining
///   or leaving moves only the shards it must.
/// - A replica above its share gives up its least preferred shards; one below takes free shards (nobody
///   holds them, or their holder stopped renewing) in its order of preference. Taking races are settled
///   by the Lease's resourceVersion (a 409), as for the leader Lease.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lecter {

/// 64-bit FNV-1a of `text`.
std::uint64_t fnv1a64(std::string_view text);

/// The shard (0..shards-1) of the Service ns/name; 0 when shards < 2.
std::size_t shardOf(std::string_view ns, std::string_view name, std::size_t shards);

/// ceil(shards / live); every shard when live is 0 (this replica alone).
std::size_t fairShare(std::size_t shards, std::size_t live);

/// The shards in the order `identity` prefers them (rendezvous hashing), most preferred first.
std::vector<std::size_t> preferenceOrder(std::string_view identity, std::size_t shards);

struct ShardView {
  std::size_t shards = 1;
  std::size_t live_replicas = 1;  // replicas seen renewing lately, this one included
  std::set<std::size_t> held;     // shards this replica holds now
  std::set<std::size_t> free;     // shards nobody holds, or whose holder stopped renewing
};

struct ShardMoves {
  std::vector<std::size_t> release;  // give up, least preferred first
  std::vector<std::size_t> take;     // try to take, most preferred first
};

/// What `identity` should do with the shards it sees.
ShardMoves planShards(std::string_view identity, const ShardView& view);

}  // namespace lecter
