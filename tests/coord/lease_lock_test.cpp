// One Lease, several replicas, a manual clock: client-go's rules of taking, renewing and giving up.

#include "lecter/coord/lease_lock.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "support/common/fake_leases_api.h"
#include "support/common/log_capture.h"
#include "support/common/manual_clock.h"

namespace lecter::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

/// Another machine's clock: the same steady time, a wall clock `skew` off.
class SkewedClock final : public Clock {
 public:
  SkewedClock(const Clock& base, milliseconds skew) : base_(base), skew_(skew) {}
  [[nodiscard]] SteadyTime now() const override { return base_.now(); }
  [[nodiscard]] WallTime wallNow() const override { return base_.wallNow() + skew_; }

 private:
  const Clock& base_;
  milliseconds skew_;
};

const ObjectRef kLease{"lecter-system", "lecter"};

class LeaseLockTest : public ::testing::Test {
 protected:
  LeaseLock& replica(const std::string& identity, const Clock* clock = nullptr) {
    clients_.push_back(std::make_unique<FakeLeases::Client>(leases_, identity));
    locks_.push_back(std::make_unique<LeaseLock>(*clients_.back(), kLease, identity, LeaseTimings{},
                                                 clock ? *clock : clock_));
    return *locks_.back();
  }
  /// Every replica tries once per retry period for `span`; fails the test if two ever hold at once.
  void run(milliseconds span) {
    for (milliseconds passed{0}; passed < span; passed += milliseconds(2000)) {
      for (auto& lock : locks_) lock->tryAcquireOrRenew();
      int holding = 0;
      for (auto& lock : locks_) holding += lock->held() ? 1 : 0;
      ASSERT_LE(holding, 1) << "two holders at once";
      clock_.advance(milliseconds(2000));
    }
  }
  [[nodiscard]] int holders() const {
    int n = 0;
    for (const auto& lock : locks_) n += lock->held() ? 1 : 0;
    return n;
  }

  LogCapture logs_;
  ManualClock clock_;
  FakeLeases leases_;
  std::vector<std::unique_ptr<FakeLeases::Client>> clients_;
  std::vector<std::unique_ptr<LeaseLock>> locks_;
};

TEST_F(LeaseLockTest, TheFirstReplicaCreatesTheLeaseAndHoldsIt) {
  LeaseLock& a = replica("lecter-a");
  EXPECT_TRUE(a.tryAcquireOrRenew());
  EXPECT_EQ(leases_.holder("lecter"), "lecter-a");
  const nlohmann::json& spec = (*leases_.find("lecter"))["spec"];
  EXPECT_EQ(spec["leaseDurationSeconds"], 15);
  EXPECT_EQ(spec["leaseTransitions"], 0);
  EXPECT_EQ(spec["renewTime"], "2027-01-15T08:00:00.000000Z");
}

TEST_F(LeaseLockTest, WhileTheHolderRenewsNoOtherTakesIt) {
  LeaseLock& a = replica("lecter-a");
  LeaseLock& b = replica("lecter-b");
  LeaseLock& c = replica("lecter-c");
  run(seconds(60));
  EXPECT_TRUE(a.held());
  EXPECT_FALSE(b.held());
  EXPECT_FALSE(c.held());
  EXPECT_EQ(leases_.holder("lecter"), "lecter-a");
}

TEST_F(LeaseLockTest, AHolderThatStopsIsReplacedOnceItsLeaseLapsesByTheFollowersClock) {
  // The holder's wall clock is an hour behind: its renewTime looks long lapsed, and must not count.
  SkewedClock behind(clock_, -std::chrono::hours(1));
  LeaseLock& a = replica("lecter-a", &behind);
  ASSERT_TRUE(a.tryAcquireOrRenew());
  auto b_client = std::make_unique<FakeLeases::Client>(leases_, "lecter-b");
  LeaseLock b(*b_client, kLease, "lecter-b", LeaseTimings{}, clock_);
  // a is gone (kill -9): it renews no more. b tries every retry period.
  milliseconds waited{0};
  while (!b.tryAcquireOrRenew()) {
    clock_.advance(milliseconds(2000));
    waited += milliseconds(2000);
    ASSERT_LT(waited, seconds(60));
  }
  EXPECT_GE(waited, seconds(15)) << "not before lease_duration from when b first saw the record";
  EXPECT_LE(waited, seconds(15) + seconds(2));
  EXPECT_EQ(leases_.holder("lecter"), "lecter-b");
  EXPECT_EQ((*leases_.find("lecter"))["spec"]["leaseTransitions"], 1);
}

