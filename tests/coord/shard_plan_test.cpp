// Which shard a service is in, and which shards a replica keeps, takes and gives up.

#include "lecter/coord/shard_plan.h"

#include <gtest/gtest.h>

#include <map>

namespace lecter {
namespace {

TEST(ShardPlan, AServiceKeepsItsShardWhateverTheConfigOrderAndSpreadsEvenly) {
  EXPECT_EQ(shardOf("default", "db", 1), 0U);
  EXPECT_EQ(shardOf("default", "db", 6), shardOf("default", "db", 6));
  EXPECT_EQ(fnv1a64(""), 14695981039346656037ULL);  // the FNV-1a offset basis: the published constants
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  std::map<std::size_t, int> per_shard;
  for (int i = 0; i < 600; ++i) ++per_shard[shardOf("prod", "svc-" + std::to_string(i), 6)];
  ASSERT_EQ(per_shard.size(), 6U);
  for (const auto& [shard, services] : per_shard) {
    EXPECT_GT(services, 60) << "shard " << shard;
    EXPECT_LT(services, 140) << "shard " << shard;
  }
}

TEST(ShardPlan, TheFairShareRoundsUp) {
  EXPECT_EQ(fairShare(6, 3), 2U);
  EXPECT_EQ(fairShare(6, 4), 2U);
  EXPECT_EQ(fairShare(6, 5), 2U);
  EXPECT_EQ(fairShare(7, 3), 3U);
  EXPECT_EQ(fairShare(6, 0), 6U);
}

TEST(ShardPlan, AReplicaAloneTakesEveryFreeShardInItsOrderOfPreference) {
  const ShardMoves moves = planShards("a", ShardView{6, 1, {}, {0, 1, 2, 3, 4, 5}});
  EXPECT_EQ(moves.take, preferenceOrder("a", 6));
  EXPECT_TRUE(moves.release.empty());
}

TEST(ShardPlan, AReplicaAboveItsShareGivesUpItsLeastPreferredShardsOnly) {
  // "a" held all six; a second and third replica appeared: it keeps its two most preferred.
  const ShardMoves moves = planShards("a", ShardView{6, 3, {0, 1, 2, 3, 4, 5}, {}});
  const auto order = preferenceOrder("a", 6);
  EXPECT_EQ(moves.release, (std::vector<std::size_t>{order[5], order[4], order[3], order[2]}));
  EXPECT_TRUE(moves.take.empty()) << "a replica gives up before it takes";
}

TEST(ShardPlan, AReplicaBelowItsShareTakesOnlyFreeShardsAndNoMoreThanItsShare) {
  const ShardMoves moves = planShards("c", ShardView{6, 3, {}, {2, 5}});
  ASSERT_EQ(moves.take.size(), 2U);
  const ShardMoves one_more = planShards("c", ShardView{6, 3, {2}, {0, 4, 5}});
  EXPECT_EQ(one_more.take.size(), 1U);
  EXPECT_TRUE(planShards("c", ShardView{6, 3, {2, 5}, {0, 4}}).take.empty()) << "above its share";
}

TEST(ShardPlan, ThreeReplicasSettleOnTwoShardsEachWithNoShardHeldTwice) {
  // Rounds of: every replica plans from the same view, gives up, then takes what is still free.
  const std::vector<std::string> replicas{"lecter-a", "lecter-b", "lecter-c"};
  std::map<std::size_t, std::string> holder;
  for (std::size_t shard = 0; shard < 6; ++shard) holder[shard] = "lecter-a";  // a was alone
  for (int round = 0; round < 6; ++round) {
    for (const auto& replica : replicas) {
      ShardView view{6, 3, {}, {}};
      for (const auto& [shard, who] : holder) {
        if (who == replica) view.held.insert(shard);
        if (who.empty()) view.free.insert(shard);
      }
      const ShardMoves moves = planShards(replica, view);
      for (const std::size_t shard : moves.release) holder[shard] = "";
      for (const std::size_t shard : moves.take) {
        if (holder[shard].empty()) holder[shard] = replica;  // the first write wins, the next is a 409
      }
    }
  }
  std::map<std::string, int> held;
  for (const auto& [shard, who] : holder) ++held[who];
  EXPECT_EQ(held, (std::map<std::string, int>{{"lecter-a", 2}, {"lecter-b", 2}, {"lecter-c", 2}}));
}

}  // namespace
}  // namespace lecter
