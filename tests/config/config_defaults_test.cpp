#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "config_texts.h"
#include "lecter/config/config_loader.h"

namespace lecter {
namespace {

using testing::kMinimalConfig;
using testing::loadText;
using testing::replaced;

TEST(ConfigDefaults, OptionalKeysKeepTheSeedBehaviour) {
  const Config config = loadText(std::string(kMinimalConfig));
  EXPECT_EQ(config.source_path, "config.yaml");
  EXPECT_EQ(config.rise, 1);
  EXPECT_EQ(config.fall, 1);
  EXPECT_EQ(config.all_down, AllDownPolicy::Keep);
  EXPECT_EQ(config.kubernetes.endpoint_api, "/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints");
  EXPECT_EQ(config.kubernetes.content_type, "application/yaml");
  EXPECT_EQ(config.kubernetes.ca_file, "");
  EXPECT_FALSE(config.kubernetes.insecure_skip_tls_verify);
  EXPECT_FALSE(config.redis.has_value());
}

TEST(ConfigDefaults, StorageConfWithoutRedisMeansNoRedis) {
  EXPECT_FALSE(loadText(replaced(kMinimalConfig, "service_info:\n", "storage_conf:\nservice_info:\n")).redis);
  EXPECT_FALSE(
      loadText(replaced(kMinimalConfig, "service_info:\n", "storage_conf: {}\nservice_info:\n")).redis);
}

TEST(ConfigDefaults, RedisDefaultsAreDbZeroAndPrefixLecter) {
  const Config config =
      loadText(replaced(kMinimalConfig, "service_info:\n",
                        "storage_conf:\n  redis:\n    ipport: 198.18.0.20:6379\nservice_info:\n"));
  ASSERT_TRUE(config.redis);
  EXPECT_EQ(config.redis->host, "198.18.0.20");
  EXPECT_EQ(config.redis->port, 6379);
  EXPECT_EQ(config.redis->password, "");
  EXPECT_EQ(config.redis->db, 0);
  EXPECT_EQ(config.redis->key_prefix, "lecter");
}

TEST(ConfigDefaults, NullOptionalValuesMeanTheirDefault) {
  const Config config = loadText(replaced(kMinimalConfig, "  token_file: default\n",
                                          "  token_file:\n  content_type:\n  endpointapi:\n  ca_file:\n"));
  EXPECT_EQ(config.kubernetes.content_type, "application/yaml");
  EXPECT_EQ(config.kubernetes.endpoint_api, "/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints");
  EXPECT_EQ(config.kubernetes.ca_file, "");
}

TEST(ConfigNewKeys, EveryNewKeyIsRead) {
  std::string text = replaced(kMinimalConfig, "  pingtimeout: 3000\n",
                              "  pingtimeout: 1500\n  rise: 3\n  fall: 2\n  all_down: empty\n");
  text =
      replaced(text, "  token_file: default\n",
               "  token_file: default\n  content_type: application/json\n  ca_file: /etc/lecter/ca.crt\n"
               "  insecure_skip_tls_verify: true\n"
               "  endpointapi: /api/v1/namespaces/myNameSpaces/endpoints/myEndPoints?fieldManager=lecter\n");
  text = replaced(
      text, "service_info:\n",
      "storage_conf:\n  redis:\n    ipport: \"[2001:db8::20]:6380\"\n    password: hunter2\n    db: 3\n"
      "    key_prefix: lecter-prod\nservice_info:\n");
  const Config config = loadText(text);
  EXPECT_EQ(config.ping_timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(config.rise, 3);
  EXPECT_EQ(config.fall, 2);
  EXPECT_EQ(config.all_down, AllDownPolicy::Empty);
  EXPECT_EQ(config.kubernetes.content_type, "application/json");
  EXPECT_EQ(config.kubernetes.ca_file, "/etc/lecter/ca.crt");
  EXPECT_TRUE(config.kubernetes.insecure_skip_tls_verify);
  EXPECT_EQ(config.kubernetes.endpoint_api,
            "/api/v1/namespaces/myNameSpaces/endpoints/myEndPoints?fieldManager=lecter");
  ASSERT_TRUE(config.redis);
  EXPECT_EQ(config.redis->host, "2001:db8::20");
  EXPECT_EQ(config.redis->port, 6380);
  EXPECT_EQ(config.redis->password, "hunter2");
  EXPECT_EQ(config.redis->db, 3);
  EXPECT_EQ(config.redis->key_prefix, "lecter-prod");
}

TEST(ConfigNewKeys, AllDownKeepIsAccepted) {
  EXPECT_EQ(
      loadText(replaced(kMinimalConfig, "  pingtimeout: 3000\n", "  pingtimeout: 3000\n  all_down: keep\n"))
          .all_down,
      AllDownPolicy::Keep);
}

TEST(ConfigNewKeys, RedisHostMayBeANameAndPasswordANumber) {
  const Config config = loadText(replaced(kMinimalConfig, "service_info:\n",
                                          "storage_conf:\n  redis:\n    ipport: redis.example.org:6379\n"
                                          "    password: 123456\nservice_info:\n"));
  ASSERT_TRUE(config.redis);
  EXPECT_EQ(config.redis->host, "redis.example.org");
  EXPECT_EQ(config.redis->password, "123456");
}

TEST(ConfigKubernetes, EmptyUrlMeansInCluster) {
  EXPECT_EQ(
      loadText(replaced(kMinimalConfig, "  url: https://198.18.0.10:6443\n", "  url: \"\"\n")).kubernetes.url,
      "");
  EXPECT_EQ(
      loadText(replaced(kMinimalConfig, "  url: https://198.18.0.10:6443\n", "  url:\n")).kubernetes.url, "");
  EXPECT_EQ(loadText(replaced(kMinimalConfig, "  url: https://198.18.0.10:6443\n", "")).kubernetes.url, "");
}

TEST(ConfigKubernetes, UrlMayBePlainHttpAndLosesATrailingSlash) {
  EXPECT_EQ(loadText(replaced(kMinimalConfig, "  url: https://198.18.0.10:6443\n",
                              "  url: http://198.18.0.10:8080/\n"))
                .kubernetes.url,
            "http://198.18.0.10:8080");
}

TEST(ConfigServices, TargetsTakeTheServicePortAndCanonicalAddresses) {
  std::string text =
      replaced(kMinimalConfig, "      ip: 198.18.0.22\n", "      ip: 2001:0DB8:0:0:0:0:0:0022\n");
  text = replaced(text, "    - name: node-01\n", "    -\n");  // a target without a name
  const Config config = loadText(text);
  ASSERT_EQ(config.services.size(), 1U);
  const ServiceSpec& db = config.services[0];
  EXPECT_EQ(db.key, "db");
  EXPECT_EQ(db.port, 5432);
  ASSERT_EQ(db.targets.size(), 2U);
  EXPECT_EQ(db.targets[0].name, "198.18.0.21");  // the address stands in for a missing name
  EXPECT_EQ(db.targets[0].ip.text, "198.18.0.21");
  EXPECT_EQ(db.targets[0].port, 5432);
  EXPECT_EQ(db.targets[1].name, "node-02");
  EXPECT_EQ(db.targets[1].ip.text, "2001:db8::22");
  EXPECT_EQ(db.targets[1].ip.family, IpFamily::V6);
  EXPECT_EQ(db.targets[1].port, 5432);
}

TEST(ConfigServices, ServicesKeepTheOrderOfServiceInfo) {
  std::string text = replaced(kMinimalConfig, "service_info:\n",
                              "service_info:\n  web:\n    namespace: edge\n    name: web.frontend\n");
  text =
      replaced(text, "endpoint_template:\n",
               "  web:\n  - iplist:\n    - {name: w1, ip: 198.18.1.1}\n  - port: 443\nendpoint_template:\n");
  const Config config = loadText(text);
  ASSERT_EQ(config.services.size(), 2U);
  EXPECT_EQ(config.services[0].key, "web");
  EXPECT_EQ(config.services[0].ns, "edge");
  EXPECT_EQ(config.services[0].name, "web.frontend");
  EXPECT_EQ(config.services[0].port, 443);  // iplist may come before port
  EXPECT_EQ(config.services[1].key, "db");
}

TEST(ConfigTemplate, IsConvertedToJsonWithTypedScalars) {
  const Config config =
      loadText(replaced(kMinimalConfig, "    namespace: default\n  subsets:\n",
                        "    namespace: default\n    labels:\n      tier: 1\n      app: db\n"
                        "    annotations:\n      note: \"42\"\n  subsets:\n"));
  const nlohmann::json& t = config.endpoint_template;
  EXPECT_EQ(t["kind"], "Endpoints");
  EXPECT_EQ(t["metadata"]["labels"],
            (nlohmann::json{{"tier", "1"}, {"app", "db"}}));  // label values are strings
  EXPECT_EQ(t["metadata"]["annotations"], (nlohmann::json{{"note", "42"}}));
  EXPECT_EQ(t["subsets"][0]["ports"][0]["port"], 5432);
  EXPECT_TRUE(t["subsets"][0]["ports"][0]["port"].is_number_integer());
  EXPECT_EQ(t["subsets"][0]["ports"][0]["protocol"], "TCP");
}

TEST(ConfigTemplate, QuotedNumbersStayStrings) {
  const Config config = loadText(
      replaced(kMinimalConfig, "      protocol: TCP\n", "      protocol: TCP\n      name: \"8080\"\n"));
  EXPECT_EQ(config.endpoint_template["subsets"][0]["ports"][0]["name"], "8080");
}

TEST(ConfigTemplate, MetadataAndSubsetsMayBeLeftOut) {
  const Config config = loadText(std::string(kMinimalConfig.substr(0, kMinimalConfig.find("  metadata:"))));
  EXPECT_EQ(
      config.endpoint_template,
      (nlohmann::json{{"kind", "Endpoints"}, {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()}}));
}

TEST(ConfigTemplate, AnAliasThatContainsItselfIsRefused) {
  const std::string text = std::string(kMinimalConfig.substr(0, kMinimalConfig.find("  subsets:"))) +
                           "  subsets: &loop\n  - ports: []\n  - *loop\n";
  try {
    loadText(text);
    FAIL() << "loaded a self-referencing template";
  } catch (const ConfigError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("is nested too deeply (more than 32 levels)"));
    EXPECT_THAT(error.what(), ::testing::StartsWith("config.yaml:26:12: endpoint_template.subsets[1][1][1]"));
  }
}

TEST(ConfigTemplate, AliasesThatMultiplyAreCapped) {
  std::string bomb = "  annotations: &a0 {k: v}\n";
  for (int i = 1; i <= 8; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    bomb += "  x" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev + "," + prev + "," + prev +
            "," + prev + "," + prev + "," + prev + "," + prev + "," + prev + "]\n";
  }
  const std::string text = replaced(kMinimalConfig, "  metadata:\n", "  metadata:\n" + bomb);
  EXPECT_THROW(loadText(text), ConfigError);
}

}  // namespace
}  // namespace lecter
