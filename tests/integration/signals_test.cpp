// SIGTERM/SIGINT end lecter at once, also in the middle of its sleep (issue 2, "Loop").

#include <signal.h>

#include <chrono>

#include "lecter_test.h"

namespace lecter::testing {
namespace {

class LecterSignalTest : public LecterTest {
 protected:
  /// Starts lecter with a long interval and waits for its first cycle to finish, so it is asleep.
  Subprocess& startAndWaitForSleep() {
    const auto ips = openTargets(1);
    auto settings = settingsFor(ips);
    settings.interval_ms = 5000;
    Subprocess& lecter = startLecter(settings);
    EXPECT_TRUE(eventuallyReady(ips, std::chrono::seconds(10))) << "the first cycle never wrote";
    return lecter;
  }
};

TEST_F(LecterSignalTest, SigtermMidSleepExitsZeroWithinOneSecond) {
  Subprocess& lecter = startAndWaitForSleep();
  ASSERT_TRUE(lecter.running());
  lecter.signal(SIGTERM);
  const auto code = lecter.wait(std::chrono::seconds(1));
  ASSERT_TRUE(code.has_value()) << "still running one second after SIGTERM";
  EXPECT_EQ(*code, 0) << lecter.err();
}

TEST_F(LecterSignalTest, SigintMidSleepExitsZeroWithinOneSecond) {
  Subprocess& lecter = startAndWaitForSleep();
  ASSERT_TRUE(lecter.running());
  lecter.signal(SIGINT);
  const auto code = lecter.wait(std::chrono::seconds(1));
  ASSERT_TRUE(code.has_value()) << "still running one second after SIGINT";
  EXPECT_EQ(*code, 0) << lecter.err();
}

}  // namespace
}  // namespace lecter::testing
