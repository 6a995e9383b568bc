// The elector: its thread's pace, and "may this replica write now" judged by the clock when asked.

#include "lecter/coord/leader_elector.h"

#include <gtest/gtest.h>

#include "support/common/fake_leases_api.h"
#include "support/common/log_capture.h"
#include "support/common/manual_clock.h"
#include "support/common/subprocess.h"

namespace lecter::testing {
namespace {

using std::chrono::milliseconds;

const ObjectRef kElectorLease{"default", "lecter"};

TEST(LeaderElector, LeadingEndsAtTheRenewDeadlineWithoutAnotherTry) {
  LogCapture logs;
  ManualClock clock;
  FakeLeases leases;
  FakeLeases::Client client(leases, "a");
  LeaderElector elector(client, kElectorLease, "a", LeaseTimings{}, clock, [] { return 0.0; });
  elector.tryOnce();
  EXPECT_TRUE(elector.leading());
  // A renewal that hangs makes no try: the answer still turns by the clock alone.
  clock.advance(milliseconds(9999));
  EXPECT_TRUE(elector.leading());
  EXPECT_FALSE(elector.renewalOverdue());
  clock.advance(milliseconds(1));
  EXPECT_FALSE(elector.leading()) << "still writing past renew_deadline";
  EXPECT_TRUE(elector.renewalOverdue());
}

TEST(LeaderElector, TheHolderTriesEveryRetryPeriodAFollowerWithinThreeQuartersToOne) {
  LogCapture logs;
  ManualClock clock;
  FakeLeases leases;
  FakeLeases::Client a_client(leases, "a");
  FakeLeases::Client b_client(leases, "b");
  double share = 0.0;
  LeaderElector a(a_client, kElectorLease, "a", LeaseTimings{}, clock, [] { return 0.5; });
  LeaderElector b(b_client, kElectorLease, "b", LeaseTimings{}, clock, [&share] { return share; });
  EXPECT_EQ(a.tryOnce(), milliseconds(2000));
  EXPECT_EQ(b.tryOnce(), milliseconds(1500));
  share = 0.999;
  EXPECT_EQ(b.tryOnce(), milliseconds(1999));
  EXPECT_FALSE(b.leading());
  EXPECT_EQ(b.holder(), "a");
}

TEST(LeaderElector, ItsThreadTakesTheLeaseAndAReleaseAfterStopEmptiesTheHolder) {
  LogCapture logs;
  SystemClock clock;
  FakeLeases leases;
  FakeLeases::Client client(leases, "a");
  LeaderElector elector(client, kElectorLease, "a", LeaseTimings{}, clock);
  elector.start();
  EXPECT_TRUE(eventually([&] { return elector.leading(); }, std::chrono::seconds(5)));
  elector.stop();
  EXPECT_EQ(leases.holder("lecter"), "a") << "a stop alone gives nothing up";
  elector.release();
  EXPECT_FALSE(elector.leading());
  EXPECT_EQ(leases.holder("lecter"), "");
}

}  // namespace
}  // namespace lecter::testing
