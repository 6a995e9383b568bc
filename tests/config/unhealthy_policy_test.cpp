// kubernetes_conf.unhealthy: drop (the seed's behaviour) or not_ready (notReadyAddresses).

#include <gtest/gtest.h>

#include <string>

#include "config_texts.h"
#include "lecter/config/config_loader.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

using testing::kMinimalConfig;
using testing::loadText;
using testing::replaced;

std::string withUnhealthy(const std::string& value) {
  return replaced(kMinimalConfig, "  token_file: default\n",
                  "  token_file: default\n  unhealthy: " + value + "\n");
}

TEST(UnhealthyPolicy, DefaultsToDropAsTheSeed) {
  EXPECT_EQ(loadText(std::string(kMinimalConfig)).kubernetes.unhealthy, UnhealthyPolicy::Drop);
}

TEST(UnhealthyPolicy, NotReadyIsAccepted) {
  EXPECT_EQ(loadText(withUnhealthy("not_ready")).kubernetes.unhealthy, UnhealthyPolicy::NotReady);
}

TEST(UnhealthyPolicy, DropIsAccepted) {
  EXPECT_EQ(loadText(withUnhealthy("drop")).kubernetes.unhealthy, UnhealthyPolicy::Drop);
}

TEST(UnhealthyPolicy, AnEmptyValueKeepsTheDefault) {
  EXPECT_EQ(loadText(withUnhealthy("")).kubernetes.unhealthy, UnhealthyPolicy::Drop);
}

TEST(UnhealthyPolicy, AnUnknownValueNamesTheChoicesAndWhereItIs) {
  try {
    loadText(withUnhealthy("notready"));
    FAIL() << "notready was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()),
              "config.yaml:7:14: kubernetes_conf.unhealthy: must be drop or not_ready, got \"notready\"");
  }
}

TEST(UnhealthyPolicy, AListIsRefused) {
  try {
    loadText(withUnhealthy("[drop]"));
    FAIL() << "a list was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("config.yaml:7:14: kubernetes_conf.unhealthy: must be", 0), 0U)
        << e.what();
  }
}

TEST(UnhealthyPolicy, TheExampleConfigShowsTheKey) {
  const std::string path = std::string(LECTER_SOURCE_DIR) + "/config/config.example.yaml";
  const std::string text = testing::readFile(path);
  EXPECT_NE(text.find("\n  unhealthy: drop\n"), std::string::npos) << path << " does not show the key";
  EXPECT_EQ(loadConfigFile(path).config.kubernetes.unhealthy, UnhealthyPolicy::Drop);
}

}  // namespace
}  // namespace lecter
