#include "lecter/store/redis_state_store.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "lecter/store/memory_state_store.h"
#include "store/store_test_records.h"
#include "support/common/log_capture.h"
#include "support/common/manual_clock.h"
#include "support/redis/redis_client.h"
#include "support/redis/redis_server.h"

namespace lecter {
namespace {

using testing::countContaining;
using testing::LogCapture;
using testing::makeService;
using testing::makeTarget;
using testing::makeTransition;
using testing::ManualClock;
using testing::RedisClient;
using testing::redisConfigFor;
using testing::RedisServer;

class RedisStateStoreTest : public ::testing::Test {
 protected:
  RedisClient reader(int db = 0) { return RedisClient(server_.host(), server_.port(), "", db); }

  LogCapture logs_;
  RedisServer server_;
  ManualClock clock_;
};

const TargetRecord* findTarget(const std::vector<TargetRecord>& targets, const std::string& ip) {
  const auto it =
      std::find_if(targets.begin(), targets.end(), [&](const TargetRecord& t) { return t.ip == ip; });
  return it == targets.end() ? nullptr : &*it;
}

TEST_F(RedisStateStoreTest, RestoreReturnsEveryFieldThatWasRecorded) {
  RedisStateStore store(redisConfigFor(server_), clock_);
  ASSERT_TRUE(store.connected());
  TargetRecord down = makeTarget("db", "10.0.0.2", 5432, HealthState::Unhealthy, 0, 3);
  down.name = "replica";
  down.last_change_ms = 1'800'000'000'777;
  down.last_outcome = "timeout";
  down.last_error = "no answer within 3000 ms";
  down.latency_us = 3'000'000;
  store.record({{makeTarget("db", "10.0.0.1", 5432), down}, {}, {}});

  const auto restored = store.restoreTargets();
  ASSERT_EQ(restored.size(), 2u);
  const TargetRecord* got = findTarget(restored, "10.0.0.2");
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(got->service, "db");
  EXPECT_EQ(got->name, "replica");
  EXPECT_EQ(got->port, 5432);
  EXPECT_EQ(got->state, HealthState::Unhealthy);
  EXPECT_EQ(got->consecutive_up, 0);
  EXPECT_EQ(got->consecutive_down, 3);
  EXPECT_EQ(got->last_change_ms, 1'800'000'000'777);
  EXPECT_EQ(got->last_outcome, "timeout");
  EXPECT_EQ(got->last_error, "no answer within 3000 ms");
  EXPECT_EQ(got->latency_us, 3'000'000);
  EXPECT_TRUE(logs_.warnings().empty());
}

TEST_F(RedisStateStoreTest, ASecondStoreRestoresTheCountersOfTheFirst) {
  {
    RedisStateStore first(redisConfigFor(server_), clock_);
    first.record({{makeTarget("db", "10.0.0.1", 5432, HealthState::Healthy, 1, 0),
                   makeTarget("db", "2001:db8::7", 5432, HealthState::Pending, 0, 1)},
                  {},
                  {}});
    first.record({{makeTarget("db", "10.0.0.1", 5432, HealthState::Healthy, 2, 0),
                   makeTarget("db", "2001:db8::7", 5432, HealthState::Unhealthy, 0, 2)},
                  {},
                  {}});
  }
  RedisStateStore second(redisConfigFor(server_), clock_);
  const auto restored = second.restoreTargets();
  ASSERT_EQ(restored.size(), 2u);
  const TargetRecord* v4 = findTarget(restored, "10.0.0.1");
  const TargetRecord* v6 = findTarget(restored, "2001:db8::7");
  ASSERT_NE(v4, nullptr);
  ASSERT_NE(v6, nullptr);
  EXPECT_EQ(v4->consecutive_up, 2);
  EXPECT_EQ(v6->state, HealthState::Unhealthy);
  EXPECT_EQ(v6->consecutive_down, 2);
}

TEST_F(RedisStateStoreTest, WritesOnlyUnderItsPrefixAndLeavesOtherKeysAlone) {
  RedisClient redis = reader();
  redis.command({"SET", "billing:config", "keep me"});
  redis.command({"SADD", "someone:set", "a", "b"});

  RedisStateStore store(redisConfigFor(server_, 0, "acme"), clock_);
  store.record({{makeTarget("db", "10.0.0.1", 5432)},
                {makeService("db", {"10.0.0.1"})},
                {makeTransition("db", "10.0.0.1", 5432, HealthState::Pending, HealthState::Healthy, 1)}});
  store.restoreTargets();

  EXPECT_EQ(redis.keys(),
            (std::vector<std::string>{"acme:service:db", "acme:services", "acme:target:db/10.0.0.1:5432",
                                      "acme:targets", "acme:transitions", "billing:config", "someone:set"}));
  EXPECT_EQ(redis.command({"GET", "billing:config"}), "keep me");
  EXPECT_EQ(redis.smembers("someone:set"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(redis.smembers("acme:targets"), (std::vector<std::string>{"db/10.0.0.1:5432"}));
}

TEST_F(RedisStateStoreTest, KeepOnlyRemovesTheRecordsOfWhatIsNoLongerConfiguredAndNothingElse) {
  RedisClient redis = reader();
  redis.command({"SET", "acme:target:not-ours-either", "keep me"});  // under the prefix, in no index
  redis.command({"SET", "billing:config", "keep me"});
  {
    RedisStateStore before(redisConfigFor(server_, 0, "acme"), clock_);
    before.record({{makeTarget("db", "10.0.0.1", 5432), makeTarget("db", "10.0.0.2", 5432),
                    makeTarget("cache", "10.0.0.9", 6379)},
                   {makeService("db", {"10.0.0.1"}), makeService("cache", {"10.0.0.9"})},
                   {}});
  }
  // The next start: 10.0.0.2 and the whole cache service were taken out of the config.
  RedisStateStore store(redisConfigFor(server_, 0, "acme"), clock_);
  store.keepOnly({"db/10.0.0.1:5432"}, {"db"});

  EXPECT_EQ(redis.keys(),
            (std::vector<std::string>{"acme:service:db", "acme:services", "acme:target:db/10.0.0.1:5432",
                                      "acme:target:not-ours-either", "acme:targets", "billing:config"}));
  EXPECT_EQ(redis.smembers("acme:targets"), (std::vector<std::string>{"db/10.0.0.1:5432"}));
  EXPECT_EQ(redis.smembers("acme:services"), (std::vector<std::string>{"db"}));
  EXPECT_EQ(countContaining(logs_.at(spdlog::level::info),
                            "removed the records of 2 targets and 1 services no longer in the config"),
            1U);
  ASSERT_EQ(store.restoreTargets().size(), 1U);
}

TEST_F(RedisStateStoreTest, WhatKeepOnlyRemovedIsNotWrittenAgainAfterAnOutage) {
  RedisStateStore store(redisConfigFor(server_, 0, "acme"), clock_);
  store.record({{makeTarget("db", "10.0.0.1", 5432), makeTarget("db", "10.0.0.2", 5432)}, {}, {}});
  store.keepOnly({"db/10.0.0.1:5432"}, {});
  // Redis restarts empty: the store gives it the whole state it keeps again.
  server_.stop();
  server_.start();
  store.record({{makeTarget("db", "10.0.0.1", 5432)}, {}, {}});  // finds the connection gone
  clock_.advance(std::chrono::minutes(1));
  store.record({{makeTarget("db", "10.0.0.1", 5432)}, {}, {}});  // reconnects and writes it all
  EXPECT_EQ(reader().smembers("acme:targets"), (std::vector<std::string>{"db/10.0.0.1:5432"}));
}

TEST_F(RedisStateStoreTest, TargetAndServiceHashesHoldTheDocumentedFields) {
  RedisStateStore store(redisConfigFor(server_), clock_);
  store.record({{makeTarget("db", "10.0.0.1", 5432, HealthState::Unhealthy, 0, 2)},
                {makeService("db", {"10.0.0.1", "10.0.0.2"})},
                {}});

  RedisClient redis = reader();
  EXPECT_EQ(redis.hgetall("lecter:target:db/10.0.0.1:5432"),
            (std::map<std::string, std::string>{{"state", "unhealthy"},
                                                {"probe_kind", "tcp"},
                                                {"cert_days_left", ""},
                                                {"consecutive_up", "0"},
                                                {"consecutive_down", "2"},
                                                {"last_change_ms", "1800000000123"},
                                                {"last_outcome", "refused"},
                                                {"last_error", "Connection refused"},
                                                {"latency_us", "1234"},
                                                {"service", "db"},
                                                {"name", "node-10.0.0.1"},
                                                {"ip", "10.0.0.1"},
                                                {"port", "5432"}}));
  EXPECT_EQ(redis.hgetall("lecter:service:db"),
            (std::map<std::string, std::string>{{"namespace", "databases"},
                                                {"name", "db-endpoints"},
                                                {"addresses", R"(["10.0.0.1","10.0.0.2"])"},
                                                {"resource_version", "4711"},
                                                {"written_ms", "1800000000999"}}));
}

TEST_F(RedisStateStoreTest, TransitionsAreAppendedToTheStreamInOrder) {
  RedisStateStore store(redisConfigFor(server_), clock_);
  store.record(
      {{}, {}, {makeTransition("db", "10.0.0.1", 5432, HealthState::Pending, HealthState::Healthy, 100)}});
  store.record({{},
                {},
                {makeTransition("db", "10.0.0.1", 5432, HealthState::Healthy, HealthState::Unhealthy, 200),
                 makeTransition("db", "10.0.0.2", 5432, HealthState::Pending, HealthState::Unhealthy, 201)}});

  const auto entries = reader().xrange("lecter:transitions");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].fields.at("at_ms"), "100");
  EXPECT_EQ(entries[1].fields, (std::map<std::string, std::string>{{"service", "db"},
                                                                   {"target", "node-10.0.0.1"},
                                                                   {"ip", "10.0.0.1"},
                                                                   {"port", "5432"},
                                                                   {"from", "healthy"},
                                                                   {"to", "unhealthy"},
                                                                   {"outcome", "timeout"},
                                                                   {"error", "no answer within 3000 ms"},
                                                                   {"at_ms", "200"}}));
  EXPECT_EQ(entries[2].fields.at("ip"), "10.0.0.2");
}

TEST_F(RedisStateStoreTest, TheTransitionStreamIsCapped) {
  RedisStoreOptions options;
  options.stream_max_len = 10;
  RedisStateStore store(redisConfigFor(server_), clock_, options);
  constexpr int kRecorded = 500;
  for (int i = 0; i < kRecorded; ++i) {
    store.record(
        {{}, {}, {makeTransition("db", "10.0.0.1", 5432, HealthState::Healthy, HealthState::Unhealthy, i)}});
  }
  RedisClient redis = reader();
  const long long length = redis.xlen("lecter:transitions");
  // MAXLEN ~ trims whole stream nodes, so the length lands between the cap and the cap plus a node.
  EXPECT_GE(length, 10);
  EXPECT_LT(length, kRecorded);
  const auto entries = redis.xrange("lecter:transitions");
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.back().fields.at("at_ms"), std::to_string(kRecorded - 1));
}

TEST_F(RedisStateStoreTest, WritesIntoTheConfiguredDatabase) {
  RedisStateStore store(redisConfigFor(server_, 3), clock_);
  ASSERT_TRUE(store.connected());
  store.record({{makeTarget("db", "10.0.0.1", 5432)}, {}, {}});

  EXPECT_EQ(reader(3).smembers("lecter:targets"), (std::vector<std::string>{"db/10.0.0.1:5432"}));
  EXPECT_TRUE(reader(0).keys().empty());
  EXPECT_EQ(store.restoreTargets().size(), 1u);
}

TEST_F(RedisStateStoreTest, AForeignKeyOfAnotherTypeIsReportedOnceAndTheRestIsStillWritten) {
  RedisClient redis = reader();
  redis.command({"SET", "lecter:target:db/10.0.0.1:5432", "not a hash"});
  RedisStateStore store(redisConfigFor(server_), clock_);

  for (int cycle = 0; cycle < 3; ++cycle) {
    store.record({{makeTarget("db", "10.0.0.1", 5432), makeTarget("db", "10.0.0.2", 5432)}, {}, {}});
  }

  EXPECT_TRUE(store.connected());
  EXPECT_EQ(redis.command({"GET", "lecter:target:db/10.0.0.1:5432"}), "not a hash");
  EXPECT_EQ(redis.hgetall("lecter:target:db/10.0.0.2:5432").at("state"), "healthy");
  const auto warnings = logs_.warnings();
  ASSERT_EQ(warnings.size(), 1u) << logs_.all();
  EXPECT_NE(warnings[0].find("HSET lecter:target:db/10.0.0.1:5432"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("WRONGTYPE"), std::string::npos) << warnings[0];
}

TEST_F(RedisStateStoreTest, RestoreSkipsUnparseableFieldsAndNamesTheKey) {
  RedisClient redis = reader();
  redis.command({"HSET", "lecter:target:db/10.0.0.1:5432", "service", "db", "ip", "10.0.0.1", "port", "5432",
                 "state", "sideways", "consecutive_up", "many", "consecutive_down", "4", "latency_us", "-5"});
  redis.command({"HSET", "lecter:target:db/10.0.0.2:5432", "service", "db", "port", "5432"});
  redis.command(
      {"HSET", "lecter:target:db/10.0.0.3:5432", "service", "db", "ip", "10.0.0.3", "port", "99999"});
  redis.command({"SET", "lecter:target:db/10.0.0.4:5432", "a string"});
  redis.command({"SADD", "lecter:targets", "db/10.0.0.1:5432", "db/10.0.0.2:5432", "db/10.0.0.3:5432",
                 "db/10.0.0.4:5432", "db/10.0.0.5:5432"});

  RedisStateStore store(redisConfigFor(server_), clock_);
  const auto restored = store.restoreTargets();

  ASSERT_EQ(restored.size(), 1u);
  EXPECT_EQ(restored[0].ip, "10.0.0.1");
  EXPECT_EQ(restored[0].state, HealthState::Pending);
  EXPECT_EQ(restored[0].consecutive_up, 0);
  EXPECT_EQ(restored[0].consecutive_down, 4);
  EXPECT_EQ(restored[0].latency_us, 0);
  const auto warnings = logs_.warnings();
  EXPECT_EQ(countContaining(warnings, "lecter:target:db/10.0.0.1:5432"), 3u) << logs_.all();
  EXPECT_EQ(countContaining(warnings, "'state'"), 1u);
  EXPECT_EQ(countContaining(warnings, "'consecutive_up'"), 1u);
  EXPECT_EQ(countContaining(warnings, "'latency_us'"), 1u);
  EXPECT_EQ(countContaining(warnings, "lecter:target:db/10.0.0.2:5432: field 'ip' is missing"), 1u);
  EXPECT_EQ(countContaining(warnings, "lecter:target:db/10.0.0.3:5432: field 'port'"), 1u);
  EXPECT_EQ(countContaining(warnings, "lecter:target:db/10.0.0.4:5432: HGETALL"), 1u);
  EXPECT_EQ(countContaining(warnings, "10.0.0.5"), 0u) << "a listed key that is gone is not worth a warning";
}

TEST_F(RedisStateStoreTest, AnIndexOfTheWrongTypeGivesAnEmptyRestoreAndAWarning) {
  reader().command({"SET", "lecter:targets", "oops"});
  RedisStateStore store(redisConfigFor(server_), clock_);

  EXPECT_TRUE(store.restoreTargets().empty());
  EXPECT_TRUE(store.connected());
  EXPECT_EQ(countContaining(logs_.warnings(), "SMEMBERS lecter:targets failed: WRONGTYPE"), 1u)
      << logs_.all();
}

TEST_F(RedisStateStoreTest, NothingSavedRestoresNothing) {
  RedisStateStore store(redisConfigFor(server_), clock_);
  EXPECT_TRUE(store.restoreTargets().empty());
  EXPECT_TRUE(logs_.warnings().empty());
}

}  // namespace
}  // namespace lecter
