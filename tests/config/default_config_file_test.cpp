#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "lecter/config/config_loader.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

using testing::TempDir;

/// Runs the test inside a fresh directory and returns to where it was afterwards.
class DefaultConfigFile : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = std::filesystem::current_path();
    std::filesystem::current_path(dir_.path());
  }
  void TearDown() override { std::filesystem::current_path(previous_); }

  TempDir dir_;
  std::filesystem::path previous_;
};

TEST_F(DefaultConfigFile, IsEmptyWhenNoCandidateExists) { EXPECT_EQ(findDefaultConfigFile(), ""); }

TEST_F(DefaultConfigFile, FindsSrcConfigLast) {
  dir_.write("src/config.yaml", "a: 1\n");
  EXPECT_EQ(findDefaultConfigFile(), "./src/config.yaml");
}

TEST_F(DefaultConfigFile, PrefersConfConfigOverSrcConfig) {
  dir_.write("src/config.yaml", "a: 1\n");
  dir_.write("conf/config.yaml", "a: 1\n");
  EXPECT_EQ(findDefaultConfigFile(), "./conf/config.yaml");
}

TEST_F(DefaultConfigFile, PrefersConfigInTheCurrentDirectoryOverAllOthers) {
  dir_.write("src/config.yaml", "a: 1\n");
  dir_.write("conf/config.yaml", "a: 1\n");
  dir_.write("config.yaml", "a: 1\n");
  EXPECT_EQ(findDefaultConfigFile(), "./config.yaml");
}

TEST_F(DefaultConfigFile, SkipsADirectoryNamedLikeTheFile) {
  std::filesystem::create_directories(dir_.path() + "/config.yaml");
  dir_.write("conf/config.yaml", "a: 1\n");
  EXPECT_EQ(findDefaultConfigFile(), "./conf/config.yaml");
}

TEST_F(DefaultConfigFile, IsRelativeToTheCurrentDirectory) {
  dir_.write("elsewhere/config.yaml", "a: 1\n");
  EXPECT_EQ(findDefaultConfigFile(), "");
  std::filesystem::current_path(dir_.path() + "/elsewhere");
  EXPECT_EQ(findDefaultConfigFile(), "./config.yaml");
}

}  // namespace
}  // namespace lecter
