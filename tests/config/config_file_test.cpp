#include <gtest/gtest.h>

#include <string>

#include "config_texts.h"
#include "lecter/config/config_loader.h"
#include "support/common/fifo.h"
#include "support/common/temp_dir.h"

namespace lecter {
namespace {

using testing::kMinimalConfig;
using testing::TempDir;

TEST(ConfigFile, MessagesNameTheFileThatWasRead) {
  TempDir dir;
  const std::string path =
      dir.write("lecter.yaml", testing::replaced(kMinimalConfig, "  interval: 2000\n", "  interval: x\n"));
  try {
    loadConfigFile(path);
    FAIL() << "loaded a bad interval";
  } catch (const ConfigError& error) {
    EXPECT_EQ(
        std::string(error.what()),
        path +
            ":2:13: my_conf.interval: must be a whole number of milliseconds from 1 to 86400000, got \"x\"");
  }
}

TEST(ConfigFile, RecordsWhereItWasReadFrom) {
  TempDir dir;
  const std::string path = dir.write("lecter.yaml", std::string(kMinimalConfig));
  EXPECT_EQ(loadConfigFile(path).config.source_path, path);
}

TEST(ConfigFile, AMissingFileIsAConfigError) {
  TempDir dir;
  const std::string path = dir.path() + "/absent.yaml";
  try {
    loadConfigFile(path);
    FAIL() << "loaded a file that does not exist";
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()), path + ": cannot open: No such file or directory");
  }
}

TEST(ConfigFile, ADirectoryIsAConfigError) {
  TempDir dir;
  try {
    loadConfigFile(dir.path());
    FAIL() << "loaded a directory";
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()), dir.path() + ": is a directory, not a regular file");
  }
}

/// The message loadConfigFile(path) fails with, or a test failure.
std::string errorLoading(const std::string& path) {
  try {
    loadConfigFile(path);
  } catch (const ConfigError& error) {
    return error.what();
  }
  ADD_FAILURE() << "loaded " << path;
  return {};
}

TEST(ConfigFile, AFifoIsRefusedAtOnceWithoutWaitingForAWriter) {
  TempDir dir;
  const std::string path = dir.path() + "/config.yaml";
  testing::makeFifo(path);
  std::string message;
  EXPECT_TRUE(testing::returnsWithoutAWriter(path, [&] { message = errorLoading(path); }))
      << "loading the config waited for a writer to the FIFO";
  EXPECT_EQ(message, path + ": is a FIFO, not a regular file");
}

TEST(ConfigFile, AnEndlessDeviceIsRefusedWithoutReadingIt) {
  EXPECT_EQ(errorLoading("/dev/zero"), "/dev/zero: is a character device, not a regular file");
}

TEST(ConfigFile, AFileOverSixteenMibIsRefusedWithItsSize) {
  TempDir dir;
  const std::string path = dir.write("config.yaml", std::string(16 * 1024 * 1024 + 1, '#'));
  EXPECT_EQ(errorLoading(path), path + ": is 16777217 bytes, more than 16 MiB");
}

}  // namespace
}  // namespace lecter
