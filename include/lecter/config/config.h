#pragma once
/// The validated, immutable configuration. The seed's config.yaml loads unchanged; every new key is
/// optional and its default keeps the seed's behaviour.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "lecter/base/ip_address.h"

namespace lecter {

/// What to do when no target of a service is healthy.
enum class AllDownPolicy {
  Keep,   // leave the last written set alone (the seed's behaviour)
  Empty,  // write `subsets: []`
};

/// Where unhealthy targets go in the Endpoints object.
enum class UnhealthyPolicy {
  Drop,      // left out (the seed's behaviour)
  NotReady,  // listed in notReadyAddresses (EndpointSlice mirroring turns them into ready: false)
};

/// Which objects lecter writes for a service.
enum class SyncMode {
  Endpoints,      // one v1 Endpoints object named after the Service (the seed's behaviour)
  EndpointSlice,  // discovery.k8s.io/v1 EndpointSlices named <service>-lecter…, unhealthy ones ready: false
};

struct TargetSpec {
  std::string name;  // iplist[].name
  IpAddress ip;      // iplist[].ip, canonical
  std::uint16_t port = 0;
};

struct ServiceSpec {
  std::string key;         // the key under service_info / service_healthcheck_list
  std::string ns;          // service_info.<key>.namespace
  std::string name;        // service_info.<key>.name
  std::uint16_t port = 0;  // service_healthcheck_list.<key>[].port
  std::vector<TargetSpec> targets;
};

struct KubernetesConfig {
  /// Without a trailing '/'. Empty: in cluster, https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT.
  std::string url;
  std::string endpoint_api;  // with the placeholders myNameSpaces and myEndPoints
  std::string content_type;  // application/yaml or application/json
  /// Where the bearer token is looked for, in order (token_file resolved: empty → in-cluster path,
  /// `default` → ./token then ./conf/token, else that path).
  std::vector<std::string> token_paths;
  std::string ca_file;  // empty: in-cluster ca.crt when present, else the system store
  bool insecure_skip_tls_verify = false;
  /// Used when `url` is empty and lecter runs outside a pod; empty: $KUBECONFIG, else ~/.kube/config.
  std::string kubeconfig;
  UnhealthyPolicy unhealthy = UnhealthyPolicy::Drop;
  SyncMode mode = SyncMode::Endpoints;
  /// Keep the objects lecter owns (and the Services) in a cache fed by list + watch, so a steady
  /// cycle makes no ApiServer request; false: read them with one GET per service per cycle.
  bool watch = true;
  /// ApiServer requests of the writers in flight at once (kubernetes_conf.max_concurrent_writes).
  std::size_t max_concurrent_writes = 16;
  /// The writers' own rate limit, as client-go's: `qps` requests per second after a `burst`.
  int qps = 1000;
  int burst = 1000;
};

struct RedisConfig {
  std::string host;
  std::uint16_t port = 6379;
  std::string password;  // never logged
  int db = 0;
  std::string key_prefix = "lecter";
};

struct Config {
  std::string source_path;  // the file it was read from
  std::chrono::milliseconds interval{2000};
  std::chrono::milliseconds ping_timeout{3000};
  int rise = 1;
  int fall = 1;
  AllDownPolicy all_down = AllDownPolicy::Keep;
  /// my_conf.min_healthy_percent: a service with fewer of its addresses ready keeps its last written
  /// set (0: off).
  int min_healthy_percent = 0;
  /// my_conf.partition_guard_percent: when more than this share of all targets go from up to
  /// timeout/unreachable in one cycle, nothing is written in that cycle (0: off).
  int partition_guard_percent = 0;
  std::size_t max_inflight = 0;  // probes in flight at once; 0: derived from the open-file limit
  /// my_conf.listen: "IP:PORT" or "[IPv6]:PORT" of the HTTP listener (/metrics, /healthz, /readyz,
  /// /status); empty: no listener. Port 0 lets the system pick one (the log says which).
  std::string listen;
  KubernetesConfig kubernetes;
  std::optional<RedisConfig> redis;   // none: state is kept in memory
  std::vector<ServiceSpec> services;  // in file order
  nlohmann::json endpoint_template;   // an Endpoints object (kind: Endpoints, apiVersion: v1)
};

/// my_conf.listen or --listen: "IP:PORT" or "[IPv6]:PORT" (port 0: any free one) in canonical form;
/// nullopt when `text` is neither.
std::optional<std::string> parseListenAddress(std::string_view text);

}  // namespace lecter
