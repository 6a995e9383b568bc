// Several replicas, one writer (issue 14): three real lecter processes elect their writer through a
// Lease kept by the fixture by the ApiServer's rules. Each replica presents a token of its own, so the
// fixture's log tells which replica made each request.

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <thread>

#include "lecter/base/json_fields.h"
#include "lecter_test.h"
#include "support/netns/loopback_bridge.h"

namespace lecter::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using SteadyClock = std::chrono::steady_clock;

constexpr char kLeasePrefix[] = "/apis/coordination.k8s.io/";
constexpr char kLeaseName[] = "lecter";
constexpr char kEndpointsPath[] = "/api/v1/namespaces/default/endpoints/db";

struct Timings {
  int lease_ms;
  int renew_ms;
  int retry_ms;
};
/// Short enough for a test, with client-go's proportions (lease > renew deadline > 1.2 × retry).
constexpr Timings kQuick{3000, 2000, 500};

class LeaderElectionTest : public LecterTest {
 protected:
  void SetUp() override {
    LecterTest::SetUp();
    if (IsSkipped()) return;
    ApiServerOptions options;
    for (int i = 0; i < kReplicas; ++i) options.tokens.push_back(tokenOf(i));
    api_ = std::make_unique<ApiServerFixture>(options);
    for (int i = 0; i < kReplicas; ++i) secrets_.push_back(tokenOf(i));
  }

  static std::string tokenOf(int replica) { return "replica-" + std::to_string(replica) + "-token-9f2"; }
  static std::string identityOf(int replica) { return "replica-" + std::to_string(replica); }

  /// Replica `index`'s settings on `ips`: its own token file and identity, the same Lease as the others.
  LecterSettings replicaSettings(int index, const std::vector<std::string>& ips, Timings timings = kQuick) {
    LecterSettings settings = settingsFor(ips);
    settings.token_file = dir_.write("token-" + std::to_string(index), tokenOf(index) + "\n");
    settings.leader_election =
        "    enabled: true\n    namespace: default\n    identity: " + identityOf(index) +
        "\n    lease_duration: " + std::to_string(timings.lease_ms) +
        "\n    renew_deadline: " + std::to_string(timings.renew_ms) +
        "\n    retry_period: " + std::to_string(timings.retry_ms) + "\n";
    return settings;
  }
  Subprocess& startReplica(int index, const std::vector<std::string>& ips, Timings timings = kQuick) {
    Subprocess& process = startLecter(replicaSettings(index, ips, timings));
    replicas_.push_back(&process);
    return process;
  }

  /// Starts replicas 0..count-1 on `ips` and waits until one holds the Lease and has written every IP
  /// ready; returns that replica, or -1 (with a failure that says which part did not happen).
  [[nodiscard]] int startElected(int count, const std::vector<std::string>& ips, Timings timings = kQuick) {
    for (int i = 0; i < count; ++i) startReplica(i, ips, timings);
    const int leader = eventualLeader(seconds(10));
    if (leader < 0) {
      ADD_FAILURE() << "no replica took the Lease";
      return -1;
    }
    if (!eventuallyReady(ips, seconds(10))) {
      ADD_FAILURE() << "the leader did not write every IP ready";
      return -1;
    }
    return leader;
  }

  /// The holder of the Lease now, "" when none.
  [[nodiscard]] std::string holder() const {
    const auto lease = api_->lease(kNamespace, kLeaseName);
    return lease ? stringMember(jsonMember(*lease, "spec"), "holderIdentity") : std::string();
  }
  /// The replica that holds the Lease, once one does (-1 if none within `timeout`).
  [[nodiscard]] int eventualLeader(milliseconds timeout) const {
    int leader = -1;
    eventually(
        [&] {
          for (int i = 0; i < kReplicas; ++i) {
            if (holder() == identityOf(i)) leader = i;
          }
          return leader >= 0;
        },
        timeout);
    return leader;
  }

  /// Which replica made each successful write of default/db's Endpoints, in the fixture's order.
  [[nodiscard]] std::vector<int> endpointsWriters() const {
    std::vector<int> writers;
    for (const auto& r : api_->requests()) {
      if (r.method != "PUT" || r.path != kEndpointsPath || r.status < 200 || r.status >= 300) continue;
      writers.push_back(replicaOfToken(r.bearer_token));
    }
    return writers;
  }
  static int replicaOfToken(const std::string& token) {
    for (int i = 0; i < kReplicas; ++i) {
      if (token == tokenOf(i)) return i;
    }
    return -1;
  }

