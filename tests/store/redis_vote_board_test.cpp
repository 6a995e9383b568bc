// The replicas' views (leader_election.quorum) in a real Redis: each replica's view under its own key
// with a time-to-live, the voters in one set, so nothing scans the keyspace.

#include "lecter/store/redis_vote_board.h"

#include <gtest/gtest.h>

#include "store/store_test_records.h"
#include "support/common/log_capture.h"
#include "support/common/manual_clock.h"
#include "support/common/occurrences.h"
#include "support/redis/redis_client.h"
#include "support/redis/redis_server.h"

namespace lecter {
namespace {

using std::chrono::milliseconds;
using testing::LogCapture;
using testing::ManualClock;
using testing::occurrences;
using testing::RedisClient;
using testing::redisConfigFor;
using testing::RedisServer;

constexpr const char* kBoard = "prod/lecter";
constexpr const char* kViewA = "lecter-q:quorum:prod/lecter:view:replica-a";
constexpr const char* kVoters = "lecter-q:quorum:prod/lecter:voters";

ReplicaView viewOf(const std::string& identity, const std::string& outcome) {
  return ReplicaView{identity, {{"db/198.18.0.10:5432", outcome}, {"db/198.18.0.11:5432", "up"}}};
}

class RedisVoteBoardTest : public ::testing::Test {
 protected:
  RedisVoteBoardTest() : server_("vote-Pa55-41c2") {}
  RedisVoteBoard board() { return RedisVoteBoard(redisConfigFor(server_, 0, "lecter-q"), kBoard, clock_); }
  RedisClient reader() { return RedisClient(server_.host(), server_.port(), server_.password()); }

  LogCapture logs_;
  RedisServer server_;
  ManualClock clock_;
};

TEST_F(RedisVoteBoardTest, EachReplicaReadsTheOthersViewsAndNotItsOwn) {
  RedisVoteBoard a = board();
  RedisVoteBoard b = board();
  const auto first = a.exchange(viewOf("replica-a", "timeout"), milliseconds(4000));
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->empty());
  const auto seen_by_b = b.exchange(viewOf("replica-b", "up"), milliseconds(4000));
  ASSERT_TRUE(seen_by_b.has_value());
  EXPECT_EQ(*seen_by_b, std::vector<ReplicaView>{viewOf("replica-a", "timeout")});
  const auto seen_by_a = a.exchange(viewOf("replica-a", "refused"), milliseconds(4000));
  ASSERT_TRUE(seen_by_a.has_value());
  EXPECT_EQ(*seen_by_a, std::vector<ReplicaView>{viewOf("replica-b", "up")});
  EXPECT_EQ(reader().smembers(kVoters), (std::vector<std::string>{"replica-a", "replica-b"}));
}

TEST_F(RedisVoteBoardTest, AViewLivesItsTtlByRedisClock) {
  RedisVoteBoard a = board();
  ASSERT_TRUE(a.exchange(viewOf("replica-a", "up"), milliseconds(4300)).has_value());
  const long long ttl = std::stoll(reader().command({"PTTL", kViewA}));
  EXPECT_GT(ttl, 0);
  EXPECT_LE(ttl, 4300);
}

TEST_F(RedisVoteBoardTest, AReplicaWhoseViewExpiredNoLongerVotesAndLeavesTheVoters) {
  RedisVoteBoard a = board();
  RedisVoteBoard b = board();
  ASSERT_TRUE(a.exchange(viewOf("replica-a", "up"), milliseconds(4000)).has_value());
  reader().command({"DEL", kViewA});  // what Redis does once the time-to-live has passed
  const auto seen = b.exchange(viewOf("replica-b", "up"), milliseconds(4000));
  ASSERT_TRUE(seen.has_value());
  EXPECT_TRUE(seen->empty()) << "an expired view still voted";
  ASSERT_TRUE(b.exchange(viewOf("replica-b", "up"), milliseconds(4000)).has_value());
  EXPECT_EQ(reader().smembers(kVoters), std::vector<std::string>{"replica-b"});
}

TEST_F(RedisVoteBoardTest, AReplicaSeenGoneThatPublishedAgainStaysAVoter) {
  RedisVoteBoard a = board();
  RedisVoteBoard b = board();
  ASSERT_TRUE(a.exchange(viewOf("replica-a", "up"), milliseconds(4000)).has_value());
  reader().command({"DEL", kViewA});
  ASSERT_TRUE(b.exchange(viewOf("replica-b", "up"), milliseconds(4000)).has_value());       // a seen gone
  ASSERT_TRUE(a.exchange(viewOf("replica-a", "timeout"), milliseconds(4000)).has_value());  // a is back
  const auto seen = b.exchange(viewOf("replica-b", "up"), milliseconds(4000));
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(*seen, std::vector<ReplicaView>{viewOf("replica-a", "timeout")}) << "a lost its vote";
  const auto again = b.exchange(viewOf("replica-b", "up"), milliseconds(4000));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->size(), 1U) << "a was taken out of the voters while its view lived";
  EXPECT_EQ(reader().smembers(kVoters), (std::vector<std::string>{"replica-a", "replica-b"}));
}

