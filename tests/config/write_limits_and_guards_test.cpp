// kubernetes_conf.max_concurrent_writes, qps and burst; my_conf.min_healthy_percent and
// partition_guard_percent.

#include <gtest/gtest.h>

#include <string>

#include "config_texts.h"
#include "lecter/config/config_loader.h"

namespace lecter {
namespace {

using testing::kMinimalConfig;
using testing::loadText;
using testing::refusal;
using testing::replaced;
using testing::withMyConfLine;

std::string withKubeLine(const std::string& line) {
  return replaced(kMinimalConfig, "  token_file: default\n", "  token_file: default\n  " + line + "\n");
}

TEST(WriteLimitsConfig, DefaultsWrite16AtOnceAndLet1000RequestsThroughInASecond) {
  const Config c = loadText(std::string(kMinimalConfig));
  EXPECT_EQ(c.kubernetes.max_concurrent_writes, 16U);
  EXPECT_EQ(c.kubernetes.qps, 1000);
  EXPECT_EQ(c.kubernetes.burst, 1000);
}

TEST(WriteLimitsConfig, GivenValuesAreRead) {
  EXPECT_EQ(loadText(withKubeLine("max_concurrent_writes: 1")).kubernetes.max_concurrent_writes, 1U);
  EXPECT_EQ(loadText(withKubeLine("qps: 50")).kubernetes.qps, 50);
  EXPECT_EQ(loadText(withKubeLine("burst: 100")).kubernetes.burst, 100);
}

TEST(WriteLimitsConfig, ZeroOrTooManyIsRefusedWithWhere) {
  EXPECT_EQ(
      refusal(withKubeLine("max_concurrent_writes: 0")),
      "config.yaml:7:26: kubernetes_conf.max_concurrent_writes: must be a whole number of requests from 1 "
      "to 1024, got 0");
  EXPECT_NE(refusal(withKubeLine("max_concurrent_writes: 5000")).find("from 1 to 1024, got 5000"),
            std::string::npos);
  EXPECT_NE(refusal(withKubeLine("qps: 0")).find("kubernetes_conf.qps"), std::string::npos);
  EXPECT_NE(refusal(withKubeLine("burst: many")).find("kubernetes_conf.burst"), std::string::npos);
}

TEST(GuardsConfig, BothAreOffByDefault) {
  const Config c = loadText(std::string(kMinimalConfig));
  EXPECT_EQ(c.min_healthy_percent, 0);
  EXPECT_EQ(c.partition_guard_percent, 0);
}

TEST(GuardsConfig, PercentagesAreRead) {
  EXPECT_EQ(loadText(withMyConfLine("min_healthy_percent: 34")).min_healthy_percent, 34);
  EXPECT_EQ(loadText(withMyConfLine("partition_guard_percent: 80")).partition_guard_percent, 80);
}

TEST(GuardsConfig, APercentageOver100IsRefusedWithWhere) {
  EXPECT_EQ(
      refusal(withMyConfLine("partition_guard_percent: 150")),
      "config.yaml:4:28: my_conf.partition_guard_percent: must be a whole percentage from 0 to 100, got 150");
  EXPECT_NE(refusal(withMyConfLine("min_healthy_percent: -1")).find("my_conf.min_healthy_percent"),
            std::string::npos);
}

}  // namespace
}  // namespace lecter
