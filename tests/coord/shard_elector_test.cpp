// ShardElectors of several replicas over the real RestKubeClient and CurlHttpClient, against the
// ApiServer fixture over HTTPS (its Leases kept by the server's rules, listed by label), on one manual
// clock: shards are shared out fairly, never owned by two replicas at once, taken over from a replica
// that stopped, and renewals cost one PUT per Lease held plus one list.

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fixture_lease_client.h"
#include "lecter/coord/shard_elector.h"
#include "lecter/kube/curl_http_client.h"
#include "lecter/kube/rest_kube_client.h"
#include "lecter/kube/token_source.h"
#include "support/apiserver/apiserver_fixture.h"
#include "support/common/manual_clock.h"

namespace lecter::testing {
namespace {

using std::chrono::milliseconds;

constexpr std::size_t kShards = 6;
const LeaseTimings kShardTimings{milliseconds(15000), milliseconds(10000), milliseconds(2000)};

class ShardElectorTest : public ::testing::Test {
 protected:
  /// One replica: its own client (token `<identity>-token`) and elector.
  struct Replica {
    Replica(const ApiServerFixture& server, const std::string& identity, const Clock& clock)
        : client(server, identity + "-token"),
          elector(client.kube, ShardElectorSettings{"lecter", "lecter", identity, kShards, kShardTimings},
                  clock, [] { return 0.0; }) {}
    FixtureLeaseClient client;
    ShardElector elector;
  };

  Replica& add(const std::string& identity) {
    return *replicas_.emplace_back(std::make_unique<Replica>(server_, identity, clock_));
  }

  /// No shard owned by two replicas; returns how many shards are owned at all.
  std::size_t checkOneOwnerEach() {
    std::size_t owned = 0;
    for (std::size_t shard = 0; shard < kShards; ++shard) {
      int owners = 0;
      for (const auto& replica : replicas_) owners += replica->elector.owns(shard) ? 1 : 0;
      EXPECT_LE(owners, 1) << "shard " << shard << " has " << owners << " owners";
      if (owners > 0) ++owned;
    }
    return owned;
  }

  /// Every replica in `tried` tries once, then the clock moves on a retry period.
  void round(const std::vector<Replica*>& tried) {
    for (Replica* replica : tried) {
      replica->elector.tryOnce();
      checkOneOwnerEach();
    }
    clock_.advance(kShardTimings.retry_period);
    checkOneOwnerEach();
  }