TEST_F(RedisVoteBoardTest, AViewThatCannotBeReadDoesNotVoteAndIsWarnedAboutOnce) {
  RedisVoteBoard a = board();
  RedisVoteBoard b = board();
  ASSERT_TRUE(b.exchange(viewOf("replica-b", "up"), milliseconds(4000)).has_value());
  RedisClient client = reader();
  client.command({"SADD", kVoters, "replica-c", "replica-d", "replica-e"});
  client.command({"SET", "lecter-q:quorum:prod/lecter:view:replica-c", "{not json", "PX", "60000"});
  client.command({"SET", "lecter-q:quorum:prod/lecter:view:replica-d",
                  R"({"identity":"replica-b","outcomes":{}})", "PX", "60000"});
  client.command({"SET", "lecter-q:quorum:prod/lecter:view:replica-e",
                  R"({"identity":"replica-e","outcomes":{"db/198.18.0.10:5432":7}})", "PX", "60000"});
  for (int i = 0; i < 2; ++i) {
    const auto seen = a.exchange(viewOf("replica-a", "up"), milliseconds(4000));
    ASSERT_TRUE(seen.has_value());
    EXPECT_EQ(*seen, std::vector<ReplicaView>{viewOf("replica-b", "up")});
  }
  const std::string log = logs_.all();
  EXPECT_EQ(occurrences(log,
                        "view of replica replica-c at redis key lecter-q:quorum:prod/lecter:view:replica-c "
                        "cannot be read (not JSON)"),
            1U)
      << log;
  EXPECT_EQ(occurrences(log,
                        "replica-d at redis key lecter-q:quorum:prod/lecter:view:replica-d cannot be read "
                        "(it names another identity)"),
            1U)
      << log;
  EXPECT_NE(log.find("the outcome of db/198.18.0.10:5432 is a JSON number"), std::string::npos) << log;
}

TEST_F(RedisVoteBoardTest, ARedisThatIsAwayGivesNoViewsSaysSoOnceAndIsTriedAgainOnlyAfterABackoff) {
  RedisVoteBoard a = board();
  ASSERT_TRUE(a.exchange(viewOf("replica-a", "up"), milliseconds(4000)).has_value());
  server_.stop();
  EXPECT_FALSE(a.exchange(viewOf("replica-a", "up"), milliseconds(4000)).has_value());  // fails: 500 ms
  const std::size_t attempts = a.connectAttempts();
  EXPECT_FALSE(a.exchange(viewOf("replica-a", "up"), milliseconds(4000)).has_value());
  EXPECT_EQ(a.connectAttempts(), attempts) << "tried again within the backoff";
  clock_.advance(milliseconds(500));
  EXPECT_FALSE(a.exchange(viewOf("replica-a", "up"), milliseconds(4000)).has_value());  // next: 1 s
  EXPECT_EQ(a.connectAttempts(), attempts + 1);
  EXPECT_EQ(occurrences(logs_.all(), "views cannot be exchanged in redis"), 1U) << logs_.all();
  EXPECT_EQ(logs_.all().find("vote-Pa55-41c2"), std::string::npos) << "the password was logged";
  server_.start();
  clock_.advance(milliseconds(999));
  EXPECT_FALSE(a.exchange(viewOf("replica-a", "up"), milliseconds(4000)).has_value())
      << "the backoff doubled";
  clock_.advance(milliseconds(1));
  const auto back = a.exchange(viewOf("replica-a", "up"), milliseconds(4000));
  ASSERT_TRUE(back.has_value());
  EXPECT_NE(logs_.all().find("exchanged in redis at 127.0.0.1"), std::string::npos) << logs_.all();
}

}  // namespace
}  // namespace lecter
