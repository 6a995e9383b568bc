#include "lecter/probe/epoll_prober.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "lecter/probe/fd_limit.h"
#include "loopback_targets.h"
#include "probe_target_at.h"
#include "support/common/subprocess.h"
#include "support/servers/http_test_server.h"

namespace lecter {
namespace {

const SystemClock kMachineClock;

using testing::targetAt;

using namespace std::chrono_literals;
using testing::AcceptingListeners;
using testing::ClosedPort;
using testing::expectedOutcome;
using testing::HungListener;
using testing::Kind;
using testing::loopbackAddress;

constexpr std::chrono::milliseconds kTimeout = 250ms;

/// One listener of each kind, and targets on distinct 127.x addresses pointing at them.
class LoopbackTargets {
 public:
  LoopbackTargets() {
    if (!hung_.connectHangs(200ms)) throw std::runtime_error("the hung listener answers connects");
  }

  void add(Kind kind) {
    const std::string ip = loopbackAddress(targets_.size());
    const std::uint16_t port = kind == Kind::Open      ? open_.ports().front()
                               : kind == Kind::Refused ? refused_.port()
                                                       : hung_.port();
    targets_.push_back(targetAt(ip, port));
    kinds_.push_back(kind);
  }

  /// Adds `count` targets cycling through open, refused, hung.
  void addMixed(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) add(static_cast<Kind>(i % 3));
  }

  [[nodiscard]] const std::vector<ProbeTarget>& targets() const { return targets_; }
  [[nodiscard]] std::size_t openCount() const {
    return static_cast<std::size_t>(std::count(kinds_.begin(), kinds_.end(), Kind::Open));
  }
  [[nodiscard]] const AcceptingListeners& open() const { return open_; }

  /// Checks one result per target, in order, each of its kind's outcome.
  void expectClassified(const std::vector<ProbeResult>& results) const {
    ASSERT_EQ(results.size(), targets_.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
      EXPECT_EQ(results[i].outcome, expectedOutcome(kinds_[i]))
          << "target " << i << " " << targets_[i].ip.text << ":" << targets_[i].port << " got "
          << toString(results[i].outcome) << " (" << results[i].error << ")";
    }
  }

 private:
  AcceptingListeners open_;
  ClosedPort refused_;
  HungListener hung_;
  std::vector<ProbeTarget> targets_;
  std::vector<Kind> kinds_;
};

TEST(EpollProber, OpenTargetIsUp) {
  AcceptingListeners open;
  EpollProber prober(kMachineClock);
  const auto results = prober.probeAll({targetAt("127.0.0.1", open.ports().front())}, kTimeout);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].outcome, ProbeOutcome::Up);
  EXPECT_TRUE(results[0].error.empty());
}

TEST(EpollProber, ClosedPortIsRefused) {
  ClosedPort closed;
  EpollProber prober(kMachineClock);
  const auto results = prober.probeAll({targetAt("127.0.0.1", closed.port())}, kTimeout);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].outcome, ProbeOutcome::Refused);
  EXPECT_EQ(results[0].error, std::strerror(ECONNREFUSED));
  EXPECT_TRUE(isTargetDown(results[0].outcome));
}

TEST(EpollProber, HungTargetTimesOutAfterItsFullDeadline) {
  HungListener hung;
  ASSERT_TRUE(hung.connectHangs(200ms)) << "the fixture is not hung: its connects are answered";
  EpollProber prober(kMachineClock);
  const auto results = prober.probeAll({targetAt("127.0.0.1", hung.port())}, kTimeout);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].outcome, ProbeOutcome::Timeout);
  EXPECT_EQ(results[0].error, std::strerror(ETIMEDOUT));
  // Not a speed check: the prober must not give up before the deadline it was given.
  EXPECT_GE(results[0].latency, kTimeout);
}

