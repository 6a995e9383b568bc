#include "lecter/base/token_bucket.h"

#include <gtest/gtest.h>

namespace lecter {
namespace {

const SteadyTime kStart{std::chrono::hours(1)};

TEST(TokenBucket, ABurstGoesThroughAtOnceThenOneTokenPerPeriod) {
  TokenBucket bucket(10, 3, kStart);  // 10 a second: one every 100 ms
  EXPECT_TRUE(bucket.take(kStart));
  EXPECT_TRUE(bucket.take(kStart));
  EXPECT_TRUE(bucket.take(kStart));
  EXPECT_FALSE(bucket.take(kStart));
  EXPECT_EQ(bucket.nextAt(kStart), kStart + std::chrono::milliseconds(100));
  EXPECT_FALSE(bucket.take(kStart + std::chrono::milliseconds(99)));
  EXPECT_TRUE(bucket.take(kStart + std::chrono::milliseconds(100)));
  EXPECT_FALSE(bucket.take(kStart + std::chrono::milliseconds(100)));
}

TEST(TokenBucket, AnIdleBucketFillsUpToItsBurstAndNoMore) {
  TokenBucket bucket(10, 2, kStart);
  EXPECT_TRUE(bucket.take(kStart));
  EXPECT_TRUE(bucket.take(kStart));
  const SteadyTime later = kStart + std::chrono::seconds(60);
  EXPECT_EQ(bucket.nextAt(later), later);
  EXPECT_TRUE(bucket.take(later));
  EXPECT_TRUE(bucket.take(later));
  EXPECT_FALSE(bucket.take(later));
}

TEST(TokenBucket, ARateOfZeroMeansNoLimit) {
  TokenBucket bucket(0, 1, kStart);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(bucket.take(kStart));
  EXPECT_EQ(bucket.nextAt(kStart), kStart);
}

}  // namespace
}  // namespace lecter
