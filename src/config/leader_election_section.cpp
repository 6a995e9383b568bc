#include "leader_election_section.h"

#include <string>

#include "kubernetes_names.h"
#include "scalar_readers.h"
#include "scalar_text.h"

namespace lecter::config_internal {
namespace {

constexpr std::size_t kMaxIdentityBytes = 128;

std::string readIdentity(const YamlValue& value) {
  const std::string identity = readString(value);
  if (identity.empty() || identity.size() > kMaxIdentityBytes || hasControlOrSpace(identity)) {
    value.fail("must be 1 to " + std::to_string(kMaxIdentityBytes) +
               " characters without spaces (the Lease's holderIdentity), got " + value.describe());
  }
  return identity;
}

}  // namespace

LeaderElectionConfig readLeaderElection(const YamlValue& value, bool has_redis) {
  LeaderElectionConfig election;
  if (value.isNull()) return election;
  const YamlMap map(value,
                    "a mapping (enabled, namespace, name, lease_duration, renew_deadline, retry_period, …)");
  map.allowOnly({"enabled", "namespace", "name", "lease_duration", "renew_deadline", "retry_period",
                 "identity", "quorum"});
  if (const auto enabled = map.find("enabled"); enabled && !enabled->isNull())
    election.enabled = readBool(*enabled);
  if (const auto ns = map.find("namespace"); ns && !ns->isNull()) {
    election.ns = readString(*ns);
    if (!isDns1123Label(election.ns))
      ns->fail("must be a namespace name (DNS-1123 label), got " + ns->describe());
  }
  if (const auto name = map.find("name"); name && !name->isNull()) {
    election.name = readString(*name);
    if (!isDns1123Subdomain(election.name))
      name->fail("must be a Lease name (DNS-1123 subdomain), got " + name->describe());
  }
  const auto lease = map.find("lease_duration");
  if (lease && !lease->isNull()) election.lease_duration = readDuration(*lease, 1000);
  const auto renew = map.find("renew_deadline");
  if (renew && !renew->isNull()) election.renew_deadline = readDuration(*renew, 100);
  const auto retry = map.find("retry_period");
  if (retry && !retry->isNull()) election.retry_period = readDuration(*retry, 100);
  // client-go's rule: a leader must give up before its lease can lapse for others, and try to renew
  // more than once before it gives up.
  const std::string timings = "lease_duration " + showDuration(election.lease_duration.count()) +
                              ", renew_deadline " + showDuration(election.renew_deadline.count()) +
                              ", retry_period " + showDuration(election.retry_period.count());
  if (election.lease_duration <= election.renew_deadline) {
    (lease   ? *lease
     : renew ? *renew
             : value)
        .fail(
            "lease_duration must be longer than renew_deadline, so a leader stops writing before its lease "
            "can lapse for others (" +
            timings + ")");
  }
  if (election.renew_deadline.count() * 10 <= election.retry_period.count() * 12) {
    (renew   ? *renew
     : retry ? *retry
             : value)
        .fail(
            "renew_deadline must be longer than 1.2 × retry_period, so a leader tries to renew more than "
            "once before it gives up (" +
            timings + ")");
  }
  if (const auto identity = map.find("identity"); identity && !identity->isNull())
    election.identity = readIdentity(*identity);
  if (const auto quorum = map.find("quorum"); quorum && !quorum->isNull()) {
    election.quorum = readBool(*quorum);
    if (election.quorum && !has_redis) {
      quorum->fail("needs storage_conf.redis: the replicas' views of each target meet there");
    }
  }
  return election;
}

int readShards(const YamlValue& value, const LeaderElectionConfig& election) {
  const int shards = static_cast<int>(readInteger(value, 1, kMaxShards, "a whole number of shards"));
  if (shards == 1) return shards;
  if (!election.enabled) {
    value.fail("needs kubernetes_conf.leader_election.enabled (or --leader-elect): each shard is a Lease");
  }
  const std::string last = election.name + "-shard-" + std::to_string(shards - 1);
  if (!isDns1123Subdomain(last)) {
    value.fail("makes Lease names such as " + last +
               " that are not valid names; shorten leader_election.name");
  }
  return shards;
}

}  // namespace lecter::config_internal