TEST(EpollProber, AReadableInterruptFdEndsTheCycleWithoutBlamingTheTargets) {
  HungListener hung;
  ASSERT_TRUE(hung.connectHangs(200ms)) << "the fixture is not hung: its connects are answered";
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  ASSERT_EQ(::write(pipe_fds[1], "x", 1), 1);  // a signal that already came
  EpollProber prober(kMachineClock, /*max_inflight=*/1);
  prober.setInterruptFd(pipe_fds[0]);
  // Without the interrupt these would each wait out a full minute.
  const auto results =
      prober.probeAll({targetAt("127.0.0.1", hung.port()), targetAt("127.0.0.2", hung.port())}, 60s);
  ASSERT_EQ(results.size(), 2U);
  for (const auto& result : results) {
    EXPECT_EQ(result.outcome, ProbeOutcome::LocalError);
    EXPECT_FALSE(isTargetDown(result.outcome));
  }
  char byte = 0;
  EXPECT_EQ(::read(pipe_fds[0], &byte, 1), 1) << "the prober must leave the interrupt for its owner to read";
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);
}

TEST(EpollProber, NoTargetsGiveNoResults) {
  EpollProber prober(kMachineClock);
  EXPECT_TRUE(prober.probeAll({}, kTimeout).empty());
}

TEST(EpollProber, ResultsFollowTheOrderOfTheTargets) {
  LoopbackTargets targets;
  for (const Kind kind : {Kind::Hung, Kind::Open, Kind::Refused, Kind::Refused, Kind::Hung, Kind::Open,
                          Kind::Open, Kind::Hung, Kind::Refused}) {
    targets.add(kind);
  }
  EpollProber prober(kMachineClock);
  targets.expectClassified(prober.probeAll(targets.targets(), kTimeout));
}

TEST(EpollProber, HundredsOfEachKindAreAllClassified) {
  LoopbackTargets targets;
  for (const Kind kind : {Kind::Hung, Kind::Open, Kind::Refused}) {
    for (int i = 0; i < 300; ++i) targets.add(kind);
  }
  EpollProber prober(kMachineClock);
  targets.expectClassified(prober.probeAll(targets.targets(), 300ms));
}

TEST(EpollProber, WavesSmallerThanTheTargetListKeepEveryResultRight) {
  LoopbackTargets targets;
  targets.addMixed(50);
  EpollProber prober(kMachineClock, 8);
  EXPECT_EQ(prober.maxInflight(), 8U);
  targets.expectClassified(prober.probeAll(targets.targets(), kTimeout));
}

TEST(EpollProber, TargetsThatTimedOutStartFirstInTheNextCycleWithEveryResultInPlace) {
  LoopbackTargets targets;
  targets.addMixed(30);                  // every third one hangs
  EpollProber prober(kMachineClock, 4);  // in waves, so the start order decides which probes share a wave
  ProbeCycleStats first;
  targets.expectClassified(prober.probeAll(targets.targets(), kTimeout, first));
  EXPECT_EQ(first.started_slow_first, 0U);
  ProbeCycleStats second;
  targets.expectClassified(prober.probeAll(targets.targets(), kTimeout, second));
  EXPECT_EQ(second.started_slow_first, 10U);
}

TEST(EpollProber, Ipv6LoopbackOpenAndRefused) {
  if (!testing::hasIpv6Loopback()) {
    GTEST_SKIP() << "this machine has no ::1";
  }
  AcceptingListeners open(1, "::1");
  ClosedPort closed("::1");
  EpollProber prober(kMachineClock);
  const auto results =
      prober.probeAll({targetAt("::1", open.ports().front()), targetAt("::1", closed.port())}, kTimeout);
  ASSERT_EQ(results.size(), 2U);
  EXPECT_EQ(results[0].outcome, ProbeOutcome::Up);
  EXPECT_EQ(results[1].outcome, ProbeOutcome::Refused);
}

TEST(EpollProber, TargetThatResetsRightAfterAcceptingIsUp) {
  AcceptingListeners resetting(1, "0.0.0.0", AcceptingListeners::Close::WithReset);
  std::vector<ProbeTarget> targets;
  for (std::size_t i = 0; i < 50; ++i)
    targets.push_back(targetAt(loopbackAddress(i), resetting.ports().front()));
  EpollProber prober(kMachineClock);
  const auto results = prober.probeAll(targets, kTimeout);
  ASSERT_EQ(results.size(), targets.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].outcome, ProbeOutcome::Up) << i << ": " << results[i].error;
  }
  EXPECT_TRUE(testing::eventually([&] { return resetting.closedConnections() == targets.size(); }, 5s))
      << "the fixture accepted " << resetting.closedConnections() << " of " << targets.size();
}