  static constexpr int kReplicas = 3;
  std::vector<Subprocess*> replicas_;
};

std::set<int> distinct(const std::vector<int>& values) { return {values.begin(), values.end()}; }

TEST_F(LeaderElectionTest, ExactlyOneReplicaWritesAndAKilledLeaderIsReplacedWithinLeaseAndRetry) {
  const auto ips = openTargets(3);
  const int leader = startElected(kReplicas, ips);
  ASSERT_GE(leader, 0);
  network_->closeListener(ips[0], kPort);
  ASSERT_TRUE(eventuallyReady({ips[1], ips[2]}, seconds(10)));

  EXPECT_EQ(distinct(endpointsWriters()), std::set<int>{leader}) << "only the holder writes";
  for (const auto& r : api_->requests()) {
    if (r.method == "POST" && r.path.find("/events") != std::string::npos) {
      EXPECT_EQ(replicaOfToken(r.bearer_token), leader) << "an Event posted by a follower";
    }
  }

  // kill -9: no release; the others wait out the lease as they last saw it renewed.
  const std::size_t writes_before = endpointsWriters().size();
  replicas_[static_cast<std::size_t>(leader)]->signal(SIGKILL);
  replicas_[static_cast<std::size_t>(leader)]->wait(seconds(5));
  const auto killed_at = SteadyClock::now();
  network_->closeListener(ips[1], kPort);
  // lease_duration + retry_period, plus the retry period it may take to see the last renewal, an
  // interval and a second for a loaded machine.
  const auto bound = milliseconds(kQuick.lease_ms + 2 * kQuick.retry_ms + 200 + 1000);
  ASSERT_TRUE(eventuallyReady({ips[2]}, bound + seconds(5))) << "nobody took over";
  const auto took = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - killed_at);
  std::cout << "after kill -9 of the leader, the next write came " << took.count() << " ms later (lease "
            << kQuick.lease_ms << " ms, retry " << kQuick.retry_ms << " ms)\n";
  EXPECT_LE(took, bound);

  const auto writers = endpointsWriters();
  const std::vector<int> after(writers.begin() + static_cast<long>(writes_before), writers.end());
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(distinct(after).size(), 1U) << "two replicas wrote after the takeover";
  EXPECT_NE(after.front(), leader);
  EXPECT_EQ(holder(), identityOf(after.front()));
}

TEST_F(LeaderElectionTest, ASigtermedLeaderReleasesTheLeaseAndAFollowerWritesWithinARetryPeriod) {
  // A long lease: a takeover well within it shows the release, not the lapse.
  constexpr Timings kLongLease{8000, 6000, 500};
  const auto ips = openTargets(2);
  const int leader = startElected(2, ips, kLongLease);
  ASSERT_GE(leader, 0);
  // Both probe: the follower's counters are warm when it takes over.
  Subprocess& old = *replicas_[static_cast<std::size_t>(leader)];
  old.signal(SIGTERM);
  const auto stopped_at = SteadyClock::now();
  ASSERT_EQ(old.wait(seconds(5)), std::optional<int>(0));
  EXPECT_NE(old.err().find("released it"), std::string::npos) << old.err();
  network_->closeListener(ips[0], kPort);
  ASSERT_TRUE(eventuallyReady({ips[1]}, seconds(5))) << "no follower took over";
  const auto took = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - stopped_at);
  std::cout << "after SIGTERM of the leader, the next write came " << took.count() << " ms later (retry "
            << kLongLease.retry_ms << " ms, interval 200 ms, lease " << kLongLease.lease_ms << " ms)\n";
  EXPECT_LT(took, milliseconds(kLongLease.lease_ms)) << "the follower waited for the lease to lapse";
  EXPECT_EQ(holder(), identityOf(1 - leader));
}

