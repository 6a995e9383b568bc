// The apply step writes every service at once: up to kubernetes_conf.max_concurrent_writes calls in
// flight, each service's calls in order, and a service whose write hangs or must wait holds up no other.

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "reconciler_stage.h"

namespace lecter::testing {
namespace {

using nlohmann::json;

constexpr std::uint16_t kAppPort = 6379;

/// The fake ApiServer behind calls that stay in flight until poll() answers them, one per poll, in the
/// order started; writes to a "hung" object are answered (as timed out) only when nothing else is left,
/// as a request that hangs until its timeout.
class InFlightCalls final : public KubeCalls {
 public:
  explicit InFlightCalls(FakeKubeClient& server) : server_(server) {}

  void start(const KubeCall& call, KubeDone done) override {
    queue_.push_back(Pending{call, std::move(done)});
    max_in_flight_ = std::max(max_in_flight_, queue_.size());
  }
  std::size_t poll(std::chrono::milliseconds) override {
    if (queue_.empty()) return 0;
    auto next =
        std::find_if(queue_.begin(), queue_.end(), [this](const Pending& p) { return !hung(p.call); });
    if (next == queue_.end()) next = queue_.begin();
    Pending pending = std::move(*next);
    queue_.erase(next);
    answered_.push_back(pending.call.describe());
    if (hung(pending.call)) {
      pending.done(KubeResult{0, nullptr, "", pending.call.describe() + ": Operation timed out"});
    } else {
      server_.start(pending.call, std::move(pending.done));
    }
    return queue_.size();
  }

  void hang(const std::string& name) { hung_names_.push_back(name); }
  [[nodiscard]] std::size_t maxInFlight() const { return max_in_flight_; }
  /// describe() of every call, in the order answered.
  [[nodiscard]] const std::vector<std::string>& answered() const { return answered_; }

 private:
  struct Pending {
    KubeCall call;
    KubeDone done;
  };
  [[nodiscard]] bool hung(const KubeCall& call) const {
    return call.writes() &&
           std::find(hung_names_.begin(), hung_names_.end(), call.ref.name) != hung_names_.end();
  }

  FakeKubeClient& server_;
  std::deque<Pending> queue_;
  std::size_t max_in_flight_ = 0;
  std::vector<std::string> hung_names_;
  std::vector<std::string> answered_;
};

std::string appName(int i) { return "app-" + std::to_string(10 + i); }

/// `services` services app-10, app-11, … in namespace prod, two targets each.
Config appsConfig(int services, std::size_t max_concurrent_writes) {
  Config c = dbConfig();
  c.services.clear();
  c.kubernetes.max_concurrent_writes = max_concurrent_writes;
  for (int i = 0; i < services; ++i) {
    ServiceSpec s{appName(i), kDbNamespace, appName(i), kAppPort, {}, {}, ReadyWhen::All};
    for (int t = 0; t < 2; ++t) {
      const std::string ip = "198.18.1." + std::to_string(i * 2 + t + 1);
      s.targets.push_back(TargetSpec{"node-" + std::to_string(t), *parseIpAddress(ip), kAppPort});
    }
    c.services.push_back(s);
  }
  return c;
}

class ConcurrentApplyTest : public ReconcilerStage {
 protected:
  InFlightCalls calls_{kube_};
};

TEST_F(ConcurrentApplyTest, EveryServiceIsWrittenWithAtMostMaxConcurrentWritesInFlight) {
  buildWith(appsConfig(12, 4), calls_);
  const CycleReport report = cycle();
  ASSERT_EQ(report.services.size(), 12U);
  for (const auto& s : report.services)
    EXPECT_EQ(s.outcome, SyncOutcome::Written) << s.service << ": " << s.detail;
  EXPECT_EQ(calls_.maxInFlight(), 4U);
  EXPECT_EQ(kube_.count("PUT"), 12);
}

TEST_F(ConcurrentApplyTest, OneAfterAnotherWhenMaxConcurrentWritesIsOne) {
  buildWith(appsConfig(5, 1), calls_);
  cycle();
  EXPECT_EQ(calls_.maxInFlight(), 1U);
  // Each service's GET is followed by its PUT before the next service starts.
  for (std::size_t i = 0; i + 1 < calls_.answered().size(); i += 2) {
    EXPECT_EQ(calls_.answered()[i].substr(0, 4), "GET ") << i;
    EXPECT_EQ(calls_.answered()[i + 1].substr(0, 4), "PUT ") << i;
  }
}

TEST_F(ConcurrentApplyTest, AServiceWhoseWriteHangsHoldsUpNoOtherService) {
  buildWith(appsConfig(6, 3), calls_);
  calls_.hang(appName(0));  // the first service in the config
  const CycleReport report = cycle();

  ASSERT_EQ(report.services.size(), 6U);
  EXPECT_EQ(report.services[0].outcome, SyncOutcome::Failed);
  EXPECT_NE(report.services[0].detail.find("timed out"), std::string::npos) << report.services[0].detail;
  for (std::size_t i = 1; i < report.services.size(); ++i)
    EXPECT_EQ(report.services[i].outcome, SyncOutcome::Written);
  // The hung write was the last call to end: every other service was written while it hung.
  EXPECT_EQ(calls_.answered().back(), "PUT endpoints prod/" + appName(0));
  EXPECT_EQ(kube_.count("PUT"), 5);
}

TEST_F(ConcurrentApplyTest, EachServicesCallsStayInOrderWhileOthersInterleave) {
  buildWith(appsConfig(4, 8), calls_);
  cycle();
  for (int i = 0; i < 4; ++i) {
    const auto& order = calls_.answered();
    const auto get = std::find(order.begin(), order.end(), "GET endpoints prod/" + appName(i));
    const auto put = std::find(order.begin(), order.end(), "PUT endpoints prod/" + appName(i));
    ASSERT_NE(get, order.end());
    ASSERT_NE(put, order.end());
    EXPECT_LT(get, put) << appName(i);
  }
  // All four reads went out before the first write: the services ran side by side.
  EXPECT_EQ(calls_.answered()[3].substr(0, 4), "GET ");
}

TEST_F(ConcurrentApplyTest, ARetryAfterPausesOnlyThatService) {
  std::vector<long long> pauses;
  ReconcileOptions options;
  options.pause = [&](std::chrono::milliseconds d) {
    pauses.push_back(d.count());
    clock_.advance(d);
  };
  buildWith(appsConfig(3, 3), calls_, options);
  cycle();  // all written once
  prober_.set("198.18.1.1", kAppPort, ProbeOutcome::Refused);
  prober_.set("198.18.1.3", kAppPort, ProbeOutcome::Refused);
  prober_.set("198.18.1.5", kAppPort, ProbeOutcome::Refused);
  kube_.tooManyRequestsNext(1, 2);  // the next PUT: 429 with Retry-After: 2
  const CycleReport report = cycle();
  for (const auto& s : report.services)
    EXPECT_EQ(s.outcome, SyncOutcome::Written) << s.service << ": " << s.detail;
  // The other two were written before the wait began; only then did the scheduler pause, for 2 s.
  EXPECT_EQ(pauses, (std::vector<long long>{2000}));
  EXPECT_EQ(kube_.count("PUT"), 3 + 4);
}

}  // namespace
}  // namespace lecter::testing
