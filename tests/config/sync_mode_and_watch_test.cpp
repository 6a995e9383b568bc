// kubernetes_conf.mode (endpoints | endpointslice) and kubernetes_conf.watch (list + watch cache, or
// one GET per service per cycle).

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

std::string withKubernetesKey(const std::string& line) {
  return replaced(kMinimalConfig, "  token_file: default\n", "  token_file: default\n  " + line + "\n");
}

std::string errorOf(const std::string& text) {
  try {
    loadText(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(SyncMode, DefaultsToEndpointsAsTheSeed) {
  EXPECT_EQ(loadText(std::string(kMinimalConfig)).kubernetes.mode, SyncMode::Endpoints);
}

TEST(SyncMode, EndpointSliceIsAccepted) {
  EXPECT_EQ(loadText(withKubernetesKey("mode: endpointslice")).kubernetes.mode, SyncMode::EndpointSlice);
}

TEST(SyncMode, EndpointsIsAccepted) {
  EXPECT_EQ(loadText(withKubernetesKey("mode: endpoints")).kubernetes.mode, SyncMode::Endpoints);
}

TEST(SyncMode, AnEmptyValueKeepsTheDefault) {
  EXPECT_EQ(loadText(withKubernetesKey("mode:")).kubernetes.mode, SyncMode::Endpoints);
}

TEST(SyncMode, AnUnknownValueNamesTheChoicesAndWhereItIs) {
  EXPECT_EQ(
      errorOf(withKubernetesKey("mode: endpointslices")),
      "config.yaml:7:9: kubernetes_conf.mode: must be endpoints or endpointslice, got \"endpointslices\"");
}

TEST(Watch, IsOnByDefault) { EXPECT_TRUE(loadText(std::string(kMinimalConfig)).kubernetes.watch); }

TEST(Watch, FalseFallsBackToPolling) {
  EXPECT_FALSE(loadText(withKubernetesKey("watch: false")).kubernetes.watch);
}

TEST(Watch, AnEmptyValueKeepsTheDefault) {
  EXPECT_TRUE(loadText(withKubernetesKey("watch:")).kubernetes.watch);
}

TEST(Watch, ANonBooleanNamesWhereItIs) {
  EXPECT_EQ(errorOf(withKubernetesKey("watch: sometimes")),
            "config.yaml:7:10: kubernetes_conf.watch: must be true or false, got \"sometimes\"");
}

TEST(SyncModeAndWatch, TheExampleConfigShowsBothKeysWithTheirDefaults) {
  const std::string path = std::string(LECTER_SOURCE_DIR) + "/config/config.example.yaml";
  const std::string text = testing::readFile(path);
  EXPECT_NE(text.find("\n  mode: endpoints\n"), std::string::npos) << path << " does not show mode";
  EXPECT_NE(text.find("\n  watch: true\n"), std::string::npos) << path << " does not show watch";
  const Config config = loadConfigFile(path).config;
  EXPECT_EQ(config.kubernetes.mode, SyncMode::Endpoints);
  EXPECT_TRUE(config.kubernetes.watch);
}

}  // namespace
}  // namespace lecter