TEST_F(LeaderElectionTest, APartitionedLeaderStopsWritingBeforeTheNextOneStarts) {
  const auto ips = openTargets(2);
  const int leader = startElected(kReplicas, ips);
  ASSERT_GE(leader, 0);

  // The leader's renewals no longer arrive; its Endpoints writes still would.
  api_->ignoreRequestsOf(tokenOf(leader), kLeasePrefix);
  // A target that flaps: every cycle there is something to write, for whoever may.
  int next_writer = -1;
  bool open = true;
  for (int flip = 0; flip < 60 && next_writer < 0; ++flip) {
    open = !open;
    if (open) {
      network_->openListener(ips[0], kPort);
    } else {
      network_->closeListener(ips[0], kPort);
    }
    // Waits out the gap between the old leader's stop and the new one's start.
    ASSERT_TRUE(eventuallyReady(open ? ips : std::vector<std::string>{ips[1]}, seconds(10)))
        << "flip " << flip << ": nobody wrote";
    for (const int writer : endpointsWriters()) {
      if (writer != leader) next_writer = writer;
    }
  }
  ASSERT_GE(next_writer, 0) << "no other replica took over";

  const auto writers = endpointsWriters();
  const auto last_old = std::find(writers.rbegin(), writers.rend(), leader);
  const auto first_new = std::find_if(writers.begin(), writers.end(), [&](int w) { return w != leader; });
  ASSERT_NE(last_old, writers.rend());
  const auto last_old_index = writers.rend() - last_old - 1;
  const auto first_new_index = first_new - writers.begin();
  std::cout << "writes in the fixture's order: " << ::testing::PrintToString(writers) << "\n";
  EXPECT_LT(last_old_index, first_new_index) << "the old leader wrote after the new one had begun";
  EXPECT_EQ(distinct({first_new, writers.end()}), std::set<int>{next_writer});
  EXPECT_NE(replicas_[static_cast<std::size_t>(leader)]->err().find("renew_deadline"), std::string::npos)
      << "the old leader did not say it stopped (\"has not renewed … within renew_deadline: it stops writing "
         "now\", or its elector's \"not renewed within renew_deadline\")";
  api_->clearFaults();
}

TEST_F(LeaderElectionTest, RenewalsCostOneRequestPerRetryPeriodForTheLeaderAndFollowersOnlyRead) {
  const auto ips = openTargets(1);
  const int leader = startElected(kReplicas, ips);
  ASSERT_GE(leader, 0);
  // From a clean log, ten renewals' worth.
  api_->clearRequests();
  const auto from = SteadyClock::now();
  const auto lease_requests = [&](int replica) {
    std::vector<RecordedRequest> found;
    for (const auto& r : api_->requests()) {
      if (r.path.rfind(kLeasePrefix, 0) == 0 && r.bearer_token == tokenOf(replica)) found.push_back(r);
    }
    return found;
  };
  ASSERT_TRUE(eventually([&] { return lease_requests(leader).size() >= 10; }, seconds(20)));
  const auto leader_requests = lease_requests(leader);
  const double periods =
      std::chrono::duration<double>(SteadyClock::now() - from).count() * 1000.0 / kQuick.retry_ms;
  std::cout << "in " << periods << " retry periods: the leader sent " << leader_requests.size()
            << " Lease requests";
  for (const auto& r : leader_requests) EXPECT_EQ(r.method, "PUT") << "a renewal read the Lease first";
  EXPECT_LE(static_cast<double>(leader_requests.size()), periods + 1.0);
  for (int i = 0; i < kReplicas; ++i) {
    if (i == leader) continue;
    const auto follower_requests = lease_requests(i);
    std::cout << ", follower " << i << " " << follower_requests.size();
    for (const auto& r : follower_requests) EXPECT_EQ(r.method, "GET") << "a follower wrote the Lease";
    // A follower asks every ¾ to 1 retry period.
    EXPECT_LE(static_cast<double>(follower_requests.size()), periods / 0.75 + 1.0);
  }
  std::cout << "\n";
  // Followers keep their watch caches warm for the day they lead, and write nothing.
  for (const auto& r : api_->requests()) {
    if (replicaOfToken(r.bearer_token) != leader) {
      EXPECT_EQ(r.method, "GET") << r.method << " " << r.path << " from a follower";
    }
  }
}

