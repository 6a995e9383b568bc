#include <gtest/gtest.h>

#include <string>

#include "config_texts.h"
#include "lecter/config/config_loader.h"

namespace lecter {
namespace {

using testing::kMinimalConfig;
using testing::replaced;

struct MalformedCase {
  const char* name;
  std::string text;
  std::string message;  // the whole of ConfigError::what()
};

// A storage_conf section inserted before service_info (lines 7-9), shifting the rest by 3.
std::string withRedis(const std::string& redis_lines) {
  return replaced(kMinimalConfig, "service_info:\n",
                  "storage_conf:\n  redis:\n" + redis_lines + "service_info:\n");
}

std::vector<MalformedCase> malformedCases() {
  const std::string_view m = kMinimalConfig;
  return {
      // YAML itself
      {"YamlSyntaxError", replaced(m, "  token_file: default\n", "  token_file: [default\n"),
       "config.yaml:7:13: invalid YAML: end of sequence flow not found"},
      {"ValueWhereAMappingContinues",
       replaced(m, "  url: https://198.18.0.10:6443\n", "  url: https://a: b\n"),
       "config.yaml:5:17: invalid YAML: illegal map value"},
      // yaml-cpp says nothing of tabs; the message names the line that has one.
      {"TabInTheIndentation",
       replaced(m, "  url: https://198.18.0.10:6443\n", "\turl: https://198.18.0.10:6443\n"),
       "config.yaml:5:5: invalid YAML: illegal map value (line 5 is indented with a tab: YAML indents with "
       "spaces only)"},
      {"EmptyFile", "",
       "config.yaml:1:1: holds no configuration (expected a mapping with my_conf, kubernetes_conf, "
       "service_info, service_healthcheck_list and endpoint_template)"},
      {"OnlyComments", "# nothing here\n",
       "config.yaml:1:1: holds no configuration (expected a mapping with my_conf, kubernetes_conf, "
       "service_info, service_healthcheck_list and endpoint_template)"},
      {"TwoDocuments", std::string(m) + "---\nmy_conf: {}\n",
       "config.yaml:29:1: a second YAML document; the whole configuration belongs in one"},
      // yaml-cpp 0.7 would read this as endless empty documents (jbeder/yaml-cpp#1040).
      {"StrayCommaBeforeTheConfig", ",\n" + std::string(m),
       "config.yaml:1:1: invalid YAML: unexpected \",\""},
      // yaml-cpp quotes the offending character as it is; the message stays one printable line.
      {"ControlCharacterInTheYamlError", replaced(m, "  token_file: default\n", "  token_file: \"\\\x01\"\n"),
       "config.yaml:6:18: invalid YAML: unknown escape character: \\x01"},
      // It goes into a JSON body (nlohmann's dump() throws on it) or a YAML one the ApiServer refuses.
      {"TemplateTextNotUtf8",
       replaced(m, "      protocol: TCP\n", "      protocol: TCP\n      appProtocol: pg\xff\n"),
       "config.yaml:29:20: endpoint_template.subsets[0].ports[0].appProtocol: is not UTF-8 text, got "
       "\"pg\xff\""},
      {"TemplateKeyNotUtf8",
       replaced(m, "    namespace: default\n  subsets:\n",
                "    namespace: default\n    labels: {\"tier\xc3\": db}\n  subsets:\n"),
       "config.yaml:25:14: endpoint_template.metadata.labels.tier\xc3: is not UTF-8 text"},
      {"RootIsAList", "- my_conf\n- kubernetes_conf\n",
       "config.yaml:1:1: must be a mapping with my_conf, kubernetes_conf, service_info, "
       "service_healthcheck_list "
       "and endpoint_template, got a list"},
      {"KeyGivenTwice", replaced(m, "  pingtimeout: 3000\n", "  pingtimeout: 3000\n  interval: 1000\n"),
       "config.yaml:4:3: my_conf.interval: given twice (first at line 2)"},

      // unknown keys
      {"TopLevelTypo", replaced(m, "endpoint_template:\n", "endpoint_templat:\n"),
       "config.yaml:19:1: endpoint_templat: unknown key; did you mean \"endpoint_template\"?"},
      {"MyConfTypo", replaced(m, "  interval: 2000\n", "  intervall: 2000\n"),
       "config.yaml:2:3: my_conf.intervall: unknown key; did you mean \"interval\"?"},
      {"MyConfUnknownKey", replaced(m, "  pingtimeout: 3000\n", "  pingtimeout: 3000\n  colour: blue\n"),
       "config.yaml:4:3: my_conf.colour: unknown key (expected one of: interval, pingtimeout, rise, fall, "
       "all_down, max_inflight, min_healthy_percent, partition_guard_percent, listen)"},
      {"KubernetesConfTypo", replaced(m, "  token_file: default\n", "  tokenfile: default\n"),
       "config.yaml:6:3: kubernetes_conf.tokenfile: unknown key; did you mean \"token_file\"?"},
      {"TargetTypo", replaced(m, "      ip: 198.18.0.21\n", "      ipp: 198.18.0.21\n"),
       "config.yaml:16:7: service_healthcheck_list.db.iplist[0].ipp: unknown key; did you mean \"ip\"?"},
      {"HealthcheckEntryTypo", replaced(m, "\n  - port: 5432\n", "\n  - prot: 5432\n"),
       "config.yaml:13:5: service_healthcheck_list.db.prot: unknown key; did you mean \"port\"?"},
      {"RedisTypo", withRedis("    ipport: 198.18.0.20:6379\n    passwd: secret\n"),
       "config.yaml:10:5: storage_conf.redis.passwd: unknown key; did you mean \"password\"?"},
      {"TemplatePortTypo", replaced(m, "      protocol: TCP\n", "      protocl: TCP\n"),
       "config.yaml:28:7: endpoint_template.subsets[0].ports[0].protocl: unknown key; did you mean "
       "\"protocol\"?"},

      // wrong types and ranges
      {"IntervalNotANumber", replaced(m, "  interval: 2000\n", "  interval: abc\n"),
       "config.yaml:2:13: my_conf.interval: must be a whole number of milliseconds from 1 to 86400000, got "
       "\"abc\""},
      {"IntervalNegative", replaced(m, "  interval: 2000\n", "  interval: -5\n"),
       "config.yaml:2:13: my_conf.interval: must be a whole number of milliseconds from 1 to 86400000, got "
       "-5"},
      {"IntervalZero", replaced(m, "  interval: 2000\n", "  interval: 0\n"),
       "config.yaml:2:13: my_conf.interval: must be a whole number of milliseconds from 1 to 86400000, got "
       "0"},
      {"IntervalQuoted", replaced(m, "  interval: 2000\n", "  interval: \"2000\"\n"),
       "config.yaml:2:13: my_conf.interval: must be a whole number of milliseconds from 1 to 86400000, got "
       "the "
       "string \"2000\""},
      {"IntervalFraction", replaced(m, "  interval: 2000\n", "  interval: 2.5\n"),
       "config.yaml:2:13: my_conf.interval: must be a whole number of milliseconds from 1 to 86400000, got "
       "2.5"},
      {"PingTimeoutOverAnHour", replaced(m, "  pingtimeout: 3000\n", "  pingtimeout: 3600001\n"),
       "config.yaml:3:16: my_conf.pingtimeout: must be a whole number of milliseconds from 1 to 3600000, got "
       "3600001"},
      {"PingTimeoutBeyond64Bits",
       replaced(m, "  pingtimeout: 3000\n", "  pingtimeout: 99999999999999999999\n"),
       "config.yaml:3:16: my_conf.pingtimeout: must be a whole number of milliseconds from 1 to 3600000, got "
       "99999999999999999999"},
      {"PingTimeoutAList", replaced(m, "  pingtimeout: 3000\n", "  pingtimeout: [3000]\n"),
       "config.yaml:3:16: my_conf.pingtimeout: must be a whole number of milliseconds from 1 to 3600000, got "
       "a "
       "list"},
      {"RiseZero", replaced(m, "  pingtimeout: 3000\n", "  pingtimeout: 3000\n  rise: 0\n"),
       "config.yaml:4:9: my_conf.rise: must be a whole number from 1 to 100, got 0"},
      {"FallTooBig", replaced(m, "  pingtimeout: 3000\n", "  pingtimeout: 3000\n  fall: 101\n"),
       "config.yaml:4:9: my_conf.fall: must be a whole number from 1 to 100, got 101"},
      {"AllDownUnknown", replaced(m, "  pingtimeout: 3000\n", "  pingtimeout: 3000\n  all_down: drop\n"),
       "config.yaml:4:13: my_conf.all_down: must be keep or empty, got \"drop\""},
      {"MaxInflightNegative",
       replaced(m, "  pingtimeout: 3000\n", "  pingtimeout: 3000\n  max_inflight: -1\n"),
       "config.yaml:4:17: my_conf.max_inflight: must be a whole number of probes from 0 to 1000000, got -1"},
      {"MaxInflightOverAMillion",
       replaced(m, "  pingtimeout: 3000\n", "  pingtimeout: 3000\n  max_inflight: 1000001\n"),
       "config.yaml:4:17: my_conf.max_inflight: must be a whole number of probes from 0 to 1000000, got "
       "1000001"},
      {"MaxInflightText", replaced(m, "  pingtimeout: 3000\n", "  pingtimeout: 3000\n  max_inflight: many\n"),
       "config.yaml:4:17: my_conf.max_inflight: must be a whole number of probes from 0 to 1000000, got "
       "\"many\""},
      {"MyConfEmpty", replaced(m, "my_conf:\n  interval: 2000\n  pingtimeout: 3000\n", "my_conf:\n\n\n"),
       "config.yaml:1:1: my_conf: must be a mapping with interval and pingtimeout, got nothing"},
      {"UrlWithoutScheme", replaced(m, "  url: https://198.18.0.10:6443\n", "  url: 198.18.0.10:6443\n"),
       "config.yaml:5:8: kubernetes_conf.url: must be empty (in cluster) or an address such as "
       "https://198.18.0.10:6443, got \"198.18.0.10:6443\""},
      {"ContentTypeUnknown", replaced(m, "  token_file: default\n", "  content_type: text/plain\n"),
       "config.yaml:6:17: kubernetes_conf.content_type: must be application/yaml or application/json, got "
       "\"text/plain\""},
      {"EndpointApiWithoutPlaceholders",
       replaced(m, "  token_file: default\n", "  endpointapi: /api/v1/namespaces/default/endpoints/db\n"),
       "config.yaml:6:16: kubernetes_conf.endpointapi: must be a path starting with '/' that holds the "
       "placeholders myNameSpaces and myEndPoints, got \"/api/v1/namespaces/default/endpoints/db\""},
      {"InsecureSkipNotABool", replaced(m, "  token_file: default\n", "  insecure_skip_tls_verify: yes\n"),
       "config.yaml:6:29: kubernetes_conf.insecure_skip_tls_verify: must be true or false, got \"yes\""},
      {"CaFileAMapping", replaced(m, "  token_file: default\n", "  ca_file: {path: /ca.crt}\n"),
       "config.yaml:6:12: kubernetes_conf.ca_file: must be a string, got a mapping"},
      {"RedisAddressWithoutPort", withRedis("    ipport: 198.18.0.20\n"),
       "config.yaml:9:13: storage_conf.redis.ipport: must be host:port (e.g. 198.18.0.20:6379 or "
       "[2001:db8::20]:6379), got \"198.18.0.20\""},
      {"RedisPortOutOfRange", withRedis("    ipport: redis.example.org:65536\n"),
       "config.yaml:9:13: storage_conf.redis.ipport: must be host:port (e.g. 198.18.0.20:6379 or "
       "[2001:db8::20]:6379), got \"redis.example.org:65536\""},
      {"RedisPasswordAListIsNotEchoed", withRedis("    ipport: 198.18.0.20:6379\n    password: [s3cret]\n"),
       "config.yaml:10:15: storage_conf.redis.password: must be a string"},
      {"RedisDbNegative", withRedis("    ipport: 198.18.0.20:6379\n    db: -1\n"),
       "config.yaml:10:9: storage_conf.redis.db: must be a whole number from 0 to 2147483647, got -1"},
      {"RedisKeyPrefixEmpty", withRedis("    ipport: 198.18.0.20:6379\n    key_prefix: \"\"\n"),
       "config.yaml:10:17: storage_conf.redis.key_prefix: must be a non-empty name without spaces, got \"\""},
      {"RedisMissingIpport", withRedis("    db: 1\n"),
       "config.yaml:9:5: storage_conf.redis.ipport: required key is missing"},

      // missing keys
      {"MissingMyConf", replaced(m, "my_conf:\n  interval: 2000\n  pingtimeout: 3000\n", ""),
       "config.yaml:1:1: my_conf: required key is missing"},
      {"MissingInterval", replaced(m, "  interval: 2000\n", ""),
       "config.yaml:2:3: my_conf.interval: required key is missing"},
      {"MissingPingTimeout", replaced(m, "  pingtimeout: 3000\n", ""),
       "config.yaml:2:3: my_conf.pingtimeout: required key is missing"},
      {"MissingKubernetesConf",
       replaced(m, "kubernetes_conf:\n  url: https://198.18.0.10:6443\n  token_file: default\n", ""),
       "config.yaml:1:1: kubernetes_conf: required key is missing"},
      {"MissingServiceInfo", replaced(m, "service_info:\n  db:\n    namespace: default\n    name: db\n", ""),
       "config.yaml:1:1: service_info: required key is missing"},
      {"MissingHealthcheckList",
       replaced(m,
                m.substr(m.find("service_healthcheck_list:"),
                         m.find("endpoint_template:") - m.find("service_healthcheck_list:")),
                ""),
       "config.yaml:1:1: service_healthcheck_list: required key is missing"},
      {"MissingTemplate", std::string(m.substr(0, m.find("endpoint_template:"))),
       "config.yaml:1:1: endpoint_template: required key is missing"},
      {"MissingNamespace", replaced(m, "  db:\n    namespace: default\n", "  db:\n"),
       "config.yaml:9:5: service_info.db.namespace: required key is missing"},
      {"MissingName", replaced(m, "    name: db\nservice_healthcheck_list:", "service_healthcheck_list:"),
       "config.yaml:9:5: service_info.db.name: required key is missing"},
      {"MissingPort", replaced(m, "\n  - port: 5432\n", "\n"),
       "config.yaml:13:3: service_healthcheck_list.db.port: required key is missing"},
      {"MissingIplist",
       replaced(m,
                "  - iplist:\n    - name: node-01\n      ip: 198.18.0.21\n    - name: node-02\n      ip: "
                "198.18.0.22\n",
                ""),
       "config.yaml:13:3: service_healthcheck_list.db.iplist: required key is missing"},
      {"MissingIp", replaced(m, "      ip: 198.18.0.22\n", ""),
       "config.yaml:17:7: service_healthcheck_list.db.iplist[1].ip: required key is missing"},

      // services
      {"ServiceInfoWithoutTwin", replaced(m, "  db:\n    namespace", "  dbx:\n    namespace"),
       "config.yaml:8:3: service_info.dbx: has no twin under service_healthcheck_list (every service needs "
       "both); "
       "is \"db\" there meant to be it?"},
      {"HealthcheckWithoutTwin",
       replaced(m, "endpoint_template:\n",
                "  cache:\n  - port: 6379\n  - iplist:\n    - ip: 198.18.0.30\nendpoint_template:\n"),
       "config.yaml:19:3: service_healthcheck_list.cache: has no twin under service_info (every service "
       "needs "
       "both)"},
      {"NoServices",
       replaced(m, m.substr(m.find("service_info:"), m.find("endpoint_template:") - m.find("service_info:")),
                "service_info: {}\nservice_healthcheck_list: {}\n"),
       "config.yaml:7:15: service_info: lists no service; at least one is needed"},
      {"TwoServicesWriteOneObject",
       replaced(replaced(m, "service_healthcheck_list:\n",
                         "  replica:\n    namespace: default\n    name: db\nservice_healthcheck_list:\n"),
                "endpoint_template:\n",
                "  replica:\n  - port: 5432\n  - iplist:\n    - ip: 198.18.0.31\nendpoint_template:\n"),
       "config.yaml:11:3: service_info.replica: writes the same Endpoints object default/db as "
       "service_info.db"},
      {"NamespaceNotADnsLabel",
       replaced(m, "  db:\n    namespace: default\n", "  db:\n    namespace: My_NS\n"),
       "config.yaml:9:16: service_info.db.namespace: must be a DNS-1123 label (at most 63 lower-case "
       "letters, "
       "digits or '-', starting and ending with a letter or digit), got \"My_NS\""},
      {"NameNotADnsSubdomain",
       replaced(m, "    name: db\nservice_healthcheck_list:", "    name: DB\nservice_healthcheck_list:"),
       "config.yaml:10:11: service_info.db.name: must be a DNS-1123 subdomain (at most 253 lower-case "
       "letters, "
       "digits, '-' or '.', each part starting and ending with a letter or digit), got \"DB\""},
      {"HealthcheckNotAList",
       replaced(m,
                m.substr(m.find("service_healthcheck_list:"),
                         m.find("endpoint_template:") - m.find("service_healthcheck_list:")),
                "service_healthcheck_list:\n  db: {port: 5432}\n"),
       "config.yaml:12:7: service_healthcheck_list.db: must be a list holding `- port: N` and `- iplist: "
       "[...]`, "
       "got a mapping"},
      {"PortOutOfRange", replaced(m, "\n  - port: 5432\n", "\n  - port: 70000\n"),
       "config.yaml:13:11: service_healthcheck_list.db.port: must be a port number from 1 to 65535, got "
       "70000"},
      {"PortZero", replaced(m, "\n  - port: 5432\n", "\n  - port: 0\n"),
       "config.yaml:13:11: service_healthcheck_list.db.port: must be a port number from 1 to 65535, got 0"},
      {"PortGivenTwice", replaced(m, "\n  - port: 5432\n", "\n  - port: 5432\n  - port: 5433\n"),
       "config.yaml:14:5: service_healthcheck_list.db.port: given twice (first at line 13)"},
      {"IplistEmpty",
       replaced(m,
                "  - iplist:\n    - name: node-01\n      ip: 198.18.0.21\n    - name: node-02\n      ip: "
                "198.18.0.22\n",
                "  - iplist: []\n"),
       "config.yaml:14:13: service_healthcheck_list.db.iplist: must list at least one target"},
      {"InvalidIp", replaced(m, "      ip: 198.18.0.21\n", "      ip: 198.18.0.300\n"),
       "config.yaml:16:11: service_healthcheck_list.db.iplist[0].ip: must be an IPv4 or IPv6 address, got "
       "\"198.18.0.300\""},
      {"HostNameInsteadOfIp", replaced(m, "      ip: 198.18.0.21\n", "      ip: db1.example.org\n"),
       "config.yaml:16:11: service_healthcheck_list.db.iplist[0].ip: must be an IPv4 or IPv6 address, got "
       "\"db1.example.org\""},
      {"IpEmpty", replaced(m, "      ip: 198.18.0.21\n", "      ip:\n"),
       "config.yaml:16:7: service_healthcheck_list.db.iplist[0].ip: must be an IPv4 or IPv6 address, got "
       "nothing"},
      {"LoopbackIp", replaced(m, "      ip: 198.18.0.21\n", "      ip: 127.0.0.1\n"),
       "config.yaml:16:11: service_healthcheck_list.db.iplist[0].ip: 127.0.0.1 must not be in the loopback "
       "range "
       "(127.0.0.0/8, ::1/128); Kubernetes refuses it in Endpoints"},
      {"DuplicateIp", replaced(m, "      ip: 198.18.0.22\n", "      ip: 198.18.0.21\n"),
       "config.yaml:18:11: service_healthcheck_list.db.iplist[1].ip: 198.18.0.21 is listed twice (first at "
       "line "
       "16)"},
      {"DuplicateIpv6SpelledTwoWays",
       replaced(replaced(m, "      ip: 198.18.0.21\n", "      ip: 2001:db8::a\n"), "      ip: 198.18.0.22\n",
                "      ip: 2001:0db8:0:0:0:0:0:000a\n"),
       "config.yaml:18:11: service_healthcheck_list.db.iplist[1].ip: 2001:db8::a is listed twice (first at "
       "line "
       "16)"},

      // endpoint_template
      {"TemplateWrongKind", replaced(m, "  kind: Endpoints\n", "  kind: EndpointSlice\n"),
       "config.yaml:20:9: endpoint_template.kind: must be Endpoints, got \"EndpointSlice\""},
      {"TemplateWrongApiVersion", replaced(m, "  apiVersion: v1\n", "  apiVersion: discovery.k8s.io/v1\n"),
       "config.yaml:21:15: endpoint_template.apiVersion: must be v1, got \"discovery.k8s.io/v1\""},
      {"TemplateMissingKind", replaced(m, "  kind: Endpoints\n", ""),
       "config.yaml:20:3: endpoint_template.kind: required key is missing"},
      {"TemplateMetadataAList",
       replaced(m, "  metadata:\n    name: db\n    namespace: default\n", "  metadata: []\n\n\n"),
       "config.yaml:22:13: endpoint_template.metadata: must be a mapping (name, namespace, labels, "
       "annotations, "
       "…), got a list"},
      {"TemplateSubsetsAMapping",
       replaced(m, "  subsets:\n  - ports:\n    - port: 5432\n      protocol: TCP\n", "  subsets: {}\n"),
       "config.yaml:25:12: endpoint_template.subsets: must be a list of subsets, got a mapping"},
      {"TemplateUnknownProtocol", replaced(m, "      protocol: TCP\n", "      protocol: HTTP\n"),
       "config.yaml:28:17: endpoint_template.subsets[0].ports[0].protocol: must be TCP, UDP or SCTP, got "
       "\"HTTP\""},
      {"TemplatePortOutOfRange",
       replaced(m, "    - port: 5432\n      protocol", "    - port: 65536\n      protocol"),
       "config.yaml:27:13: endpoint_template.subsets[0].ports[0].port: must be a port number from 1 to "
       "65535, got "
       "65536"},
      {"TemplateNotAnObject",
       replaced(m, m.substr(m.find("endpoint_template:")), "endpoint_template: Endpoints\n"),
       "config.yaml:19:20: endpoint_template: must be an Endpoints object (kind, apiVersion, metadata, "
       "subsets), "
       "got \"Endpoints\""},
  };
}

// Names the case in gtest's output instead of dumping the struct's bytes.
void PrintTo(const MalformedCase& c, std::ostream* out) { *out << c.name; }

class MalformedConfig : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedConfig, IsRefusedWithOneExactMessage) {
  const MalformedCase& c = GetParam();
  try {
    loadConfigText(c.text, "config.yaml");
    FAIL() << "loaded without error:\n" << c.text;
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()), c.message) << c.text;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, MalformedConfig, ::testing::ValuesIn(malformedCases()),
                         [](const ::testing::TestParamInfo<MalformedCase>& param_info) {
                           return param_info.param.name;
                         });

TEST(MalformedConfigTable, StartsFromAConfigThatLoads) {
  // Every case above changes one thing in this text; it must be valid for them to mean anything.
  EXPECT_NO_THROW(loadConfigText(std::string(kMinimalConfig), "config.yaml"));
}

}  // namespace
}  // namespace lecter
