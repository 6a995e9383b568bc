#pragma once
/// kubernetes_conf.leader_election and kubernetes_conf.shards: several replicas, one writer per shard.

#include "lecter/config/config.h"
#include "yaml_value.h"

namespace lecter::config_internal {

/// leader_election: {enabled, namespace, name, lease_duration, renew_deadline, retry_period, identity,
/// quorum}. client-go's rule holds: lease_duration > renew_deadline > 1.2 × retry_period. `has_redis`:
/// storage_conf names a Redis, which quorum needs (the replicas' votes meet there).
LeaderElectionConfig readLeaderElection(const YamlValue& value, bool has_redis);

/// shards: a whole number from 1 to kMaxShards; more than one needs leader_election enabled (each
/// shard is a Lease) and a Lease name that stays valid with "-shard-K" appended.
int readShards(const YamlValue& value, const LeaderElectionConfig& election);

inline constexpr int kMaxShards = 256;

}  // namespace lecter::config_internal