TEST_F(LeaseLockTest, AHolderCutOffStopsActingAtItsRenewDeadlineBeforeAnotherCanTakeOver) {
  LeaseLock& a = replica("lecter-a");
  LeaseLock& b = replica("lecter-b");
  run(seconds(10));
  ASSERT_TRUE(a.held());
  leases_.down.insert("lecter-a");
  // From here on the check in run() proves a stops before b starts.
  run(seconds(30));
  EXPECT_FALSE(a.held());
  EXPECT_TRUE(b.held());
  EXPECT_EQ(logs_.at(spdlog::level::warn).empty(), false);
}

TEST_F(LeaseLockTest, HeldTurnsFalseAtTheRenewDeadlineEvenWithoutAnotherTry) {
  LeaseLock& a = replica("lecter-a");
  ASSERT_TRUE(a.tryAcquireOrRenew());
  clock_.advance(milliseconds(9999));
  EXPECT_TRUE(a.held());
  clock_.advance(milliseconds(1));
  EXPECT_FALSE(a.held()) << "writes stop at once, not at the next try";
}

/// A replica's client that lets something happen between its read and its write.
class RacingClient final : public LeasesApi {
 public:
  RacingClient(FakeLeases& leases, const std::string& who) : client_(leases, who) {}
  KubeResult getLease(const ObjectRef& ref) override {
    KubeResult result = client_.getLease(ref);
    if (between) std::exchange(between, nullptr)();
    return result;
  }
  KubeResult createLease(const ObjectRef& ref, const nlohmann::json& lease) override {
    return client_.createLease(ref, lease);
  }
  KubeResult updateLease(const ObjectRef& ref, const nlohmann::json& lease) override {
    return client_.updateLease(ref, lease);
  }
  KubeResult listLeases(const std::string& ns, const std::string& labels) override {
    return client_.listLeases(ns, labels);
  }
  std::function<void()> between;

 private:
  FakeLeases::Client client_;
};

TEST_F(LeaseLockTest, ALostRaceIsAConflictNotAWarning) {
  LeaseLock& a = replica("lecter-a");
  ASSERT_TRUE(a.tryAcquireOrRenew());
  RacingClient b_client(leases_, "lecter-b");
  LeaseLock b(b_client, kLease, "lecter-b", LeaseTimings{}, clock_);
  LeaseLock& c = replica("lecter-c");
  b.tryAcquireOrRenew();
  c.tryAcquireOrRenew();
  clock_.advance(seconds(16));  // a is gone; b and c both see its lease lapsed
  // c reads and writes between b's read and b's write: b's write carries a stale resourceVersion.
  bool c_took = false;
  b_client.between = [&] { c_took = c.tryAcquireOrRenew(); };
  EXPECT_FALSE(b.tryAcquireOrRenew());
  EXPECT_TRUE(c_took);
  ASSERT_FALSE(leases_.calls.empty());
  EXPECT_EQ(leases_.calls.back().who, "lecter-b");
  EXPECT_EQ(leases_.calls.back().status, 409);
  EXPECT_EQ(leases_.holder("lecter"), "lecter-c");
  EXPECT_TRUE(logs_.warnings().empty()) << logs_.all();
}

TEST_F(LeaseLockTest, AReleasedLeaseIsTakenAtTheNextTryWithoutWaitingForItToLapse) {
  LeaseLock& a = replica("lecter-a");
  LeaseLock& b = replica("lecter-b");
  run(seconds(4));
  a.release();
  EXPECT_FALSE(a.held());
  EXPECT_EQ(leases_.holder("lecter"), "");
  EXPECT_TRUE(b.tryAcquireOrRenew());
}

