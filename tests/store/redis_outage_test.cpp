#include <gtest/gtest.h>
#include <signal.h>

#include "lecter/store/redis_state_store.h"
#include "store/store_test_records.h"
#include "support/common/log_capture.h"
#include "support/common/manual_clock.h"
#include "support/redis/redis_client.h"
#include "support/redis/redis_server.h"

namespace lecter {
namespace {

using std::chrono::milliseconds;
using testing::countContaining;
using testing::LogCapture;
using testing::makeService;
using testing::makeTarget;
using testing::makeTransition;
using testing::ManualClock;
using testing::quickBackoff;
using testing::RedisClient;
using testing::redisConfigFor;
using testing::RedisServer;

class RedisOutageTest : public ::testing::Test {
 protected:
  RedisClient reader() { return RedisClient(server_.host(), server_.port()); }

  LogCapture logs_;
  RedisServer server_;
  ManualClock clock_;
};

TEST_F(RedisOutageTest, AnOutageIsOneWarningAndEverythingIsWrittenOnceRedisIsBack) {
  RedisStateStore store(redisConfigFor(server_), clock_, quickBackoff());
  store.record({{makeTarget("db", "10.0.0.1", 5432, HealthState::Healthy, 1, 0),
                 makeTarget("db", "10.0.0.3", 5432, HealthState::Healthy, 7, 0)},
                {makeService("db", {"10.0.0.1"})},
                {}});
  ASSERT_TRUE(store.connected());

  server_.stop();
  std::vector<TransitionRecord> during_outage;
  for (int cycle = 1; cycle <= 8; ++cycle) {
    const auto transition =
        makeTransition("db", "10.0.0.2", 5432, HealthState::Healthy, HealthState::Unhealthy, cycle);
    during_outage.push_back(transition);
    store.record({{makeTarget("db", "10.0.0.1", 5432, HealthState::Healthy, 1 + cycle, 0),
                   makeTarget("db", "10.0.0.2", 5432, HealthState::Unhealthy, 0, cycle)},
                  {},
                  {transition}});
    EXPECT_FALSE(store.connected());
    clock_.advance(milliseconds(700));  // some cycles fall inside the backoff, some past it
  }
  EXPECT_EQ(countContaining(logs_.warnings(), "is unavailable"), 1u) << logs_.all();
  EXPECT_EQ(logs_.warnings().size(), 1u) << logs_.all();

  server_.start();  // empty: the server keeps nothing across a restart
  clock_.advance(milliseconds(5000));
  store.record({});

  ASSERT_TRUE(store.connected());
  EXPECT_EQ(countContaining(logs_.at(spdlog::level::info), "redis is back after"), 1u) << logs_.all();
  RedisClient redis = reader();
  EXPECT_EQ(redis.smembers("lecter:targets"),
            (std::vector<std::string>{"db/10.0.0.1:5432", "db/10.0.0.2:5432", "db/10.0.0.3:5432"}));
  EXPECT_EQ(redis.hgetall("lecter:target:db/10.0.0.1:5432").at("consecutive_up"), "9");
  EXPECT_EQ(redis.hgetall("lecter:target:db/10.0.0.2:5432").at("consecutive_down"), "8");
  EXPECT_EQ(redis.hgetall("lecter:target:db/10.0.0.3:5432").at("consecutive_up"), "7")
      << "state written before the outage is written again";
  EXPECT_EQ(redis.hgetall("lecter:service:db").at("addresses"), R"(["10.0.0.1"])")
      << "state written before the outage is written again";
  const auto entries = redis.xrange("lecter:transitions");
  ASSERT_EQ(entries.size(), during_outage.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].fields.at("at_ms"), std::to_string(during_outage[i].at_ms));
  }
}

