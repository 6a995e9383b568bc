// /healthz and /readyz answers, driven by a manual clock.

#include "lecter/obs/liveness.h"

#include <gtest/gtest.h>

#include "support/common/manual_clock.h"

namespace lecter {
namespace {

using std::chrono::milliseconds;
using testing::ManualClock;

TEST(Liveness, TheGapIsThreeTimesIntervalPlusPingtimeout) {
  EXPECT_EQ(maxCycleGap(milliseconds(2000), milliseconds(3000)), milliseconds(15000));
}

TEST(Liveness, AliveWhileTheFirstCycleRunsWithinTheGap) {
  ManualClock clock;
  const Liveness liveness(clock, milliseconds(1500));
  clock.advance(milliseconds(1500));
  EXPECT_TRUE(liveness.healthz().ok) << liveness.healthz().reason;
  clock.advance(milliseconds(1));
  const CheckAnswer stalled = liveness.healthz();
  EXPECT_FALSE(stalled.ok);
  EXPECT_EQ(
      stalled.reason,
      "stalled: no cycle has ended in the 1.5 s since start (limit 1.5 s, 3 × (interval + pingtimeout))");
}

TEST(Liveness, StalledWhenNoCycleEndedWithinTheGapAndAliveAgainWhenOneEnds) {
  ManualClock clock;
  Liveness liveness(clock, milliseconds(1500));
  clock.advance(milliseconds(1000));
  liveness.cycleEnded();
  clock.advance(milliseconds(1400));
  EXPECT_TRUE(liveness.healthz().ok);
  EXPECT_EQ(liveness.healthz().reason, "ok: 1 cycles, the last ended 1.4 s ago");
  clock.advance(milliseconds(2000));
  EXPECT_FALSE(liveness.healthz().ok);
  EXPECT_EQ(liveness.healthz().reason,
            "stalled: no cycle has ended for 3.4 s (limit 1.5 s, 3 × (interval + pingtimeout))");
  liveness.cycleEnded();
  EXPECT_TRUE(liveness.healthz().ok);
}

TEST(Liveness, AReloadedIntervalMovesTheLimit) {
  ManualClock clock;
  Liveness liveness(clock, milliseconds(1500));
  liveness.cycleEnded();
  clock.advance(milliseconds(5000));
  EXPECT_FALSE(liveness.healthz().ok);
  liveness.setMaxGap(milliseconds(6000));
  EXPECT_TRUE(liveness.healthz().ok);
}

TEST(Liveness, ReadyOnlyOnceTheConfigIsLoadedAndTheApiServerHasAnswered) {
  ManualClock clock;
  Liveness liveness(clock, milliseconds(1500));
  EXPECT_EQ(liveness.readyz().reason, "not ready: the config is not loaded yet");
  liveness.configLoaded();
  EXPECT_FALSE(liveness.readyz().ok);
  EXPECT_EQ(liveness.readyz().reason, "not ready: the ApiServer has not answered yet");
  liveness.apiServerAnswered();
  EXPECT_TRUE(liveness.readyz().ok);
}

}  // namespace
}  // namespace lecter