TEST_F(LeaseLockTest, ARenewalIsOnePutOverTheLeaseItWroteAndAFollowersTryOneGet) {
  LeaseLock& a = replica("lecter-a");
  replica("lecter-b");
  run(seconds(2));
  leases_.calls.clear();
  run(seconds(20));  // ten retry periods
  int a_calls = 0;
  int b_calls = 0;
  for (const auto& call : leases_.calls) {
    if (call.who == "lecter-a") {
      ++a_calls;
      EXPECT_EQ(call.verb, "PUT") << "the holder read the Lease before renewing";
    } else {
      ++b_calls;
      EXPECT_EQ(call.verb, "GET");
    }
  }
  EXPECT_EQ(a_calls, 10);
  EXPECT_EQ(b_calls, 10);
  EXPECT_TRUE(a.held());
}

TEST_F(LeaseLockTest, ARenewalThatMeetsAnotherWriteReadsTheLeaseAndRenewsOverIt) {
  LeaseLock& a = replica("lecter-a");
  ASSERT_TRUE(a.tryAcquireOrRenew());
  leases_.annotate("lecter", "owner", "platform");  // a new resourceVersion under the holder's feet
  clock_.advance(seconds(2));
  leases_.calls.clear();
  EXPECT_TRUE(a.tryAcquireOrRenew());
  ASSERT_EQ(leases_.calls.size(), 3U);
  EXPECT_EQ(leases_.calls[0].status, 409);
  EXPECT_EQ(leases_.calls[1].verb, "GET");
  EXPECT_EQ(leases_.calls[2].verb, "PUT");
  EXPECT_EQ(leases_.calls[2].status, 200);
  EXPECT_EQ((*leases_.find("lecter"))["metadata"]["annotations"]["owner"], "platform");
}

TEST_F(LeaseLockTest, AnAnswerThatIsNotALeaseIsNoLease) {
  class OddLeases final : public LeasesApi {
   public:
    KubeResult getLease(const ObjectRef& /*ref*/) override {
      return KubeResult(200,
                        nlohmann::json{{"kind", "Lease"},
                                       {"apiVersion", "coordination.k8s.io/v1"},
                                       {"metadata", {{"name", "lecter"}, {"resourceVersion", "7"}}},
                                       {"spec", {{"holderIdentity", 42}}}},
                        "", "");
    }
    KubeResult createLease(const ObjectRef& /*ref*/, const nlohmann::json& /*lease*/) override { return {}; }
    KubeResult updateLease(const ObjectRef& /*ref*/, const nlohmann::json& /*lease*/) override {
      ++writes;
      return {};
    }
    KubeResult listLeases(const std::string& /*ns*/, const std::string& /*labels*/) override { return {}; }
    int writes = 0;
  } odd;
  LeaseLock a(odd, kLease, "lecter-a", LeaseTimings{}, clock_);
  EXPECT_FALSE(a.tryAcquireOrRenew());
  EXPECT_EQ(odd.writes, 0) << "no write from an answer that could not be read";
  ASSERT_EQ(logs_.warnings().size(), 1U);
  EXPECT_NE(logs_.warnings()[0].find("spec.holderIdentity"), std::string::npos) << logs_.all();
}

/// A replica's client whose GET answers late: the clock moves on, and things happen, while it waits.
class SlowReadClient final : public LeasesApi {
 public:
  SlowReadClient(FakeLeases& leases, const std::string& who) : client_(leases, who) {}
  KubeResult getLease(const ObjectRef& ref) override {
    if (meanwhile) std::exchange(meanwhile, nullptr)();
    return client_.getLease(ref);  // read as it is once the answer is made
  }
  KubeResult createLease(const ObjectRef& ref, const nlohmann::json& lease) override {
    return client_.createLease(ref, lease);
  }
  KubeResult updateLease(const ObjectRef& ref, const nlohmann::json& lease) override {
    return client_.updateLease(ref, lease);
  }
  KubeResult listLeases(const std::string& ns, const std::string& labels) override {
    return client_.listLeases(ns, labels);
  }
  std::function<void()> meanwhile;

