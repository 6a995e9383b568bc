// kubernetes_conf.kubeconfig: where to find the ApiServer out of cluster when url is empty.

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

std::string withKubeconfig(const std::string& value) {
  return replaced(kMinimalConfig, "  token_file: default\n",
                  "  token_file: default\n  kubeconfig: " + value + "\n");
}

std::string errorOf(const std::string& text) {
  try {
    loadText(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(KubeconfigKey, DefaultsToEmptySoTheEnvironmentDecides) {
  EXPECT_EQ(loadText(std::string(kMinimalConfig)).kubernetes.kubeconfig, "");
  EXPECT_EQ(loadText(withKubeconfig("")).kubernetes.kubeconfig, "");
}

TEST(KubeconfigKey, APathIsReadAsGiven) {
  EXPECT_EQ(loadText(withKubeconfig("/etc/lecter/kubeconfig")).kubernetes.kubeconfig,
            "/etc/lecter/kubeconfig");
  EXPECT_EQ(loadText(withKubeconfig("conf/kubeconfig")).kubernetes.kubeconfig, "conf/kubeconfig");
}

TEST(KubeconfigKey, ATildeIsRefusedBecauseNothingExpandsIt) {
  EXPECT_EQ(errorOf(withKubeconfig("~/.kube/config")),
            "config.yaml:7:15: kubernetes_conf.kubeconfig: must be a path without '~' (write the home folder "
            "out), got \"~/.kube/config\"");
}

TEST(KubeconfigKey, AMappingIsRefused) {
  EXPECT_EQ(errorOf(withKubeconfig("{path: /etc/kubeconfig}")),
            "config.yaml:7:15: kubernetes_conf.kubeconfig: must be a string, got a mapping");
}

TEST(KubeconfigKey, TheExampleConfigShowsTheKey) {
  const std::string path = std::string(LECTER_SOURCE_DIR) + "/config/config.example.yaml";
  const std::string text = testing::readFile(path);
  EXPECT_NE(text.find("\n  kubeconfig: \"\"\n"), std::string::npos) << path << " does not show the key";
  EXPECT_EQ(loadConfigFile(path).config.kubernetes.kubeconfig, "");
}

}  // namespace
}  // namespace lecter
