#include "lecter/daemon/daemon.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/common/manual_clock.h"

namespace lecter {
namespace {

using std::chrono::milliseconds;
using testing::ManualClock;

/// Signals that arrive at scripted times of a manual clock: a wait moves the clock to the next signal
/// when it comes before the wait runs out, else by the whole wait. Records every wait asked for.
class TimedSignals final : public SignalSource {
 public:
  explicit TimedSignals(ManualClock& clock) : clock_(clock), start_(clock.now()) {}

  /// `event` arrives `at` after the start.
  void at(milliseconds at, SignalEvent event) { events_.emplace_back(start_ + at, event); }
  /// A SIGHUP every `period` from `period` on, the last one before `until`.
  void sighupsEvery(milliseconds period, milliseconds until) {
    for (milliseconds t = period; t < until; t += period) at(t, SignalEvent::Reload);
  }

  SignalEvent waitFor(milliseconds timeout) override {
    waits_.push_back(timeout);
    const SteadyTime wait_ends = clock_.now() + timeout;
    if (events_.empty() || events_.front().first > wait_ends) {
      clock_.advance(timeout);
      return SignalEvent::None;
    }
    const auto [arrives, event] = events_.front();
    events_.pop_front();
    if (arrives > clock_.now())
      clock_.advance(std::chrono::duration_cast<milliseconds>(arrives - clock_.now()));
    return event;
  }
  [[nodiscard]] bool pending() const override {
    return !events_.empty() && events_.front().first <= clock_.now();
  }

  std::vector<milliseconds> waits_;

 private:
  ManualClock& clock_;
  SteadyTime start_;
  std::deque<std::pair<SteadyTime, SignalEvent>> events_;  // in order of arrival
};

/// A daemon on a manual clock whose hooks record when they ran, in ms since the start.
class DaemonTest : public ::testing::Test {
 protected:
  DaemonTest() : signals_(clock_), start_(clock_.now()) {}

  int run() {
    DaemonHooks hooks;
    hooks.cycle = [this] {
      cycles_.push_back(sinceStart());
      log_.push_back("cycle@" + std::to_string(sinceStart()));
      clock_.advance(cycle_takes_);
    };
    hooks.reload = [this] {
      reloads_.push_back(sinceStart());
      log_.push_back("reload@" + std::to_string(sinceStart()));
      if (interval_after_reload_) interval_ = *interval_after_reload_;
    };
    hooks.interval = [this] { return interval_; };
    hooks.config_changed = [this] {
      log_.push_back("changed?@" + std::to_string(sinceStart()));
      return file_changes_ && *file_changes_;
    };
    if (!file_changes_) hooks.config_changed = nullptr;
    return Daemon(signals_, clock_, hooks).run();
  }

  [[nodiscard]] long long sinceStart() const {
    return std::chrono::duration_cast<milliseconds>(clock_.now() - start_).count();
  }

