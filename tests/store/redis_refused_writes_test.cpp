// A Redis that takes connections but refuses every write (full under maxmemory, a read-only replica)
// is an outage like one that is down: one warning, backoff across reconnects, and "back" only once a
// write was taken (issue 9, class 7).

#include <gtest/gtest.h>

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
using WriteRefusal = RedisServer::WriteRefusal;

struct Refusal {
  WriteRefusal how;
  const char* error;  // the start of the error reply Redis sends for a write
};

void PrintTo(const Refusal& refusal, std::ostream* out) { *out << '"' << refusal.error << '"'; }

CycleRecord oneTarget() { return {{makeTarget("db", "10.0.0.1", 5432)}, {}, {}}; }

class RedisRefusedWritesTest : public ::testing::TestWithParam<Refusal> {
 protected:
  RedisClient reader() { return RedisClient(server_.host(), server_.port()); }
  /// Writes of the store the server refused: each flush starts with one SADD of the target index.
  long long refusedFlushes() { return server_.rejectedCalls("sadd"); }

  LogCapture logs_;
  RedisServer server_;
  ManualClock clock_;
};

TEST_P(RedisRefusedWritesTest, RefusedWritesAreOneWarningAndEverythingIsWrittenOnceTheyAreTaken) {
  RedisStateStore store(redisConfigFor(server_), clock_, quickBackoff());
  store.record({{makeTarget("db", "10.0.0.1", 5432, HealthState::Healthy, 1, 0),
                 makeTarget("db", "10.0.0.3", 5432, HealthState::Healthy, 7, 0)},
                {makeService("db", {"10.0.0.1"})},
                {}});

  server_.refuseWrites(GetParam().how);
  std::vector<TransitionRecord> while_refused;
  for (int cycle = 1; cycle <= 12; ++cycle) {
    const auto transition =
        makeTransition("db", "10.0.0.2", 5432, HealthState::Healthy, HealthState::Unhealthy, cycle);
    while_refused.push_back(transition);
    store.record({{makeTarget("db", "10.0.0.1", 5432, HealthState::Healthy, 1 + cycle, 0),
                   makeTarget("db", "10.0.0.2", 5432, HealthState::Unhealthy, 0, cycle)},
                  {},
                  {transition}});
    clock_.advance(milliseconds(700));  // some cycles fall inside the backoff, some past it
  }
  ASSERT_GE(refusedFlushes(), 3) << "the store did not try to write again while writes were refused";
  ASSERT_EQ(logs_.warnings().size(), 1u) << logs_.all();
  EXPECT_EQ(countContaining(logs_.warnings(), "is unavailable"), 1u) << logs_.all();
  EXPECT_EQ(countContaining(logs_.warnings(), GetParam().error), 1u) << logs_.all();
  EXPECT_EQ(countContaining(logs_.at(spdlog::level::info), "is back"), 0u)
      << "a connection that takes no write is not Redis being back:\n"
      << logs_.all();

  server_.acceptWrites();
  clock_.advance(milliseconds(5000));
  store.record({});

  EXPECT_EQ(logs_.warnings().size(), 1u) << logs_.all();
  EXPECT_EQ(countContaining(logs_.at(spdlog::level::info), "redis is back after"), 1u) << logs_.all();
  RedisClient redis = reader();
  EXPECT_EQ(redis.smembers("lecter:targets"),
            (std::vector<std::string>{"db/10.0.0.1:5432", "db/10.0.0.2:5432", "db/10.0.0.3:5432"}));
  EXPECT_EQ(redis.hgetall("lecter:target:db/10.0.0.1:5432").at("consecutive_up"), "13");
  EXPECT_EQ(redis.hgetall("lecter:target:db/10.0.0.2:5432").at("consecutive_down"), "12");
  EXPECT_EQ(redis.hgetall("lecter:target:db/10.0.0.3:5432").at("consecutive_up"), "7");
  EXPECT_EQ(redis.hgetall("lecter:service:db").at("addresses"), R"(["10.0.0.1"])");
  const auto entries = redis.xrange("lecter:transitions");
  ASSERT_EQ(entries.size(), while_refused.size()) << "transitions made while writes were refused were lost";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].fields.at("at_ms"), std::to_string(while_refused[i].at_ms));
  }
}

