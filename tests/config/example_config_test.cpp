#include <gtest/gtest.h>

#include <string>

#include "lecter/config/config_loader.h"

namespace lecter {
namespace {

const std::string kExamplePath = std::string(LECTER_SOURCE_DIR) + "/config/config.example.yaml";

TEST(ExampleConfig, LoadsCleanlyWithoutWarnings) {
  const LoadedConfig loaded = loadConfigFile(kExamplePath);
  EXPECT_TRUE(loaded.warnings.empty());
}

TEST(ExampleConfig, ShowsEveryKeyWithAValue) {
  const Config config = loadConfigFile(kExamplePath).config;
  EXPECT_EQ(config.interval, std::chrono::milliseconds(2000));
  EXPECT_EQ(config.ping_timeout, std::chrono::milliseconds(3000));
  EXPECT_EQ(config.rise, 2);
  EXPECT_EQ(config.fall, 3);
  EXPECT_EQ(config.all_down, AllDownPolicy::Keep);
  EXPECT_EQ(config.kubernetes.url, "https://198.18.0.10:6443");
  EXPECT_EQ(config.kubernetes.ca_file, "/etc/lecter/ca.crt");
  EXPECT_FALSE(config.kubernetes.insecure_skip_tls_verify);
  EXPECT_FALSE(config.kubernetes.leader_election.enabled);
  EXPECT_EQ(config.kubernetes.leader_election.lease_duration, std::chrono::milliseconds(15000));
  EXPECT_FALSE(config.kubernetes.leader_election.quorum);
  EXPECT_EQ(config.kubernetes.shards, 1);
  ASSERT_TRUE(config.redis);
  EXPECT_EQ(config.redis->key_prefix, "lecter");
  ASSERT_EQ(config.services.size(), 2U);
  EXPECT_EQ(config.services[0].targets.size(), 3U);
  EXPECT_EQ(config.services[1].ns, "messaging");
  ASSERT_EQ(config.services[1].ports.size(), 2U);  // mqtt, and its metrics port probed by HTTP
  EXPECT_EQ(config.services[1].ports[0].probe, nullptr);
  ASSERT_NE(config.services[1].ports[1].probe, nullptr);
  EXPECT_EQ(config.services[1].ports[1].probe->http.path, "/metrics");
}

TEST(ExampleConfig, UsesNoPrivateAddresses) {
  // Examples get copied; RFC 1918 addresses could point at someone's real machines.
  const Config config = loadConfigFile(kExamplePath).config;
  for (const ServiceSpec& service : config.services) {
    for (const TargetSpec& target : service.targets) {
      const std::string& ip = target.ip.text;
      const bool benchmarking = ip.rfind("198.18.", 0) == 0 || ip.rfind("198.19.", 0) == 0;
      const bool documentation = ip.rfind("2001:db8:", 0) == 0 || ip.rfind("192.0.2.", 0) == 0 ||
                                 ip.rfind("198.51.100.", 0) == 0 || ip.rfind("203.0.113.", 0) == 0;
      EXPECT_TRUE(benchmarking || documentation) << ip;
    }
  }
}

}  // namespace
}  // namespace lecter
