#pragma once
/// Writes lecter config files in the seed's format (tests/fixtures/seed-config.yaml) with the new
/// optional keys, for the end-to-end tests.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lecter::testing {

struct ServiceUnderTest {
  std::string key = "db";  // the key under service_info / service_healthcheck_list
  std::string ns = "default";
  std::string name = "db";
  std::uint16_t port = 15432;
  std::vector<std::string> ips;  // iplist, named node-01, node-02, ...
  /// Entries of its service_healthcheck_list written instead of `- port: N` (`- ports:`, `- probe:`…),
  /// each line indented by two; empty: `- port: N`.
  std::string healthcheck_lines;
};

struct RedisUnderTest {
  std::string ipport;  // host:port
  std::string password;
  int db = 0;
  std::string key_prefix = "lecter-it";
};

struct LecterSettings {
  int interval_ms = 200;
  int ping_timeout_ms = 300;
  int rise = 1;
  int fall = 1;
  std::string all_down = "keep";  // keep | empty
  std::string listen;             // my_conf.listen; empty: not written
  std::string url;
  std::string content_type = "application/yaml";
  std::string token_file;
  std::string ca_file;
  std::string kubeconfig;     // kubernetes_conf.kubeconfig; empty: not written
  std::string unhealthy;      // kubernetes_conf.unhealthy (drop | not_ready); empty: not written
  std::string mode;           // kubernetes_conf.mode (endpoints | endpointslice); empty: not written
  std::optional<bool> watch;  // kubernetes_conf.watch; none: not written (default true)
  std::optional<RedisUnderTest> redis;  // none: no storage_conf, state in memory
  std::vector<ServiceUnderTest> services;
  std::string notify;           // the lines under notify:, indented by two; empty: no notify
  std::string leader_election;  // the lines under kubernetes_conf.leader_election, indented by four
  int shards = 0;               // kubernetes_conf.shards; 0: not written
};

/// The YAML text of a config holding `settings`. The endpoint_template is the seed's (port 8080,
/// protocol TCP), whose name/namespace lecter replaces per service.
std::string renderConfig(const LecterSettings& settings);

}  // namespace lecter::testing
