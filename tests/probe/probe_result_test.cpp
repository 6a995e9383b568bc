#include "lecter/probe/probe_result.h"

#include <gtest/gtest.h>

#include <vector>

namespace lecter {
namespace {

std::vector<ProbeResult> withOutcomes(const std::vector<ProbeOutcome>& outcomes) {
  std::vector<ProbeResult> results;
  for (const ProbeOutcome outcome : outcomes) results.push_back(ProbeResult{outcome, {}, {}});
  return results;
}

TEST(DescribeOutcomes, CountsEachOutcomeInTheOrderOfTheEnumLeavingOutTheAbsentOnes) {
  const auto results = withOutcomes({ProbeOutcome::Timeout, ProbeOutcome::Up, ProbeOutcome::LocalError,
                                     ProbeOutcome::Up, ProbeOutcome::Unreachable});
  EXPECT_EQ(describeOutcomes(results), "2 up, 1 timeout, 1 unreachable, 1 local_error");
}

TEST(DescribeOutcomes, OneOutcomeAlone) {
  EXPECT_EQ(describeOutcomes(withOutcomes({ProbeOutcome::Refused, ProbeOutcome::Refused})), "2 refused");
}

TEST(DescribeOutcomes, NoProbesSaySo) { EXPECT_EQ(describeOutcomes({}), "none"); }

}  // namespace
}  // namespace lecter
