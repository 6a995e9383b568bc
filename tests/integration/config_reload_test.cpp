// The config file is reloaded when it changes on disk: issue 11, acceptance 3.

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "lecter_test.h"
#include "metrics_scrape.h"

namespace lecter::testing {
namespace {

using std::chrono::seconds;

/// Writes `text` beside `path` and renames it over `path`, as an editor saves.
void replaceFile(const std::string& path, const std::string& text) {
  const std::string next = path + ".new";
  std::FILE* file = std::fopen(next.c_str(), "w");
  ASSERT_NE(file, nullptr) << next;
  std::fputs(text.c_str(), file);
  std::fclose(file);
  ASSERT_EQ(std::rename(next.c_str(), path.c_str()), 0) << path;
}

class ConfigReloadTest : public LecterTest {
 protected:
  [[nodiscard]] double reloads(const std::string& result) const {
    return sampleValue(httpGet(listen_port_, "/metrics").body, "lecter_config_reloads_total",
                       {{"result", result}})
        .value_or(-1);
  }
};

TEST_F(ConfigReloadTest, AFileSavedWithAnotherTargetListTakesEffectWithoutASignal) {
  const auto ips = openTargets(2);
  LecterSettings settings = listeningSettings(ips);
  Subprocess& lecter = startLecter(settings);
  ASSERT_TRUE(eventuallyReady(ips, seconds(10)));

  settings.services[0].ips = {ips[0]};
  replaceFile(lastConfigPath(), renderConfig(settings));

  EXPECT_TRUE(eventuallyReady({ips[0]}, seconds(10))) << lecter.err();
  EXPECT_NE(lecter.err().find("reloading the config because the file changed"), std::string::npos)
      << lecter.err();
  EXPECT_EQ(reloads("taken"), 1);
}

TEST_F(ConfigReloadTest, ABadFileIsRefusedOnceAndTheRunningConfigGoesOn) {
  const auto ips = openTargets(2);
  Subprocess& lecter = startLecter(listeningSettings(ips));
  ASSERT_TRUE(eventuallyReady(ips, seconds(10)));

  replaceFile(lastConfigPath(), "my_conf:\n  interval: soon\n");
  ASSERT_TRUE(eventually([&] { return reloads("refused") == 1; }, seconds(10))) << lecter.err();
  EXPECT_NE(lecter.err().find("config reload refused, keeping the running config"), std::string::npos);
  EXPECT_NE(lecter.err().find("my_conf.interval"), std::string::npos) << "the refusal names the key";

  network_->closeListener(ips[1], kPort);
  EXPECT_TRUE(eventuallyReady({ips[0]}, seconds(10))) << "the running config still follows the targets";
  EXPECT_EQ(reloads("refused"), 1) << "the same bad text is not tried again";
  EXPECT_EQ(reloads("taken"), 0);
}

TEST_F(ConfigReloadTest, AConfigMapStyleSwapOfTheDataSymlinkIsSeen) {
  const auto ips = openTargets(2);
  // What the kubelet lays out for a ConfigMap volume: config.yaml -> ..data/config.yaml, and
  // ..data -> a timestamped folder that an update replaces by renaming a new ..data over it.
  const std::string volume = dir_.path() + "/configmap";
  ASSERT_EQ(::mkdir(volume.c_str(), 0755), 0);
  ASSERT_EQ(::mkdir((volume + "/..2026_12_01_first").c_str(), 0755), 0);
  LecterSettings settings = listeningSettings(ips);
  replaceFile(volume + "/..2026_12_01_first/config.yaml", renderConfig(settings));
  ASSERT_EQ(::symlink("..2026_12_01_first", (volume + "/..data").c_str()), 0);
  ASSERT_EQ(::symlink("..data/config.yaml", (volume + "/config.yaml").c_str()), 0);
  Subprocess& lecter = startLecterOn(volume + "/config.yaml");
  ASSERT_TRUE(eventuallyReady(ips, seconds(10))) << lecter.err();

  settings.services[0].ips = {ips[1]};
  ASSERT_EQ(::mkdir((volume + "/..2026_12_01_second").c_str(), 0755), 0);
  replaceFile(volume + "/..2026_12_01_second/config.yaml", renderConfig(settings));
  ASSERT_EQ(::symlink("..2026_12_01_second", (volume + "/..data_tmp").c_str()), 0);
  ASSERT_EQ(std::rename((volume + "/..data_tmp").c_str(), (volume + "/..data").c_str()), 0);

  EXPECT_TRUE(eventuallyReady({ips[1]}, seconds(10))) << lecter.err();
  EXPECT_TRUE(eventually([&] { return reloads("taken") == 1; }, seconds(5)));
}

}  // namespace
}  // namespace lecter::testing