TEST_F(RedisOutageTest, NoReconnectBeforeTheBackoffWhichDoublesUpToItsMaximum) {
  server_.stop();
  RedisStateStore store(redisConfigFor(server_), clock_, quickBackoff());
  EXPECT_EQ(store.connectAttempts(), 1u);

  // Each step: how far to move the clock, and how many attempts there should have been by then.
  const std::vector<std::pair<int, std::size_t>> steps = {
      {999, 1},  {1, 2},  // initial backoff 1 s
      {1999, 2}, {1, 3},  // doubled to 2 s
      {3999, 3}, {1, 4},  // doubled to 4 s, the maximum
      {3999, 4}, {1, 5},  // stays at 4 s
  };
  for (const auto& [advance_ms, attempts] : steps) {
    clock_.advance(milliseconds(advance_ms));
    store.record({{makeTarget("db", "10.0.0.1", 5432)}, {}, {}});
    EXPECT_EQ(store.connectAttempts(), attempts) << "after advancing " << advance_ms << " ms";
  }

  server_.start();
  clock_.advance(milliseconds(4000));
  store.record({});
  ASSERT_TRUE(store.connected());
  EXPECT_EQ(store.connectAttempts(), 6u);

  // Back to the initial backoff after a success.
  server_.stop();
  store.record({{makeTarget("db", "10.0.0.1", 5432)}, {}, {}});  // finds the connection gone
  EXPECT_FALSE(store.connected());
  clock_.advance(milliseconds(999));
  store.record({});
  EXPECT_EQ(store.connectAttempts(), 6u);
  clock_.advance(milliseconds(1));
  store.record({});
  EXPECT_EQ(store.connectAttempts(), 7u);
}

TEST_F(RedisOutageTest, QueuedTransitionsAreBoundedByDroppingTheOldestWithANote) {
  RedisStoreOptions options = quickBackoff();
  options.max_queued_transitions = 3;
  RedisStateStore store(redisConfigFor(server_), clock_, options);
  server_.stop();
  for (int i = 1; i <= 5; ++i) {
    store.record(
        {{}, {}, {makeTransition("db", "10.0.0.1", 5432, HealthState::Healthy, HealthState::Unhealthy, i)}});
  }
  server_.start();
  clock_.advance(milliseconds(5000));
  store.record({});

  ASSERT_TRUE(store.connected());
  const auto entries = reader().xrange("lecter:transitions");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].fields.at("at_ms"), "3");
  EXPECT_EQ(entries[2].fields.at("at_ms"), "5");
  EXPECT_EQ(countContaining(logs_.warnings(), "dropping the oldest"), 1u) << logs_.all();
  EXPECT_EQ(countContaining(logs_.warnings(), "2 transitions recorded during the outage were lost"), 1u)
      << logs_.all();
}

TEST_F(RedisOutageTest, RestoreWhileRedisIsDownIsEmptyWithAWarning) {
  server_.stop();
  RedisStateStore store(redisConfigFor(server_), clock_, quickBackoff());
  EXPECT_TRUE(store.restoreTargets().empty());
  EXPECT_EQ(countContaining(logs_.warnings(), "no saved target state restored"), 1u) << logs_.all();
}

TEST_F(RedisOutageTest, AServerThatHangsTimesOutAndCountsAsAnOutage) {
  RedisStoreOptions options = quickBackoff();
  options.timeout = milliseconds(100);
  RedisStateStore store(redisConfigFor(server_), clock_, options);
  ASSERT_TRUE(store.connected());

  ASSERT_EQ(kill(server_.pid(), SIGSTOP), 0);
  store.record({{makeTarget("db", "10.0.0.1", 5432)}, {}, {}});
  const bool connected_while_hung = store.connected();
  ASSERT_EQ(kill(server_.pid(), SIGCONT), 0);

  EXPECT_FALSE(connected_while_hung);
  EXPECT_EQ(countContaining(logs_.warnings(), "no answer within 100 ms"), 1u) << logs_.all();
  clock_.advance(milliseconds(1000));
  store.record({});
  EXPECT_TRUE(store.connected());
  EXPECT_EQ(reader().hgetall("lecter:target:db/10.0.0.1:5432").at("state"), "healthy");
}

}  // namespace
}  // namespace lecter
