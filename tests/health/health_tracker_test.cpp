// The rise/fall rule (lecter/health/health_tracker.h): how probe outcomes, counted across cycles,
// become a target's health, and when that counts as a transition.

#include "lecter/health/health_tracker.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace lecter {

// For gtest, so parameters read "timeout" or "healthy, 7 up, 0 down" rather than as bytes.
void PrintTo(ProbeOutcome outcome, std::ostream* out) { *out << toString(outcome); }
void PrintTo(const TargetHealth& health, std::ostream* out) {
  *out << toString(health.state) << ", " << health.consecutive_up << " up, " << health.consecutive_down
       << " down";
}

namespace {

using Outcomes = std::vector<ProbeOutcome>;

/// Applies `outcomes` in order; how many of them reported a change.
int applyAll(TargetHealth& health, const Outcomes& outcomes, const Thresholds& thresholds) {
  int changes = 0;
  for (const ProbeOutcome outcome : outcomes) changes += applyOutcome(health, outcome, thresholds) ? 1 : 0;
  return changes;
}

/// After each of `outcomes`: the state it left, with "*" when applyOutcome() reported a change.
std::vector<std::string> trace(TargetHealth& health, const Outcomes& outcomes, const Thresholds& thresholds) {
  std::vector<std::string> states;
  for (const ProbeOutcome outcome : outcomes) {
    const bool changed = applyOutcome(health, outcome, thresholds);
    states.push_back(std::string(toString(health.state)) + (changed ? "*" : ""));
  }
  return states;
}

using Trace = std::vector<std::string>;

constexpr ProbeOutcome kUp = ProbeOutcome::Up;
constexpr ProbeOutcome kDown = ProbeOutcome::Refused;

TEST(HealthTrackerTest, ATargetSeenForTheFirstTimeIsPendingWithNoCounts) {
  const TargetHealth fresh;
  EXPECT_EQ(fresh.state, HealthState::Pending);
  EXPECT_EQ(fresh.consecutive_up, 0);
  EXPECT_EQ(fresh.consecutive_down, 0);
}

TEST(HealthTrackerTest, DefaultThresholdsFollowEachProbeAsTheOriginalDid) {
  TargetHealth health;
  EXPECT_EQ(trace(health, {kUp, kDown, kUp}, Thresholds{}), (Trace{"healthy*", "unhealthy*", "healthy*"}));
}

TEST(HealthTrackerTest, APendingTargetStaysPendingUntilRiseConsecutiveUps) {
  TargetHealth health;
  const Thresholds thresholds{3, 2};
  EXPECT_EQ(applyAll(health, {kUp, kUp}, thresholds), 0);
  EXPECT_EQ(health.state, HealthState::Pending);
  EXPECT_EQ(health.consecutive_up, 2);

  EXPECT_TRUE(applyOutcome(health, kUp, thresholds));
  EXPECT_EQ(health.state, HealthState::Healthy);
  EXPECT_EQ(health.consecutive_up, 3);
}

TEST(HealthTrackerTest, APendingTargetStaysPendingUntilFallConsecutiveDowns) {
  TargetHealth health;
  EXPECT_EQ(trace(health, {kDown, kDown}, Thresholds{3, 2}), (Trace{"pending", "unhealthy*"}));
  EXPECT_EQ(health.consecutive_down, 2);
}

TEST(HealthTrackerTest, AFlappingTargetNeverReachesRiseBecauseEachDownRestartsTheCount) {
  TargetHealth health;
  const Thresholds thresholds{3, 3};
  EXPECT_EQ(applyAll(health, {kUp, kUp, kDown, kUp, kUp, kDown, kUp, kUp}, thresholds), 0);
  EXPECT_EQ(health.state, HealthState::Pending);
  EXPECT_EQ(health.consecutive_up, 2);
  EXPECT_EQ(health.consecutive_down, 0);
}

TEST(HealthTrackerTest, AHealthyTargetSurvivesFewerThanFallDownsAndAnUpClearsThem) {
  TargetHealth health{HealthState::Healthy, 5, 0};
  const Thresholds thresholds{2, 3};
  EXPECT_EQ(applyAll(health, {kDown, kDown}, thresholds), 0);
  EXPECT_EQ(health.state, HealthState::Healthy);
  EXPECT_EQ(health.consecutive_up, 0) << "a down ends the run of ups";
  EXPECT_EQ(health.consecutive_down, 2);

  EXPECT_FALSE(applyOutcome(health, kUp, thresholds));
  EXPECT_EQ(health.consecutive_down, 0);
  EXPECT_EQ(applyAll(health, {kDown, kDown}, thresholds), 0) << "the count of downs started again";
  EXPECT_EQ(health.state, HealthState::Healthy);

  EXPECT_TRUE(applyOutcome(health, kDown, thresholds));
  EXPECT_EQ(health.state, HealthState::Unhealthy);
}

TEST(HealthTrackerTest, AnUnhealthyTargetNeedsRiseConsecutiveUpsToRecover) {
  TargetHealth health{HealthState::Unhealthy, 0, 9};
  EXPECT_EQ(trace(health, {kUp, kUp}, Thresholds{2, 1}), (Trace{"unhealthy", "healthy*"}));
}

TEST(HealthTrackerTest, ATransitionIsReportedOnceAndLaterSameOutcomesOnlyCount) {
  TargetHealth health;
  const Thresholds thresholds{2, 2};
  EXPECT_EQ(applyAll(health, Outcomes(10, kUp), thresholds), 1);
  EXPECT_EQ(health.state, HealthState::Healthy);
  EXPECT_EQ(health.consecutive_up, 10);
  EXPECT_EQ(applyAll(health, Outcomes(10, kDown), thresholds), 1);
  EXPECT_EQ(health.state, HealthState::Unhealthy);
  EXPECT_EQ(health.consecutive_down, 10);
}

class EveryDownOutcomeTest : public ::testing::TestWithParam<ProbeOutcome> {};

TEST_P(EveryDownOutcomeTest, CountsAgainstTheTargetLikeAnyOtherDown) {
  TargetHealth health{HealthState::Healthy, 4, 0};
  EXPECT_EQ(trace(health, {GetParam(), GetParam()}, Thresholds{1, 2}), (Trace{"healthy", "unhealthy*"}));
  EXPECT_EQ(health.consecutive_up, 0);
  EXPECT_EQ(health.consecutive_down, 2);
}

INSTANTIATE_TEST_SUITE_P(Outcomes, EveryDownOutcomeTest,
                         ::testing::Values(ProbeOutcome::Refused, ProbeOutcome::Timeout,
                                           ProbeOutcome::Unreachable, ProbeOutcome::OtherError),
                         [](const ::testing::TestParamInfo<ProbeOutcome>& outcome) {
                           return std::string(toString(outcome.param));
                         });

class LocalErrorTest : public ::testing::TestWithParam<TargetHealth> {};

TEST_P(LocalErrorTest, ALocalProbeFailureLeavesStateAndCountsAsTheyWere) {
  TargetHealth health = GetParam();
  const Thresholds thresholds{1, 1};  // the lowest: any counted outcome would move something
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(applyOutcome(health, ProbeOutcome::LocalError, thresholds));
  EXPECT_EQ(health.state, GetParam().state);
  EXPECT_EQ(health.consecutive_up, GetParam().consecutive_up);
  EXPECT_EQ(health.consecutive_down, GetParam().consecutive_down);
}

INSTANTIATE_TEST_SUITE_P(States, LocalErrorTest,
                         ::testing::Values(TargetHealth{HealthState::Pending, 0, 0},
                                           TargetHealth{HealthState::Healthy, 7, 0},
                                           TargetHealth{HealthState::Unhealthy, 0, 3}),
                         [](const ::testing::TestParamInfo<TargetHealth>& health) {
                           return std::string(toString(health.param.state));
                         });

TEST(HealthTrackerTest, ALocalProbeFailureDoesNotBreakARunOfUps) {
  TargetHealth health;
  const Thresholds thresholds{3, 1};
  EXPECT_EQ(applyAll(health, {kUp, ProbeOutcome::LocalError, kUp, ProbeOutcome::LocalError}, thresholds), 0);
  EXPECT_EQ(health.consecutive_up, 2);
  EXPECT_TRUE(applyOutcome(health, kUp, thresholds));
  EXPECT_EQ(health.state, HealthState::Healthy);
}

TEST(HealthTrackerTest, RestoredCountsCarryOnWhereTheEarlierRunLeftOff) {
  TargetHealth health{HealthState::Pending, 2, 0};  // two ups counted before a restart
  EXPECT_TRUE(applyOutcome(health, kUp, Thresholds{3, 3}));
  EXPECT_EQ(health.state, HealthState::Healthy);
  EXPECT_EQ(health.consecutive_up, 3);
}

TEST(HealthTrackerTest, ARestoredStateThatHoldsIsNoTransition) {
  TargetHealth healthy{HealthState::Healthy, 4, 0};
  EXPECT_EQ(trace(healthy, {kUp}, Thresholds{3, 3}), (Trace{"healthy"}));
  TargetHealth unhealthy{HealthState::Unhealthy, 0, 4};
  EXPECT_EQ(trace(unhealthy, {kDown}, Thresholds{3, 3}), (Trace{"unhealthy"}));
}

TEST(HealthTrackerTest, RestoredCountsPastALoweredThresholdDecideAtTheNextProbe) {
  TargetHealth health{HealthState::Pending, 4, 0};  // saved under rise 5, now rise 2
  EXPECT_TRUE(applyOutcome(health, kUp, Thresholds{2, 2}));
  EXPECT_EQ(health.state, HealthState::Healthy);
}

TEST(HealthStateTest, EveryStateReadsBackFromItsName) {
  for (const HealthState state : {HealthState::Pending, HealthState::Healthy, HealthState::Unhealthy}) {
    EXPECT_EQ(healthStateFromString(toString(state)), state) << toString(state);
  }
  EXPECT_EQ(toString(HealthState::Healthy), "healthy");
  EXPECT_EQ(toString(HealthState::Unhealthy), "unhealthy");
  EXPECT_EQ(toString(HealthState::Pending), "pending");
}

TEST(HealthStateTest, AnUnknownNameIsPendingSoTheLiveObjectDecides) {
  for (const char* text : {"", "Healthy", "HEALTHY", "up", "unhealthy ", "ready"}) {
    EXPECT_EQ(healthStateFromString(text), HealthState::Pending) << '"' << text << '"';
  }
}

}  // namespace
}  // namespace lecter
