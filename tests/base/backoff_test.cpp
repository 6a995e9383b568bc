#include "lecter/base/backoff.h"

#include <gtest/gtest.h>

#include <vector>

namespace lecter {
namespace {

using std::chrono::milliseconds;

std::vector<long long> delays(Backoff& backoff, int n) {
  std::vector<long long> out;
  for (int i = 0; i < n; ++i) out.push_back(backoff.next().count());
  return out;
}

TEST(BackoffTest, EachDelayDoublesUpToTheMaximum) {
  Backoff backoff(BackoffPolicy{milliseconds(100), milliseconds(700), 0.0}, [] { return 0.9; });
  EXPECT_EQ(delays(backoff, 5), (std::vector<long long>{100, 200, 400, 700, 700}));
}

TEST(BackoffTest, JitterAddsItsFractionOfTheStepTimesTheRandomNumber) {
  Backoff backoff(BackoffPolicy{milliseconds(100), milliseconds(10000), 0.5}, [] { return 0.5; });
  EXPECT_EQ(delays(backoff, 3), (std::vector<long long>{125, 250, 500}));
}

TEST(BackoffTest, AJitteredDelayNeverPassesTheMaximum) {
  Backoff backoff(BackoffPolicy{milliseconds(600), milliseconds(1000), 1.0}, [] { return 0.99; });
  EXPECT_EQ(delays(backoff, 3), (std::vector<long long>{1000, 1000, 1000}));
}

TEST(BackoffTest, ResetStartsAgainFromTheInitialDelay) {
  Backoff backoff(BackoffPolicy{milliseconds(10), milliseconds(1000), 0.0}, {});
  delays(backoff, 4);
  backoff.reset();
  EXPECT_EQ(backoff.next(), milliseconds(10));
}

TEST(BackoffTest, TheMachinesRandomNumbersStayInTheUnitIntervalAndVary) {
  auto random = machineRandom();
  double low = 1.0;
  double high = 0.0;
  for (int i = 0; i < 1000; ++i) {
    const double r = random();
    ASSERT_GE(r, 0.0);
    ASSERT_LT(r, 1.0);
    low = std::min(low, r);
    high = std::max(high, r);
  }
  EXPECT_LT(low, 0.1);
  EXPECT_GT(high, 0.9);
}

}  // namespace
}  // namespace lecter
