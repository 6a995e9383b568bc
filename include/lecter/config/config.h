#pragma once
/// The validated, immutable configuration. The seed's config.yaml loads unchanged; every new key is
/// optional and its default keeps the seed's behaviour.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "lecter/base/ip_address.h"
#include "lecter/probe/probe_spec.h"

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

/// When an address with several ports is ready (service_healthcheck_list.<key>[].ready_when).
enum class ReadyWhen {
  All,  // every port passes its probe (the default)
  Any,  // one port passing is enough
};

/// One port of a service: `- port: N` (one, unnamed), or an entry of `- ports: [...]`.
struct ServicePort {
  std::string name;  // ports[].name; empty for `- port: N`
  std::uint16_t port = 0;
  /// "TCP" or "UDP"; empty for `- port: N` with a TCP probe: the template's first port's protocol.
  std::string protocol = "TCP";
  std::shared_ptr<const ProbeSpec> probe;  // how it is probed; null: a TCP connect

  [[nodiscard]] ProbeKind probeKind() const { return probe ? probe->kind : ProbeKind::Tcp; }
};

/// One address and port to probe.
struct TargetSpec {
  TargetSpec() = default;
  TargetSpec(std::string target_name, IpAddress address, std::uint16_t port_number,
             std::string name_of_port = {}, std::shared_ptr<const ProbeSpec> probe_spec = nullptr)
      : name(std::move(target_name)),
        ip(std::move(address)),
        port(port_number),
        port_name(std::move(name_of_port)),
        probe(std::move(probe_spec)) {}

  std::string name;  // iplist[].name
  IpAddress ip;      // iplist[].ip, canonical
  std::uint16_t port = 0;
  std::string port_name;                   // the ServicePort's name
  std::shared_ptr<const ProbeSpec> probe;  // the ServicePort's probe; null: a TCP connect

  [[nodiscard]] ProbeKind probeKind() const { return probe ? probe->kind : ProbeKind::Tcp; }
};

struct ServiceSpec {
  std::string key;         // the key under service_info / service_healthcheck_list
  std::string ns;          // service_info.<key>.namespace
  std::string name;        // service_info.<key>.name
  std::uint16_t port = 0;  // service_healthcheck_list.<key>[].port; with ports, the first one
  /// One target per address and port: the ports of the first address, then of the next…
  std::vector<TargetSpec> targets;
  /// Every port, in the file's order; empty is read as the one unnamed TCP `port` (services built by
  /// hand rather than loaded).
  std::vector<ServicePort> ports;
  ReadyWhen ready_when = ReadyWhen::All;

  /// `ports`, or the one port `port` when it is empty.
  [[nodiscard]] std::vector<ServicePort> portList() const {
    if (!ports.empty()) return ports;
    ServicePort single;
    single.port = port;
    single.protocol.clear();
    return {single};
  }
};

/// kubernetes_conf.leader_election: several replicas, one writer, elected through a
/// coordination.k8s.io/v1 Lease as Kubernetes' own controllers are (client-go's timings and rules).
struct LeaderElectionConfig {
  bool enabled = false;
  std::string ns;               // the Lease's namespace; empty: the pod's own, else "default"
  std::string name = "lecter";  // the Lease; with shards, <name>-shard-K
  std::chrono::milliseconds lease_duration{15000};  // how long a lease not renewed holds off others
  std::chrono::milliseconds renew_deadline{10000};  // a leader that has not renewed this long stops writing
  std::chrono::milliseconds retry_period{2000};     // between tries to take or renew
  std::string identity;  // holderIdentity; empty: the pod's (or host's) name and a random suffix
  /// A target is unhealthy only when most replicas that reported lately see it down (needs Redis).
  bool quorum = false;

  bool operator==(const LeaderElectionConfig&) const = default;
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
  LeaderElectionConfig leader_election;
  /// Services are split across this many shards (a Lease each), each replica taking its share.
  int shards = 1;
};

struct RedisConfig {
  std::string host;
  std::uint16_t port = 6379;
  std::string password;  // never logged
  int db = 0;
  std::string key_prefix = "lecter";
};

/// The chat robots and webhooks lecter sends alerts to (notify.receivers[].type).
enum class ReceiverType {
  DingTalk,  // DingTalk custom robot (markdown; signed with a secret)
  WeCom,     // WeCom (WeChat Work) group robot (markdown)
  Feishu,    // Feishu/Lark custom bot (post; signed with a secret)
  Slack,     // Slack incoming webhook (text and blocks)
  Webhook,   // Alertmanager's webhook payload, version 4
};

/// What a receiver is told about (notify.receivers[].events); each is sent when it starts and again
/// when it ends.
enum class AlertEvent {
  TargetDown,      // target_down: a target became unhealthy (and, when it ends, came back)
  ServiceDown,     // service_down: no target of a service is healthy
  WritesFailing,   // writes_failing: the ApiServer has refused a service's writes for too long
  PartitionGuard,  // partition_guard: my_conf.partition_guard_percent holds every write
};

struct ReceiverConfig {
  std::string name;  // unique; names the receiver in logs, metrics and `lecter notify-test`
  ReceiverType type = ReceiverType::Webhook;
  /// Where to POST (url, or the content of url_file). A secret: robots' URLs carry their access token.
  std::string url;
  /// DingTalk and Feishu signing secret (secret, or the content of secret_file); empty: unsigned.
  std::string secret;
  std::vector<std::string> services;  // service keys whose alerts it takes; empty: every service
  std::vector<AlertEvent> events;     // empty: every event
};

struct NotifyConfig {
  std::vector<ReceiverConfig> receivers;
  /// As Alertmanager's: how long a new group waits for more alerts before its first message, how long
  /// before a group that changed sends again, and how long before an unchanged firing group repeats.
  std::chrono::milliseconds group_wait{30000};
  std::chrono::milliseconds group_interval{300000};
  std::chrono::milliseconds repeat_interval{4LL * 3600 * 1000};
  /// How long a service's writes must keep failing before writes_failing fires.
  std::chrono::milliseconds write_failure_after{60000};
  /// lecter's /status page as people reach it (through a Service or an Ingress): linked from every
  /// message, and the webhook payload's externalURL. Empty: none.
  std::string external_url;
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
  NotifyConfig notify;                // no receivers: no alerts
};

std::string_view toString(ReceiverType type);
/// The config's name of an event: target_down, service_down, writes_failing, partition_guard.
std::string_view toString(AlertEvent event);
/// The event of that name; nullopt for any other text.
std::optional<AlertEvent> alertEventNamed(std::string_view name);

/// my_conf.listen or --listen: "IP:PORT" or "[IPv6]:PORT" (port 0: any free one) in canonical form;
/// nullopt when `text` is neither.
std::optional<std::string> parseListenAddress(std::string_view text);

}  // namespace lecter