TEST(EpollProber, TextThatIsNotAnAddressIsALocalError) {
  EpollProber prober(kMachineClock);
  const auto results = prober.probeAll({ProbeTarget{IpAddress{IpFamily::V4, "not-an-ip"}, 80}}, kTimeout);
  ASSERT_EQ(results.size(), 1U);
  EXPECT_EQ(results[0].outcome, ProbeOutcome::LocalError);
  EXPECT_NE(results[0].error.find("not-an-ip"), std::string::npos) << results[0].error;
}

TEST(EpollProber, LocalFailuresAreCountedAndNotCountedAgainstTheirTargets) {
  ClosedPort closed;
  const std::vector<ProbeTarget> targets = {ProbeTarget{IpAddress{IpFamily::V4, "not-an-ip"}, 80},
                                            targetAt("127.0.0.1", closed.port()),
                                            ProbeTarget{IpAddress{IpFamily::V6, "nor-this"}, 80}};
  EpollProber prober(kMachineClock);
  ProbeCycleStats stats;
  const auto results = prober.probeAll(targets, kTimeout, stats);
  ASSERT_EQ(results.size(), 3U);
  EXPECT_EQ(stats.local_errors, 2U);
  EXPECT_FALSE(isTargetDown(results[0].outcome));
  EXPECT_EQ(results[1].outcome, ProbeOutcome::Refused);
  EXPECT_FALSE(isTargetDown(results[2].outcome));
}

// Exit codes of the forked children below.
enum ChildExit { kChildOk = 0, kChildSetupFailed = 10, kChildWrongOutcome = 11, kChildWrongError = 12 };
constexpr const char* kChildExitMeaning =
    "10: set-up failed, 11: an outcome was not the expected one, 12: the error text was not the expected one";

// In a forked child: lowers the soft RLIMIT_NOFILE so that exactly `free_descriptors` more can be
// opened. Exits the child when it cannot.
void leaveOnlyDescriptors(int free_descriptors) {
  std::vector<int> lowest_free;
  for (int i = 0; i < free_descriptors; ++i) {
    const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0) ::_exit(kChildSetupFailed);
    lowest_free.push_back(fd);
  }
  for (const int fd : lowest_free) ::close(fd);
  if (lowest_free.empty()) ::_exit(kChildSetupFailed);
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = static_cast<rlim_t>(lowest_free.back()) + 1;
  if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::_exit(kChildSetupFailed);
}

// Runs `child` in a forked process (so this one keeps its limits) and returns its exit code.
template <typename Child>
int exitCodeOfForked(Child child) {
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) ::_exit(child());
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

TEST(EpollProber, RunningOutOfDescriptorsIsALocalErrorNotATargetDown) {
  ClosedPort closed;
  const ProbeTarget refused = targetAt("127.0.0.1", closed.port());
  const int exit_code = exitCodeOfForked([&] {
    EpollProber prober(kMachineClock, 4);  // raises the soft limit: lower it only afterwards
    leaveOnlyDescriptors(1);               // the cycle's epoll set fits, its socket does not
    const auto results = prober.probeAll({refused}, kTimeout);
    if (results.size() != 1 || results[0].outcome != ProbeOutcome::LocalError) return kChildWrongOutcome;
    if (isTargetDown(results[0].outcome) || results[0].error != std::strerror(EMFILE))
      return kChildWrongError;
    return kChildOk;
  });
  EXPECT_EQ(exit_code, kChildOk) << kChildExitMeaning;
}

