// Redis is a record, not a dependency: while it is down the Endpoints still follow health, and once it
// is back the state catches up (issue 2, "State in Redis").

#include <chrono>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

using std::chrono::milliseconds;

bool stateIs(const RedisReader& redis, const std::string& key, const std::string& state) {
  const auto fields = redis.hash(key);
  return fields && fields->count("state") == 1 && fields->at("state") == state;
}

bool streamHoldsTransition(const RedisReader& redis, const std::string& ip, const std::string& to) {
  const auto entries = redis.stream(LecterTest::transitionsKey());
  if (!entries) return false;
  for (const auto& e : *entries) {
    const auto ip_it = e.find("ip");
    const auto to_it = e.find("to");
    if (ip_it != e.end() && to_it != e.end() && ip_it->second == ip && to_it->second == to) return true;
  }
  return false;
}

TEST_F(LecterTest, EndpointsFollowHealthWhileRedisIsDownAndStateCatchesUpWhenItReturns) {
  const auto ips = openTargets(3);
  const auto settings = settingsFor(ips);
  startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10)));
  const RedisReader redis = redisReader();
  ASSERT_TRUE(
      eventually([&] { return stateIs(redis, targetHashKey(ips[2]), "healthy"); }, std::chrono::seconds(10)))
      << "lecter never recorded the target in Redis";

  redis_->stop();
  network_->closeListener(ips[2], kPort);
  EXPECT_TRUE(eventuallyReady(
      {ips[0], ips[1]}, milliseconds(settings.fall * settings.interval_ms + settings.ping_timeout_ms + 1000)))
      << "with Redis down the Endpoints stopped following health: " << ::testing::PrintToString(readyIps());

  redis_->start();
  EXPECT_TRUE(eventually(
      [&] {
        return stateIs(redis, targetHashKey(ips[2]), "unhealthy") &&
               stateIs(redis, targetHashKey(ips[0]), "healthy");
      },
      std::chrono::seconds(20)))
      << "target state in Redis did not catch up";
  EXPECT_TRUE(
      eventually([&] { return streamHoldsTransition(redis, ips[2], "unhealthy"); }, std::chrono::seconds(20)))
      << "the transition made while Redis was down is missing from the stream";
}

TEST_F(LecterTest, RestartKeepsRiseCountsFromRedis) {
  const auto ips = openTargets(1);
  auto settings = settingsFor(ips);
  settings.rise = 3;

  // Each --once run is one probe; only the third consecutive up may make the target healthy, which
  // it can only know from the counts the earlier runs left in Redis.
  for (int run = 1; run <= 2; ++run) {
    const RunResult r = runLecter(settings, {"--once"});
    ASSERT_EQ(r.exit_code, 0) << "run " << run << ":\n" << r.err;
    EXPECT_TRUE(readyIps().empty()) << "healthy after only " << run << " of rise 3 ups";
  }
  const RunResult third = runLecter(settings, {"--once"});
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(readyIps(), ips) << "the counts of the earlier runs were not restored";
}

}  // namespace
}  // namespace lecter::testing
