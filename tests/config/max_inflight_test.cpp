#include <gtest/gtest.h>

#include <string>

#include "config_texts.h"
#include "lecter/config/config_loader.h"

namespace lecter {
namespace {

using testing::kMinimalConfig;
using testing::replaced;

Config loadWithMyConfLine(const std::string& line) {
  return loadConfigText(replaced(kMinimalConfig, "  pingtimeout: 3000\n", "  pingtimeout: 3000\n" + line),
                        "config.yaml")
      .config;
}

TEST(MaxInflightConfig, AbsentMeansDerivedFromTheOpenFileLimit) {
  EXPECT_EQ(loadConfigText(std::string(kMinimalConfig), "config.yaml").config.max_inflight, 0U);
}

TEST(MaxInflightConfig, ZeroAsksForTheDerivedLimit) {
  EXPECT_EQ(loadWithMyConfLine("  max_inflight: 0\n").max_inflight, 0U);
}

TEST(MaxInflightConfig, AGivenCapIsRead) {
  EXPECT_EQ(loadWithMyConfLine("  max_inflight: 5000\n").max_inflight, 5000U);
  EXPECT_EQ(loadWithMyConfLine("  max_inflight: 1000000\n").max_inflight, 1000000U);
}

TEST(MaxInflightConfig, NullKeepsTheDefault) {
  EXPECT_EQ(loadWithMyConfLine("  max_inflight:\n").max_inflight, 0U);
}

}  // namespace
}  // namespace lecter