TEST(EpollProber, FewerDescriptorsThanItsConcurrencyStillGivesEveryResult) {
  ClosedPort closed;
  HungListener hung;
  ASSERT_TRUE(hung.connectHangs(200ms)) << "the fixture is not hung: its connects are answered";
  std::vector<ProbeTarget> targets;
  std::vector<ProbeOutcome> expected;
  for (std::size_t i = 0; i < 8; ++i) {
    const bool is_hung = i % 4 == 0;
    targets.push_back(targetAt(loopbackAddress(i), is_hung ? hung.port() : closed.port()));
    expected.push_back(is_hung ? ProbeOutcome::Timeout : ProbeOutcome::Refused);
  }
  const int exit_code = exitCodeOfForked([&] {
    EpollProber prober(kMachineClock, 100);  // believes 100 sockets fit
    leaveOnlyDescriptors(4);                 // the epoll set and 3 sockets do
    const auto results = prober.probeAll(targets, kTimeout);
    if (results.size() != targets.size()) return kChildWrongOutcome;
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (results[i].outcome != expected[i]) return kChildWrongOutcome;
    }
    return kChildOk;
  });
  EXPECT_EQ(exit_code, kChildOk) << kChildExitMeaning;
}

TEST(EpollProber, HttpProbesShortOfDescriptorsStillGiveEveryResult) {
  // Each HTTP probe in flight holds its socket and libcurl's wake-up pair: the prober believes 100
  // fit, 7 descriptors do.
  testing::HttpTestServer server("0.0.0.0");  // every 127.x target reaches it
  auto spec = std::make_shared<ProbeSpec>();
  spec->kind = ProbeKind::Http;
  spec->http.path = "/ok";
  std::vector<ProbeTarget> targets;
  for (std::size_t i = 0; i < 12; ++i)
    targets.emplace_back(*parseIpAddress(loopbackAddress(i)), server.port(), spec);
  const int exit_code = exitCodeOfForked([&] {
    EpollProber prober(kMachineClock, 100);
    leaveOnlyDescriptors(7);
    const auto results = prober.probeAll(targets, kTimeout);
    if (results.size() != targets.size()) return kChildWrongOutcome;
    for (const ProbeResult& result : results) {
      if (result.outcome != ProbeOutcome::Up) return kChildWrongOutcome;
    }
    return kChildOk;
  });
  EXPECT_EQ(exit_code, kChildOk) << kChildExitMeaning;
}

TEST(EpollProber, WavesUnderASmallOpenFileLimitKeepEveryResultRight) {
  LoopbackTargets targets;
  targets.addMixed(60);
  constexpr std::size_t kOpenFileLimit = kReservedDescriptors + 8;
  std::vector<ProbeOutcome> expected;
  for (std::size_t i = 0; i < targets.targets().size(); ++i)
    expected.push_back(expectedOutcome(static_cast<Kind>(i % 3)));
  const int exit_code = exitCodeOfForked([&] {
    // A hard limit the prober cannot raise: its derived concurrency (8) is far below the 60 targets.
    const rlimit small{kOpenFileLimit, kOpenFileLimit};
    if (::setrlimit(RLIMIT_NOFILE, &small) != 0) return kChildSetupFailed;
    EpollProber prober(kMachineClock);
    if (prober.maxInflight() != inflightForOpenFileLimit(kOpenFileLimit)) return kChildSetupFailed;
    ProbeCycleStats stats;
    const auto results = prober.probeAll(targets.targets(), kTimeout, stats);
    if (results.size() != expected.size() || stats.peak_in_flight > prober.maxInflight())
      return kChildWrongOutcome;
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (results[i].outcome != expected[i]) return kChildWrongOutcome;
    }
    return kChildOk;
  });
  EXPECT_EQ(exit_code, kChildOk) << kChildExitMeaning;
}

TEST(EpollProber, EverySocketIsClosedAfterACycle) {
  LoopbackTargets targets;
  targets.addMixed(60);
  EpollProber prober(kMachineClock);
  const std::size_t before = testing::openDescriptorCount();
  targets.expectClassified(prober.probeAll(targets.targets(), kTimeout));
  // The open listener closes its side on its own thread: wait until it has, then count.
  ASSERT_TRUE(
      testing::eventually([&] { return targets.open().closedConnections() == targets.openCount(); }, 5s));
  EXPECT_EQ(testing::openDescriptorCount(), before);
}

