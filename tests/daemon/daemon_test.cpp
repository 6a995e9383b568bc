#include "lecter/daemon/daemon.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <deque>
#include <string>
#include <vector>

namespace lecter {
namespace {

using std::chrono::milliseconds;

/// Hands out scripted signal events and records every wait asked for.
class ScriptedSignals final : public SignalSource {
 public:
  explicit ScriptedSignals(std::deque<SignalEvent> events) : events_(std::move(events)) {}
  SignalEvent waitFor(milliseconds timeout) override {
    waits_.push_back(timeout);
    if (events_.empty()) return SignalEvent::Stop;
    const SignalEvent e = events_.front();
    events_.pop_front();
    return e;
  }
  [[nodiscard]] bool pending() const override { return false; }
  std::vector<milliseconds> waits_;

 private:
  std::deque<SignalEvent> events_;
};

TEST(Daemon, RunsACycleThenSleepsTheIntervalUntilStopped) {
  ScriptedSignals signals({SignalEvent::None, SignalEvent::None, SignalEvent::Stop});
  std::vector<std::string> log;
  Daemon daemon(signals, {[&] { log.push_back("cycle"); }, [&] { log.push_back("reload"); },
                          [] { return milliseconds(2000); }});
  EXPECT_EQ(daemon.run(), 0);
  EXPECT_EQ(log, (std::vector<std::string>{"cycle", "cycle", "cycle"}));
  EXPECT_EQ(signals.waits_,
            (std::vector<milliseconds>{milliseconds(2000), milliseconds(2000), milliseconds(2000)}));
}

TEST(Daemon, StopsWithoutAnotherCycleWhenStoppedDuringTheSleep) {
  ScriptedSignals signals({SignalEvent::Stop});
  int cycles = 0;
  Daemon daemon(signals, {[&] { ++cycles; }, [] {}, [] { return milliseconds(100); }});
  EXPECT_EQ(daemon.run(), 0);
  EXPECT_EQ(cycles, 1);
}

TEST(Daemon, ReloadsOnSighupAndUsesTheNewInterval) {
  ScriptedSignals signals({SignalEvent::Reload, SignalEvent::None, SignalEvent::Stop});
  milliseconds interval(1000);
  std::vector<std::string> log;
  Daemon daemon(signals, {[&] { log.push_back("cycle"); },
                          [&] {
                            log.push_back("reload");
                            interval = milliseconds(500);
                          },
                          [&] { return interval; }});
  daemon.run();
  EXPECT_EQ(log, (std::vector<std::string>{"cycle", "reload", "cycle"}));
  EXPECT_EQ(signals.waits_,
            (std::vector<milliseconds>{milliseconds(1000), milliseconds(500), milliseconds(500)}));
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
