// Redis is a record, not a dependency: while it is down the Endpoints still follow health, and once it
// is back the state catches up (issue 2, "State in Redis"), also when it took connections but refused
// writes (issue 9, class 7).

#include <chrono>
#include <sstream>
#include <string>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

using std::chrono::milliseconds;

bool stateIs(const RedisReader& redis, const std::string& key, const std::string& state) {
  const auto fields = redis.hash(key);
  return fields && fields->count("state") == 1 && fields->at("state") == state;
}

/// How many lines of `log` hold `needle`.
std::size_t linesWith(const std::string& log, const std::string& needle) {
  std::size_t lines = 0;
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) lines += line.find(needle) != std::string::npos ? 1 : 0;
  return lines;
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

TEST_F(LecterTest, RedisRefusingWritesIsOneWarningAndStateCatchesUpOnceItTakesWritesAgain) {
  const auto ips = openTargets(2);
  const auto settings = settingsFor(ips);
  Subprocess& lecter = startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10)));
  const RedisReader redis = redisReader();
  ASSERT_TRUE(
      eventually([&] { return stateIs(redis, targetHashKey(ips[1]), "healthy"); }, std::chrono::seconds(10)))
      << "lecter never recorded the target in Redis";

  redis_->refuseWrites(RedisServer::WriteRefusal::OutOfMemory);
  network_->closeListener(ips[1], kPort);
  EXPECT_TRUE(eventuallyReady(
      {ips[0]}, milliseconds(settings.fall * settings.interval_ms + settings.ping_timeout_ms + 1000)))
      << "with Redis refusing writes the Endpoints stopped following health: "
      << ::testing::PrintToString(readyIps());
  // lecter runs on the real clock: wait until it has reconnected and been refused a few times.
  ASSERT_TRUE(eventually([&] { return redis_->rejectedCalls("sadd") >= 3; }, std::chrono::seconds(20)))
      << "lecter stopped trying to write";
  EXPECT_EQ(linesWith(lecter.err(), "is unavailable"), 1u);
  EXPECT_EQ(linesWith(lecter.err(), "is back"), 0u) << "a connection that takes no write is not Redis back";

  redis_->acceptWrites();
  EXPECT_TRUE(eventually(
      [&] {
        return stateIs(redis, targetHashKey(ips[1]), "unhealthy") &&
               stateIs(redis, targetHashKey(ips[0]), "healthy") &&
               streamHoldsTransition(redis, ips[1], "unhealthy");
      },
      std::chrono::seconds(20)))
      << "the state made while writes were refused did not reach Redis";
  EXPECT_TRUE(eventually([&] { return linesWith(lecter.err(), "redis is back after") == 1; },
                         std::chrono::seconds(5)));
  EXPECT_EQ(linesWith(lecter.err(), "is unavailable"), 1u);
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