  ApiServerFixture server_{
      ApiServerOptions{.tls = true, .tokens = {"replica-a-token", "replica-b-token", "replica-c-token"}}};
  ManualClock clock_;
  std::vector<std::unique_ptr<Replica>> replicas_;
};

TEST_F(ShardElectorTest, AReplicaAloneTakesEveryShardAndLabelsItsLeases) {
  Replica& a = add("replica-a");
  a.elector.tryOnce();
  EXPECT_EQ(a.elector.ownedShards().size(), kShards);
  EXPECT_EQ(a.elector.liveReplicas(), 1U);
  for (std::size_t shard = 0; shard < kShards; ++shard) {
    const auto lease = server_.lease("lecter", "lecter-shard-" + std::to_string(shard));
    ASSERT_TRUE(lease.has_value()) << shard;
    EXPECT_EQ((*lease)["spec"]["holderIdentity"], "replica-a");
    EXPECT_EQ((*lease)["metadata"]["labels"][kElectionLabel], "lecter");
  }
  const auto member = server_.lease("lecter", a.elector.memberLease().name);
  ASSERT_TRUE(member.has_value()) << a.elector.memberLease().name;
  EXPECT_EQ((*member)["spec"]["holderIdentity"], "replica-a");
}

TEST_F(ShardElectorTest, AJoiningReplicaGetsItsShareOnlyAfterTheHoldersCycleEnded) {
  Replica& a = add("replica-a");
  a.elector.tryOnce();
  ASSERT_EQ(a.elector.ownedShards().size(), kShards);
  a.elector.cycleStarted();  // a cycle of a's is writing its services

  Replica& b = add("replica-b");
  round({&b, &a});
  // a saw b: it owns its share (3) at once, but keeps the other Leases while its cycle runs.
  EXPECT_EQ(a.elector.liveReplicas(), 2U);
  EXPECT_EQ(a.elector.ownedShards().size(), 3U);
  round({&b, &a});
  EXPECT_TRUE(b.elector.ownedShards().empty()) << "nothing is free while a's cycle may write";

  a.elector.cycleEnded();
  round({&a, &b});
  EXPECT_EQ(a.elector.ownedShards().size(), 3U);
  EXPECT_EQ(b.elector.ownedShards().size(), 3U);
  EXPECT_EQ(checkOneOwnerEach(), kShards);
}

TEST_F(ShardElectorTest, TheShardsOfAReplicaThatStoppedAreTakenOnceItsLeaseLapsed) {
  Replica& a = add("replica-a");
  Replica& b = add("replica-b");
  Replica& c = add("replica-c");
  for (int i = 0; i < 4; ++i) round({&a, &b, &c});
  for (const auto& replica : replicas_) EXPECT_EQ(replica->elector.ownedShards().size(), 2U);
  ASSERT_EQ(checkOneOwnerEach(), kShards);

  // c stops (kill -9): nothing more from it. Its shards are owned by nobody once renew_deadline
  // passed, and taken by a and b once they saw its Leases unchanged for a lease duration.
  const SteadyTime stopped = clock_.now() - kShardTimings.retry_period;  // c's last try
  SteadyTime all_owned_again{};
  for (int i = 0; i < 12 && all_owned_again == SteadyTime{}; ++i) {
    a.elector.tryOnce();
    b.elector.tryOnce();
    checkOneOwnerEach();
    if (a.elector.ownedShards().size() + b.elector.ownedShards().size() == kShards)
      all_owned_again = clock_.now();
    if (i == 5) {
      EXPECT_TRUE(c.elector.ownedShards().empty()) << "c owns nothing past renew_deadline";
    }
    clock_.advance(kShardTimings.retry_period);
  }
  ASSERT_NE(all_owned_again, SteadyTime{}) << "c's shards were never taken over";
  const auto took = std::chrono::duration_cast<milliseconds>(all_owned_again - stopped);
  EXPECT_GE(took, kShardTimings.lease_duration);
  EXPECT_LE(took, kShardTimings.lease_duration + 2 * kShardTimings.retry_period);
  EXPECT_EQ(a.elector.ownedShards().size(), 3U);
  EXPECT_EQ(b.elector.ownedShards().size(), 3U);
  EXPECT_EQ(a.elector.liveReplicas(), 2U);
  std::cout << "c's shards were taken over " << took.count() << " ms after it stopped (lease "
            << kShardTimings.lease_duration.count() << " ms, retry " << kShardTimings.retry_period.count()
            << " ms)\n";
}

TEST_F(ShardElectorTest, RenewalsCostOnePutPerLeaseHeldAndOneList) {
  Replica& a = add("replica-a");
  Replica& b = add("replica-b");
  for (int i = 0; i < 4; ++i) round({&a, &b});
  ASSERT_EQ(checkOneOwnerEach(), kShards);
  server_.clearRequests();
  constexpr int kTries = 5;
  for (int i = 0; i < kTries; ++i) round({&a});
  int puts = 0;
  int lists = 0;
  int other = 0;
  for (const RecordedRequest& request : server_.requests()) {
    if (request.bearer_token != "replica-a-token") continue;
    if (request.method == "PUT") {
      ++puts;
    } else if (request.method == "GET" &&
               request.path == "/apis/coordination.k8s.io/v1/namespaces/lecter/leases") {
      ++lists;
      EXPECT_NE(request.query.find("labelSelector=lecter.io"), std::string::npos) << request.query;
    } else {
      ++other;
    }
  }
  // 1 member Lease + 3 shards.
  EXPECT_EQ(puts, kTries * 4);
  EXPECT_EQ(lists, kTries);
  EXPECT_EQ(other, 0);
  std::cout << kTries << " tries holding 4 Leases: " << puts << " PUTs, " << lists << " lists, " << other
            << " other requests\n";
}

TEST_F(ShardElectorTest, ReleaseAllHandsEveryShardOverAtTheNextTry) {
  Replica& a = add("replica-a");
  Replica& b = add("replica-b");
  for (int i = 0; i < 4; ++i) round({&a, &b});
  a.elector.releaseAll();
  EXPECT_TRUE(a.elector.ownedShards().empty());
  // a's member Lease is released too: b counts itself alone, and every shard is free at once.
  round({&b});
  EXPECT_EQ(b.elector.liveReplicas(), 1U);
  EXPECT_EQ(b.elector.ownedShards().size(), kShards);
}

}  // namespace
}  // namespace lecter::testing