TEST_P(RedisRefusedWritesTest, NoReconnectOrWriteBeforeTheBackoffWhichKeepsDoublingAcrossReconnects) {
  RedisStateStore store(redisConfigFor(server_), clock_, quickBackoff());
  server_.refuseWrites(GetParam().how);
  store.record(oneTarget());  // connected, but the write is refused: the outage starts
  ASSERT_EQ(store.connectAttempts(), 1u);
  ASSERT_EQ(refusedFlushes(), 1);

  // Each step: how far to move the clock, and how many connects and refused flushes there should
  // have been by then. Every reconnect succeeds; only a taken write may reset the backoff.
  struct Step {
    int advance_ms;
    std::size_t connects;
    long long refused;
  };
  const std::vector<Step> steps = {
      {999, 1, 1},  {1, 2, 2},  // initial backoff 1 s
      {1999, 2, 2}, {1, 3, 3},  // doubled to 2 s
      {3999, 3, 3}, {1, 4, 4},  // doubled to 4 s, the maximum
      {3999, 4, 4}, {1, 5, 5},  // stays at 4 s
  };
  for (const auto& step : steps) {
    clock_.advance(milliseconds(step.advance_ms));
    store.record(oneTarget());
    EXPECT_EQ(store.connectAttempts(), step.connects) << "after advancing " << step.advance_ms << " ms";
    EXPECT_EQ(refusedFlushes(), step.refused) << "after advancing " << step.advance_ms << " ms";
  }
  EXPECT_EQ(logs_.warnings().size(), 1u) << logs_.all();
}

TEST_P(RedisRefusedWritesTest, TheBackoffStartsAgainFromItsInitialValueOnceAWriteIsTaken) {
  RedisStateStore store(redisConfigFor(server_), clock_, quickBackoff());
  server_.refuseWrites(GetParam().how);
  store.record(oneTarget());
  for (int advance_ms : {1000, 2000, 4000}) {  // the backoff grows to its maximum, 4 s
    clock_.advance(milliseconds(advance_ms));
    store.record(oneTarget());
  }
  ASSERT_EQ(store.connectAttempts(), 4u);

  server_.acceptWrites();
  clock_.advance(milliseconds(4000));
  store.record(oneTarget());
  ASSERT_EQ(store.connectAttempts(), 5u);
  ASSERT_EQ(countContaining(logs_.at(spdlog::level::info), "redis is back after"), 1u) << logs_.all();

  server_.refuseWrites(GetParam().how);
  store.record(oneTarget());  // a new outage: its own warning
  EXPECT_EQ(countContaining(logs_.warnings(), "is unavailable"), 2u) << logs_.all();
  clock_.advance(milliseconds(999));
  store.record(oneTarget());
  EXPECT_EQ(store.connectAttempts(), 5u);
  clock_.advance(milliseconds(1));
  store.record(oneTarget());
  EXPECT_EQ(store.connectAttempts(), 6u) << "the backoff did not start again from 1 s";
}

INSTANTIATE_TEST_SUITE_P(Refusals, RedisRefusedWritesTest,
                         ::testing::Values(Refusal{WriteRefusal::OutOfMemory, "OOM command not allowed"},
                                           Refusal{WriteRefusal::ReadOnlyReplica, "READONLY"}),
                         [](const ::testing::TestParamInfo<Refusal>& refusal) {
                           return refusal.param.how == WriteRefusal::OutOfMemory ? "OutOfMemory"
                                                                                 : "ReadOnlyReplica";
                         });

}  // namespace
}  // namespace lecter
