// SIGTERM/SIGINT end lecter at once, also in the middle of its sleep (issue 2, "Loop"); SIGHUPs
// faster than the interval are coalesced and never starve the cycles (issue 9, class 8).

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "lecter_test.h"
#include "support/common/fifo.h"
#include "support/common/occurrences.h"

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

TEST_F(LecterSignalTest, AConfigReplacedByAFifoIsRefusedOnSighupAndSigtermStillEndsLecter) {
  Subprocess& lecter = startAndWaitForSleep();
  const std::string config = lastConfigPath();
  // Swapped in by one rename, as an editor or a ConfigMap update replaces a file. Removing the file
  // first would let lecter's file watch reload (and refuse) the missing file before the FIFO exists;
  // that reload is the interval's one, so the SIGHUP's would wait for the next interval.
  makeFifo(config + ".fifo");  // nothing ever writes to it: a blocking open would wait forever
  std::filesystem::rename(config + ".fifo", config);

  lecter.signal(SIGHUP);
  const std::string refusal = config + ": is a FIFO, not a regular file";
  EXPECT_TRUE(
      eventually([&] { return lecter.err().find(refusal) != std::string::npos; }, std::chrono::seconds(5)))
      << "no refusal logged: the reload is stuck on the FIFO";
  EXPECT_NE(lecter.err().find("config reload refused, keeping the running config"), std::string::npos);

  lecter.signal(SIGTERM);
  const auto code = lecter.wait(std::chrono::seconds(2));
  ASSERT_TRUE(code.has_value()) << "still running two seconds after SIGTERM";
  EXPECT_EQ(*code, 0) << lecter.err();
}

TEST_F(LecterTest, SighupsEverySevenTenthsOfTheIntervalStillLeaveOneCyclePerInterval) {
  const auto ips = openTargets(1);
  auto settings = settingsFor(ips);
  settings.interval_ms = 1000;
  Subprocess& lecter = startLecter(settings, {"--log-level", "debug"});
  ASSERT_TRUE(eventuallyReady(ips, std::chrono::seconds(10))) << "the first cycle never wrote";

  // A real process cannot run on a manual clock: this one sends real signals 0.7 s apart.
  constexpr int kSighups = 8;  // 5.6 s: five or six intervals
  const std::size_t cycles_before = occurrences(lecter.err(), "cycle over:");
  for (int i = 0; i < kSighups; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    lecter.signal(SIGHUP);
  }
  ASSERT_TRUE(lecter.running()) << lecter.err();
  const std::string log = lecter.err();

  const std::size_t cycles = occurrences(log, "cycle over:") - cycles_before;
  const std::size_t reloads = occurrences(log, "config reloaded from");
  RecordProperty("cycles_during_the_sighups", static_cast<int>(cycles));
  RecordProperty("reloads", static_cast<int>(reloads));
  // Each reload used to restart the wait, so not one cycle ran while the SIGHUPs came.
  EXPECT_GE(cycles, 4U) << log;
  EXPECT_GE(reloads, 4U) << log;
  EXPECT_LT(reloads, static_cast<std::size_t>(kSighups)) << "SIGHUPs within one interval were not coalesced";
}

}  // namespace
}  // namespace lecter::testing
