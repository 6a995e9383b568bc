#include <gtest/gtest.h>

#include "lecter/store/redis_state_store.h"
#include "store/store_test_records.h"
#include "support/common/log_capture.h"
#include "support/common/manual_clock.h"
#include "support/redis/redis_client.h"
#include "support/redis/redis_server.h"

namespace lecter {
namespace {

using testing::LogCapture;
using testing::makeTarget;
using testing::makeTransition;
using testing::ManualClock;
using testing::RedisClient;
using testing::redisConfigFor;
using testing::RedisServer;

constexpr const char* kServerPassword = "s3rver-Pa55-4f2a";
constexpr const char* kWrongPassword = "wr0ng-Pa55-9c1e";

CycleRecord oneCycle(long long at_ms) {
  return {{makeTarget("db", "10.0.0.1", 5432)},
          {},
          {makeTransition("db", "10.0.0.1", 5432, HealthState::Pending, HealthState::Healthy, at_ms)}};
}

class RedisAuthTest : public ::testing::Test {
 protected:
  LogCapture logs_;
  RedisServer server_{kServerPassword};
  ManualClock clock_;
};

TEST_F(RedisAuthTest, TheRightPasswordConnectsAndWrites) {
  RedisStateStore store(redisConfigFor(server_), clock_);
  ASSERT_TRUE(store.connected());
  store.record(oneCycle(1));

  RedisClient redis(server_.host(), server_.port(), kServerPassword);
  EXPECT_EQ(redis.smembers("lecter:targets"), (std::vector<std::string>{"db/10.0.0.1:5432"}));
  EXPECT_EQ(redis.xlen("lecter:transitions"), 1);
  EXPECT_EQ(logs_.all().find(kServerPassword), std::string::npos);
}

TEST_F(RedisAuthTest, AWrongPasswordIsOneWarningAndNeverLogged) {
  RedisConfig config = redisConfigFor(server_);
  config.password = kWrongPassword;
  RedisStateStore store(config, clock_);
  for (int cycle = 0; cycle < 5; ++cycle) {
    store.record(oneCycle(cycle));
    clock_.advance(std::chrono::minutes(1));  // past every backoff: each cycle tries again
  }
  EXPECT_TRUE(store.restoreTargets().empty());

  EXPECT_FALSE(store.connected());
  EXPECT_GE(store.connectAttempts(), 5u);
  const std::string all = logs_.all();
  EXPECT_EQ(testing::countContaining(logs_.warnings(), "is unavailable"), 1u) << all;
  EXPECT_NE(all.find("WRONGPASS"), std::string::npos) << all;
  EXPECT_EQ(all.find(kWrongPassword), std::string::npos) << all;
  EXPECT_EQ(all.find(kServerPassword), std::string::npos) << all;
  RedisClient redis(server_.host(), server_.port(), kServerPassword);
  EXPECT_TRUE(redis.keys().empty());
}

TEST_F(RedisAuthTest, NoPasswordForAProtectedServerIsAnOutageNamingNoauth) {
  RedisConfig config = redisConfigFor(server_);
  config.password.clear();
  RedisStateStore store(config, clock_);
  store.record(oneCycle(1));

  EXPECT_FALSE(store.connected());
  ASSERT_EQ(logs_.warnings().size(), 1u) << logs_.all();
  EXPECT_NE(logs_.warnings()[0].find("NOAUTH"), std::string::npos) << logs_.warnings()[0];
}

TEST(RedisAuthWithoutServerPasswordTest, APasswordTheServerDoesNotWantIsRefusedWithoutEchoingIt) {
  LogCapture logs;
  RedisServer server;
  ManualClock clock;
  RedisConfig config = redisConfigFor(server);
  config.password = kWrongPassword;
  RedisStateStore store(config, clock);

  EXPECT_FALSE(store.connected());
  ASSERT_EQ(logs.warnings().size(), 1u) << logs.all();
  EXPECT_NE(logs.warnings()[0].find("AUTH failed"), std::string::npos) << logs.warnings()[0];
  EXPECT_EQ(logs.all().find(kWrongPassword), std::string::npos) << logs.all();
}

}  // namespace
}  // namespace lecter