 private:
  FakeLeases::Client client_;
};

TEST_F(LeaseLockTest, ASlowAnswerCountsFromWhenItCameNotFromWhenItWasAskedFor) {
  LeaseLock& a = replica("lecter-a");
  ASSERT_TRUE(a.tryAcquireOrRenew());
  SlowReadClient b_client(leases_, "lecter-b");
  LeaseLock b(b_client, kLease, "lecter-b", LeaseTimings{}, clock_);
  // b asks; its answer takes 6 s, and a renews just before it is made — a's last renewal.
  b_client.meanwhile = [&] {
    clock_.advance(seconds(6));
    ASSERT_TRUE(a.tryAcquireOrRenew());
  };
  EXPECT_FALSE(b.tryAcquireOrRenew());
  for (int second = 0; second < 30; ++second) {
    clock_.advance(seconds(1));
    b.tryAcquireOrRenew();
    ASSERT_FALSE(a.held() && b.held()) << "two holders " << second + 1 << " s after b's answer";
  }
  EXPECT_TRUE(b.held());
}

TEST_F(LeaseLockTest, ALeaseTouchedByOthersButNotRenewedStillLapses) {
  LeaseLock& a = replica("lecter-a");
  ASSERT_TRUE(a.tryAcquireOrRenew());
  auto b_client = std::make_unique<FakeLeases::Client>(leases_, "lecter-b");
  LeaseLock b(*b_client, kLease, "lecter-b", LeaseTimings{}, clock_);
  milliseconds waited{0};
  while (!b.tryAcquireOrRenew()) {
    leases_.annotate("lecter", "touched-by", "kubectl-" + std::to_string(waited.count()));
    clock_.advance(milliseconds(2000));
    waited += milliseconds(2000);
    ASSERT_LT(waited, seconds(60)) << "an annotation every 2 s kept a dead holder's lease alive";
  }
  EXPECT_LE(waited, seconds(18));
}

TEST_F(LeaseLockTest, ARenewalKeepsWhatElseTheLeaseHolds) {
  LeaseLock& a = replica("lecter-a");
  ASSERT_TRUE(a.tryAcquireOrRenew());
  leases_.annotate("lecter", "owner", "platform-team");
  clock_.advance(seconds(2));
  ASSERT_TRUE(a.tryAcquireOrRenew());
  EXPECT_EQ((*leases_.find("lecter"))["metadata"]["annotations"]["owner"], "platform-team");
  EXPECT_EQ((*leases_.find("lecter"))["spec"]["renewTime"], "2027-01-15T08:00:02.000000Z");
}

TEST_F(LeaseLockTest, ARecordNamingThisIdentityThatItDidNotWriteIsAnothersUntilItLapses) {
  LeaseLock& first = replica("lecter-0");
  ASSERT_TRUE(first.tryAcquireOrRenew());
  LeaseLock& twin = replica("lecter-0");  // a second replica given the same identity
  EXPECT_FALSE(twin.tryAcquireOrRenew());
  clock_.advance(seconds(2));
  ASSERT_TRUE(first.tryAcquireOrRenew());
  EXPECT_FALSE(twin.tryAcquireOrRenew()) << "it does not renew a lease it never took";
  EXPECT_FALSE(twin.held());
}

TEST(LeaseRecord, DurationsPastWhatTheServerStoresAreClamped) {
  const nlohmann::json lease = {
      {"metadata", {{"resourceVersion", "5"}}},
      {"spec", {{"leaseDurationSeconds", 1'000'000'000'000'000LL}, {"leaseTransitions", -3}}}};
  const LeaseRecord record = leaseRecordOf(lease);
  EXPECT_EQ(record.lease_duration_s, 2147483647);
  EXPECT_EQ(record.transitions, 0);
  EXPECT_EQ(record.resource_version, "5");
}

}  // namespace
}  // namespace lecter::testing
