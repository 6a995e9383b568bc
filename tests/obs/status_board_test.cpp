// The status board: each target's last cycles kept for the sparkline, the services summed up.

#include "lecter/obs/status_board.h"

#include <gtest/gtest.h>

namespace lecter {
namespace {

StatusTarget target(const std::string& service, const std::string& address, const std::string& state,
                    const std::string& outcome, long long latency_us) {
  StatusTarget t;
  t.service = service;
  t.name = "n-" + address;
  t.address = address;
  t.state = state;
  t.outcome = outcome;
  t.latency_us = latency_us;
  return t;
}

TEST(StatusBoard, KeepsTheLatenciesOfTheLastCyclesOfEachTarget) {
  StatusBoard board("1.0", 3);
  for (long long latency : {100, 200, 300, 400}) {
    board.recordCycle({target("db", "10.0.0.1:5432", "healthy", latency == 300 ? "timeout" : "up", latency)},
                      {}, latency);
  }
  const StatusSnapshot snapshot = board.snapshot();
  ASSERT_EQ(snapshot.targets.size(), 1U);
  const auto& history = snapshot.targets[0].history;
  ASSERT_EQ(history.size(), 3U) << "only the last 3 cycles";
  EXPECT_EQ(history[0].latency_us, 200);
  EXPECT_TRUE(history[0].up);
  EXPECT_EQ(history[1].latency_us, 300);
  EXPECT_FALSE(history[1].up) << "a timeout is a failed probe";
  EXPECT_EQ(history[2].latency_us, 400);
  EXPECT_EQ(snapshot.generated_ms, 400);
  EXPECT_EQ(snapshot.version, "1.0");
}

TEST(StatusBoard, ATargetDroppedAndAddedBackStartsAFreshHistory) {
  StatusBoard board("1.0");
  board.recordCycle({target("db", "10.0.0.1:5432", "healthy", "up", 100)}, {}, 1);
  board.recordCycle({target("db", "10.0.0.2:5432", "healthy", "up", 100)}, {}, 2);
  board.recordCycle({target("db", "10.0.0.1:5432", "healthy", "up", 100),
                     target("db", "10.0.0.2:5432", "healthy", "up", 100)},
                    {}, 3);
  const StatusSnapshot snapshot = board.snapshot();
  ASSERT_EQ(snapshot.targets.size(), 2U);
  EXPECT_EQ(snapshot.targets[0].history.size(), 1U);
  EXPECT_EQ(snapshot.targets[1].history.size(), 2U);
}

TEST(StatusBoard, ACycleCutShortKeepsTheLastOneShown) {
  StatusBoard board("1.0");
  board.recordCycle({target("db", "10.0.0.1:5432", "healthy", "up", 100)}, {}, 7);
  board.recordCycle({}, {}, 8);
  const StatusSnapshot snapshot = board.snapshot();
  EXPECT_EQ(snapshot.targets.size(), 1U);
  EXPECT_EQ(snapshot.generated_ms, 7);
}

TEST(StatusBoard, ServicesAreSummedUpInTheOrderTheyFirstAppear) {
  const std::vector<StatusService> services = summarizeServices({
      target("cache", "10.0.0.9:6379", "unhealthy", "refused", 0),
      target("db", "10.0.0.1:5432", "healthy", "up", 1),
      target("cache", "10.0.0.8:6379", "pending", "up", 1),
      target("db", "10.0.0.2:5432", "healthy", "up", 1),
  });
  ASSERT_EQ(services.size(), 2U);
  EXPECT_EQ(services[0].service, "cache");
  EXPECT_EQ(services[0].healthy, 0U);
  EXPECT_EQ(services[0].targets, 2U);
  EXPECT_EQ(services[1].service, "db");
  EXPECT_EQ(services[1].healthy, 2U);
  StatusSnapshot snapshot;
  snapshot.services = services;
  EXPECT_FALSE(snapshot.everyServiceHealthy()) << "cache has no healthy target";
  snapshot.services[0].healthy = 1;
  EXPECT_TRUE(snapshot.everyServiceHealthy());
}

}  // namespace
}  // namespace lecter
