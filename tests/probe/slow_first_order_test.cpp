#include "lecter/probe/slow_first_order.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "probe_target_at.h"

namespace lecter {
namespace {

using testing::targetAt;

ProbeResult result(ProbeOutcome outcome) { return ProbeResult{outcome, {}, {}}; }

const std::vector<ProbeTarget> kTargets = {targetAt("10.0.0.1", 80), targetAt("10.0.0.2", 80),
                                           targetAt("10.0.0.3", 80), targetAt("10.0.0.4", 80)};

TEST(SlowFirstOrder, WithNothingLearnedTheTargetsStartAsGiven) {
  const StartOrder order = SlowFirstOrder().orderFor(kTargets);
  EXPECT_EQ(order.indexes, (std::vector<std::uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(order.slow_first, 0U);
}

TEST(SlowFirstOrder, TargetsThatTimedOutComeFirstAndEachGroupKeepsItsOrder) {
  SlowFirstOrder order;
  order.learn(kTargets, {result(ProbeOutcome::Up), result(ProbeOutcome::Timeout),
                         result(ProbeOutcome::Refused), result(ProbeOutcome::Timeout)});
  const StartOrder next = order.orderFor(kTargets);
  EXPECT_EQ(next.indexes, (std::vector<std::uint32_t>{1, 3, 0, 2}));
  EXPECT_EQ(next.slow_first, 2U);
}

TEST(SlowFirstOrder, OnlyATimeoutCountsAsSlow) {
  SlowFirstOrder order;
  order.learn(kTargets, {result(ProbeOutcome::Unreachable), result(ProbeOutcome::LocalError),
                         result(ProbeOutcome::OtherError), result(ProbeOutcome::Refused)});
  EXPECT_EQ(order.orderFor(kTargets).slow_first, 0U);
}

TEST(SlowFirstOrder, ATargetThatAnswersAgainIsNoLongerStartedFirst) {
  SlowFirstOrder order;
  order.learn(kTargets, {result(ProbeOutcome::Up), result(ProbeOutcome::Up), result(ProbeOutcome::Up),
                         result(ProbeOutcome::Timeout)});
  order.learn(kTargets, {result(ProbeOutcome::Up), result(ProbeOutcome::Up), result(ProbeOutcome::Up),
                         result(ProbeOutcome::Up)});
  EXPECT_EQ(order.orderFor(kTargets).indexes, (std::vector<std::uint32_t>{0, 1, 2, 3}));
}

TEST(SlowFirstOrder, TargetsAreKnownByAddressAndPortWhateverTheirPlaceInTheList) {
  SlowFirstOrder order;
  order.learn(kTargets, {result(ProbeOutcome::Up), result(ProbeOutcome::Up), result(ProbeOutcome::Up),
                         result(ProbeOutcome::Timeout)});
  // A reloaded config: 10.0.0.4:80 moved to the front, another port of it was added at the end.
  const std::vector<ProbeTarget> reloaded = {targetAt("10.0.0.4", 80), targetAt("10.0.0.1", 80),
                                             targetAt("10.0.0.4", 81)};
  const StartOrder next = order.orderFor(reloaded);
  EXPECT_EQ(next.indexes, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_EQ(next.slow_first, 1U);
  const std::vector<ProbeTarget> moved = {targetAt("10.0.0.1", 80), targetAt("10.0.0.4", 81),
                                          targetAt("10.0.0.4", 80)};
  EXPECT_EQ(order.orderFor(moved).indexes, (std::vector<std::uint32_t>{2, 0, 1}));
}

}  // namespace
}  // namespace lecter
