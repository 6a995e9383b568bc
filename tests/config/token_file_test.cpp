#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config_texts.h"
#include "lecter/config/config_loader.h"

namespace lecter {
namespace {

using testing::kMinimalConfig;
using testing::replaced;

std::vector<std::string> tokenPathsFor(const std::string& token_file_line) {
  return loadConfigText(replaced(kMinimalConfig, "  token_file: default\n", token_file_line), "config.yaml")
      .config.kubernetes.token_paths;
}

const std::vector<std::string> kInCluster{"/var/run/secrets/kubernetes.io/serviceaccount/token"};

TEST(TokenFile, AbsentMeansTheInClusterServiceAccountToken) { EXPECT_EQ(tokenPathsFor(""), kInCluster); }

TEST(TokenFile, EmptyMeansTheInClusterServiceAccountToken) {
  EXPECT_EQ(tokenPathsFor("  token_file:\n"), kInCluster);
  EXPECT_EQ(tokenPathsFor("  token_file: \"\"\n"), kInCluster);
}

TEST(TokenFile, DefaultMeansTokenThenConfToken) {
  EXPECT_EQ(tokenPathsFor("  token_file: default\n"), (std::vector<std::string>{"./token", "./conf/token"}));
}

TEST(TokenFile, AnythingElseIsThatPath) {
  EXPECT_EQ(tokenPathsFor("  token_file: /etc/lecter/token\n"),
            (std::vector<std::string>{"/etc/lecter/token"}));
  EXPECT_EQ(tokenPathsFor("  token_file: secrets/token\n"), (std::vector<std::string>{"secrets/token"}));
  // Only the exact word is special.
  EXPECT_EQ(tokenPathsFor("  token_file: Default\n"), (std::vector<std::string>{"Default"}));
}

TEST(TokenFile, AListIsRefused) {
  try {
    tokenPathsFor("  token_file: [a, b]\n");
    FAIL() << "a list was accepted as token_file";
  } catch (const ConfigError& error) {
    EXPECT_STREQ(error.what(), "config.yaml:6:15: kubernetes_conf.token_file: must be a string, got a list");
  }
}

}  // namespace
}  // namespace lecter
