#include "lecter/store/memory_state_store.h"

#include <gtest/gtest.h>

#include "store/store_test_records.h"

namespace lecter {
namespace {

using testing::makeService;
using testing::makeTarget;
using testing::makeTransition;

TEST(MemoryStateStoreTest, RestoreReturnsTheLatestRecordOfEveryTarget) {
  MemoryStateStore store;
  store.record({{makeTarget("db", "10.0.0.1", 5432, HealthState::Healthy, 1, 0),
                 makeTarget("db", "10.0.0.2", 5432, HealthState::Pending, 0, 1)},
                {},
                {}});
  store.record({{makeTarget("db", "10.0.0.2", 5432, HealthState::Unhealthy, 0, 2)}, {}, {}});

  const auto restored = store.restoreTargets();
  ASSERT_EQ(restored.size(), 2u);
  const auto& second = store.targets().at("db/10.0.0.2:5432");
  EXPECT_EQ(second.state, HealthState::Unhealthy);
  EXPECT_EQ(second.consecutive_down, 2);
  EXPECT_EQ(store.targets().at("db/10.0.0.1:5432").consecutive_up, 1);
}

TEST(MemoryStateStoreTest, KeepsTheLatestServiceRecord) {
  MemoryStateStore store;
  store.record({{}, {makeService("db", {"10.0.0.1"})}, {}});
  store.record({{}, {makeService("db", {"10.0.0.1", "10.0.0.2"})}, {}});
  ASSERT_EQ(store.services().size(), 1u);
  EXPECT_EQ(store.services().at("db").addresses, (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
}

TEST(MemoryStateStoreTest, TransitionsAreKeptInOrderAndCappedDroppingTheOldest) {
  MemoryStateStore store;
  constexpr long long kRecorded = 10'005;
  for (long long i = 0; i < kRecorded; ++i) {
    store.record(
        {{}, {}, {makeTransition("db", "10.0.0.1", 5432, HealthState::Healthy, HealthState::Unhealthy, i)}});
  }
  ASSERT_EQ(store.transitions().size(), 10'000u);
  EXPECT_EQ(store.transitions().front().at_ms, kRecorded - 10'000);
  EXPECT_EQ(store.transitions().back().at_ms, kRecorded - 1);
}

TEST(MemoryStateStoreTest, EmptyStoreRestoresNothing) {
  MemoryStateStore store;
  EXPECT_TRUE(store.restoreTargets().empty());
}

TEST(TargetIdTest, KeyNamesServiceIpAndPortAndBracketsIpv6) {
  EXPECT_EQ((TargetId{"db", "10.0.0.1", 5432}.key()), "db/10.0.0.1:5432");
  EXPECT_EQ((TargetId{"db", "2001:db8::1", 5432}.key()), "db/[2001:db8::1]:5432");
}

}  // namespace
}  // namespace lecter