  ManualClock clock_;
  TimedSignals signals_;
  SteadyTime start_;
  milliseconds interval_{1000};
  milliseconds cycle_takes_{0};
  std::optional<milliseconds> interval_after_reload_;
  std::optional<bool> file_changes_;  // what config_changed answers; none: no such hook
  std::vector<long long> cycles_;     // ms since the start
  std::vector<long long> reloads_;    // ms since the start
  std::vector<std::string> log_;
};

TEST_F(DaemonTest, RunsACycleThenSleepsTheIntervalUntilStopped) {
  interval_ = milliseconds(2000);
  signals_.at(milliseconds(4500), SignalEvent::Stop);
  EXPECT_EQ(run(), 0);
  EXPECT_EQ(cycles_, (std::vector<long long>{0, 2000, 4000}));
  EXPECT_TRUE(reloads_.empty());
}

TEST_F(DaemonTest, StopsWithoutAnotherCycleWhenStoppedDuringTheSleep) {
  interval_ = milliseconds(100);
  signals_.at(milliseconds(50), SignalEvent::Stop);
  EXPECT_EQ(run(), 0);
  EXPECT_EQ(cycles_, (std::vector<long long>{0}));
}

TEST_F(DaemonTest, TheIntervalBeginsWhenTheCycleEnds) {
  cycle_takes_ = milliseconds(300);
  signals_.at(milliseconds(3000), SignalEvent::Stop);
  run();
  EXPECT_EQ(cycles_, (std::vector<long long>{0, 1300, 2600}));
}

TEST_F(DaemonTest, AReloadNeitherRestartsNorShortensTheWait) {
  signals_.at(milliseconds(700), SignalEvent::Reload);
  signals_.at(milliseconds(2500), SignalEvent::Stop);
  run();
  EXPECT_EQ(log_, (std::vector<std::string>{"cycle@0", "reload@700", "cycle@1000", "cycle@2000"}));
}

TEST_F(DaemonTest, SighupsEverySevenTenthsOfAnIntervalStillGiveOneCyclePerInterval) {
  signals_.sighupsEvery(milliseconds(700), milliseconds(10'000));
  signals_.at(milliseconds(10'500), SignalEvent::Stop);
  run();
  EXPECT_EQ(cycles_,
            (std::vector<long long>{0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10'000}));
  // At most one reload per interval, and the SIGHUPs beyond that are done later, not dropped: the
  // 14 SIGHUPs (700 … 9800 ms) still end in a reload in each of the ten intervals after the first.
  std::vector<long long> reloads_per_interval(11, 0);
  for (const long long at : reloads_) ++reloads_per_interval.at(static_cast<std::size_t>(at / 1000));
  EXPECT_EQ(reloads_per_interval, (std::vector<long long>{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(reloads_.back(), 10'000) << "the SIGHUP at 9800 ms, after the reload at 9100, was lost";
}

TEST_F(DaemonTest, ASighupAfterTheIntervalsReloadIsDoneOnceAtTheStartOfTheNextInterval) {
  signals_.at(milliseconds(200), SignalEvent::Reload);
  signals_.at(milliseconds(500), SignalEvent::Reload);
  signals_.at(milliseconds(600), SignalEvent::Reload);
  signals_.at(milliseconds(2500), SignalEvent::Stop);
  run();
  EXPECT_EQ(log_,
            (std::vector<std::string>{"cycle@0", "reload@200", "cycle@1000", "reload@1000", "cycle@2000"}));
}

TEST_F(DaemonTest, AChangedConfigFileReloadsAsASighupDoes) {
  file_changes_ = true;
  signals_.at(milliseconds(200), SignalEvent::ConfigChanged);
  signals_.at(milliseconds(500), SignalEvent::ConfigChanged);  // the same interval: done at the next
  signals_.at(milliseconds(1500), SignalEvent::Stop);
  run();
  EXPECT_EQ(log_, (std::vector<std::string>{"cycle@0", "changed?@200", "reload@200", "changed?@500",
                                            "cycle@1000", "reload@1000"}));
}

TEST_F(DaemonTest, AnEventInTheFolderThatLeavesTheFileAsItWasReloadsNothing) {
  file_changes_ = false;
  signals_.at(milliseconds(200), SignalEvent::ConfigChanged);
  signals_.at(milliseconds(1500), SignalEvent::Stop);
  run();
  EXPECT_EQ(log_, (std::vector<std::string>{"cycle@0", "changed?@200", "cycle@1000"}));
}

TEST_F(DaemonTest, AnIntervalChangedByAReloadCountsFromTheNextSleep) {
  interval_after_reload_ = milliseconds(500);
  signals_.at(milliseconds(300), SignalEvent::Reload);
  signals_.at(milliseconds(2200), SignalEvent::Stop);
  run();
  EXPECT_EQ(log_,
            (std::vector<std::string>{"cycle@0", "reload@300", "cycle@1000", "cycle@1500", "cycle@2000"}));
}

TEST_F(DaemonTest, EveryWaitEndsAtTheNextCycleWhateverSignalsCameBefore) {
  signals_.at(milliseconds(250), SignalEvent::Reload);
  signals_.at(milliseconds(400), SignalEvent::Reload);
  signals_.at(milliseconds(1500), SignalEvent::Stop);
  run();
  // 1000, then what was left after each SIGHUP: the waits add up to the interval, never more.
  EXPECT_EQ(signals_.waits_, (std::vector<milliseconds>{milliseconds(1000), milliseconds(750),
                                                        milliseconds(600), milliseconds(1000)}));
}

TEST(SignalFd, ASignalSentBeforeTheWaitEndsItAtOnce) {
  SignalFd signals;
  EXPECT_FALSE(signals.pending());
  ASSERT_EQ(kill(getpid(), SIGTERM), 0);  // blocked, so it queues on the signalfd
  EXPECT_TRUE(signals.pending());
  EXPECT_EQ(signals.waitFor(milliseconds(60000)), SignalEvent::Stop);
  EXPECT_FALSE(signals.pending());
  ASSERT_EQ(kill(getpid(), SIGHUP), 0);
  EXPECT_EQ(signals.waitFor(milliseconds(60000)), SignalEvent::Reload);
}

TEST(SignalFd, NoSignalMeansTheWaitRunsOut) {
  SignalFd signals;
  EXPECT_EQ(signals.waitFor(milliseconds(1)), SignalEvent::None);
}

}  // namespace
}  // namespace lecter
