#include <gtest/gtest.h>

#include "config_texts.h"
#include "lecter/config/config_loader.h"

namespace lecter {
namespace {

using testing::seedConfigPath;

std::vector<std::pair<std::string, std::string>> targetsOf(const ServiceSpec& service) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const TargetSpec& target : service.targets) {
    EXPECT_EQ(target.port, service.port) << target.name;
    out.emplace_back(target.name, target.ip.text);
  }
  return out;
}

TEST(SeedConfig, LoadsUnchangedWithEveryValue) {
  const LoadedConfig loaded = loadConfigFile(seedConfigPath());
  const Config& config = loaded.config;
  EXPECT_TRUE(loaded.warnings.empty());
  EXPECT_EQ(config.source_path, seedConfigPath());

  EXPECT_EQ(config.interval, std::chrono::milliseconds(2000));
  EXPECT_EQ(config.ping_timeout, std::chrono::milliseconds(3000));
  EXPECT_EQ(config.rise, 1);
  EXPECT_EQ(config.fall, 1);
  EXPECT_EQ(config.all_down, AllDownPolicy::Keep);

  EXPECT_EQ(config.kubernetes.url, "https://172.16.0.60:6443");
  EXPECT_EQ(config.kubernetes.endpoint_api, "/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints");
  EXPECT_EQ(config.kubernetes.content_type, "application/yaml");
  EXPECT_EQ(config.kubernetes.token_paths, (std::vector<std::string>{"./token", "./conf/token"}));
  EXPECT_EQ(config.kubernetes.ca_file, "");
  EXPECT_FALSE(config.kubernetes.insecure_skip_tls_verify);

  ASSERT_TRUE(config.redis.has_value());
  EXPECT_EQ(config.redis->host, "172.16.0.61");
  EXPECT_EQ(config.redis->port, 6379);
  EXPECT_EQ(config.redis->password, "");
  EXPECT_EQ(config.redis->db, 0);
  EXPECT_EQ(config.redis->key_prefix, "lecter");

  ASSERT_EQ(config.services.size(), 3U);
  const ServiceSpec& redis = config.services[0];
  EXPECT_EQ(redis.key, "redis");
  EXPECT_EQ(redis.ns, "default");
  EXPECT_EQ(redis.name, "redis");
  EXPECT_EQ(redis.port, 38000);
  EXPECT_EQ(targetsOf(redis),
            (std::vector<std::pair<std::string, std::string>>{
                {"node-01", "172.16.0.61"}, {"node-02", "172.16.0.62"}, {"node-03", "172.16.0.63"}}));
  const ServiceSpec& emqx = config.services[1];
  EXPECT_EQ(emqx.key, "emqx");
  EXPECT_EQ(emqx.ns, "default");
  EXPECT_EQ(emqx.name, "emqx");
  EXPECT_EQ(emqx.port, 6443);
  EXPECT_EQ(targetsOf(emqx), (std::vector<std::pair<std::string, std::string>>{{"node-01", "172.16.0.60"},
                                                                               {"node-02", "172.16.0.61"}}));
  const ServiceSpec& ceph = config.services[2];
  EXPECT_EQ(ceph.key, "ceph");
  EXPECT_EQ(ceph.ns, "default");
  EXPECT_EQ(ceph.name, "ceph");
  EXPECT_EQ(ceph.port, 38000);
  EXPECT_EQ(targetsOf(ceph), (std::vector<std::pair<std::string, std::string>>{{"kid-01", "172.16.0.61"},
                                                                               {"kid-02", "172.16.0.62"}}));

  const nlohmann::json expected_template = {
      {"kind", "Endpoints"},
      {"apiVersion", "v1"},
      {"metadata", {{"name", "ceph"}, {"namespace", "default"}}},
      {"subsets",
       {{{"addresses", {{{"ip", "10.0.0.71"}}, {{"ip", "10.0.0.72"}}}},
         {"ports", {{{"port", 8080}, {"protocol", "TCP"}}}}}}},
  };
  EXPECT_EQ(config.endpoint_template, expected_template) << config.endpoint_template.dump(2);
  EXPECT_TRUE(config.endpoint_template["subsets"][0]["ports"][0]["port"].is_number_integer());
}

}  // namespace
}  // namespace lecter
