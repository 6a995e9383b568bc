// kubernetes_conf.qps and burst: the writers' calls that reach the ApiServer are held to the rate, in
// order, and a stop answers the held ones at once.

#include "lecter/kube/rate_limited_calls.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/common/fake_kube_client.h"
#include "support/common/manual_clock.h"

namespace lecter {
namespace {

using testing::FakeKubeClient;
using testing::ManualClock;

class RateLimitedCallsTest : public ::testing::Test {
 protected:
  void startGets(RateLimitedCalls& calls, int count) {
    for (int i = 0; i < count; ++i) {
      calls.start(KubeCall::getEndpoints(ObjectRef{"prod", "svc-" + std::to_string(i)}),
                  [this, i](KubeResult result) {
                    answered_.push_back(std::to_string(i) + ":" + std::to_string(result.http_status));
                  });
    }
  }
  FakeKubeClient server_;
  ManualClock clock_;
  std::vector<long long> pauses_;
  std::vector<std::string> answered_;
  std::function<void(std::chrono::milliseconds)> pause_ = [this](std::chrono::milliseconds d) {
    pauses_.push_back(d.count());
    clock_.advance(d);
  };
};

TEST_F(RateLimitedCallsTest, ABurstGoesOutAtOnceAndTheRestAtTheRateInOrder) {
  RateLimitedCalls calls(server_, clock_, RateLimit{10, 2}, pause_);
  startGets(calls, 5);
  EXPECT_EQ(server_.count("GET"), 2);
  EXPECT_EQ(calls.held(), 3U);
  while (calls.poll(std::chrono::milliseconds(1000)) > 0) {
  }
  EXPECT_EQ(server_.count("GET"), 5);
  EXPECT_EQ(answered_, (std::vector<std::string>{"0:404", "1:404", "2:404", "3:404", "4:404"}));
  EXPECT_EQ(pauses_, (std::vector<long long>{100, 100, 100}));  // one token every 100 ms
}

TEST_F(RateLimitedCallsTest, AStopAnswersTheHeldCallsWithoutSendingThem) {
  bool stopping = false;
  RateLimitedCalls calls(server_, clock_, RateLimit{1, 1}, pause_, [&stopping] { return stopping; });
  std::vector<std::string> messages;
  for (int i = 0; i < 3; ++i) {
    calls.start(KubeCall::putEndpoints(ObjectRef{"prod", "svc"}, nlohmann::json::object()),
                [&messages](KubeResult result) { messages.push_back(result.message); });
  }
  stopping = true;
  EXPECT_EQ(calls.poll(std::chrono::milliseconds(1000)), 0U);
  EXPECT_EQ(server_.count("PUT"), 1);
  ASSERT_EQ(messages.size(), 3U);
  EXPECT_NE(messages[1].find("not sent, lecter is stopping"), std::string::npos) << messages[1];
  EXPECT_TRUE(pauses_.empty());
}

}  // namespace
}  // namespace lecter