TEST(EpollProber, ConnectionsItMadeLeaveNoTimeWaitBehind) {
  AcceptingListeners open;
  const std::uint16_t port = open.ports().front();
  std::vector<ProbeTarget> targets;
  for (std::size_t i = 0; i < 100; ++i) targets.push_back(targetAt(loopbackAddress(i), port));
  EpollProber prober(kMachineClock);
  const auto results = prober.probeAll(targets, kTimeout);
  ASSERT_EQ(results.size(), targets.size());
  for (const ProbeResult& result : results) EXPECT_EQ(result.outcome, ProbeOutcome::Up) << result.error;
  ASSERT_TRUE(testing::eventually([&] { return open.closedConnections() == targets.size(); }, 5s));
  // The probe's reset leaves neither end in TIME_WAIT, whichever side closed first.
  EXPECT_EQ(testing::timeWaitAtTargets(port), 0U);
}

TEST(EpollProber, EndedProbesHandTheirSocketsToLaterOnesWithEveryResultRight) {
  LoopbackTargets targets;
  targets.addMixed(36);
  EpollProber prober(kMachineClock, 6);
  ProbeCycleStats stats;
  targets.expectClassified(prober.probeAll(targets.targets(), kTimeout, stats));
  // Never more sockets than probes in flight: every later probe reused an ended one's socket.
  EXPECT_LE(stats.sockets_opened, 6U);
  EXPECT_GE(stats.sockets_opened, 1U);
}

TEST(EpollProber, ReusedSocketsResetTheirConnectionsLeavingNoTimeWait) {
  AcceptingListeners open;
  const std::uint16_t port = open.ports().front();
  std::vector<ProbeTarget> targets;
  for (std::size_t i = 0; i < 60; ++i) targets.push_back(targetAt(loopbackAddress(i), port));
  EpollProber prober(kMachineClock, 3);
  ProbeCycleStats stats;
  const auto results = prober.probeAll(targets, kTimeout, stats);
  ASSERT_EQ(results.size(), targets.size());
  for (const ProbeResult& result : results) EXPECT_EQ(result.outcome, ProbeOutcome::Up) << result.error;
  EXPECT_LE(stats.sockets_opened, 3U);
  ASSERT_TRUE(testing::eventually([&] { return open.closedConnections() == targets.size(); }, 5s));
  EXPECT_EQ(testing::timeWaitAtTargets(port), 0U);
}

TEST(EpollProber, ReusedSocketsServeOnlyTargetsOfTheirOwnFamily) {
  if (!testing::hasIpv6Loopback()) {
    GTEST_SKIP() << "this machine has no ::1";
  }
  AcceptingListeners open4;
  AcceptingListeners open6(1, "::1");
  ClosedPort closed4;
  ClosedPort closed6("::1");
  std::vector<ProbeTarget> targets;
  std::vector<ProbeOutcome> expected;
  for (std::size_t i = 0; i < 10; ++i) {
    targets.push_back(targetAt(loopbackAddress(i), open4.ports().front()));
    targets.push_back(targetAt("::1", open6.ports().front()));
    targets.push_back(targetAt(loopbackAddress(i), closed4.port()));
    targets.push_back(targetAt("::1", closed6.port()));
    expected.insert(expected.end(),
                    {ProbeOutcome::Up, ProbeOutcome::Up, ProbeOutcome::Refused, ProbeOutcome::Refused});
  }
  EpollProber prober(kMachineClock, 2);
  ProbeCycleStats stats;
  const auto results = prober.probeAll(targets, kTimeout, stats);
  ASSERT_EQ(results.size(), targets.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].outcome, expected[i])
        << "target " << i << " " << targets[i].ip.text << " (" << results[i].error << ")";
  }
  EXPECT_LT(stats.sockets_opened, targets.size());
}

TEST(EpollProber, DerivesItsConcurrencyFromTheRaisedOpenFileLimit) {
  EpollProber prober(kMachineClock);
  rlimit limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  if (limit.rlim_max != RLIM_INFINITY) {
    EXPECT_EQ(limit.rlim_cur, limit.rlim_max);
  }
  EXPECT_EQ(prober.maxInflight(), inflightForOpenFileLimit(static_cast<std::size_t>(limit.rlim_cur)));
}

}  // namespace
}  // namespace lecter