TEST_F(LeaderElectionTest, OnceTakesTheLeaseForItsCycleAndGivesItBack) {
  const auto ips = openTargets(2);
  LecterSettings settings = replicaSettings(0, ips);
  settings.leader_election.clear();  // --leader-elect turns it on
  const RunResult run = runLecter(settings, {"--once", "--leader-elect"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(readyIps(), ips);
  ASSERT_TRUE(api_->lease(kNamespace, kLeaseName).has_value()) << "no Lease was taken";
  EXPECT_EQ(holder(), "") << "the Lease was kept after the one cycle";
  EXPECT_NE(run.err.find("released it"), std::string::npos) << run.err;
}

TEST_F(LeaderElectionTest, OnceWritesNothingWhileAnotherReplicaLeads) {
  const auto ips = openTargets(2);
  startReplica(0, {ips[0]});
  ASSERT_EQ(eventualLeader(seconds(10)), 0);
  ASSERT_TRUE(eventuallyReady({ips[0]}, seconds(10)));
  const RunResult run = runLecter(replicaSettings(1, ips), {"--once"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("is held by replica-0, which writes: --once wrote nothing"), std::string::npos)
      << run.err;
  EXPECT_EQ(distinct(endpointsWriters()), std::set<int>{0});
  EXPECT_EQ(readyIps(), std::vector<std::string>{ips[0]});
}

TEST_F(LeaderElectionTest, ShardsSplitTheServicesAndAKilledReplicasAreWrittenAgainByTheOthers) {
  constexpr int kServices = 60;
  constexpr int kShards = 6;
  const auto ips = openTargets(3);
  std::vector<std::string> names;
  for (int i = 0; i < kServices; ++i) names.push_back("svc-" + std::to_string(i));
  for (int i = 0; i < kReplicas; ++i) {
    LecterSettings settings = replicaSettings(i, ips);
    settings.services = settingsForServices(names, ips).services;
    settings.shards = kShards;
    replicas_.push_back(&startLecter(settings));
  }
  const auto shardHolders = [&] {
    std::map<std::string, int> held;
    for (int k = 0; k < kShards; ++k) {
      const auto lease = api_->lease(kNamespace, std::string(kLeaseName) + "-shard-" + std::to_string(k));
      if (lease) ++held[stringMember(jsonMember(*lease, "spec"), "holderIdentity")];
    }
    return held;
  };
  const auto allReady = [&](std::vector<std::string> expected) {
    std::sort(expected.begin(), expected.end());
    for (const auto& name : names) {
      if (api_->readyIps(kNamespace, name) != expected) return false;
    }
    return true;
  };
  // Who wrote each service's Endpoints (successful PUT or POST), from request `from` on.
  const auto writersOf = [&](std::size_t from) {
    std::map<std::string, std::set<int>> writers;
    const auto requests = api_->requests();
    for (std::size_t i = from; i < requests.size(); ++i) {
      const auto& r = requests[i];
      const std::string prefix = "/api/v1/namespaces/default/endpoints";
      if ((r.method != "PUT" && r.method != "POST") || r.path.rfind(prefix, 0) != 0) continue;
      if (r.status < 200 || r.status >= 300) continue;
      const std::string name = r.method == "PUT" ? r.path.substr(prefix.size() + 1) : "(created)";
      writers[name].insert(replicaOfToken(r.bearer_token));
    }
    return writers;
  };
  ASSERT_TRUE(eventually(
      [&] {
        const auto held = shardHolders();
        return held.size() == static_cast<std::size_t>(kReplicas) &&
               std::all_of(held.begin(), held.end(), [](const auto& h) { return h.second == 2; });
      },
      seconds(20)))
      << "the shards were not shared out two each";
  ASSERT_TRUE(eventually([&] { return allReady(ips); }, seconds(10)));

  // A change every service must be written for: each is written by exactly one replica.
  std::size_t mark = api_->requests().size();
  network_->closeListener(ips[0], kPort);
  ASSERT_TRUE(eventually([&] { return allReady({ips[1], ips[2]}); }, seconds(10)));
  auto writers = writersOf(mark);
  std::set<int> everyone;
  for (const auto& name : names) {
    EXPECT_EQ(writers[name].size(), 1U) << name << " written by " << writers[name].size() << " replicas";
    everyone.insert(writers[name].begin(), writers[name].end());
  }
  EXPECT_EQ(everyone.size(), static_cast<std::size_t>(kReplicas)) << "the services were not split";

  // kill -9 one replica: its services are written again by the others.
  const int killed = 0;
  replicas_[killed]->signal(SIGKILL);
  replicas_[killed]->wait(seconds(5));
  const auto killed_at = SteadyClock::now();
  mark = api_->requests().size();
  network_->closeListener(ips[1], kPort);
  const auto bound = milliseconds(kQuick.lease_ms + 2 * kQuick.retry_ms + 200 + 1000);
  ASSERT_TRUE(eventually([&] { return allReady({ips[2]}); }, bound + seconds(10))) << "nobody took over";
  const auto took = std::chrono::duration_cast<milliseconds>(SteadyClock::now() - killed_at);
  std::cout << "after kill -9 of one of 3 replicas (" << kShards << " shards, " << kServices
            << " services), every service was written again " << took.count() << " ms later (lease "
            << kQuick.lease_ms << " ms, retry " << kQuick.retry_ms << " ms, interval 200 ms)\n";
  EXPECT_LE(took, bound);
  writers = writersOf(mark);
  for (const auto& name : names) {
    EXPECT_EQ(writers[name].size(), 1U) << name;
    EXPECT_FALSE(writers[name].contains(killed)) << name << " written by the killed replica";
  }
  const auto held = shardHolders();
  EXPECT_FALSE(held.contains(identityOf(killed)));
}

}  // namespace
}  // namespace lecter::testing

namespace lecter::testing {
namespace {

// Acceptance 4: replica 0 runs in a network namespace of its own, from which the targets cannot be
// reached (it sees the ApiServer and Redis through a LoopbackBridge, nothing else). It leads: replicas 1
// and 2 get no answer on the Lease, so they only probe and vote. Alone it would empty db (all_down:
// empty); outvoted, it removes nothing, and a target down for all three is still removed.
TEST_F(LeaderElectionTest, AQuorumKeepsWhatOneReplicaAloneCannotReachAndRemovesATargetDownForAll) {
  const auto ips = openTargets(3);
  TestNetwork isolated;
  const LoopbackBridge bridge("/run/netns/" + isolated.name(), {api_->port(), redis_->port()});
  const auto quorumSettings = [&](int index) {
    LecterSettings settings = replicaSettings(index, ips);
    settings.leader_election += "    quorum: true\n";
    settings.all_down = "empty";
    // Views live 2 × 400 + 300 ms: room for a slow cycle under the sanitizers before a voter lapses.
    settings.interval_ms = 400;
    return settings;
  };
  for (const int follower : {1, 2}) {
    api_->ignoreRequestsOf(tokenOf(follower), kLeasePrefix);
    replicas_.push_back(&startLecter(quorumSettings(follower)));
  }
  const RedisReader redis = redisReader();
  const std::string voters = std::string(kKeyPrefix) + ":quorum:default/lecter:voters";
  ASSERT_TRUE(eventually(
      [&] {
        return redis.members(voters) == std::set<std::string>{identityOf(1), identityOf(2)};
      },
      seconds(10)))
      << "replicas 1 and 2 did not publish their views";

  Subprocess& isolated_replica = startLecterIn(isolated.name(), quorumSettings(0));
  replicas_.insert(replicas_.begin(), &isolated_replica);
  ASSERT_EQ(eventualLeader(seconds(10)), 0) << isolated_replica.err();
  ASSERT_TRUE(eventuallyReady(ips, seconds(10))) << isolated_replica.err();
  ASSERT_TRUE(eventually(
      [&] { return isolated_replica.err().find("own network may be at fault") != std::string::npos; },
      seconds(10)))
      << "replica 0 did not see the targets down: " << isolated_replica.err();
  // Five cycles more: nothing is taken out.
  const auto until = SteadyClock::now() + seconds(2);
  while (SteadyClock::now() < until) {
    ASSERT_EQ(readyIps(), ips) << isolated_replica.err();
    std::this_thread::sleep_for(milliseconds(50));
  }
  EXPECT_EQ(isolated_replica.err().find("-> unhealthy"), std::string::npos) << isolated_replica.err();

  network_->closeListener(ips[0], kPort);
  EXPECT_TRUE(eventuallyReady({ips[1], ips[2]}, seconds(10))) << "a target down for all was kept";
  EXPECT_EQ(distinct(endpointsWriters()), std::set<int>{0}) << "only the leader writes";
  EXPECT_NE(isolated_replica.err().find("down for 3 of 3 replicas"), std::string::npos)
      << isolated_replica.err();
  std::cout << "isolated leader's quorum lines:\n";
  for (const std::string& line :
       {std::string("own network may be at fault"), std::string("down for 3 of 3")}) {
    const std::string err = isolated_replica.err();
    const auto at = err.find(line);
    if (at == std::string::npos) continue;
    const auto begin = err.rfind('\n', at);
    std::cout << err.substr(begin == std::string::npos ? 0 : begin + 1,
                            err.find('\n', at) - (begin == std::string::npos ? 0 : begin + 1))
              << "\n";
  }
  isolated_replica.signal(SIGKILL);
  isolated_replica.wait(seconds(5));
  api_->clearFaults();
}

}  // namespace
}  // namespace lecter::testing
